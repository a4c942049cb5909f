"""Coverage rules: does a service area cover a place, and how local is that coverage?"""

from __future__ import annotations

from dataclasses import dataclass

from geopy.distance import geodesic

from signpost.geo.places import Place

# Most local first: the order "Support in your area" is sorted by.
RANK = {"postcode_district": 0, "radius": 1, "local_authority": 2, "police_force_area": 3, "nation": 4, "uk": 5}
NATIONAL_KINDS = {"nation", "uk"}


@dataclass(frozen=True)
class Area:
    kind: str
    code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_miles: float | None = None


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic(a, b).miles)


def covers(area: Area, place: Place | None, nation: str | None) -> bool:
    """True if `area` covers the place (or, with no place, the nation; with neither, only UK-wide areas)."""
    if area.kind == "uk":
        return True
    if area.kind == "nation":
        return area.code == (place.nation if place else nation)
    if place is None:
        return False
    if area.kind == "police_force_area":
        return area.code == place.pfa_code
    if area.kind == "local_authority":
        return place.lad_code is not None and area.code == place.lad_code
    if area.kind == "postcode_district":
        return place.district is not None and area.code == place.district
    if area.kind == "radius":
        if None in (area.latitude, area.longitude, area.radius_miles, place.latitude, place.longitude):
            return False
        centre = (area.latitude or 0.0, area.longitude or 0.0)
        return miles_between(centre, (place.latitude or 0.0, place.longitude or 0.0)) <= (area.radius_miles or 0.0)
    return False


def best_rank(areas: list[Area], place: Place | None, nation: str | None) -> int | None:
    """The rank of the most local area that covers the place, or None if none does."""
    ranks = [RANK[a.kind] for a in areas if covers(a, place, nation)]
    return min(ranks) if ranks else None
