"""Tests for signpost.directory.coverage: which service areas cover a place, and how locally."""

from __future__ import annotations

import dataclasses

import pytest

from signpost.directory.coverage import RANK, Area, haversine_miles, miles_between
from signpost.geo.places import Level, Place
from signpost.geo.postcodes import Territory
from tests.support.coverage_rules import best_rank, covers

LINCOLN_CATHEDRAL = (53.2343, -0.5361)
NOTTINGHAM_COUNCIL_HOUSE = (52.9533, -1.1496)
LINCOLNSHIRE_POLICE = "E23000020"
NOTTINGHAMSHIRE_POLICE = "E23000019"
CITY_OF_LINCOLN = "E07000138"


def place(**changes: object) -> Place:
    """The LN1 3 sector in Lincoln, as resolve() would give it, with any field changed."""
    base = Place(
        level=Level.SECTOR,
        label="LN1 3",
        slug="ln1-3",
        territory=Territory.ENGLAND,
        latitude=53.243959,
        longitude=-0.543667,
        lad_code=CITY_OF_LINCOLN,
        lad_name="Lincoln",
        pfa_code=LINCOLNSHIRE_POLICE,
        pfa_share=1.0,
        other_pfa_shares=(),
        district="LN1",
        post_town="Lincoln",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


LINCOLN = place()
NOTTINGHAM = place(
    label="NG1 2",
    slug="ng1-2",
    latitude=NOTTINGHAM_COUNCIL_HOUSE[0],
    longitude=NOTTINGHAM_COUNCIL_HOUSE[1],
    lad_code="E06000018",
    lad_name="Nottingham",
    pfa_code=NOTTINGHAMSHIRE_POLICE,
    district="NG1",
    post_town="Nottingham",
)
CARDIFF = place(
    label="CF10 1",
    slug="cf10-1",
    territory=Territory.WALES,
    latitude=51.478149,
    longitude=-3.179911,
    lad_code="W06000015",
    lad_name="Cardiff",
    pfa_code="W15000003",
    district="CF10",
    post_town="Cardiff",
)


def radius(centre: tuple[float, float], miles: float) -> Area:
    return Area("radius", latitude=centre[0], longitude=centre[1], radius_miles=miles)


# --- distances -----------------------------------------------------------------------------------------------


def test_miles_between_real_places() -> None:
    # Lincoln Cathedral to Nottingham's Council House is about 33 miles as the crow flies.
    assert 31 < miles_between(LINCOLN_CATHEDRAL, NOTTINGHAM_COUNCIL_HOUSE) < 35
    assert miles_between(LINCOLN_CATHEDRAL, LINCOLN_CATHEDRAL) == 0
    assert miles_between(LINCOLN_CATHEDRAL, NOTTINGHAM_COUNCIL_HOUSE) == pytest.approx(
        miles_between(NOTTINGHAM_COUNCIL_HOUSE, LINCOLN_CATHEDRAL)
    )


def test_miles_between_is_exactly_geopys_great_circle_miles_and_close_to_the_geodesic() -> None:
    import random

    from geopy.distance import geodesic, great_circle

    rng = random.Random(3)
    for _ in range(2000):
        a = (rng.uniform(49.9, 60.8), rng.uniform(-8.1, 1.7))
        b = (a[0] + rng.uniform(-0.7, 0.7), a[1] + rng.uniform(-0.7, 0.7))
        assert miles_between(a, b) == great_circle(a, b).miles  # the very same float, not only close
        exact = geodesic(a, b).miles
        assert abs(miles_between(a, b) - exact) <= 0.005 * exact


# --- each kind of area ---------------------------------------------------------------------------------------


def test_uk_covers_everywhere_and_the_whole_uk() -> None:
    area = Area("uk")
    assert covers(area, LINCOLN, None)
    assert covers(area, CARDIFF, None)
    assert covers(area, None, "scotland")
    assert covers(area, None, None)


def test_nation_covers_places_in_that_nation_only() -> None:
    england = Area("nation", "england")
    assert covers(england, LINCOLN, None)
    assert not covers(england, CARDIFF, None)
    assert covers(Area("nation", "wales"), CARDIFF, None)


def test_nation_of_the_place_wins_over_the_nation_argument() -> None:
    assert not covers(Area("nation", "scotland"), LINCOLN, "scotland")
    assert covers(Area("nation", "england"), LINCOLN, "scotland")


def test_northern_ireland_nation_code_matches_the_place() -> None:
    belfast = place(territory=Territory.NORTHERN_IRELAND, pfa_code="N23000001", lad_code=None, district="BT1")
    assert belfast.nation == "northern-ireland"
    assert covers(Area("nation", "northern-ireland"), belfast, None)
    assert not covers(Area("nation", "england"), belfast, None)


def test_police_force_area() -> None:
    area = Area("police_force_area", LINCOLNSHIRE_POLICE)
    assert covers(area, LINCOLN, None)
    assert not covers(area, NOTTINGHAM, None)
    assert not covers(area, place(pfa_code=None), None)


def test_local_authority() -> None:
    area = Area("local_authority", CITY_OF_LINCOLN)
    assert covers(area, LINCOLN, None)
    assert not covers(area, NOTTINGHAM, None)
    # A place found only as a partial postcode (no single council) is not covered by a council's area.
    assert not covers(area, place(lad_code=None), None)
    assert not covers(Area("local_authority", None), place(lad_code=None), None)


def test_postcode_district() -> None:
    area = Area("postcode_district", "LN1")
    assert covers(area, LINCOLN, None)
    assert not covers(area, NOTTINGHAM, None)
    assert not covers(Area("postcode_district", "LN13"), LINCOLN, None)  # not a prefix match
    assert not covers(area, place(district=None), None)
    assert not covers(Area("postcode_district", None), place(district=None), None)


def test_radius_inside_and_outside_using_real_distances() -> None:
    ten_miles = radius(LINCOLN_CATHEDRAL, 10)
    assert covers(ten_miles, LINCOLN, None)  # LN1 3 is under a mile from the cathedral
    assert not covers(ten_miles, NOTTINGHAM, None)  # about 33 miles away
    assert covers(radius(LINCOLN_CATHEDRAL, 35), NOTTINGHAM, None)
    assert not covers(radius(LINCOLN_CATHEDRAL, 30), NOTTINGHAM, None)


def test_radius_edge_is_inclusive() -> None:
    distance = haversine_miles(LINCOLN_CATHEDRAL, NOTTINGHAM_COUNCIL_HOUSE)  # what coverage measures with
    assert covers(radius(LINCOLN_CATHEDRAL, distance), NOTTINGHAM, None)
    assert not covers(radius(LINCOLN_CATHEDRAL, distance - 0.01), NOTTINGHAM, None)


def test_radius_needs_coordinates_on_both_sides() -> None:
    assert not covers(radius(LINCOLN_CATHEDRAL, 10), place(latitude=None, longitude=None), None)
    assert not covers(Area("radius", latitude=None, longitude=None, radius_miles=10), LINCOLN, None)
    assert not covers(Area("radius", latitude=53.2, longitude=-0.5, radius_miles=None), LINCOLN, None)


def test_radius_at_zero_longitude_is_not_treated_as_missing() -> None:
    greenwich = (51.4769, 0.0)
    near_greenwich = place(latitude=51.48, longitude=0.0)
    assert covers(radius(greenwich, 1), near_greenwich, None)


def test_unknown_kind_covers_nothing() -> None:
    assert not covers(Area("planet", "earth"), LINCOLN, "england")


# --- no place: national searches -------------------------------------------------------------------------


def test_nation_only_search_covers_only_national_areas() -> None:
    assert covers(Area("nation", "scotland"), None, "scotland")
    assert not covers(Area("nation", "england"), None, "scotland")
    for area in (
        Area("police_force_area", LINCOLNSHIRE_POLICE),
        Area("local_authority", CITY_OF_LINCOLN),
        Area("postcode_district", "LN1"),
        radius(LINCOLN_CATHEDRAL, 200),
    ):
        assert not covers(area, None, "england"), area


def test_no_place_and_no_nation_covers_only_uk_wide_areas() -> None:
    assert covers(Area("uk"), None, None)
    assert not covers(Area("nation", "england"), None, None)


# --- ranking -------------------------------------------------------------------------------------------------


def test_rank_order_is_most_local_first() -> None:
    order = sorted(RANK, key=RANK.__getitem__)
    assert order == ["postcode_district", "radius", "local_authority", "police_force_area", "nation", "uk"]


def test_best_rank_picks_the_most_local_covering_area() -> None:
    areas = [
        Area("uk"),
        Area("nation", "england"),
        Area("police_force_area", LINCOLNSHIRE_POLICE),
        Area("local_authority", CITY_OF_LINCOLN),
    ]
    assert best_rank(areas, LINCOLN, None) == RANK["local_authority"]
    # In Nottingham only the national areas apply.
    assert best_rank(areas, NOTTINGHAM, None) == RANK["nation"]
    # In Cardiff only the UK-wide one.
    assert best_rank(areas, CARDIFF, None) == RANK["uk"]


def test_best_rank_ignores_local_areas_that_do_not_cover_the_place() -> None:
    areas = [Area("postcode_district", "NG1"), Area("police_force_area", LINCOLNSHIRE_POLICE)]
    assert best_rank(areas, LINCOLN, None) == RANK["police_force_area"]
    assert best_rank([radius(NOTTINGHAM_COUNCIL_HOUSE, 5), Area("nation", "england")], LINCOLN, None) == RANK["nation"]
    assert best_rank([radius(LINCOLN_CATHEDRAL, 5), Area("nation", "england")], LINCOLN, None) == RANK["radius"]


def test_best_rank_is_none_when_nothing_covers() -> None:
    assert best_rank([Area("nation", "wales"), Area("postcode_district", "CF10")], LINCOLN, None) is None
    assert best_rank([], LINCOLN, None) is None
    assert best_rank([Area("police_force_area", LINCOLNSHIRE_POLICE)], None, "england") is None


def test_best_rank_for_a_nation_only_search() -> None:
    areas = [Area("uk"), Area("nation", "wales")]
    assert best_rank(areas, None, "wales") == RANK["nation"]
    assert best_rank(areas, None, "england") == RANK["uk"]


def test_the_cheap_measures_stay_within_half_a_percent_of_geodesic_across_the_uk() -> None:
    from geopy.distance import geodesic, great_circle

    from signpost.directory.coverage import approximate_miles

    pairs = [((53.2343, -0.5361), (52.9533, -1.1496)), ((50.0, -5.5), (58.6, -3.0)), ((54.6, -5.9), (51.5, 0.0))]
    for a, b in pairs:
        exact = float(geodesic(a, b).miles)
        assert abs(haversine_miles(a, b) - float(great_circle(a, b).miles)) < 1e-6 * exact  # geopy's own sphere
        for cheap in (miles_between(a, b), haversine_miles(a, b), approximate_miles(a, b)):
            assert abs(cheap - exact) < 0.005 * exact, (a, b, cheap, exact)
