"""HSDS serialisers on unsaved model objects: ids, empty fields, schedules, addresses, confidential places."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from signpost.geo.gazetteer import District
from signpost.models import Location, OpeningHours, Organisation, ScheduleException, Service
from signpost.opendata import hsds
from signpost.opendata.ids import uid


def _service(**values: object) -> Service:
    return Service(
        slug="a-service", name="A service", organisation=Organisation(slug="an-org", name="An org"), **values
    )


def test_ids_never_change() -> None:
    # Consumers store these: a change of namespace or scheme would break every link to the feed.
    assert uid("service", "victim-support-supportline") == "a92f395d-eb69-5976-97b9-67220f7874c1"
    assert uid("service", "a") != uid("organization", "a") != uid("service", "b")


def test_clean_leaves_out_empty_fields_but_keeps_false_and_zero() -> None:
    assert hsds.clean({"a": None, "b": "", "c": [], "d": 0, "e": False, "f": "x"}) == {"d": 0, "e": False, "f": "x"}


def test_timestamps_are_rfc3339_utc_with_milliseconds() -> None:
    assert hsds.timestamp(datetime(2026, 3, 5, 7, 8, 9, 123456)) == "2026-03-05T07:08:09.123Z"


def test_weekly_hours_become_one_schedule_per_opening_time() -> None:
    service = _service(closed_on_bank_holidays=False, hours_note=None)
    service.opening_hours = [
        OpeningHours(weekday=0, opens=time(9), closes=time(17)),
        OpeningHours(weekday=2, opens=time(9), closes=time(17)),
        OpeningHours(weekday=6, opens=time(22), closes=time(2)),
    ]
    found = hsds.schedules(service, date(2026, 1, 1))
    assert [(s["byday"], s["opens_at"], s["closes_at"], s["description"]) for s in found] == [
        ("MO,WE", "09:00", "17:00", "Monday, Wednesday: 9am to 5pm"),
        ("SU", "22:00", "02:00", "Sunday: 10pm to 2am"),
    ]
    assert all(s["freq"] == "WEEKLY" and s["notes"] == hsds.TIMEZONE_NOTE for s in found)


def test_a_note_alone_and_one_off_changes_from_today() -> None:
    service = _service(hours_note="Ring first")
    service.exceptions = [
        ScheduleException(day=date(2025, 12, 25), closed=True),
        ScheduleException(day=date(2026, 12, 25), closed=False, opens=time(10), closes=time(12), note="Christmas"),
    ]
    found = hsds.schedules(service, date(2026, 1, 1))
    assert found[0] == {"id": uid("schedule", "a-service", "note"), "service_id": hsds.service_id(service),
                        "description": "Ring first"}  # fmt: skip
    assert [(s["valid_from"], s["opens_at"], s["description"]) for s in found[1:]] == [
        ("2026-12-25", "10:00", "Different hours on Friday 25 December 2026 (Christmas)")
    ]


def test_an_address_needs_every_field_hsds_requires() -> None:
    lincoln = District("LN1", 53.2, -0.5, "live", "LINCOLN", "E92000001", "E07000138", "Lincoln", "E23000020", 1, None)
    names = hsds.Names(districts={"LN1": lincoln})
    full = hsds._address(Location(address="5 Openway Street, Lincoln", postcode="ln1 1da"), names)
    assert full is not None and (full["address_1"], full["city"], full["postal_code"]) == (
        "5 Openway Street",
        "Lincoln",
        "LN1 1DA",
    )
    assert hsds._address(Location(address="5 Openway Street", postcode=None), names) is None
    # No district we know: the town can come from the address, but the county cannot, so no address.
    assert hsds._address(Location(address="1 High Street, Nowhere", postcode="ZZ1 1ZZ"), names) is None


def test_a_confidential_location_is_refused() -> None:
    service = _service()
    with pytest.raises(ValueError, match="confidential"):
        hsds.location_summary(service, Location(slug="refuge", name="Refuge", confidential=True))
