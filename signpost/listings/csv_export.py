"""Every listing as one CSV file (see csv_format for the columns, csv_cells for the list cells)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from signpost.listings.areas import AreaLookup, area_lookup
from signpost.listings.csv_cells import areas_cell, hours_cell, locations_cell, phones_cell
from signpost.listings.csv_format import COLUMNS, WELSH_COLUMNS, guard, join_items
from signpost.listings.snapshot import snapshot
from signpost.models import Service


def service_row(service: Service, areas: AreaLookup) -> list[str]:
    snap = snapshot(service)
    values = {
        "slug": service.slug,
        "organisation": service.organisation.slug,
        "organisation_name": service.organisation.name,
        "name": snap["name"],
        "description": snap["description"],
        "website": snap["website"],
        "email": snap["email"],
        "eligibility": snap["eligibility"],
        "languages": join_items(snap["languages"]),
        "accessibility": snap["accessibility"],
        "crime_types": join_items(snap["crime_types"]),
        "audience": join_items(snap["audience"]),
        "purpose": snap["purpose"],
        "focus": join_items(snap["focus"]),
        "areas": areas_cell(snap["areas"], areas),
        "phones": phones_cell(snap["phones"]),
        "hours": hours_cell(snap["hours"]),
        "locations": locations_cell(snap["locations"]),
        "status": service.status,
        "verification": service.verification,
        "source_url": service.source_url,
        "checked_on": service.checked_on.isoformat() if service.checked_on else "",
        "check_note": service.check_note,
        "version": service.version,
    } | {column: snap.get(column) for column in WELSH_COLUMNS}
    return [guard(str(values[column] or "")) for column in COLUMNS]


def export_services(session: Session, geo_dir: Path) -> str:
    """Every listing that is not retired, one row each, ordered by slug."""
    areas = area_lookup(str(geo_dir))
    services = session.scalars(
        select(Service)
        .where(Service.status != "retired")
        .options(
            selectinload(Service.organisation),
            selectinload(Service.crime_types),
            selectinload(Service.phones),
            selectinload(Service.opening_hours),
            selectinload(Service.exceptions),
            selectinload(Service.locations),
            selectinload(Service.areas),
        )
        .order_by(Service.slug)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for service in services:
        writer.writerow(service_row(service, areas))
    return buffer.getvalue()
