"""Tests for signpost.directory.hours: open now, in Europe/London time, with bank holidays and clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from signpost.directory.hours import (
    LONDON,
    DayChange,
    Hours,
    Session,
    State,
    bank_holiday_checker,
    clock_text,
    describe,
    hours_from_rows,
    open_status,
    sessions_on,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = (MON, TUE, WED, THU, FRI)
EVERY_DAY = (MON, TUE, WED, THU, FRI, SAT, SUN)
NATIONS = ("england", "wales", "scotland", "northern-ireland")


def weekly(days: tuple[int, ...], opens: str, closes: str, **kwargs: object) -> Hours:
    o, c = time.fromisoformat(opens), time.fromisoformat(closes)
    return Hours(sessions=tuple(Session(d, o, c) for d in days), **kwargs)  # type: ignore[arg-type]


def local(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A Europe/London wall-clock time (unambiguous dates only; clock-change tests use UTC)."""
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


OFFICE = weekly(WEEKDAYS, "08:00", "20:00")  # Monday to Friday, 8am to 8pm
NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS = weekly(WEEKDAYS, "09:00", "17:00", closed_on_bank_holidays=True)
FRIDAY_NIGHT = weekly((FRI,), "18:00", "02:00")


# --- always open and unknown ---------------------------------------------------------------------------------


def test_always_open_is_open_at_any_time_with_its_own_message() -> None:
    hours = Hours(always_open=True)
    for moment in (local(2026, 11, 25, 3), local(2026, 12, 25, 12), utc(2026, 3, 29, 1), utc(2026, 10, 25, 1, 30)):
        status = open_status(hours, moment)
        assert status.state is State.OPEN
        assert status.message == "Open 24 hours"


def test_no_hours_is_unknown_with_no_message() -> None:
    status = open_status(Hours(), local(2026, 11, 25, 12))
    assert status.state is State.UNKNOWN
    assert status.message == ""
    assert not Hours().known
    assert Hours(always_open=True).known
    assert OFFICE.known


# --- weekday hours and boundaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "state", "message"),
    [
        (local(2026, 11, 25, 7, 59), State.CLOSED, "Closed now. Opens at 8am"),
        (local(2026, 11, 25, 8, 0), State.OPEN, "Open now, until 8pm"),  # opening time is inclusive
        (local(2026, 11, 25, 12, 0), State.OPEN, "Open now, until 8pm"),
        (local(2026, 11, 25, 19, 59), State.OPEN, "Open now, until 8pm"),
        (local(2026, 11, 25, 20, 0), State.CLOSED, "Closed now. Opens at 8am tomorrow"),  # closing is exclusive
        (local(2026, 11, 25, 23, 30), State.CLOSED, "Closed now. Opens at 8am tomorrow"),
        (local(2026, 11, 26, 0, 30), State.CLOSED, "Closed now. Opens at 8am"),
        (local(2026, 11, 27, 20, 0), State.CLOSED, "Closed now. Opens on Monday at 8am"),  # Friday evening
        (local(2026, 11, 28, 12, 0), State.CLOSED, "Closed now. Opens on Monday at 8am"),  # Saturday
        (local(2026, 11, 29, 12, 0), State.CLOSED, "Closed now. Opens at 8am tomorrow"),  # Sunday
    ],
)
def test_weekday_hours_at_and_around_the_boundaries(moment: datetime, state: State, message: str) -> None:
    status = open_status(OFFICE, moment)
    assert (status.state, status.message) == (state, message)


def test_the_same_instant_in_another_timezone_gives_the_same_answer() -> None:
    # 12:30 in New York on a November Wednesday is 17:30 in London: open. 16:00 there is 21:00 here: closed.
    assert open_status(OFFICE, datetime(2026, 11, 25, 12, 30, tzinfo=ZoneInfo("America/New_York"))).state is State.OPEN
    assert open_status(OFFICE, datetime(2026, 11, 25, 16, 0, tzinfo=ZoneInfo("America/New_York"))).message == (
        "Closed now. Opens at 8am tomorrow"
    )
    # 07:30 UTC is 07:30 in London in November: closed, opening at 8am.
    assert open_status(OFFICE, utc(2026, 11, 25, 7, 30)).message == "Closed now. Opens at 8am"


def test_next_opening_a_week_away_names_the_day() -> None:
    mondays = weekly((MON,), "09:00", "17:00")
    assert open_status(mondays, local(2026, 11, 24, 12)).message == "Closed now. Opens on Monday at 9am"
    # Monday after closing: the next opening is the following Monday.
    assert open_status(mondays, local(2026, 11, 23, 17)).message == "Closed now. Opens on Monday at 9am"


def test_minutes_are_shown_in_messages() -> None:
    hours = weekly(WEEKDAYS, "08:30", "17:30")
    assert open_status(hours, local(2026, 11, 25, 8, 0)).message == "Closed now. Opens at 8:30am"
    assert open_status(hours, local(2026, 11, 25, 12, 0)).message == "Open now, until 5:30pm"


def test_two_sessions_on_one_day_and_the_gap_between() -> None:
    hours = Hours(sessions=(Session(WED, time(9), time(12)), Session(WED, time(13), time(17))))
    assert open_status(hours, local(2026, 11, 25, 11, 59)).message == "Open now, until midday"
    gap = open_status(hours, local(2026, 11, 25, 12, 30))
    assert (gap.state, gap.message) == (State.CLOSED, "Closed now. Opens at 1pm")
    assert open_status(hours, local(2026, 11, 25, 13, 0)).message == "Open now, until 5pm"


# --- overnight sessions and whole days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "state", "message"),
    [
        (local(2026, 11, 27, 17, 59), State.CLOSED, "Closed now. Opens at 6pm"),  # Friday before opening
        (local(2026, 11, 27, 18, 0), State.OPEN, "Open now, until 2am tomorrow"),
        (local(2026, 11, 27, 23, 59), State.OPEN, "Open now, until 2am tomorrow"),
        (local(2026, 11, 28, 0, 0), State.OPEN, "Open now, until 2am"),  # Saturday, after midnight
        (local(2026, 11, 28, 1, 0), State.OPEN, "Open now, until 2am"),
        (local(2026, 11, 28, 1, 59), State.OPEN, "Open now, until 2am"),
        (local(2026, 11, 28, 2, 0), State.CLOSED, "Closed now. Opens on Friday at 6pm"),
        (local(2026, 11, 27, 1, 0), State.CLOSED, "Closed now. Opens at 6pm"),  # Thursday had no session
    ],
)
def test_overnight_session_runs_past_midnight(moment: datetime, state: State, message: str) -> None:
    status = open_status(FRIDAY_NIGHT, moment)
    assert (status.state, status.message) == (state, message)


def test_evening_session_closing_at_midnight() -> None:
    evenings = weekly(EVERY_DAY, "18:00", "00:00")
    assert open_status(evenings, local(2026, 11, 25, 23, 0)).message == "Open now, until midnight"
    late = open_status(evenings, local(2026, 11, 26, 0, 0))
    assert (late.state, late.message) == (State.CLOSED, "Closed now. Opens at 6pm")


def test_midnight_to_midnight_is_the_whole_day() -> None:
    wednesday = weekly((WED,), "00:00", "00:00")
    assert open_status(wednesday, local(2026, 11, 25, 0, 0)).state is State.OPEN
    assert open_status(wednesday, local(2026, 11, 25, 12, 0)).state is State.OPEN
    assert open_status(wednesday, local(2026, 11, 25, 23, 59)).message == "Open now, until midnight"
    assert open_status(wednesday, local(2026, 11, 26, 0, 0)).state is State.CLOSED
    before = open_status(wednesday, local(2026, 11, 24, 23, 59))
    assert (before.state, before.message) == (State.CLOSED, "Closed now. Opens at midnight")
    assert describe(wednesday) == ["Wednesday: 24 hours"]


def test_whole_days_back_to_back_are_open_without_a_misleading_closing_time() -> None:
    # Written as 00:00-00:00 every day instead of always_open: open all the time, not "until midnight".
    every_day = weekly(EVERY_DAY, "00:00", "00:00")
    for moment in (local(2026, 11, 25, 23, 0), local(2026, 11, 29, 12, 0)):
        status = open_status(every_day, moment)
        assert (status.state, status.message) == (State.OPEN, "Open now")
    weekdays = weekly(WEEKDAYS, "00:00", "00:00")
    assert open_status(weekdays, local(2026, 11, 24, 23, 0)).message == "Open now"  # Tuesday: open on Wednesday too
    assert open_status(weekdays, local(2026, 11, 27, 23, 0)).message == "Open now, until midnight"  # Friday


def test_a_session_that_continues_another_past_midnight_is_one_opening() -> None:
    hours = Hours(sessions=(Session(SAT, time(18), time(0)), Session(SUN, time(0), time(2))))
    assert open_status(hours, local(2026, 11, 28, 20, 0)).message == "Open now, until 2am tomorrow"
    assert open_status(hours, local(2026, 11, 29, 1, 0)).message == "Open now, until 2am"


# --- bank holidays -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "holiday_in"),
    [
        (date(2026, 11, 30), {"scotland"}),  # St Andrew's Day (a Monday)
        (date(2026, 3, 17), {"northern-ireland"}),  # St Patrick's Day
        (date(2026, 7, 13), {"northern-ireland"}),  # Battle of the Boyne, substitute for Sunday 12 July
        (date(2026, 8, 3), {"scotland"}),  # Summer bank holiday in Scotland
        (date(2026, 8, 31), {"england", "wales", "northern-ireland"}),  # Summer bank holiday elsewhere
        (date(2026, 4, 6), {"england", "wales", "northern-ireland"}),  # Easter Monday: not in Scotland
        (date(2026, 1, 2), {"scotland"}),  # 2 January
        (date(2026, 12, 25), set(NATIONS)),
        (date(2026, 12, 28), set(NATIONS)),  # Boxing Day substitute (26 December is a Saturday)
        (date(2026, 11, 25), set()),
    ],
)
def test_bank_holidays_differ_by_nation(day: date, holiday_in: set[str]) -> None:
    assert {n for n in NATIONS if bank_holiday_checker(n)(day)} == holiday_in


def test_bank_holidays_are_the_official_weekday_dates_not_the_weekend_date_they_replace() -> None:
    # In 2026 Boxing Day is a Saturday and 12 July a Sunday: the bank holidays are the Mondays after.
    assert not any(bank_holiday_checker(n)(date(2026, 12, 26)) for n in NATIONS)
    assert not bank_holiday_checker("northern-ireland")(date(2026, 7, 12))
    saturdays = weekly((SAT,), "10:00", "14:00", closed_on_bank_holidays=True)
    assert open_status(saturdays, local(2026, 12, 26, 11), "england").state is State.OPEN
    sundays = weekly((SUN,), "10:00", "14:00", closed_on_bank_holidays=True)
    assert open_status(sundays, local(2026, 7, 12, 11), "northern-ireland").state is State.OPEN


def test_an_unknown_nation_uses_england_and_wales_bank_holidays() -> None:
    assert bank_holiday_checker("atlantis")(date(2026, 8, 31))
    assert not bank_holiday_checker("atlantis")(date(2026, 11, 30))


def test_st_andrews_day_closes_a_service_in_scotland_only() -> None:
    moment = local(2026, 11, 30, 12)
    scotland = open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, moment, "scotland")
    assert (scotland.state, scotland.message) == (State.CLOSED, "Closed now. Opens at 9am tomorrow")
    for nation in ("england", "wales", "northern-ireland"):
        status = open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, moment, nation)
        assert (status.state, status.message) == (State.OPEN, "Open now, until 5pm"), nation
    # The default nation is England.
    assert open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, moment).state is State.OPEN


def test_st_patricks_day_closes_a_service_in_northern_ireland_only() -> None:
    moment = local(2026, 3, 17, 12)
    assert open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, moment, "northern-ireland").state is State.CLOSED
    for nation in ("england", "wales", "scotland"):
        assert open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, moment, nation).state is State.OPEN, nation


def test_boxing_day_substitute_and_christmas() -> None:
    for nation in NATIONS:
        assert open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, local(2026, 12, 28, 12), nation).state is State.CLOSED
        assert open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, local(2026, 12, 25, 12), nation).state is State.CLOSED
    # Christmas Eve after closing: Friday 25th and Monday 28th are bank holidays, so next is Tuesday.
    status = open_status(NINE_TO_FIVE_CLOSED_ON_BANK_HOLIDAYS, local(2026, 12, 24, 18), "england")
    assert status.message == "Closed now. Opens on Tuesday at 9am"


def test_services_that_stay_open_on_bank_holidays_follow_their_weekly_hours() -> None:
    hours = weekly(WEEKDAYS, "09:00", "17:00", closed_on_bank_holidays=False)
    for nation in NATIONS:
        assert open_status(hours, local(2026, 12, 28, 12), nation).state is State.OPEN
        assert open_status(hours, local(2026, 12, 25, 12), nation).state is State.OPEN
    assert open_status(hours, local(2026, 11, 30, 12), "scotland").message == "Open now, until 5pm"


def test_overnight_session_belongs_to_the_day_it_starts() -> None:
    hours = weekly((THU, FRI), "18:00", "02:00", closed_on_bank_holidays=True)
    # Thursday 24 December is not a bank holiday, so its session runs into Christmas morning.
    assert open_status(hours, local(2026, 12, 25, 1), "england").state is State.OPEN
    # Friday 25 December is, so there is no session running into Saturday morning.
    assert open_status(hours, local(2026, 12, 26, 1), "england").state is State.CLOSED


def test_sessions_on_applies_exceptions_then_bank_holidays() -> None:
    hours = weekly(WEEKDAYS, "09:00", "17:00", closed_on_bank_holidays=True)
    scotland = bank_holiday_checker("scotland")
    assert sessions_on(hours, date(2026, 11, 30), scotland) == []
    assert sessions_on(hours, date(2026, 12, 1), scotland) == [(time(9), time(17))]
    assert sessions_on(hours, date(2026, 11, 28), scotland) == []  # Saturday


# --- exceptions ----------------------------------------------------------------------------------------------


def test_exception_closes_a_normal_day() -> None:
    hours = weekly(WEEKDAYS, "09:00", "17:00", changes=(DayChange(date(2026, 11, 25), closed=True),))
    status = open_status(hours, local(2026, 11, 25, 12))
    assert (status.state, status.message) == (State.CLOSED, "Closed now. Opens at 9am tomorrow")
    # The days around it are not affected.
    assert open_status(hours, local(2026, 11, 24, 12)).state is State.OPEN
    assert open_status(hours, local(2026, 11, 26, 12)).state is State.OPEN


def test_exception_with_different_hours() -> None:
    change = DayChange(date(2026, 11, 25), closed=False, opens=time(10), closes=time(14))
    hours = weekly(WEEKDAYS, "09:00", "17:00", changes=(change,))
    assert open_status(hours, local(2026, 11, 25, 9, 30)).message == "Closed now. Opens at 10am"
    assert open_status(hours, local(2026, 11, 25, 13, 0)).message == "Open now, until 2pm"
    assert open_status(hours, local(2026, 11, 25, 15, 0)).message == "Closed now. Opens at 9am tomorrow"


def test_exception_opens_a_day_that_is_normally_closed() -> None:
    change = DayChange(date(2026, 11, 28), closed=False, opens=time(10), closes=time(12))
    hours = weekly(WEEKDAYS, "09:00", "17:00", changes=(change,))
    assert open_status(hours, local(2026, 11, 28, 11)).message == "Open now, until midday"
    assert open_status(hours, local(2026, 11, 27, 18)).message == "Closed now. Opens at 10am tomorrow"
    # Only that Saturday: the next one is closed as usual.
    assert open_status(hours, local(2026, 12, 5, 11)).state is State.CLOSED


def test_exception_overrides_a_bank_holiday_closure() -> None:
    change = DayChange(date(2026, 12, 28), closed=False, opens=time(10), closes=time(14))
    hours = weekly(WEEKDAYS, "09:00", "17:00", closed_on_bank_holidays=True, changes=(change,))
    assert open_status(hours, local(2026, 12, 28, 11), "england").message == "Open now, until 2pm"


def test_exception_without_times_means_closed() -> None:
    change = DayChange(date(2026, 11, 25), closed=False)
    hours = weekly(WEEKDAYS, "09:00", "17:00", changes=(change,))
    assert open_status(hours, local(2026, 11, 25, 12)).state is State.CLOSED


# --- clock changes -------------------------------------------------------------------------------------------

DAILY_8_TO_8 = weekly(EVERY_DAY, "08:00", "20:00")


def test_spring_forward_same_utc_time_gives_different_local_answers() -> None:
    # Clocks go forward at 01:00 UTC on Sunday 29 March 2026.
    before = open_status(DAILY_8_TO_8, utc(2026, 3, 28, 7, 30))  # 07:30 GMT
    after = open_status(DAILY_8_TO_8, utc(2026, 3, 29, 7, 30))  # 08:30 BST
    assert (before.state, before.message) == (State.CLOSED, "Closed now. Opens at 8am")
    assert (after.state, after.message) == (State.OPEN, "Open now, until 8pm")
    # And at the other end of the day: 19:30 UTC is 19:30 GMT (open) and then 20:30 BST (closed).
    assert open_status(DAILY_8_TO_8, utc(2026, 3, 28, 19, 30)).state is State.OPEN
    assert open_status(DAILY_8_TO_8, utc(2026, 3, 29, 19, 30)).state is State.CLOSED


def test_fall_back_same_utc_time_gives_different_local_answers() -> None:
    # Clocks go back at 01:00 UTC on Sunday 25 October 2026.
    summer = open_status(DAILY_8_TO_8, utc(2026, 10, 24, 7, 30))  # 08:30 BST
    winter = open_status(DAILY_8_TO_8, utc(2026, 10, 25, 7, 30))  # 07:30 GMT
    assert (summer.state, summer.message) == (State.OPEN, "Open now, until 8pm")
    assert (winter.state, winter.message) == (State.CLOSED, "Closed now. Opens at 8am")
    assert open_status(DAILY_8_TO_8, utc(2026, 10, 24, 19, 30)).state is State.CLOSED  # 20:30 BST
    assert open_status(DAILY_8_TO_8, utc(2026, 10, 25, 19, 30)).state is State.OPEN  # 19:30 GMT


def test_the_hour_that_does_not_exist_in_spring() -> None:
    # 01:00-02:00 on 29 March 2026 never happens on a London clock.
    skipped = weekly((SUN,), "01:00", "02:00")
    for minutes in range(0, 180, 10):
        moment = utc(2026, 3, 29) + timedelta(minutes=minutes)
        assert open_status(skipped, moment).state is State.CLOSED, moment
    # A session across the gap is open on both sides of it and ends at 3am local time.
    night = weekly((SUN,), "00:00", "03:00")
    assert open_status(night, utc(2026, 3, 29, 0, 59)).message == "Open now, until 3am"  # 00:59 GMT
    assert open_status(night, utc(2026, 3, 29, 1, 0)).message == "Open now, until 3am"  # 02:00 BST
    assert open_status(night, utc(2026, 3, 29, 2, 0)).state is State.CLOSED  # 03:00 BST


def test_the_hour_that_repeats_in_autumn() -> None:
    # 01:00-02:00 on 25 October 2026 happens twice: first in BST (00:00-01:00 UTC), then in GMT (01:00-02:00 UTC).
    hours = weekly((SUN,), "00:00", "01:30")
    assert open_status(hours, utc(2026, 10, 25, 0, 15)).state is State.OPEN  # 01:15 BST
    assert open_status(hours, utc(2026, 10, 25, 0, 45)).state is State.CLOSED  # 01:45 BST
    assert open_status(hours, utc(2026, 10, 25, 1, 15)).state is State.OPEN  # 01:15 GMT, the second time
    assert open_status(hours, utc(2026, 10, 25, 1, 30)).state is State.CLOSED  # 01:30 GMT
    assert open_status(hours, utc(2026, 10, 25, 1, 15)).message == "Open now, until 1:30am"


# --- words ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (time(0, 0), "midnight"),
        (time(12, 0), "midday"),
        (time(20, 30), "8:30pm"),
        (time(8, 0), "8am"),
        (time(20, 0), "8pm"),
        (time(0, 30), "12:30am"),
        (time(12, 30), "12:30pm"),
        (time(13, 5), "1:05pm"),
        (time(23, 59), "11:59pm"),
        (time(9, 15), "9:15am"),
    ],
)
def test_clock_text(value: time, text: str) -> None:
    assert clock_text(value) == text


def test_describe_groups_consecutive_days_with_the_same_hours() -> None:
    hours = Hours(sessions=tuple(Session(d, time(8), time(20)) for d in WEEKDAYS) + (Session(SAT, time(9), time(13)),))
    assert describe(hours) == ["Monday to Friday: 8am to 8pm", "Saturday: 9am to 1pm"]


def test_describe_keeps_separate_days_apart() -> None:
    hours = weekly((MON, WED), "09:00", "17:00")
    assert describe(hours) == ["Monday: 9am to 5pm", "Wednesday: 9am to 5pm"]
    assert describe(weekly((SUN,), "10:00", "16:00")) == ["Sunday: 10am to 4pm"]


def test_describe_two_sessions_a_day_overnight_and_bank_holidays() -> None:
    split = Hours(
        sessions=tuple(Session(d, time(9), time(12)) for d in WEEKDAYS)
        + tuple(Session(d, time(13), time(17)) for d in WEEKDAYS),
        closed_on_bank_holidays=True,
    )
    assert describe(split) == ["Monday to Friday: 9am to midday, 1pm to 5pm", "Closed on bank holidays"]
    assert describe(FRIDAY_NIGHT) == ["Friday: 6pm to 2am"]
    assert describe(weekly(EVERY_DAY, "18:00", "00:00")) == ["Monday to Sunday: 6pm to midnight"]


def test_describe_always_open_and_unknown() -> None:
    assert describe(Hours(always_open=True)) == ["24 hours a day, every day"]
    assert describe(Hours()) == []
    assert describe(Hours(closed_on_bank_holidays=True)) == []


def test_hours_from_rows_builds_the_same_hours() -> None:
    hours = hours_from_rows(
        False,
        [(WED, time(9), time(17))],
        True,
        [(date(2026, 11, 25), False, time(10), time(12))],
    )
    assert hours == Hours(
        sessions=(Session(WED, time(9), time(17)),),
        closed_on_bank_holidays=True,
        changes=(DayChange(date(2026, 11, 25), False, time(10), time(12)),),
    )
    assert open_status(hours, local(2026, 11, 25, 11)).message == "Open now, until midday"


# --- how long an open-now message lasts ------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

QUARTER_HOURS = st.integers(0, 95).map(lambda q: time(q // 4, q % 4 * 15))
SESSIONS = st.lists(st.tuples(st.integers(0, 6), QUARTER_HOURS, QUARTER_HOURS), max_size=6)
CHANGES = st.lists(
    st.tuples(
        st.one_of(st.dates(date(2026, 3, 20), date(2026, 4, 10)), st.dates(date(2026, 10, 20), date(2026, 11, 5))),
        st.booleans(),
        QUARTER_HOURS,
        QUARTER_HOURS,
    ),
    max_size=3,
)
# Around both clock changes, Easter (bank holidays) and ordinary weeks, to the minute.
MOMENTS = st.one_of(
    st.datetimes(datetime(2026, 3, 25), datetime(2026, 4, 8), timezones=st.just(UTC)),
    st.datetimes(datetime(2026, 10, 21), datetime(2026, 11, 4), timezones=st.just(UTC)),
).map(lambda moment: moment.replace(second=0, microsecond=0))


@settings(max_examples=300, deadline=None)
@given(SESSIONS, st.booleans(), CHANGES, MOMENTS, st.sampled_from(NATIONS))
def test_the_message_stays_the_same_until_changes_at(
    sessions: list[tuple[int, time, time]],
    closed_on_bank_holidays: bool,
    changes: list[tuple[date, bool, time, time]],
    now: datetime,
    nation: str,
) -> None:
    hours = hours_from_rows(False, sessions, closed_on_bank_holidays, changes)
    status = open_status(hours, now, nation)
    if status.changes_at is None:
        assert not hours.sessions
        return
    assert status.changes_at >= now  # equal: the wording holds for this instant only ("Open now" at exactly 24h)
    assert status.changes_at <= now + timedelta(days=1, hours=1)  # never past the next midnight
    # Every minute up to the change reads the same (checked minute by minute for the first six hours).
    moment = now
    while moment < status.changes_at and moment < now + timedelta(hours=6):
        assert open_status(hours, moment, nation).message == status.message, moment
        moment += timedelta(minutes=1)
    last = status.changes_at - timedelta(seconds=1)
    if last >= now:
        assert open_status(hours, last, nation).message == status.message


def test_changes_at_is_the_closing_time_or_midnight() -> None:
    wednesday_noon = local(2026, 11, 25, 12)
    assert open_status(OFFICE, wednesday_noon).changes_at == local(2026, 11, 25, 20).astimezone(UTC)
    evening = open_status(OFFICE, local(2026, 11, 25, 21))  # "Opens at 8am tomorrow" until midnight
    assert evening.changes_at == local(2026, 11, 26, 0).astimezone(UTC)
    assert open_status(Hours(always_open=True), wednesday_noon).changes_at is None
    assert open_status(Hours(), wednesday_noon).changes_at is None


def test_a_closing_time_the_clocks_skip_changes_when_they_jump() -> None:
    """Found by the property test: a session to 1am on the spring clock change (1am does not exist that night)
    gave a change time before "now", so a cached "Open now" could never be trusted."""
    saturday_to_sunday_1am = hours_from_rows(False, [(5, time(1, 0), time(1, 0))], False, [])
    now = datetime(2026, 3, 29, 0, 15, tzinfo=UTC)
    status = open_status(saturday_to_sunday_1am, now)
    assert status.message == "Open now, until 1am"
    assert status.changes_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 1am GMT becomes 2am BST
    assert open_status(saturday_to_sunday_1am, status.changes_at).message.startswith("Closed now")


def test_a_closing_time_in_the_hour_the_clocks_repeat_is_the_one_still_ahead() -> None:
    """Found by the property test: a Saturday 01:15 to Sunday 01:15 session, asked at 01:00 GMT on the autumn
    clock change (the repeated hour's second pass), closes at 01:15 GMT; its change time was 01:15 BST, an hour
    before "now", so a cached "Open now" would have been trusted past closing."""
    saturday_to_sunday = hours_from_rows(False, [(5, time(1, 15), time(1, 15))], False, [])
    now = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 01:00 GMT
    status = open_status(saturday_to_sunday, now)
    assert status.message == "Open now, until 1:15am"
    assert status.changes_at == datetime(2026, 10, 25, 1, 15, tzinfo=UTC)  # 01:15 GMT
    assert open_status(saturday_to_sunday, status.changes_at).message.startswith("Closed now")
    # In the hour's first pass the earlier reading is the one ahead: 01:15 BST.
    first_pass = open_status(saturday_to_sunday, datetime(2026, 10, 25, 0, 5, tzinfo=UTC))  # 01:05 BST
    assert first_pass.changes_at == datetime(2026, 10, 25, 0, 15, tzinfo=UTC)


def test_services_with_the_same_weekly_hours_share_them_and_their_lines() -> None:
    from signpost.directory.views import _weekly

    week = tuple((day, time(9), time(17)) for day in range(5))
    hours, english, welsh = _weekly(False, week, True)
    again = _weekly(False, tuple(week), True)
    assert again[0] is hours and again[1:] == (english, welsh)
    assert hours == hours_from_rows(False, week, True, ())
    assert list(english) == describe(hours) == ["Monday to Friday: 9am to 5pm", "Closed on bank holidays"]
    assert list(welsh) == describe(hours, "cy")
    assert _weekly(False, week, False)[0] is not hours
