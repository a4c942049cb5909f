"""Schema errors carry where they are as data, which the listing form uses to put them on the right row."""

from __future__ import annotations

from pathlib import Path

from signpost.dataset.geo_tables import cached_geo_codes
from signpost.dataset.schema import validate_service
from signpost.partners.listing_convert import RowMap
from signpost.partners.listing_errors import form_path, message_for

GEO = str(Path(__file__).resolve().parents[2] / "data" / "geo")


def _record(**changes: object) -> dict[str, object]:
    return {
        "id": "x", "organisation": "o", "name": "N", "description": "D", "crime_types": ["any"],
        "audience": ["victims"], "purpose": "specialist-support", "areas": [{"kind": "uk"}],
        "phones": [{"kind": "voice", "number": "0808 168 9111"}], "verification": "verified",
        "source_url": "https://example.org", "checked_on": "2026-01-01",
    } | changes  # fmt: skip


def _errors(**changes: object) -> list[tuple[tuple[str | int, ...], str]]:
    _, errors = validate_service(_record(**changes), {"burglary"}, cached_geo_codes(GEO))
    return [(e.path, e.field) for e in errors]


def test_an_item_error_names_its_list_index_and_field() -> None:
    phones = [{"kind": "voice", "number": "0808 168 9111"}, {"kind": "voice", "number": "0800 12"}]
    assert _errors(phones=phones) == [(("phones", 1, "number"), "number")]
    hours = {"always_open": False, "weekly": [{"days": ["mon"], "opens": "9am", "closes": "17:00"}]}
    assert _errors(hours=hours)[0] == (("hours", "weekly", 0, "opens"), "opens")
    assert _errors(name="") == [(("name",), "name")]


def test_form_paths_follow_the_rows_the_items_came_from() -> None:
    rows = RowMap({"phones": [1, 2], "weekly": [5], "locations": [1]})
    assert form_path(("phones", 0, "number"), rows, []) == ("phones", 1, "number")
    assert form_path(("phones", 1, "keyword"), rows, []) == ("phones", 2, "keyword")
    assert form_path(("hours", "weekly", 0, "closes"), rows, []) == ("days", 5, "closes")
    assert form_path(("locations", 0, "latitude"), rows, []) == ("locations", 1, "postcode")
    radius = [{"kind": "uk"}, {"kind": "radius", "location": "place-2", "miles": 500}]
    assert form_path(("areas", 1, "miles"), rows, radius) == ("radius_miles",)
    assert form_path(("source_url",), rows, []) is None


def test_welsh_errors_land_on_the_welsh_field_and_say_what_to_fix() -> None:
    record = _record(name_cy="Gwasanaeth " * 19, eligibility_cy="Unrhyw un", description_cy="Help\x00")
    _, errors = validate_service(record, {"burglary"}, cached_geo_codes(GEO))
    placed = {form_path(e.path, RowMap(), []): message_for(e) for e in errors}
    assert placed == {
        ("name_cy",): "The Welsh service name must be 200 characters or fewer (it has 208)",
        ("eligibility_cy",): "Enter who can use it in English too, in Who it is for, or delete the Welsh",
        ("description_cy",): "The Welsh description of what the service does must not contain a NUL character",
    }


def test_a_field_too_long_says_so_rather_than_asking_for_it() -> None:
    record = _record(name="N" * 201, email="someone@" + "e" * 200 + ".org")
    _, errors = validate_service(record, {"burglary"}, cached_geo_codes(GEO))
    assert [message_for(e) for e in errors] == [
        "The service name must be 200 characters or fewer (it has 201)",
        "The email address must be 200 characters or fewer (it has 212)",
    ]
    _, errors = validate_service(_record(website="http://example.org"), {"burglary"}, cached_geo_codes(GEO))
    assert [message_for(e) for e in errors] == ["Enter a website address that starts with https://"]


def test_what_is_wrong_travels_as_data_not_words() -> None:
    # The partner form words these errors its own way from DataError.kind; a change to the schema's wording
    # must not change which message an editor sees.
    record = _record(name="N" * 201, eligibility_cy="Pawb", description="")
    _, errors = validate_service(record, {"burglary"}, cached_geo_codes(GEO))
    kinds = {e.path[-1]: e.kind for e in errors}
    assert kinds == {"name": "too_long", "eligibility_cy": "needs_english", "description": "required"}
