"""Read-only views of the services a results page shows, built from plain rows rather than ORM objects.

Hydrating full ORM graphs for every service shown was most of the search time at 50,000 services;
the page only reads these fields.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.directory.coverage import Area
from signpost.models import Location, OpeningHours, Organisation, Phone, ScheduleException, Service, ServiceArea


@dataclass(frozen=True)
class PhoneView:
    kind: str
    number: str
    dial: str
    note: str | None


@dataclass(frozen=True)
class LocationView:
    name: str
    address: str | None
    postcode: str | None
    latitude: float | None
    longitude: float | None
    confidential: bool


@dataclass(frozen=True)
class OrganisationView:
    slug: str
    name: str


@dataclass
class ServiceView:
    id: int
    slug: str
    name: str
    description: str
    eligibility: str | None
    website: str | None
    email: str | None
    verification: str
    checked_on: date | None
    hours_note: str | None
    all_crime_types: bool
    always_open: bool
    closed_on_bank_holidays: bool
    organisation: OrganisationView
    phones: list[PhoneView] = field(default_factory=list)
    locations: list[LocationView] = field(default_factory=list)
    sessions: list[tuple[int, time, time]] = field(default_factory=list)
    changes: list[tuple[date, bool, time | None, time | None]] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)  # every area the service covers


def load_views(session: Session, ids: list[int]) -> dict[int, ServiceView]:
    """Everything the results page shows about these services, in six indexed queries."""
    if not ids:
        return {}
    views: dict[int, ServiceView] = {}
    rows = session.execute(
        select(
            Service.id, Service.slug, Service.name, Service.description, Service.eligibility, Service.website,
            Service.email, Service.verification, Service.checked_on, Service.hours_note, Service.all_crime_types,
            Service.always_open, Service.closed_on_bank_holidays, Organisation.slug, Organisation.name,
        )
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(Service.id.in_(ids))
    )  # fmt: skip
    for (sid, slug, name, description, eligibility, website, email, verification, checked_on, hours_note,
         all_crimes, always_open, closed_bh, org_slug, org_name) in rows:  # fmt: skip
        views[sid] = ServiceView(
            sid, slug, name, description, eligibility, website, email, verification, checked_on, hours_note,
            bool(all_crimes), bool(always_open), bool(closed_bh), OrganisationView(org_slug, org_name),
        )  # fmt: skip
    phones: defaultdict[int, list[tuple[int, PhoneView]]] = defaultdict(list)
    for sid, kind, number, dial, note, position in session.execute(
        select(Phone.service_id, Phone.kind, Phone.number, Phone.dial, Phone.note, Phone.position).where(
            Phone.service_id.in_(ids)
        )
    ):
        phones[sid].append((position, PhoneView(kind, number, dial, note)))
    for sid, items in phones.items():
        views[sid].phones = [view for _, view in sorted(items, key=lambda item: item[0])]
    for sid, name, address, postcode, lat, lon, confidential in session.execute(
        select(
            Location.service_id, Location.name, Location.address, Location.postcode, Location.latitude,
            Location.longitude, Location.confidential,
        )
        .where(Location.service_id.in_(ids))
        .order_by(Location.service_id, Location.position)
    ):  # fmt: skip
        views[sid].locations.append(LocationView(name, address, postcode, lat, lon, bool(confidential)))
    for sid, weekday, opens, closes in session.execute(
        select(OpeningHours.service_id, OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes).where(
            OpeningHours.service_id.in_(ids)
        )
    ):
        views[sid].sessions.append((weekday, opens, closes))
    for sid, day, closed, change_opens, change_closes in session.execute(
        select(
            ScheduleException.service_id, ScheduleException.day, ScheduleException.closed, ScheduleException.opens,
            ScheduleException.closes,
        ).where(ScheduleException.service_id.in_(ids))
    ):  # fmt: skip
        views[sid].changes.append((day, bool(closed), change_opens, change_closes))
    for sid, kind, code, lat, lon, miles in session.execute(
        select(
            ServiceArea.service_id, ServiceArea.kind, ServiceArea.code, ServiceArea.latitude, ServiceArea.longitude,
            ServiceArea.radius_miles,
        ).where(ServiceArea.service_id.in_(ids))
    ):  # fmt: skip
        views[sid].areas.append(Area(kind, code, lat, lon, miles))
    return views
