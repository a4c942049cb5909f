"""find_support: for a crime type and a place, everything the results page shows, in its order."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.directory import index as directory_index
from signpost.directory.coverage import RANK, Area, approximate_miles, best_rank, miles_between
from signpost.directory.hours import OpenStatus, describe, hours_from_rows, open_status
from signpost.directory.index import DirectoryIndex
from signpost.directory.reference import AdviceItem, Charter, Force, Reference
from signpost.directory.views import ServiceView
from signpost.geo.places import Place
from signpost.models import (
    CrimeType,
)

NATIONS = ("england", "wales", "scotland", "northern-ireland")
JURISDICTION = {
    "england": "england-wales",
    "wales": "england-wales",
    "scotland": "scotland",
    "northern-ireland": "northern-ireland",
}
MILES_PER_DEGREE_LATITUDE = 69.0
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
    crime: CrimeType
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

    @property
    def local_pages(self) -> int:
        return max(1, math.ceil(self.local_total / self.local_limit))


def crime_type(session: Session, slug: str) -> CrimeType | None:
    crime = session.get(CrimeType, slug)
    return crime if crime is not None and crime.active else None


def crime_types(session: Session) -> list[CrimeType]:
    return list(session.scalars(select(CrimeType).where(CrimeType.active).order_by(CrimeType.position)))


def advice_for(session: Session, crime: CrimeType) -> tuple[list[AdviceItem], list[AdviceItem]]:
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
    crime: CrimeType,
    place: Place | None,
    now: datetime,
    nation: str | None = None,
    freshness: Freshness = Freshness(),
    local_limit: int = LOCAL_LIMIT,
    local_page: int = 1,
) -> Results:
    """Who can help with `crime` at `place` (or in `nation`, or anywhere in the UK when both are None).

    Ranking works on light rows for every candidate; only the services shown are loaded in full.
    """
    nation = place.nation if place is not None else nation
    today = now.date()
    hide_before = today - relativedelta(months=freshness.hide_after_months)
    candidates, index = _candidates(session, crime.slug, place, nation, hide_before)
    national_ids: list[tuple[bool, int]] = []
    local_ranked: list[tuple[int, float, str, int]] = []
    distances = _nearest_locations(index, list(candidates), place)
    for candidate in candidates.values():
        rank = best_rank(candidate.areas, place, nation) if nation or place else _uk_rank(candidate.areas)
        if rank is None:
            continue
        if rank >= RANK["nation"]:
            national_ids.append((not candidate.specific, candidate.service_id))
        else:
            distance = distances.get(candidate.service_id, math.inf)
            local_ranked.append((rank, distance, candidate.name, candidate.service_id))
    national_ids.sort()
    local_ranked.sort()
    page_start = max(local_page - 1, 0) * local_limit
    shown_local = local_ranked[page_start : page_start + local_limit]
    shown_ids = [sid for _, sid in national_ids] + [sid for *_, sid in shown_local]
    services = index.service_views(session, shown_ids)
    stale_before = today - relativedelta(months=freshness.stale_after_months)

    def result(service_id: int, rank: int, near: Place | None) -> ServiceResult:
        candidate = candidates[service_id]
        return _result(services[service_id], rank, candidate.specific, near, nation, now, stale_before)

    # National services help wherever you are, so they carry no distance.
    national = [result(sid, RANK["nation"], None) for _, sid in national_ids]
    local = [result(sid, rank, place) for rank, _, _, sid in shown_local]

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
    )
    if nation is None:
        results.national_by_nation = {n: [r for r in national if _serves_nation(r.service, n)] for n in NATIONS}
    return results


def _uk_rank(areas: list[Area]) -> int | None:
    # With no place and no nation, every national service is relevant (grouped by nation on the page).
    kinds = {a.kind for a in areas}
    if "uk" in kinds:
        return RANK["uk"]
    return RANK["nation"] if "nation" in kinds else None


def _serves_nation(service: ServiceView, nation: str) -> bool:
    return any(a.kind == "uk" or (a.kind == "nation" and a.code == nation) for a in service.areas)


@dataclass
class _Candidate:
    service_id: int
    name: str
    specific: bool
    areas: list[Area] = field(default_factory=list)


def _candidates(
    session: Session, crime_slug: str, place: Place | None, nation: str | None, hide_before: date
) -> tuple[dict[int, _Candidate], DirectoryIndex]:
    """Areas that may cover the place, for active, recently checked services that help with this crime."""
    index = directory_index.current(session)
    keys: list[tuple[str, str | None]] = [("uk", None)]
    keys += [("nation", nation)] if nation else [("nation", n) for n in NATIONS]
    matches: list[tuple[int, Area]] = []
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
        if place.latitude is not None and place.longitude is not None:
            matches += index.radius_areas(place.latitude, place.longitude)
    for key in keys:
        matches += index.areas.get(key, ())
    out: dict[int, _Candidate] = {}
    for service_id, area in matches:
        candidate = out.get(service_id)
        if candidate is None:
            meta = index.services[service_id]
            specific = crime_slug in meta.crime_types
            if not (meta.all_crime_types or specific) or (
                meta.checked_on is not None and meta.checked_on < hide_before
            ):
                continue
            candidate = out[service_id] = _Candidate(service_id, meta.name, specific)
        candidate.areas.append(area)
    return out, index


def _nearest_locations(index: DirectoryIndex, service_ids: list[int], place: Place | None) -> dict[int, float]:
    """Approximate miles to each service's nearest public location, for ordering (exact distances are
    worked out with geopy only for the services shown)."""
    if place is None or place.latitude is None or place.longitude is None:
        return {}
    here = (place.latitude, place.longitude)
    out: dict[int, float] = {}
    for service_id in service_ids:
        points = index.locations.get(service_id)
        if points:
            out[service_id] = min(approximate_miles(here, point) for point in points)
    return out


def _result(
    service: ServiceView,
    rank: int,
    specific: bool,
    place: Place | None,
    nation: str | None,
    now: datetime,
    stale_before: date,
) -> ServiceResult:
    hours = hours_from_rows(service.always_open, service.sessions, service.closed_on_bank_holidays, service.changes)
    distance = None
    if place is not None and place.latitude is not None and place.longitude is not None:
        here = (place.latitude, place.longitude)
        distances = [
            miles_between(here, (loc.latitude, loc.longitude))
            for loc in service.locations
            if not loc.confidential and loc.latitude is not None and loc.longitude is not None
        ]
        distance = min(distances) if distances else None
    return ServiceResult(
        service=service,
        rank=rank,
        specific=specific,
        distance_miles=distance,
        open_status=open_status(hours, now, nation or "england"),
        hours_lines=describe(hours),
        stale=service.checked_on is None or service.checked_on < stale_before,
    )
