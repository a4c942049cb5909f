"""Welsh for phone notes and the opening-hours note (`note_cy`): checked like the English, and kept when a
partner edit or a CSV row (neither of which can show them yet) changes the phones or hours."""

from __future__ import annotations

from typing import Any

from signpost.dataset.errors import DataError
from signpost.dataset.fields import RecordChecker
from signpost.dataset.schema.hours import check_hours
from signpost.dataset.schema.services import _phone
from signpost.listings.merge import touched
from signpost.listings.snapshot import hours_data, keep_welsh_notes

PHONE = {"kind": "voice", "number": "0808 168 9111", "note": "Free to call"}
HOURS = {"always_open": True, "note": "Live chat on the website is also open 24 hours."}


def _phone_errors(data: dict[str, Any]) -> tuple[Any, list[DataError]]:
    errors: list[DataError] = []
    record = _phone(RecordChecker("data/services/x.yaml", "svc > phones[1]", data, errors))
    return record, errors


def _hours_errors(data: dict[str, Any]) -> tuple[Any, list[DataError]]:
    errors: list[DataError] = []
    record = check_hours(RecordChecker("data/services/x.yaml", "svc > hours", data, errors))
    return record, errors


def test_a_phone_note_in_welsh_is_read_beside_the_english() -> None:
    record, errors = _phone_errors(PHONE | {"note_cy": "  Am ddim\n i’w ffonio "})
    assert errors == []
    assert (record.note, record.note_cy) == ("Free to call", "Am ddim i’w ffonio")
    assert _phone_errors(PHONE)[0].note_cy is None


def test_a_phone_note_in_welsh_without_the_english_is_an_error() -> None:
    _, errors = _phone_errors({"kind": "voice", "number": "0808 168 9111", "note_cy": "Am ddim i’w ffonio"})
    assert [(e.field, e.kind) for e in errors] == [("note_cy", "needs_english")]
    assert "give the English too" in errors[0].message


def test_a_phone_note_in_welsh_longer_than_the_english_may_be_is_an_error() -> None:
    _, errors = _phone_errors(PHONE | {"note_cy": "A" * 201})
    assert [(e.field, e.kind) for e in errors] == [("note_cy", "too_long")]
    assert "200 characters or fewer (it has 201)" in errors[0].message


def test_the_hours_note_in_welsh_is_checked_like_the_english() -> None:
    record, errors = _hours_errors(HOURS | {"note_cy": "Mae’r sgwrs fyw ar agor 24 awr."})
    assert errors == [] and record.note_cy == "Mae’r sgwrs fyw ar agor 24 awr."
    _, errors = _hours_errors({"always_open": True, "note_cy": "Mae’r sgwrs fyw ar agor 24 awr."})
    assert [(e.field, e.kind) for e in errors] == [("note_cy", "needs_english")]
    _, errors = _hours_errors(HOURS | {"note_cy": "A" * 301})
    assert [(e.field, e.kind) for e in errors] == [("note_cy", "too_long")]
    _, errors = _hours_errors(HOURS | {"note_cy": "Ar agor\x00"})
    assert [e.field for e in errors] == ["note_cy"]


BEFORE: dict[str, Any] = {
    "phones": [
        {"kind": "voice", "number": "0808 168 9111", "note": "Free to call", "note_cy": "Am ddim i’w ffonio"},
        {"kind": "text", "number": "85258", "note": "Free", "note_cy": "Am ddim"},
    ],
    "hours": hours_data(True, [], False, [], "Live chat is open too.", "Mae sgwrs fyw ar agor hefyd."),
}


def test_an_edit_keeps_the_welsh_of_the_same_phone_and_note_and_the_hours() -> None:
    sent = {
        "phones": [
            {"kind": "text", "number": "85258", "note": "Free"},  # moved, still the same line and note
            {"kind": "voice", "number": "08081689111", "note": "Free to call"},  # spaced differently
            {"kind": "voice", "number": "0300 123 4567", "note": "Office"},  # new: no Welsh
            {"kind": "textphone", "number": "0808 168 9111", "note": "Free"},  # same number, other kind
        ],
        "hours": hours_data(False, [], False, [], "Live chat is open too."),  # the days changed, not the note
    }
    kept = keep_welsh_notes(sent, BEFORE)
    assert [p.get("note_cy") for p in kept["phones"]] == ["Am ddim", "Am ddim i’w ffonio", None, None]
    assert kept["hours"]["note_cy"] == "Mae sgwrs fyw ar agor hefyd."
    assert "note_cy" not in sent["hours"]  # the data sent is not changed in place


def test_an_english_note_changed_drops_its_old_welsh() -> None:
    # The Welsh translated the old words: kept, it would tell Welsh readers a call is free when it is not.
    sent = {
        "phones": [{"kind": "voice", "number": "0808 168 9111", "note": "Calls cost 5p a minute"}],
        "hours": hours_data(True, [], False, [], "Live chat is open every day."),
    }
    kept = keep_welsh_notes(sent, BEFORE)
    assert "note_cy" not in kept["phones"][0] and "note_cy" not in kept["hours"]


def test_a_note_cleared_in_english_loses_its_welsh() -> None:
    sent = {
        "phones": [{"kind": "voice", "number": "0808 168 9111"}],
        "hours": hours_data(True, [], False, [], None),
    }
    kept = keep_welsh_notes(sent, BEFORE)
    assert "note_cy" not in kept["phones"][0] and "note_cy" not in kept["hours"]
    assert keep_welsh_notes({"hours": None}, BEFORE) == {"hours": None}


def test_touched_keeps_the_welsh_notes_the_form_cannot_show() -> None:
    as_sent = {
        "phones": [{k: v for k, v in p.items() if k != "note_cy"} for p in BEFORE["phones"]],
        "hours": {k: v for k, v in BEFORE["hours"].items() if k != "note_cy"},
    }
    untouched = touched(BEFORE, as_sent, as_sent)
    assert untouched == BEFORE
    # The text line removed: the phones are sent again without their Welsh, and the voice line keeps its own.
    edited = as_sent | {"phones": [as_sent["phones"][0]]}
    result = touched(BEFORE, edited, as_sent)
    assert result["phones"] == [
        {"kind": "voice", "number": "0808 168 9111", "note": "Free to call", "note_cy": "Am ddim i’w ffonio"}
    ]
    reworded = as_sent | {"phones": [as_sent["phones"][0] | {"note": "Free, day or night"}]}
    assert touched(BEFORE, reworded, as_sent)["phones"] == [
        {"kind": "voice", "number": "0808 168 9111", "note": "Free, day or night"}
    ]
