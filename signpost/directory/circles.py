"""Radius areas ("within 10 miles of" a place) as circles, filed on a grid: which circles hold a point.

A search meets the circles filed under its point's grid cell (some 200 in a city's cell, 10-25 miles across) and
keeps those for its crime whose circle holds the point, by the same rule as coverage.haversine_miles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from signpost.directory.coverage import MILES_PER_DEGREE_LATITUDE, bounding_box, haversine_miles, haversine_reach

GRID_DEGREES = 0.25  # radius areas are filed under every grid cell their bounding box touches
INSIDE_EDGE, OUTSIDE_EDGE = 1 - 1e-9, 1 + 1e-9  # see holding


@dataclass(frozen=True, slots=True)
class Circle:
    service_id: int
    latitude: float
    longitude: float
    miles: float
    crime_types: frozenset[str] | None = None  # its service's (the same object); None: it helps with any crime
    # What `holding`'s haversine reads of the circle, worked out once rather than for each search.
    radians: float = field(init=False)
    cos_latitude: float = field(init=False)
    reach: float = field(init=False)

    def __post_init__(self) -> None:
        radians = math.radians(self.latitude)
        object.__setattr__(self, "radians", radians)
        object.__setattr__(self, "cos_latitude", math.cos(radians))
        object.__setattr__(self, "reach", haversine_reach(self.miles))


def holding(cells: dict[tuple[int, int], list[Circle]], point: tuple[float, float], crime_slug: str) -> list[Circle]:
    """The circles for this crime type (or any crime) filed in `cells` that hold `point`, in the order filed."""
    latitude, longitude = point
    radians = math.radians(latitude)
    cos_latitude = math.cos(radians)
    sin, to_radians = math.sin, math.radians
    found = []
    for circle in cells.get(_cell(*point), ()):
        # For this crime (a city's cell holds some 200 circles, a quarter of them for any one crime); then
        # further north or south than the radius is outside (a degree of latitude is over 69 miles).
        if (circle.crime_types is not None and crime_slug not in circle.crime_types) or abs(
            latitude - circle.latitude
        ) * MILES_PER_DEGREE_LATITUDE > circle.miles:
            continue
        # haversine_miles((circle.latitude, circle.longitude), point) <= circle.miles: the same sum of the same
        # terms, compared with the circle's reach rather than turned into miles; where rounding could decide
        # (a point a billionth of the reach from the edge), by haversine_miles itself.
        h = (
            sin((radians - circle.radians) / 2) ** 2
            + circle.cos_latitude * cos_latitude * sin(to_radians(longitude - circle.longitude) / 2) ** 2
        )
        if h <= circle.reach * INSIDE_EDGE or (
            h <= circle.reach * OUTSIDE_EDGE
            and haversine_miles((circle.latitude, circle.longitude), point) <= circle.miles
        ):
            found.append(circle)
    return found


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / GRID_DEGREES), math.floor(longitude / GRID_DEGREES)


def file_circle(cells: dict[tuple[int, int], list[Circle]], circle: Circle) -> None:
    # The box is worked out here from the circle, not read from the table, so it can never disagree.
    min_lat, min_lon, max_lat, max_lon = bounding_box(circle.latitude, circle.longitude, circle.miles)
    (low_lat, low_lon), (high_lat, high_lon) = _cell(min_lat, min_lon), _cell(max_lat, max_lon)
    for cell_lat in range(low_lat, high_lat + 1):
        for cell_lon in range(low_lon, high_lon + 1):
            cells.setdefault((cell_lat, cell_lon), []).append(circle)
