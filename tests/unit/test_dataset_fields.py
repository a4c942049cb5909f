"""Tests for signpost.dataset.fields: phone numbers, web addresses, clock times and record checks."""

from __future__ import annotations

from datetime import date, time

import pytest

from signpost.dataset.errors import DataError
from signpost.dataset.fields import RecordChecker, check_url, clock, phone_number

# --- phone numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "0808 168 9111",
        "08081689111",
        "0808 1689111",
        "0808-168-9111",
        "(0808) 168 9111",
        "+44 808 168 9111",
        "+44 (0)808 168 9111",
        "0044 808 168 9111",
        " 0808 168 9111 ",
    ],
)
def test_phone_number_one_number_written_many_ways_is_shown_one_way(written: str) -> None:
    assert phone_number(written) == ("0808 168 9111", "08081689111")


@pytest.mark.parametrize(
    ("written", "display", "dial"),
    [
        ("020 7946 0958", "020 7946 0958", "02079460958"),  # London
        ("02079460958", "020 7946 0958", "02079460958"),
        ("0131 668 4486", "0131 668 4486", "01316684486"),  # Edinburgh
        ("029 2022 2222", "029 2022 2222", "02920222222"),  # Cardiff
        ("028 9024 5678", "028 9024 5678", "02890245678"),  # Belfast
        ("01522 532222", "01522 532222", "01522532222"),  # Lincoln
        ("0300 123 4567", "0300 123 4567", "03001234567"),
        ("0808 2000 247", "0808 200 0247", "08082000247"),  # regrouped the standard way
        ("07911 123456", "07911 123456", "07911123456"),  # mobile
    ],
)
def test_phone_number_valid_uk_numbers(written: str, display: str, dial: str) -> None:
    assert phone_number(written) == (display, dial)


@pytest.mark.parametrize(
    ("written", "display", "dial"),
    [
        ("999", "999", "999"),
        ("101", "101", "101"),
        ("111", "111", "111"),
        ("116 123", "116 123", "116123"),  # Samaritans
        ("116123", "116 123", "116123"),
        ("18000", "18000", "18000"),
        ("159", "159", "159"),
        ("85258", "85258", "85258"),  # Shout
    ],
)
def test_phone_number_short_codes(written: str, display: str, dial: str) -> None:
    assert phone_number(written) == (display, dial)


@pytest.mark.parametrize(
    "written",
    [
        "",
        "not a number",
        "123",  # not a short code we know
        "116 006",  # not a UK helpline number
        "0808 168 911",  # a digit short
        "0808 168 91111",  # a digit too many
        "08081689111111",
        "0808 168 91AB",
        "+1 202 555 0143",  # United States
        "+353 1 234 5678",  # Ireland
        "+33 1 23 45 67 89",  # France
        "0808 168 9111 or 0808 168 9112",  # two numbers in one field
    ],
)
def test_phone_number_rejects_invalid_numbers(written: str) -> None:
    assert phone_number(written) is None


@pytest.mark.parametrize(
    "written", ["0808 168 9111", "116 123", "+44 20 7946 0958", "0808 168 9111 ext 2", "tel:08081689111"]
)
def test_phone_number_dial_form_is_digits_only(written: str) -> None:
    # The dial form goes into tel: and sms: links, so it must be only the digits to dial.
    result = phone_number(written)
    assert result is not None
    assert result[1].isdigit(), result


# --- web addresses -------------------------------------------------------------------------------------------


def check(value: str) -> tuple[str | None, list[str]]:
    messages: list[str] = []
    return check_url(value, messages.append), messages


@pytest.mark.parametrize(
    "url",
    [
        "https://www.victimsupport.org.uk",
        "https://www.victimsupport.org.uk/help-and-support/get-help/support-near-you/",
        "https://example.org/path?q=1#part",
        "https://www.gov.uk/government/publications/the-code-of-practice-for-victims-of-crime",
    ],
)
def test_check_url_accepts_https_addresses_unchanged(url: str) -> None:
    assert check(url) == (url, [])


@pytest.mark.parametrize(
    "url", ["http://www.victimsupport.org.uk", "ftp://example.org/file", "www.example.org", "javascript:alert(1)"]
)
def test_check_url_rejects_anything_but_https(url: str) -> None:
    value, messages = check(url)
    assert value is None
    assert len(messages) == 1
    assert "must start with https://" in messages[0]
    assert repr(url) in messages[0]


@pytest.mark.parametrize("url", ["https://", "https://localhost", "https://exa mple.org", "https:///path-only"])
def test_check_url_rejects_malformed_addresses(url: str) -> None:
    value, messages = check(url)
    assert value is None
    assert len(messages) == 1
    assert "is not a well-formed web address" in messages[0]


# --- clock times ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("08:00", time(8, 0)),
        ("20:30", time(20, 30)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("24:00", time(0, 0)),  # end of the day, written either way
        ("12:00", time(12, 0)),
    ],
)
def test_clock_reads_hh_mm(value: str, expected: time) -> None:
    assert clock(value) == expected


@pytest.mark.parametrize("value", ["8:00", "08:00:00", "08.00", "24:01", "25:00", "12:60", "", "noon", 800, 8.0, None])
def test_clock_rejects_anything_else(value: object) -> None:
    assert clock(value) is None


# --- record checks -------------------------------------------------------------------------------------------


def test_record_checker_errors_name_file_record_and_field() -> None:
    errors: list[DataError] = []
    c = RecordChecker(
        "data/services/x.yaml",
        "my-service",
        {"id": "Not A Slug", "website": "http://example.org", "checked_on": "25/11/2026", "colour": "red"},
        errors,
    )
    c.unknown_fields({"id", "website", "checked_on", "name"})
    assert c.slug("id") is None
    assert c.url("website") is None
    assert c.day("checked_on") is None
    assert c.text("name") is None
    assert {(e.file, e.record, e.field) for e in errors} == {
        ("data/services/x.yaml", "my-service", "colour"),
        ("data/services/x.yaml", "my-service", "id"),
        ("data/services/x.yaml", "my-service", "website"),
        ("data/services/x.yaml", "my-service", "checked_on"),
        ("data/services/x.yaml", "my-service", "name"),
    }
    assert str(errors[0]).startswith("data/services/x.yaml: my-service: ")


def test_record_checker_clean_values() -> None:
    errors: list[DataError] = []
    c = RecordChecker(
        "f",
        "r",
        {"id": "victim-support", "name": "  Victim\n Support ", "checked_on": date(2026, 11, 25), "on": True},
        errors,
    )
    assert c.slug("id") == "victim-support"
    assert c.text("name") == "Victim Support"  # whitespace collapsed
    assert c.day("checked_on") == date(2026, 11, 25)
    assert c.boolean("on") is True
    assert c.text("missing", required=False) is None
    assert errors == []


def test_record_checker_each_names_the_item() -> None:
    errors: list[DataError] = []
    c = RecordChecker("f", "svc", {"phones": [{"number": "1"}, "oops"]}, errors)
    c.each("phones", lambda sub: sub.text("kind"))
    assert [(e.record, e.field) for e in errors] == [
        ("svc > phones[1]", "kind"),
        ("svc > phones[2]", "(record)"),
        ("svc > phones[2]", "kind"),
    ]
