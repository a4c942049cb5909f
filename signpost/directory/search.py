"""find_support: for a crime type and a place, everything the results page shows, in its order."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from signpost.directory import index as directory_index
from signpost.directory.coverage import RANK, approximate_miles, haversine_miles
from signpost.directory.hours import OpenStatus, next_midnight, open_status
from signpost.directory.index import AreaKey
from signpost.directory.reference import AdviceItem, Charter, Crime, Force, Reference
from signpost.directory.views import ServiceView
from signpost.geo.places import Place

NATIONS = ("england", "wales", "scotland", "northern-ireland")
JURISDICTION = {
    "england": "england-wales",
    "wales": "england-wales",
    "scotland": "scotland",
    "northern-ireland": "northern-ireland",
}
LOCAL_LIMIT = 20  # local services per page: the nearest and most local first


@dataclass(frozen=True)
class Freshness:
    stale_after_months: int = 12
    hide_after_months: int = 24


@dataclass
class ServiceResult:
    service: ServiceView
    rank: int  # see coverage.RANK
    specific: bool  # listed for this crime type, not only "any crime"
    distance_miles: float | None  # to the nearest walk-in place whose address may be shown
    open_status: OpenStatus
    hours_lines: list[str]
    stale: bool  # not checked by a person for longer than the freshness limit


@dataclass
class Results:
    crime: Crime
    place: Place | None
    nation: str | None  # None: the user did not say where; national help for every nation is shown
    police_force: Force | None
    other_forces: list[Force]
    national: list[ServiceResult]
    local: list[ServiceResult]
    next_steps: list[AdviceItem]
    prevention: list[AdviceItem]
    rights: list[Charter]
    national_by_nation: dict[str, list[ServiceResult]] = field(default_factory=dict)
    local_total: int = 0  # every local service that covers the place, of which `local` is one page
    local_page: int = 1
    local_limit: int = LOCAL_LIMIT
    # When this page may first read differently without a directory change (an open-now message, or
    # midnight for dates and freshness), as a UTC instant.
    changes_at: datetime | None = None

    @property
    def local_pages(self) -> int:
        return max(1, math.ceil(self.local_total / self.local_limit))


def crime_type(session: Session, slug: str) -> Crime | None:
    """An active crime type, from the in-memory reference data (None if there is no such type)."""
    return directory_index.current(session).reference(session).crimes.get(slug)


def crime_types(session: Session) -> list[Crime]:
    return list(directory_index.current(session).reference(session).crimes.values())


def advice_for(session: Session, crime: Crime) -> tuple[list[AdviceItem], list[AdviceItem]]:
    """(what to do next, how to stop it happening again) for one crime type."""
    return _advice(directory_index.current(session).reference(session), crime.slug)


def _advice(reference: Reference, crime_slug: str) -> tuple[list[AdviceItem], list[AdviceItem]]:
    items = reference.advice.get(crime_slug, [])
    return [a for a in items if a.kind == "next_step"], [a for a in items if a.kind == "prevention"]


ALL_JURISDICTIONS = tuple(dict.fromkeys(JURISDICTION.values()))


def rights_charters(session: Session, jurisdictions: tuple[str, ...] = ALL_JURISDICTIONS) -> list[Charter]:
    """The victims' rights statements for these legal systems, in order."""
    return _charters(directory_index.current(session).reference(session), jurisdictions)


def _charters(reference: Reference, jurisdictions: tuple[str, ...]) -> list[Charter]:
    return [reference.charters[j] for j in jurisdictions if j in reference.charters]


def find_support(
    session: Session,
    crime: Crime,
    place: Place | None,
    now: datetime,
    nation: str | None = None,
    freshness: Freshness = Freshness(),
    local_limit: int = LOCAL_LIMIT,
    local_page: int = 1,
) -> Results:
    """Who can help with `crime` at `place` (or in `nation`, or anywhere in the UK when both are None).

    Ranking works on the in-memory index for every candidate; only the services shown are loaded in full.
    """
    nation = place.nation if place is not None else nation
    today = now.date()
    hide_before = today - relativedelta(months=freshness.hide_after_months)
    index = directory_index.current(session)
    here = (
        (place.latitude, place.longitude)
        if place and place.latitude is not None and place.longitude is not None
        else None
    )
    national_ids: list[tuple[bool, int]] = []
    local_ranked: list[tuple[int, float, str, int]] = []
    specific: dict[int, bool] = {}
    for service_id, rank in index.covering(crime.slug, _area_keys(place, nation), here).items():
        meta = index.services[service_id]
        if meta.checked_on is not None and meta.checked_on < hide_before:
            continue  # not checked by a person for too long to show at all
        specific[service_id] = crime.slug in meta.crime_types
        if rank >= RANK["nation"]:
            national_ids.append((not specific[service_id], service_id))
        else:
            distance = _nearest(index.locations.get(service_id), here)
            local_ranked.append((rank, distance, meta.name, service_id))
    national_ids.sort()
    local_ranked.sort()
    page_start = max(local_page - 1, 0) * local_limit
    shown_local = local_ranked[page_start : page_start + local_limit]
    shown_ids = [sid for _, sid in national_ids] + [sid for *_, sid in shown_local]
    services = index.service_views(session, shown_ids)
    stale_before = today - relativedelta(months=freshness.stale_after_months)

    def result(service_id: int, rank: int, near: tuple[float, float] | None) -> ServiceResult:
        return _result(services[service_id], rank, specific[service_id], near, nation, now, stale_before)

    # National services help wherever you are, so they carry no distance. A service removed by another
    # process since this index was built (it learns of changes within a second) has no view: left out.
    national = [result(sid, RANK["nation"], None) for _, sid in national_ids if sid in services]
    local = [result(sid, rank, here) for rank, _, _, sid in shown_local if sid in services]

    reference = index.reference(session)
    force = reference.forces.get(place.pfa_code) if place and place.pfa_code else None
    other_forces = [f for c in (place.other_pfa_codes if place else ()) if (f := reference.forces.get(c))]
    next_steps, prevention = _advice(reference, crime.slug)
    rights = _charters(reference, (JURISDICTION[nation],) if nation else ALL_JURISDICTIONS)
    results = Results(
        crime=crime,
        place=place,
        nation=nation,
        police_force=force,
        other_forces=other_forces,
        national=national,
        local=local,
        next_steps=next_steps,
        prevention=prevention,
        rights=rights,
        local_total=len(local_ranked),
        local_page=local_page,
        local_limit=local_limit,
        changes_at=min(
            [next_midnight(now), *(r.open_status.changes_at for r in national + local if r.open_status.changes_at)]
        ),
    )
    if nation is None:
        results.national_by_nation = {n: [r for r in national if _serves_nation(r.service, n)] for n in NATIONS}
    return results


def _area_keys(place: Place | None, nation: str | None) -> list[AreaKey]:
    """The areas that cover this place (or nation; with neither, every national area)."""
    keys: list[AreaKey] = [("uk", None)]
    keys += [("nation", nation)] if nation else [("nation", n) for n in NATIONS]
    if place is not None:
        keys += [
            (kind, code)
            for kind, code in (
                ("police_force_area", place.pfa_code),
                ("local_authority", place.lad_code),
                ("postcode_district", place.district),
            )
            if code
        ]
    return keys


def _serves_nation(service: ServiceView, nation: str) -> bool:
    return any(a.kind == "uk" or (a.kind == "nation" and a.code == nation) for a in service.areas)


def _nearest(points: list[tuple[float, float]] | None, here: tuple[float, float] | None) -> float:
    """Approximate miles to the nearest public location, for ordering (the page shows exact distances)."""
    if not points or here is None:
        return math.inf
    return min(approximate_miles(here, point) for point in points)


def _result(
    service: ServiceView,
    rank: int,
    specific: bool,
    here: tuple[float, float] | None,
    nation: str | None,
    now: datetime,
    stale_before: date,
) -> ServiceResult:
    distance = None
    if here is not None:
        distances = [
            haversine_miles(here, (loc.latitude, loc.longitude))
            for loc in service.locations
            if not loc.confidential and loc.latitude is not None and loc.longitude is not None
        ]
        distance = min(distances) if distances else None
    return ServiceResult(
        service=service,
        rank=rank,
        specific=specific,
        distance_miles=distance,
        open_status=open_status(service.hours, now, nation or "england"),
        hours_lines=list(service.hours_lines),
        stale=service.checked_on is None or service.checked_on < stale_before,
    )
