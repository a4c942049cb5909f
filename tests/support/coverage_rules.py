"""The coverage rules written out one service area at a time: the plain statement the in-memory index
(signpost.directory.index) is checked against (tests/integration/test_caches.py). Tests only: the app asks
the index, which files each service under the areas it covers."""

from __future__ import annotations

from signpost.directory.coverage import RANK, Area, haversine_miles
from signpost.geo.places import Place


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
        return haversine_miles(centre, (place.latitude or 0.0, place.longitude or 0.0)) <= (area.radius_miles or 0.0)
    return False


def best_rank(areas: list[Area], place: Place | None, nation: str | None) -> int | None:
    """The rank of the most local area that covers the place, or None if none does."""
    ranks = [RANK[a.kind] for a in areas if covers(a, place, nation)]
    return min(ranks) if ranks else None
