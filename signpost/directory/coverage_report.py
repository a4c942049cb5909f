"""Coverage report: how many local services each police force area has for each crime type, so gaps show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from signpost.geo.postcodes import parse_postcode
from signpost.models import CrimeType, LocalAuthority, PoliceForce, PostcodeDistrict, Service, ServiceArea


@dataclass(frozen=True)
class CoverageReport:
    crime_types: list[CrimeType]
    forces: list[PoliceForce]
    counts: Counter[tuple[str, str]]  # (crime slug, police force area code) -> local services

    def count(self, crime: str, pfa: str) -> int:
        return self.counts[(crime, pfa)]

    def gaps(self) -> list[tuple[CrimeType, PoliceForce]]:
        return [(c, f) for f in self.forces for c in self.crime_types if self.counts[(c.slug, f.code)] == 0]


def _forces_for_service(session: Session, service: Service, lad_pfa: dict[str, str]) -> set[str]:
    """The police force areas a service's local areas reach (national areas are not local)."""
    found = (_force_for_area(session, service, area, lad_pfa) for area in service.areas)
    return {force for force in found if force}


def _force_for_area(session: Session, service: Service, area: ServiceArea, lad_pfa: dict[str, str]) -> str | None:
    if area.kind == "police_force_area":
        return area.code
    if area.kind == "local_authority":
        return lad_pfa.get(area.code or "")
    if area.kind == "postcode_district":
        district_code = area.code
    elif area.kind == "radius":
        # Approximate a radius by the force of the centre's postcode district.
        location = next((loc for loc in service.locations if loc.id == area.location_id), None)
        district_code = parse_postcode(location.postcode or "").district if location else None
    else:
        return None
    district = session.get(PostcodeDistrict, district_code) if district_code else None
    return district.pfa_code if district is not None else None


def coverage_report(session: Session) -> CoverageReport:
    crimes = list(session.scalars(select(CrimeType).where(CrimeType.active).order_by(CrimeType.position)))
    forces = list(session.scalars(select(PoliceForce).order_by(PoliceForce.name)))
    lad_pfa = {la.code: la.pfa_code for la in session.scalars(select(LocalAuthority))}
    services = session.scalars(
        select(Service)
        .where(Service.status == "active")
        .options(selectinload(Service.areas), selectinload(Service.crime_types), selectinload(Service.locations))
    )
    counts: Counter[tuple[str, str]] = Counter()
    for service in services:
        slugs = [c.slug for c in crimes] if service.all_crime_types else [c.slug for c in service.crime_types]
        for pfa in _forces_for_service(session, service, lad_pfa):
            for slug in slugs:
                counts[(slug, pfa)] += 1
    return CoverageReport(crimes, forces, counts)
