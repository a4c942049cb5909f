"""The offline area -> nation map that picks a fallback page without the database."""

from __future__ import annotations

import pytest

from signpost.config import PROJECT_ROOT
from signpost.fallback.areas import AreaMap, Landing, area_map

AREAS = area_map(PROJECT_ROOT / "data" / "geo")


@pytest.mark.parametrize(
    ("slug", "nation"),
    [
        ("cf10-1", "wales"),  # sector
        ("cf10", "wales"),  # district
        ("eh1-1", "scotland"),
        ("g1", "scotland"),
        ("bt1", "northern-ireland"),
        ("bt1-5", "northern-ireland"),  # NI sectors are not in the GB sector table: the letters decide
        ("ln1-3", "england"),
        ("w1", "england"),  # a legacy parent district (W1A..W1W)
        ("ln", "england"),  # a postcode area wholly in one nation
        ("wales", "wales"),
        ("uk", "uk"),
        ("zz9", "uk"),  # not a postcode
        ("im1", "uk"),  # Isle of Man: not a UK nation
    ],
)
def test_nation_for_slug(slug: str, nation: str) -> None:
    assert AREAS.nation_for_slug(slug) == nation


def test_a_sector_row_beats_its_district() -> None:
    areas = AreaMap(districts={"TD15": "england"}, sectors={"TD15 9": "scotland"})
    assert areas.nation_for_slug("td15-9") == "scotland"
    assert areas.nation_for_slug("td15-1") == "england"  # no sector row: the district's nation


def test_an_area_split_between_nations_is_uk() -> None:
    areas = AreaMap(districts={"CH1": "england", "CH5": "wales"}, sectors={})
    assert areas.nation_for_slug("ch") == "uk"


@pytest.mark.parametrize(
    ("typed", "landing"),
    [
        ("CF10 1AA", Landing("wales", "cf10-1")),
        ("kt24 5du", Landing("england", "kt24-5")),
        ("EH1", Landing("scotland", "eh1")),
        ("BT1 5GS", Landing("northern-ireland", "bt1")),
        ("W1", Landing("england", None)),  # coarser than a district: the page, no redirect
        ("IM1 1AA", Landing("uk", None)),
        ("not a postcode", Landing("uk", None)),
    ],
)
def test_landing_for_a_typed_postcode_keeps_at_most_the_sector(typed: str, landing: Landing) -> None:
    assert AREAS.landing_for_postcode(typed) == landing


def test_every_slug_in_the_web_server_map_reads_back_to_its_nation() -> None:
    pairs = list(AREAS.slugs())
    assert len(pairs) > 13_000
    assert all(AREAS.nation_for_slug(slug) == nation for slug, nation in pairs)
