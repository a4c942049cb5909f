"""Coverage: how local each kind of service area is, and the distances searches use.

Which areas cover a place is worked out by the in-memory index (signpost.directory.index); the rules
written out one area at a time, which the tests check the index against, are in tests/support/coverage_rules.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geopy import units
from geopy.distance import EARTH_RADIUS, geodesic

# Most local first: the order "Support in your area" is sorted by.
RANK = {"postcode_district": 0, "radius": 1, "local_authority": 2, "police_force_area": 3, "nation": 4, "uk": 5}
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
    """Geodesic distance in miles (geopy, WGS-84): the distance a victim reads on a service's card.

    Exact, and slow (a few hundred microseconds), so it is worked out only for the few services a page
    shows; ranking and radius coverage use the cheap approximations below.
    """
    return float(units.miles(kilometers=_GEODESIC.measure(a, b)))


# One geodesic measure for every call: geodesic(a, b) sets up a new WGS-84 ellipsoid each time, which
# was two thirds of its cost (the same sum in kilometres, then the same conversion as Distance.miles).
_GEODESIC = geodesic()


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles on geopy's mean Earth radius (within 0.5% of geodesic): the
    coverage check runs for every radius area near every search."""
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
