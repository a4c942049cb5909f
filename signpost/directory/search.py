"""find_support: for a crime type and a place, everything the results page shows, in its order."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from signpost.directory.coverage import RANK, Area, best_rank, miles_between
from signpost.directory.hours import OpenStatus, describe, hours_from_rows, open_status
from signpost.geo.places import Place
from signpost.models import (
    Advice,
    CrimeType,
    PoliceForce,
    RightsCharter,
    Service,
    ServiceArea,
    service_crime_type,
)

NATIONS = ("england", "wales", "scotland", "northern-ireland")
JURISDICTION = {
    "england": "england-wales",
    "wales": "england-wales",
    "scotland": "scotland",
    "northern-ireland": "northern-ireland",
}
MILES_PER_DEGREE_LATITUDE = 69.0


@dataclass(frozen=True)
class Freshness:
    stale_after_months: int = 12
    hide_after_months: int = 24


@dataclass
class ServiceResult:
    service: Service
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
    police_force: PoliceForce | None
    other_forces: list[PoliceForce]
    national: list[ServiceResult]
    local: list[ServiceResult]
    next_steps: list[Advice]
    prevention: list[Advice]
    rights: list[RightsCharter]
    national_by_nation: dict[str, list[ServiceResult]] = field(default_factory=dict)


def crime_type(session: Session, slug: str) -> CrimeType | None:
    crime = session.get(CrimeType, slug)
    return crime if crime is not None and crime.active else None


def crime_types(session: Session) -> list[CrimeType]:
    return list(session.scalars(select(CrimeType).where(CrimeType.active).order_by(CrimeType.position)))


def advice_for(session: Session, crime: CrimeType) -> tuple[list[Advice], list[Advice]]:
    """(what to do next, how to stop it happening again) for one crime type."""
    rows = session.scalars(select(Advice).where(Advice.crime_type_slug == crime.slug).order_by(Advice.position))
    items = list(rows)
    return [a for a in items if a.kind == "next_step"], [a for a in items if a.kind == "prevention"]


def rights_charters(
    session: Session, jurisdictions: tuple[str, ...] = tuple(dict.fromkeys(JURISDICTION.values()))
) -> list[RightsCharter]:
    """The victims' rights statements for these legal systems, in order."""
    return [c for j in jurisdictions if (c := session.get(RightsCharter, j)) is not None]


def find_support(
    session: Session,
    crime: CrimeType,
    place: Place | None,
    now: datetime,
    nation: str | None = None,
    freshness: Freshness = Freshness(),
) -> Results:
    """Who can help with `crime` at `place` (or in `nation`, or anywhere in the UK when both are None)."""
    nation = place.nation if place is not None else nation
    candidates = _candidate_areas(session, crime.slug, place, nation)
    ranks: dict[int, int] = {}
    for service_id, areas in candidates.items():
        rank = best_rank(areas, place, nation) if nation or place else _uk_rank(areas)
        if rank is not None:
            ranks[service_id] = rank
    services = _load_services(session, list(ranks))
    specific_ids = set(
        session.scalars(
            select(service_crime_type.c.service_id).where(
                service_crime_type.c.crime_type_slug == crime.slug, service_crime_type.c.service_id.in_(list(ranks))
            )
        )
    )
    today = now.date()
    hide_before = today - relativedelta(months=freshness.hide_after_months)
    stale_before = today - relativedelta(months=freshness.stale_after_months)
    national: list[ServiceResult] = []
    local: list[ServiceResult] = []
    for service in services:
        if service.checked_on is not None and service.checked_on < hide_before:
            continue
        result = _result(service, ranks[service.id], service.id in specific_ids, place, nation, now, stale_before)
        (national if result.rank >= RANK["nation"] else local).append(result)
    national.sort(key=lambda r: (not r.specific, r.service.id))
    local.sort(key=lambda r: (r.rank, r.distance_miles if r.distance_miles is not None else math.inf, r.service.name))

    force = session.get(PoliceForce, place.pfa_code) if place and place.pfa_code else None
    other_forces = [f for f in (session.get(PoliceForce, c) for c in (place.other_pfa_codes if place else ())) if f]
    next_steps, prevention = advice_for(session, crime)
    rights = rights_charters(session, (JURISDICTION[nation],)) if nation else rights_charters(session)
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


def _serves_nation(service: Service, nation: str) -> bool:
    return any(a.kind == "uk" or (a.kind == "nation" and a.code == nation) for a in service.areas)


def _candidate_areas(
    session: Session, crime_slug: str, place: Place | None, nation: str | None
) -> dict[int, list[Area]]:
    """Service areas that may cover the place, for active services that help with this crime (one query)."""
    conditions = [ServiceArea.kind == "uk"]
    conditions.append(
        ServiceArea.kind == "nation"
        if nation is None
        else and_(ServiceArea.kind == "nation", ServiceArea.code == nation)
    )
    if place is not None:
        if place.pfa_code:
            conditions.append(and_(ServiceArea.kind == "police_force_area", ServiceArea.code == place.pfa_code))
        if place.lad_code:
            conditions.append(and_(ServiceArea.kind == "local_authority", ServiceArea.code == place.lad_code))
        if place.district:
            conditions.append(and_(ServiceArea.kind == "postcode_district", ServiceArea.code == place.district))
        if place.latitude is not None and place.longitude is not None:
            conditions.append(
                and_(
                    ServiceArea.kind == "radius",
                    ServiceArea.min_latitude <= place.latitude,
                    ServiceArea.max_latitude >= place.latitude,
                    ServiceArea.min_longitude <= place.longitude,
                    ServiceArea.max_longitude >= place.longitude,
                )
            )
    serves_crime = or_(
        Service.all_crime_types,
        Service.id.in_(
            select(service_crime_type.c.service_id).where(service_crime_type.c.crime_type_slug == crime_slug)
        ),
    )
    rows = session.execute(
        select(
            ServiceArea.service_id,
            ServiceArea.kind,
            ServiceArea.code,
            ServiceArea.latitude,
            ServiceArea.longitude,
            ServiceArea.radius_miles,
        )
        .join(Service, Service.id == ServiceArea.service_id)
        .where(Service.status == "active", or_(*conditions), serves_crime)
    )
    out: dict[int, list[Area]] = {}
    for service_id, kind, code, lat, lon, miles in rows:
        out.setdefault(service_id, []).append(Area(kind, code, lat, lon, miles))
    return out


def _load_services(session: Session, ids: list[int]) -> list[Service]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(Service)
            .where(Service.id.in_(ids))
            .options(
                selectinload(Service.organisation),
                selectinload(Service.phones),
                selectinload(Service.opening_hours),
                selectinload(Service.exceptions),
                selectinload(Service.locations),
                selectinload(Service.areas),
            )
        )
    )


def _result(
    service: Service,
    rank: int,
    specific: bool,
    place: Place | None,
    nation: str | None,
    now: datetime,
    stale_before: date,
) -> ServiceResult:
    hours = hours_from_rows(
        service.always_open,
        [(h.weekday, h.opens, h.closes) for h in service.opening_hours],
        service.closed_on_bank_holidays,
        [(e.day, e.closed, e.opens, e.closes) for e in service.exceptions],
    )
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
