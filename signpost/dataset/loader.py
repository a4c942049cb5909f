"""Apply a validated Dataset to the database: idempotent, and never over a newer partner edit.

The caller owns the transaction: `load` only adds to the session, so a dry run is a rollback.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import astuple, dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from signpost.clock import utcnow
from signpost.dataset.geo_tables import read_police_force_areas
from signpost.dataset.records import Dataset, HoursRecord, ServiceRecord
from signpost.models import (
    Advice,
    CrimeType,
    Location,
    OpeningHours,
    Organisation,
    Phone,
    PoliceForce,
    Right,
    RightsCharter,
    RightsNote,
    ScheduleException,
    Service,
    ServiceArea,
)


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    def lines(self) -> list[str]:
        out = [
            f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged, "
            f"{len(self.retired)} retired, {len(self.conflicts)} conflicts"
        ]
        out += [f"  created: {x}" for x in self.created]
        out += [f"  updated: {x}" for x in self.updated]
        out += [f"  retired: {x}" for x in self.retired]
        out += [f"  CONFLICT (kept the partner's edit): {x}" for x in self.conflicts]
        return out


def record_hash(record: ServiceRecord) -> str:
    return hashlib.sha256(repr(astuple(record)).encode()).hexdigest()


def load(session: Session, dataset: Dataset, geo_dir: Path) -> LoadReport:
    report = LoadReport()
    _load_crime_types(session, dataset, report)
    _load_police_forces(session, dataset, geo_dir, report)
    organisations = _load_organisations(session, dataset, report)
    _load_services(session, dataset, organisations, report)
    _load_advice(session, dataset, report)
    _load_rights(session, dataset, report)
    return report


def _sync(report: LoadReport, label: str, obj: object, values: Mapping[str, object], created: bool) -> None:
    """Set attributes that differ and record what happened."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if created:
        report.created.append(label)
    elif changed:
        report.updated.append(label)
    else:
        report.unchanged += 1


def _load_crime_types(session: Session, dataset: Dataset, report: LoadReport) -> None:
    existing = {c.slug: c for c in session.scalars(select(CrimeType))}
    for record in dataset.crime_types:
        crime = existing.pop(record.slug, None)
        created = crime is None
        if crime is None:
            crime = CrimeType(slug=record.slug)
            session.add(crime)
        values = {
            "name": record.name, "hint": record.hint, "sensitive": record.sensitive,
            "name_cy": record.name_cy, "hint_cy": record.hint_cy,
        }  # fmt: skip
        _sync(
            report, f"crime type {record.slug}", crime, values | {"position": record.position, "active": True}, created
        )
    for crime in existing.values():
        if crime.active:
            crime.active = False
            report.retired.append(f"crime type {crime.slug}")


def _load_police_forces(session: Session, dataset: Dataset, geo_dir: Path, report: LoadReport) -> None:
    areas = read_police_force_areas(geo_dir)
    existing = {p.code: p for p in session.scalars(select(PoliceForce))}
    for record in dataset.police_forces:
        area = areas[record.code]
        force = existing.get(record.code)
        created = force is None
        if force is None:
            force = PoliceForce(code=record.code)
            session.add(force)
        values = {
            "name": record.name,
            "name_cy": record.name_cy,
            "nation": record.nation,
            "website": record.website,
            "report_online_url": record.report_online_url,
            "police_uk_id": area["police_uk_force_id"] or None,
            "latitude": float(area["centroid_lat"]) if area["centroid_lat"] else None,
            "longitude": float(area["centroid_lon"]) if area["centroid_lon"] else None,
            "source_url": record.source_url,
            "checked_on": record.checked_on,
            "verification": record.verification,
        }
        _sync(report, f"police force {record.code}", force, values, created)


def _load_organisations(session: Session, dataset: Dataset, report: LoadReport) -> dict[str, Organisation]:
    existing = {o.slug: o for o in session.scalars(select(Organisation))}
    wanted = {o.slug for o in dataset.organisations}
    for record in dataset.organisations:
        organisation = existing.get(record.slug)
        created = organisation is None
        if organisation is None:
            organisation = existing[record.slug] = Organisation(slug=record.slug)
            session.add(organisation)
        values = {
            "name": record.name,
            "website": record.website,
            "source_url": record.source_url,
            "checked_on": record.checked_on,
            "status": "active",
        }
        _sync(report, f"organisation {record.slug}", organisation, values, created)
    for slug, organisation in existing.items():
        # Only organisations that came from the files are retired; partner-created ones have no source_url.
        if slug not in wanted and organisation.status != "retired" and organisation.source_url:
            organisation.status = "retired"
            report.retired.append(f"organisation {slug}")
    return existing


def _load_services(
    session: Session, dataset: Dataset, organisations: dict[str, Organisation], report: LoadReport
) -> None:
    crime_types = {c.slug: c for c in session.scalars(select(CrimeType))}
    existing = {s.slug: s for s in session.scalars(select(Service))}
    for record in dataset.services:
        digest = record_hash(record)
        service = existing.pop(record.slug, None)
        label = f"service {record.slug}"
        if service is None:
            service = Service(slug=record.slug, origin="curated")
            session.add(service)
            report.created.append(label)
        elif service.loaded_hash == digest and service.status == "active":
            report.unchanged += 1
            continue
        elif service.partner_edited_at is not None:
            report.conflicts.append(
                f"{label}: the file changed but a partner edited the listing on "
                f"{service.partner_edited_at:%Y-%m-%d}; review the edit, then update the file or the listing"
            )
            continue
        else:
            report.updated.append(label)
        apply_service(session, service, record, organisations[record.organisation], crime_types)
        service.loaded_hash = digest
    for slug, service in existing.items():
        if service.origin != "curated" or service.status == "retired":
            continue
        if service.partner_edited_at is not None:
            report.conflicts.append(
                f"service {slug}: removed from the files but a partner edited the listing on "
                f"{service.partner_edited_at:%Y-%m-%d}; review the edit, then retire the listing or restore the record"
            )
            continue
        service.status = "retired"
        service.updated_at = utcnow()
        report.retired.append(f"service {slug}")


def apply_service(
    session: Session,
    service: Service,
    record: ServiceRecord,
    organisation: Organisation,
    crime_types: dict[str, CrimeType],
) -> None:
    """Write a validated record onto a service (curated loads and approved partner edits alike)."""
    service.organisation = organisation
    service.name = record.name
    service.description = record.description
    service.website = record.website
    service.email = record.email
    service.eligibility = record.eligibility
    service.name_cy, service.description_cy = record.name_cy, record.description_cy
    service.eligibility_cy = record.eligibility_cy
    service.languages = ",".join(record.languages) or None
    service.accessibility = record.accessibility
    service.all_crime_types = record.all_crime_types
    service.crime_types = [crime_types[slug] for slug in record.crime_types]
    service.audience = ",".join(record.audience)
    service.purpose = record.purpose
    service.focus = ",".join(record.focus) or None
    service.status = "active"
    service.verification = record.verification
    service.source_url = record.source_url
    service.checked_on = record.checked_on
    service.check_note = record.check_note
    service.updated_at = utcnow()
    _apply_hours(service, record.hours)
    service.phones = [
        Phone(kind=p.kind, number=p.number, dial=p.dial, note=p.note, note_cy=p.note_cy, keyword=p.keyword, position=i)
        for i, p in enumerate(record.phones)
    ]
    service.areas = []
    service.locations = [
        Location(
            slug=loc.slug, name=loc.name, address=loc.address, postcode=loc.postcode, latitude=loc.latitude,
            longitude=loc.longitude, confidential=loc.confidential, position=i,
        )
        for i, loc in enumerate(record.locations)
    ]  # fmt: skip
    session.flush()  # locations need ids before radius areas can point at them
    by_slug = {loc.slug: loc for loc in service.locations}
    service.areas = [_area(area.kind, area.code, by_slug.get(area.location or ""), area.miles) for area in record.areas]


def _apply_hours(service: Service, hours: HoursRecord | None) -> None:
    service.always_open = bool(hours and hours.always_open)
    service.closed_on_bank_holidays = bool(hours and hours.closed_on_bank_holidays)
    service.hours_note = hours.note if hours else None
    service.hours_note_cy = hours.note_cy if hours else None
    service.opening_hours = [
        OpeningHours(weekday=s.weekday, opens=s.opens, closes=s.closes) for s in (hours.weekly if hours else ())
    ]
    service.exceptions = [
        ScheduleException(day=e.day, closed=e.closed, opens=e.opens, closes=e.closes, note=e.note)
        for e in (hours.exceptions if hours else ())
    ]


def _area(kind: str, code: str | None, location: Location | None, miles: float | None) -> ServiceArea:
    if kind != "radius" or location is None or miles is None:
        return ServiceArea(kind=kind, code=code)
    lat, lon = location.latitude or 0.0, location.longitude or 0.0
    return ServiceArea(kind="radius", location_id=location.id, radius_miles=miles, latitude=lat, longitude=lon)


def _load_advice(session: Session, dataset: Dataset, report: LoadReport) -> None:
    def key(a: Advice) -> tuple[object, ...]:
        return (
            a.crime_type_slug,
            a.kind,
            a.position,
            a.text,
            a.source_url,
            a.checked_on,
            a.nations,
            a.audience,
            a.text_cy,
        )

    existing = sorted((key(a) for a in session.scalars(select(Advice))), key=repr)
    wanted = sorted(
        (
            (
                a.crime_type,
                a.kind,
                a.position,
                a.text,
                a.source_url,
                a.checked_on,
                ",".join(a.nations),
                ",".join(a.audience),
                a.text_cy,
            )
            for a in dataset.advice
        ),
        key=repr,
    )
    if existing == wanted:
        report.unchanged += len(wanted)
        return
    session.execute(delete(Advice))
    session.add_all(
        Advice(
            crime_type_slug=a.crime_type,
            kind=a.kind,
            position=a.position,
            text=a.text,
            source_url=a.source_url,
            checked_on=a.checked_on,
            nations=",".join(a.nations),
            audience=",".join(a.audience),
            text_cy=a.text_cy,
        )
        for a in dataset.advice
    )
    report.updated.append(f"advice ({len(wanted)} items)")


def _load_rights(session: Session, dataset: Dataset, report: LoadReport) -> None:
    existing = {c.jurisdiction: c for c in session.scalars(select(RightsCharter))}
    for record in dataset.rights:
        charter = existing.pop(record.jurisdiction, None)
        items = [(i.title, i.text, i.title_cy, i.text_cy) for i in record.items]
        also = [(n.title, n.text, n.source_url, n.title_cy, n.text_cy) for n in record.also]
        if charter is not None and (
            charter.title, charter.source_url, charter.checked_on, charter.after_reporting, charter.title_cy,
            charter.after_reporting_cy,
        ) == (
            record.title, record.source_url, record.checked_on, record.after_reporting, record.title_cy,
            record.after_reporting_cy,
        ) and [(r.title, r.text, r.title_cy, r.text_cy) for r in charter.items] == items and [
            (n.title, n.text, n.source_url, n.title_cy, n.text_cy) for n in charter.also
        ] == also:  # fmt: skip
            report.unchanged += 1
            continue
        if charter is None:
            charter = RightsCharter(jurisdiction=record.jurisdiction)
            session.add(charter)
            report.created.append(f"rights {record.jurisdiction}")
        else:
            report.updated.append(f"rights {record.jurisdiction}")
        charter.title, charter.source_url, charter.checked_on = record.title, record.source_url, record.checked_on
        charter.after_reporting, charter.title_cy = record.after_reporting, record.title_cy
        charter.after_reporting_cy = record.after_reporting_cy
        charter.items = [
            Right(position=i, title=t, text=x, title_cy=tc, text_cy=xc) for i, (t, x, tc, xc) in enumerate(items)
        ]
        charter.also = [
            RightsNote(position=i, title=t, text=x, source_url=u, title_cy=tc, text_cy=xc)
            for i, (t, x, u, tc, xc) in enumerate(also)
        ]
    for jurisdiction, charter in existing.items():
        session.delete(charter)
        report.retired.append(f"rights {jurisdiction}")
