"""A directory CSV back in: every row validated, applied all-or-nothing in one transaction, audited."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from signpost.audit import record as audit
from signpost.dataset.errors import DataError
from signpost.dataset.geo_tables import cached_geo_codes
from signpost.dataset.loader import apply_service
from signpost.dataset.records import ServiceRecord
from signpost.dataset.schema import DAYS, validate_service
from signpost.listings.areas import AreaLookup, area_lookup
from signpost.listings.csv_cells import parse_areas, parse_hours, parse_locations, parse_phones
from signpost.listings.csv_format import (
    FIELD_COLUMNS,
    STATUSES,
    WELSH_COLUMNS,
    split_items,
)
from signpost.listings.csv_rows import MAX_ROWS, CsvInvalid, RowError, read_rows
from signpost.listings.snapshot import (
    area_data,
    hours_data,
    keep_welsh_notes,
    listing_data,
    snapshot,
    welsh_data,
    welsh_notes,
)
from signpost.models import CrimeType, Organisation, Service, User

CHANGED_SINCE = "was changed on Signpost after this file was exported"
EXPORT_AGAIN = "Nothing was imported. Export the listings again and make your changes in the new file"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated)

    def summary(self) -> str:
        return (
            f"{self.changed} changed ({len(self.created)} new, {len(self.updated)} updated), "
            f"{self.unchanged} unchanged."
        )


def _row_data(
    row: dict[str, str], current: Service | None, areas: AreaLookup
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A row in the data-file shape validate_service checks, and problems only the CSV form can have."""
    problems: list[tuple[str, str]] = []
    data: dict[str, Any] = {
        "id": row.get("slug"),
        "organisation": row.get("organisation"),
        "name": row.get("name"),
        "description": row.get("description"),
        "website": row.get("website"),
        "email": row.get("email"),
        "eligibility": row.get("eligibility"),
        "languages": split_items(row.get("languages", "")),
        "accessibility": row.get("accessibility"),
        "crime_types": split_items(row.get("crime_types", "")),
        "audience": split_items(row.get("audience", "")),
        "purpose": row.get("purpose"),
        "focus": split_items(row.get("focus", "")),
        "areas": parse_areas(row.get("areas", ""), areas, problems),
        "phones": parse_phones(row.get("phones", ""), problems),
        "hours": parse_hours(row.get("hours", ""), problems),
        "locations": parse_locations(row.get("locations", ""), problems),
        "verification": row.get("verification"),
        "source_url": row.get("source_url"),
        "checked_on": row.get("checked_on"),
        "check_note": row["check_note"] if "check_note" in row else (current.check_note if current else None),
    }
    # A file without the Welsh columns (exported before they existed) keeps the listing's Welsh.
    kept = welsh_data(current) if current else {}
    data |= {column: row[column] if column in row else kept.get(column) for column in WELSH_COLUMNS}
    if current is not None:  # the CSV has no cells for the Welsh notes: keep the listing's
        data = keep_welsh_notes(data, welsh_notes(current))
    # An empty cell is a missing field, exactly as a missing key in a data file.
    return {k: v for k, v in data.items() if v not in (None, "", [])}, problems


def _column_error(number: int, error: DataError) -> RowError:
    """A schema error as the CSV column and a message that says where in the cell, from its path (data)."""
    path = error.path or (error.field,)
    column = FIELD_COLUMNS.get(str(path[0]), str(path[0]))
    where = []
    for i, part in enumerate(path[1:], start=1):
        following = path[i + 1] if i + 1 < len(path) else None
        if not isinstance(part, int):
            where.append(f"{part} item {following + 1}" if isinstance(following, int) else part)
    if len(path) > 1 and isinstance(path[1], int):
        where.insert(0, f"item {path[1] + 1}")
    detail = ", ".join(where)
    return RowError(number, column, f"{detail}: {error.message}" if detail else error.message)


# ---------------------------------------------------------------- import: comparing and applying


def _record_view(record: ServiceRecord) -> dict[str, Any]:
    """What a service would hold once `record` is applied, in the shape of snapshot()."""
    h = record.hours
    hours = (
        None
        if h is None
        else hours_data(h.always_open, h.weekly, h.closed_on_bank_holidays, h.exceptions, h.note, h.note_cy)
    )
    return listing_data(
        record,
        languages=list(record.languages),
        crime_types=["any"] if record.all_crime_types else sorted(record.crime_types),
        audience=list(record.audience),
        focus=list(record.focus),
        areas=[area_data(a.kind, a.code, a.location, a.miles) for a in record.areas],
        hours=hours,
    ) | {
        "organisation": record.organisation,
        "verification": record.verification,
        "source_url": record.source_url,
        "checked_on": record.checked_on.isoformat(),
        "check_note": record.check_note,
    }


def listing_view(service: Service) -> dict[str, Any]:
    """A service's snapshot plus where its facts came from: what the audit log records for an import."""
    return snapshot(service) | {
        "organisation": service.organisation.slug,
        "status": service.status,
        "verification": service.verification,
        "source_url": service.source_url,
        "checked_on": service.checked_on.isoformat() if service.checked_on else None,
        "check_note": service.check_note,
    }


def _comparable(view: dict[str, Any]) -> dict[str, Any]:
    """Order-insensitive where order carries no meaning (weekly rows, closures, areas)."""
    out = dict(view)
    if out.get("hours"):
        hours = dict(out["hours"])
        hours["weekly"] = sorted(hours.get("weekly") or [], key=lambda w: (DAYS.index(w["days"][0]), w["opens"]))
        hours["exceptions"] = sorted(hours.get("exceptions") or [], key=lambda e: str(e["date"]))
        out["hours"] = hours
    out["areas"] = sorted(out.get("areas") or [], key=lambda a: json.dumps(a, sort_keys=True))
    return out


@dataclass(frozen=True)
class _Valid:
    record: ServiceRecord
    status: str
    row: int
    version: int | None  # the listing's version when the file was exported (None: a new listing)


def _version(number: int, cell: str, current: Service | None, errors: list[RowError]) -> int | None:
    """The row's version cell: required for a listing that exists, so a change made since the export shows."""
    if current is None:
        return None
    if not cell.isdigit():
        message = "is empty" if not cell else f"must be the number the export wrote (got {cell!r})"
        errors.append(RowError(number, "version", f"{message}. {EXPORT_AGAIN}"))
        return None
    return int(cell)


def _validate(
    session: Session,
    rows: list[tuple[int, dict[str, str]]],
    errors: list[RowError],
    existing: dict[str, Service],
    geo_dir: Path,
) -> list[_Valid]:
    """Every row checked with the data files' rules; raises CsvInvalid listing every problem in the file."""
    crime_slugs = set(session.scalars(select(CrimeType.slug).where(CrimeType.active)))
    organisations = set(session.scalars(select(Organisation.slug)))
    geo, areas = cached_geo_codes(str(geo_dir)), area_lookup(str(geo_dir))
    valid: list[_Valid] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        slug = row.get("slug", "")
        current = existing.get(slug)
        data, problems = _row_data(row, current, areas)
        row_errors = [RowError(number, column, message) for column, message in problems]
        record, data_errors = validate_service(data, crime_slugs, geo, source=f"row {number}")
        row_errors += [_column_error(number, e) for e in data_errors]
        organisation = row.get("organisation", "")
        if organisation and organisation not in organisations:
            row_errors.append(RowError(number, "organisation", f"{organisation!r} is not an organisation on Signpost"))
        status = row.get("status") or "active"
        if status not in STATUSES:
            row_errors.append(RowError(number, "status", f"must be one of {', '.join(STATUSES)} (got {status!r})"))
        if slug and slug in first_row:
            row_errors.append(RowError(number, "slug", f"{slug!r} is already used in row {first_row[slug]}"))
        first_row.setdefault(slug, number)
        version = _version(number, row.get("version", ""), current, row_errors)
        errors += row_errors
        if record is not None and not row_errors:
            valid.append(_Valid(record, status, number, version))
    if errors:
        raise CsvInvalid(sorted(errors, key=lambda e: e.row))
    return valid


def _changes(item: _Valid, service: Service | None) -> bool:
    """Whether applying the row would change anything."""
    wanted = _comparable(_record_view(item.record) | {"status": item.status})
    return service is None or _comparable(listing_view(service)) != wanted


def _stale(changes: list[_Valid], existing: dict[str, Service]) -> list[RowError]:
    """Rows that would undo a change made on Signpost since the file was exported."""
    return [
        RowError(item.row, "version", f"{service.name} {CHANGED_SINCE} (version {item.version} in the file, "
                 f"{service.version} now). {EXPORT_AGAIN}")
        for item in changes
        if (service := existing.get(item.record.slug)) is not None and item.version != service.version
    ]  # fmt: skip


def import_services(
    session: Session, actor: User, text: str, geo_dir: Path, now: datetime, max_rows: int = MAX_ROWS
) -> ImportReport:
    """Apply a CSV file: all rows valid, or CsvInvalid and nothing written. The caller commits.

    Existing listings are matched by slug and updated only if something differs; new slugs become new
    listings (origin "partner"). Each changed listing is dated as a partner edit, so reloading the curated
    files reports a conflict instead of overwriting it, and gets an audit event with before and after.
    """
    rows, errors = read_rows(text, max_rows)
    slugs = [row.get("slug", "") for _, row in rows]
    existing = {
        s.slug: s
        for s in session.scalars(
            select(Service).where(Service.slug.in_(slugs)).options(selectinload(Service.organisation))
        )
    }
    valid = _validate(session, rows, list(errors), existing, geo_dir)
    crime_types = {c.slug: c for c in session.scalars(select(CrimeType).where(CrimeType.active))}
    organisations = {o.slug: o for o in session.scalars(select(Organisation))}
    report = ImportReport()
    changes = [item for item in valid if _changes(item, existing.get(item.record.slug))]
    report.unchanged = len(valid) - len(changes)
    stale = _stale(changes, existing)
    if stale:
        raise CsvInvalid(stale)  # a row would undo a change made since the export: nothing is written
    for item in changes:
        record, service = item.record, existing.get(item.record.slug)
        before = listing_view(service) if service is not None else None
        if service is None:
            service = Service(slug=record.slug, origin="partner")
            session.add(service)
        apply_service(session, service, record, organisations[record.organisation], crime_types)
        service.status = item.status
        service.partner_edited_at = now
        session.flush()
        action = "csv_import_updated" if before is not None else "csv_import_created"
        audit(session, actor, action, "service", str(service.id), before, listing_view(service))
        (report.updated if before is not None else report.created).append(record.slug)
    return report
