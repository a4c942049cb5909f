"""Every listing as one CSV file (see csv_format for the columns)."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from signpost.listings.csv_format import COLUMNS, guard, join_items, json_text, miles_text
from signpost.listings.snapshot import snapshot
from signpost.models import Service


def _area_cell(area: dict[str, Any]) -> str:
    if area["kind"] == "radius":
        return f"radius:{area['location']}:{miles_text(area['miles'])}"
    return f"{area['kind']}:{area['code']}" if area.get("code") else str(area["kind"])


def _phone_cell(phone: dict[str, Any]) -> str:
    number = f"{phone['keyword']} to {phone['number']}" if phone.get("keyword") else phone["number"]
    return f"{phone['kind']}:{number}" + (f":{phone['note']}" if phone.get("note") else "")


def service_row(service: Service) -> list[str]:
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
        "areas": join_items([_area_cell(a) for a in snap["areas"]]),
        "phones": join_items([_phone_cell(p) for p in snap["phones"]]),
        "hours": json_text(snap["hours"]),
        "locations": json_text(snap["locations"]),
        "status": service.status,
        "verification": service.verification,
        "source_url": service.source_url,
        "checked_on": service.checked_on.isoformat() if service.checked_on else "",
        "check_note": service.check_note,
        "version": service.version,
    }
    return [guard(str(values[column] or "")) for column in COLUMNS]


def export_services(session: Session) -> str:
    """Every listing that is not retired, one row each, ordered by slug."""
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
        writer.writerow(service_row(service))
    return buffer.getvalue()
