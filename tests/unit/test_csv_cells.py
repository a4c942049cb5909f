"""Readable CSV cells: written and read back to the same value, and every unreadable item named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from signpost.listings.areas import area_lookup
from signpost.listings.csv_cells import (
    areas_cell,
    hours_cell,
    locations_cell,
    parse_areas,
    parse_hours,
    parse_locations,
)
from signpost.listings.csv_format import split_items

GEO = str(Path(__file__).resolve().parents[2] / "data" / "geo")


def _day(day: str, opens: str, closes: str) -> dict[str, Any]:
    return {"days": [day], "opens": opens, "closes": closes}


def test_hours_read_as_people_write_them_and_back() -> None:
    hours = {
        "always_open": False,
        "weekly": [_day(d, "09:00", "17:00") for d in ("mon", "tue", "wed", "thu", "fri")]
        + [_day("sat", "10:00", "13:00"), _day("sun", "10:00", "12:00"), _day("sun", "14:00", "16:00")],
        "bank_holidays": "closed",
        "exceptions": [
            {"date": "2026-12-24", "closed": False, "opens": "10:00", "closes": "14:00", "note": "Christmas Eve"},
            {"date": "2026-12-25", "closed": True},
        ],
        "note": "Calls cost nothing; texts too",
    }
    cell = hours_cell(hours)
    assert split_items(cell) == [
        "Mon-Fri 09:00-17:00",
        "Sat 10:00-13:00",
        "Sun 10:00-12:00",
        "Sun 14:00-16:00",
        "bank holidays closed",
        "2026-12-24 10:00-14:00 Christmas Eve",
        "2026-12-25 closed",
        "note: Calls cost nothing; texts too",
    ]
    problems: list[tuple[str, str]] = []
    assert parse_hours(cell, problems) == hours and problems == []
    assert parse_hours("open 24 hours", problems) == {
        "always_open": True, "weekly": [], "bank_holidays": "open", "exceptions": [],
    }  # fmt: skip
    assert [d["days"] for d in parse_hours("Sat,Sun 10:00-12:00", problems)["weekly"]] == [["sat"], ["sun"]]  # type: ignore[index]


def test_unreadable_hours_name_each_item_and_give_no_hours() -> None:
    problems: list[tuple[str, str]] = []
    assert parse_hours("Mon-Fry 09:00-17:00; Sat 10-13; bank holidays closed", problems) is None
    assert [message.split(" is not")[0] for _, message in problems] == ["'Mon-Fry 09:00-17:00'", "'Sat 10-13'"]


def test_areas_by_name_read_back_to_the_same_codes() -> None:
    lookup = area_lookup(GEO)
    areas = [
        {"kind": "police_force_area", "code": "E23000020"},
        {"kind": "local_authority", "code": "E07000138"},
        {"kind": "postcode_district", "code": "LN1"},
        {"kind": "nation", "code": "wales"},
        {"kind": "radius", "location": "hub", "miles": 7.5},
    ]
    cell = areas_cell(areas, lookup)
    assert cell == "Lincolnshire Police;Lincoln;LN1;Wales;within 7.5 miles of hub"
    problems: list[tuple[str, str]] = []
    assert parse_areas(cell, lookup, problems) == areas and problems == []
    assert parse_areas("police_force_area:E23000020; radius:hub:7.5", lookup, problems) == [areas[0], areas[-1]]
    assert parse_areas("Atlantis", lookup, problems) == [] and "'Atlantis' is not" in problems[0][1]


def test_places_read_back_including_private_addresses() -> None:
    places = [
        {"id": "hub", "name": "Lincoln hub", "address": "1 Castle Square, Lincoln", "postcode": "LN1 3AA",
         "latitude": 53.2342, "longitude": -0.5386, "confidential": False},
        {"id": "refuge", "name": "Refuge", "address": None, "postcode": None,
         "latitude": 53.1, "longitude": -0.4, "confidential": True},
    ]  # fmt: skip
    cell = locations_cell(places)
    problems: list[tuple[str, str]] = []
    assert parse_locations(cell, problems) == places and problems == []
    assert parse_locations("hub: Lincoln hub | LN1 3AA", problems) == [] and len(problems) == 1
