"""Coverage rules: does a service area cover a place, and how local is that coverage?"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geopy.distance import EARTH_RADIUS, great_circle

from signpost.geo.places import Place

# Most local first: the order "Support in your area" is sorted by.
RANK = {"postcode_district": 0, "radius": 1, "local_authority": 2, "police_force_area": 3, "nation": 4, "uk": 5}
NATIONAL_KINDS = {"nation", "uk"}
# Slightly less than the true ~69.05, so boxes built with it are never too small.
MILES_PER_DEGREE_LATITUDE = 69.0
EARTH_RADIUS_MILES: float = float(EARTH_RADIUS) / 1.609344  # geopy's mean radius, so both measures agree


@dataclass(frozen=True, slots=True)
class Area:
    kind: str
    code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_miles: float | None = None


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles (within 0.5% of geodesic): what a victim reads, and radius coverage.

    geopy's geodesic is exact but about 25 times slower, and a signpost says "about 3.2 miles".
    """
    return float(great_circle(a, b).miles)


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The same great-circle distance as miles_between, without geopy's object overhead: the coverage
    check runs for every radius area near every search."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlat, dlon = lat2 - lat1, math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """(min lat, min lon, max lat, max lon) of a box holding every point within `miles` of the centre."""
    dlat = miles / MILES_PER_DEGREE_LATITUDE
    dlon = miles / (MILES_PER_DEGREE_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    return latitude - dlat, longitude - dlon, latitude + dlat, longitude + dlon


def approximate_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in miles, within about 0.5% of geodesic at UK scales: cheap enough to rank
    hundreds of services per search."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(mean_lat)
    dy = math.radians(b[0] - a[0])
    return EARTH_RADIUS_MILES * math.hypot(dx, dy)


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
