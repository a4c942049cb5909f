"""What the feed lists and how it is filtered and paged: the queries behind every API endpoint.

Only listings a victim could see are in the feed: active, checked by a person within the hide limit
(the same rule as the results page), and never a confidential location.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from signpost.data_version import PerDatabase
from signpost.directory import index as directory_index
from signpost.directory import reference as reference_data
from signpost.directory.candidates import area_keys  # the results page's own coverage keys, so both agree
from signpost.directory.coverage import haversine_miles
from signpost.geo.gazetteer import gazetteer
from signpost.geo.places import Lookup, Place, resolve_parsed
from signpost.geo.postcodes import PostcodeKind, parse_postcode
from signpost.models import CrimeType, LocalAuthority, Location, Organisation, Service
from signpost.opendata import hsds
from signpost.opendata.ids import uid
from signpost.opendata.taxonomy import CRIME_TYPES, LISTING_CHECKS, TAXONOMIES, Term, taxonomy_record, term_record
from signpost.opendata.taxonomy import terms as all_terms

METRES_PER_MILE = 1609.344
BATCH = 200  # services loaded in full at a time (a page at most; the bulk download in steps)


@dataclass(frozen=True)
class Feed:
    session: Session
    today: date
    hide_after_months: int

    @property
    def hide_before(self) -> date:
        before: date = self.today - relativedelta(months=self.hide_after_months)
        return before


@dataclass(frozen=True)
class Filters:
    """Combined with AND. `place` is at most a postcode sector (see place_for)."""

    search: str | None = None
    term: Term | None = None
    modified_after: datetime | None = None  # naive UTC
    place: Place | None = None
    proximity_metres: float | None = None  # service_at_locations only; needs `place`


def place_for(session: Session, text: str) -> Lookup:
    """The place a postcode filter means, never finer than its sector: a full postcode is cut to its
    sector before anything is looked up, so no query, cache or log line ever holds it."""
    parsed = parse_postcode(text)
    if parsed.kind is PostcodeKind.FULL and parsed.sector is not None:
        parsed = parse_postcode(parsed.sector)
    return resolve_parsed(session, parsed)


def term_for(session: Session, term_id: str) -> Term | None:
    return next((t for t in all_terms(session) if t.id == term_id), None)


# How each taxonomy's terms select services (the taxonomy_term_id filter).
TERM_CONDITIONS: dict[str, Callable[[Term], ColumnElement[bool]]] = {
    CRIME_TYPES.code: lambda term: or_(
        Service.all_crime_types.is_(True), Service.crime_types.any(CrimeType.slug == term.code)
    ),
    LISTING_CHECKS.code: lambda term: Service.verification == term.value,
}


def _conditions(feed: Feed, filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [
        Service.status == "active",
        or_(Service.checked_on.is_(None), Service.checked_on >= feed.hide_before),
    ]
    if filters.search:
        text = filters.search.lower()
        found.append(
            or_(
                *(
                    func.lower(column).contains(text, autoescape=True)
                    for column in (Service.name, Service.description, Service.eligibility, Organisation.name)
                )
            )
        )
    if filters.term is not None:
        found.append(TERM_CONDITIONS[filters.term.taxonomy.code](filters.term))
    if filters.modified_after is not None:
        found.append(Service.updated_at >= filters.modified_after)
    return found


def _covering(session: Session, place: Place) -> set[int]:
    """Services whose service area covers the place for some crime type, by the results page's rules."""
    index = directory_index.current(session)
    keys = area_keys(place, place.nation)
    point = (place.latitude, place.longitude) if place.latitude is not None and place.longitude is not None else None
    found: set[int] = set()
    for crime in reference_data.current(session).crimes:
        found.update(index.covering(crime, keys, point))
    return found


def _page(total: int, number: int, size: int, contents: list[dict[str, Any]]) -> dict[str, Any]:
    pages = math.ceil(total / size)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _matching_service_ids(feed: Feed, filters: Filters) -> Select[int]:
    return (
        select(Service.id)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(*_conditions(feed, filters))
        .order_by(Service.name, Service.id)
    )


def services_page(feed: Feed, filters: Filters, number: int, size: int) -> dict[str, Any]:
    ids = _matching_service_ids(feed, filters)
    if filters.place is None:
        total = feed.session.scalar(select(func.count()).select_from(ids.order_by(None).subquery())) or 0
        shown = list(feed.session.scalars(ids.limit(size).offset((number - 1) * size)))
    else:
        covering = _covering(feed.session, filters.place)
        every = [i for i in feed.session.scalars(ids) if i in covering]
        total, shown = len(every), every[(number - 1) * size : number * size]
    services = _load(feed.session, shown, full=False)
    return _page(total, number, size, [hsds.service_summary(services[i]) for i in shown if i in services])


def all_services(feed: Feed, filters: Filters) -> Iterator[dict[str, Any]]:
    """Every matching service, fully nested, loaded a batch at a time (the bulk download)."""
    ids = list(feed.session.scalars(_matching_service_ids(feed, filters)))
    if filters.place is not None:
        covering = _covering(feed.session, filters.place)
        ids = [i for i in ids if i in covering]
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        services = _load(feed.session, batch, full=True)
        names = _names(feed, services.values())
        yield from (hsds.service_record(services[i], names) for i in batch if i in services)


def service(feed: Feed, record_id: str) -> dict[str, Any] | None:
    found = _ids.get(feed.session).services.get(record_id)
    if found is None:
        return None
    services = _load(feed.session, [found], full=True, listed=feed)
    if found not in services:
        return None  # retired, inactive or hidden
    return hsds.service_record(services[found], _names(feed, services.values()))


def service_at_locations_page(feed: Feed, filters: Filters, number: int, size: int) -> dict[str, Any]:
    rows = feed.session.execute(
        select(Location.id, Location.service_id, Location.latitude, Location.longitude)
        .join(Service, Service.id == Location.service_id)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(Location.confidential.is_(False), *_conditions(feed, filters))
        .order_by(Service.name, Service.id, Location.position, Location.id)
    ).all()
    place = filters.place
    if place is not None:
        covering = _covering(feed.session, place)
        rows = [r for r in rows if r.service_id in covering]
    if filters.proximity_metres is not None:
        rows = _nearest_within(rows, place, filters.proximity_metres / METRES_PER_MILE)
    shown = rows[(number - 1) * size : number * size]
    services = _load(feed.session, list({r.service_id for r in shown}), full=False, with_locations=True)
    contents = []
    for row in shown:
        owner = services.get(row.service_id)
        location = next((loc for loc in owner.locations if loc.id == row.id), None) if owner else None
        if owner is not None and location is not None:
            contents.append(hsds.service_at_location_summary(owner, location))
    return _page(len(rows), number, size, contents)


def _nearest_within(rows: Sequence[Any], place: Place | None, miles: float) -> list[Any]:
    """The rows with a location within `miles` of the place, nearest first (none without a place to measure from)."""
    if place is None or place.latitude is None or place.longitude is None:
        return []
    here = (place.latitude, place.longitude)
    near = [
        (haversine_miles(here, (r.latitude, r.longitude)), r)
        for r in rows
        if r.latitude is not None and r.longitude is not None
    ]
    return [r for distance, r in sorted(near, key=lambda pair: pair[0]) if distance <= miles]


def service_at_location(feed: Feed, record_id: str) -> dict[str, Any] | None:
    found = _ids.get(feed.session).places.get(record_id)
    if found is None:
        return None
    service_pk, location_pk = found
    services = _load(feed.session, [service_pk], full=True, listed=feed)
    owner = services.get(service_pk)
    location = next((loc for loc in owner.locations if loc.id == location_pk), None) if owner else None
    if owner is None or location is None or location.confidential:
        return None
    return hsds.service_at_location_record(owner, location, _names(feed, [owner]))


def taxonomies_page(number: int, size: int) -> dict[str, Any]:
    every = [taxonomy_record(t) for t in TAXONOMIES]
    return _page(len(every), number, size, every[(number - 1) * size : number * size])


def taxonomy(record_id: str) -> dict[str, Any] | None:
    return next((taxonomy_record(t) for t in TAXONOMIES if t.id == record_id), None)


def taxonomy_terms_page(
    session: Session, number: int, size: int, taxonomy_id: str | None = None, search: str | None = None
) -> dict[str, Any]:
    every = [
        term_record(t)
        for t in all_terms(session)
        if (taxonomy_id is None or t.taxonomy.id == taxonomy_id)
        and (not search or search.lower() in f"{t.name} {t.description}".lower())
    ]
    return _page(len(every), number, size, every[(number - 1) * size : number * size])


def taxonomy_term(session: Session, record_id: str) -> dict[str, Any] | None:
    term = term_for(session, record_id)
    return term_record(term) if term else None


def _load(
    session: Session, ids: list[int], *, full: bool, listed: Feed | None = None, with_locations: bool = False
) -> dict[int, Service]:
    """Services by id with what their records show; with `listed`, only those the feed lists."""
    if not ids:
        return {}
    query = select(Service).where(Service.id.in_(ids)).options(joinedload(Service.organisation))
    if listed is not None:
        query = query.join(Organisation, Organisation.id == Service.organisation_id).where(
            *_conditions(listed, Filters())
        )
    if full:
        query = query.options(
            selectinload(Service.phones), selectinload(Service.opening_hours), selectinload(Service.exceptions),
            selectinload(Service.locations), selectinload(Service.areas), selectinload(Service.crime_types),
        )  # fmt: skip
    elif with_locations:
        query = query.options(selectinload(Service.locations))
    return {s.id: s for s in session.scalars(query).unique()}


def _names(feed: Feed, services: Any) -> hsds.Names:
    session = feed.session
    services = list(services)
    codes = {a.code for s in services for a in s.areas if a.kind == "local_authority" and a.code}
    rows = session.execute(select(LocalAuthority.code, LocalAuthority.name).where(LocalAuthority.code.in_(codes)))
    authorities = {code: name for code, name in rows} if codes else {}
    reference = reference_data.current(session)
    return hsds.Names(
        forces={code: force.name for code, force in reference.forces.items()},
        authorities=authorities,
        districts=gazetteer(session).districts if any(s.locations for s in services) else {},
        terms={(t.taxonomy.code, t.code): t for t in all_terms(session)},
        today=feed.today,
    )


@dataclass(frozen=True)
class _Ids:
    services: dict[str, int]  # service UUID -> database id
    places: dict[str, tuple[int, int]]  # service_at_location UUID -> (service id, location id)


def _build_ids(session: Session, _version: int) -> _Ids:
    """UUIDs are worked out from slugs, so a lookup by UUID needs this map (rebuilt when the data changes)."""
    services = {uid("service", slug): pk for pk, slug in session.execute(select(Service.id, Service.slug))}
    places = {
        uid("service_at_location", service_slug, location_slug): (service_pk, location_pk)
        for service_pk, service_slug, location_pk, location_slug in session.execute(
            select(Service.id, Service.slug, Location.id, Location.slug)
            .join(Location, Location.service_id == Service.id)
            .where(Location.confidential.is_(False))
        )
    }
    return _Ids(services, places)


_ids = PerDatabase(_build_ids)
