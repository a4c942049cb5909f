"""The index's radius areas: circles_holding finds exactly the circles haversine_miles says hold a point, edge
included, for the crime asked about."""

from __future__ import annotations

import random

from signpost.directory.circles import Circle, file_circle
from signpost.directory.coverage import haversine_miles, haversine_reach
from signpost.directory.index import DirectoryIndex


def _index(circles: list[Circle]) -> DirectoryIndex:
    index = DirectoryIndex(1)
    for circle in circles:
        file_circle(index.radius_cells, circle)
    return index


def _held(circles: list[Circle], point: tuple[float, float], crime: str) -> list[Circle]:
    """The rule written out: every circle for the crime whose centre is within its radius of the point."""
    return [
        c
        for c in circles
        if (c.crime_types is None or crime in c.crime_types)
        and haversine_miles((c.latitude, c.longitude), point) <= c.miles
    ]


def test_the_circles_holding_a_point_are_those_within_their_radius_in_the_order_filed() -> None:
    rng = random.Random(7)
    crimes = (frozenset({"burglary"}), frozenset({"fraud", "burglary"}), frozenset({"fraud"}), None)
    circles = [
        Circle(n, rng.uniform(49.9, 60.8), rng.uniform(-8.0, 1.7), rng.choice((0.5, 3.0, 10.0, 25.0, 60.0)), c)
        for n, c in enumerate(rng.choice(crimes) for _ in range(1200))
    ]
    index = _index(circles)
    points = [(rng.uniform(49.9, 60.8), rng.uniform(-8.0, 1.7)) for _ in range(600)]
    # Points near circles too, most of them within a mile of the edge, so both answers are met often.
    for circle in rng.sample(circles, 600):
        points.append((circle.latitude + rng.uniform(-0.4, 0.4), circle.longitude + rng.uniform(-0.6, 0.6)))
    held_somewhere = 0
    for point in points:
        for crime in ("burglary", "fraud"):
            found = index.circles_holding(point, crime)
            assert found == _held(circles, point, crime), (point, crime)
            held_somewhere += bool(found)
    assert held_somewhere > len(points) // 2


def test_a_point_exactly_at_the_radius_is_held_as_haversine_miles_says() -> None:
    # The reach is compared where rounding cannot decide; at the edge, haversine_miles decides as the rules do.
    rng = random.Random(3)
    for n in range(5000):
        centre = (rng.uniform(49.9, 60.8), rng.uniform(-8.0, 1.7))
        point = (centre[0] + rng.uniform(-0.3, 0.3), centre[1] + rng.uniform(-0.5, 0.5))
        circle = Circle(n, *centre, haversine_miles(centre, point))  # the point is exactly on the edge
        assert _index([circle]).circles_holding(point, "burglary") == [circle], (centre, point)


def test_the_reach_is_the_haversine_term_of_a_point_that_far_away() -> None:
    assert haversine_reach(0.0) == 0.0
    assert haversine_reach(10_000_000.0) == 1.0  # further than the far side of the Earth: everywhere is held
    centre, point = (53.2, -0.54), (52.95, -1.15)
    miles = haversine_miles(centre, point)
    assert abs(haversine_reach(miles) - Circle(1, *centre, miles).reach) == 0.0
    assert haversine_reach(miles * 0.999) < Circle(1, *centre, miles).reach < haversine_reach(miles * 1.001)
