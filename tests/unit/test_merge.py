"""Field-level merging of listing changes (signpost.listings.merge)."""

from __future__ import annotations

from typing import Any

from signpost.listings.merge import GROUPS, changed, conflicts, merge, touched
from signpost.listings.snapshot import LABELS

BASE: dict[str, Any] = {
    "name": "Victim Lincs",
    "description": "Old description",
    "phones": [{"kind": "voice", "number": "01522 947510", "note": None}],
    "hours": {
        "always_open": False,
        "weekly": [
            {"days": ["mon"], "opens": "08:00", "closes": "16:00"},
            {"days": ["tue"], "opens": "08:00", "closes": "16:00"},
        ],
        "bank_holidays": "open",
        "exceptions": [],
        "note": None,
    },
    "areas": [{"kind": "radius", "location": "hub", "miles": 10}, {"kind": "nation", "code": "england"}],
    "locations": [{"id": "hub", "name": "Hub", "latitude": 53.2342, "longitude": -0.5386}],
    "email": None,
}


def test_only_the_fields_a_request_changes_count_and_order_or_emptiness_does_not() -> None:
    reordered = BASE | {
        "hours": BASE["hours"] | {"weekly": list(reversed(BASE["hours"]["weekly"]))},
        "areas": list(reversed(BASE["areas"])),
        "email": "",
    }
    assert changed(BASE, reordered) == []
    assert changed(BASE, BASE | {"description": "New"}) == ["description"]
    assert changed(BASE, BASE | {"locations": []}) == ["areas"]  # areas and places are one field


def test_different_fields_merge_and_the_same_field_conflicts() -> None:
    theirs = BASE | {"phones": [*BASE["phones"], {"kind": "text", "number": "07860 077333", "note": None}]}
    mine = BASE | {"description": "Mine"}
    assert conflicts(BASE, mine, theirs) == []
    assert merge(BASE, mine, theirs) == theirs | {"description": "Mine"}

    also_mine = BASE | {"description": "Mine", "phones": []}
    (conflict,) = conflicts(BASE, also_mine, theirs)
    assert conflict.key == "phones" and conflict.label == "Phone numbers"
    assert (conflict.base, conflict.current, conflict.proposed) == (
        {"phones": BASE["phones"]},
        {"phones": theirs["phones"]},
        {"phones": []},
    )
    assert merge(BASE, also_mine, theirs, keep_current={"phones"}) == theirs | {"description": "Mine"}
    assert merge(BASE, also_mine, theirs) == theirs | {"description": "Mine", "phones": []}


def test_the_same_change_made_twice_is_no_conflict() -> None:
    both = BASE | {"description": "Same"}
    assert conflicts(BASE, both, both) == []


def test_touched_keeps_what_the_form_could_not_show_exactly() -> None:
    # The form turns a curated place into "place-1" at its postcode's centre: untouched, it stays as it was.
    as_sent = BASE | {
        "locations": [{"id": "place-1", "name": "Hub", "latitude": 53.23, "longitude": -0.54}],
        "areas": [{"kind": "nation", "code": "england"}, {"kind": "radius", "location": "place-1", "miles": 10}],
    }
    sent = as_sent | {"description": "New"}
    assert touched(BASE, sent, as_sent) == BASE | {"description": "New"}
    moved = as_sent | {"locations": [{"id": "place-1", "name": "New hub", "latitude": 53.0, "longitude": -0.5}]}
    result = touched(BASE, moved, as_sent)
    assert result["locations"] == moved["locations"] and result["areas"] == moved["areas"]


def test_every_field_of_a_listing_is_merged() -> None:
    # A field left out of GROUPS would be dropped when a change is published.
    assert sorted(f for group in GROUPS for f in group) == sorted(LABELS)
    assert changed({}, {field: "changed" for field in LABELS}) == [group[0] for group in GROUPS]
