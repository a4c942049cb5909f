"""Coverage: how local each kind of service area is, and the distances searches use.

Which areas cover a place is worked out by the in-memory index (signpost.directory.index); the rules
written out one area at a time, which the tests check the index against, are in tests/support/coverage_rules.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geopy import units
from geopy.distance import EARTH_RADIUS, great_circle

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
    """Great-circle distance in miles (geopy, on its mean Earth radius): the distance a victim reads on a
    service's card ("About 4.2 miles away").

    Within 0.4% of the WGS-84 geodesic across Great Britain: the figure a card shows moves by at most a tenth
    of a mile within 25 miles, and it costs 5 microseconds instead of the geodesic's 70, six times on every
    page nobody has asked for before. Ranking and radius coverage use the cheaper approximations below.
    """
    return float(units.miles(kilometers=_GREAT_CIRCLE.measure(a, b)))


# One measure for every call, as great_circle(a, b).miles would make a new Distance object each time (the
# same sum in kilometres, then the same conversion as Distance.miles).
_GREAT_CIRCLE = great_circle()


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles on geopy's mean Earth radius (within 0.5% of geodesic): the
    coverage check runs for every radius area near every search."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlat, dlon = lat2 - lat1, math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def haversine_reach(miles: float) -> float:
    """The haversine term (`h` above) of a point exactly `miles` away: a point is within `miles` when its `h` is
    at most this, which tests a radius without the arcsine and square root (see signpost.directory.circles.holding)."""
    return math.sin(min(miles / (2 * EARTH_RADIUS_MILES), math.pi / 2)) ** 2


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
