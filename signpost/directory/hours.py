"""Opening hours and "open now", in Europe/London wall-clock time.

Sessions whose closing time is at or before their opening time run past midnight (18:00-02:00),
and 00:00-00:00 means the whole day. Bank holidays differ by nation, so the caller says which.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Welsh: the words the pages use in Welsh (see docs/welsh-glossary.md). "ddydd Llun" (on Monday) is the
# soft-mutated form; a line of weekly hours starts "Dydd Llun".
DAY_NAMES_CY = ("dydd Llun", "dydd Mawrth", "dydd Mercher", "dydd Iau", "dydd Gwener", "dydd Sadwrn", "dydd Sul")
WORDS_CY = {
    "Open 24 hours": "Ar agor 24 awr",
    "Open now": "Ar agor nawr",
    "Closed now": "Ar gau nawr",
    "Closed on bank holidays": "Ar gau ar wyliau banc",
    "24 hours a day, every day": "24 awr y dydd, bob dydd",
    "24 hours": "24 awr",
    "midnight": "hanner nos",
    "midday": "canol dydd",
}
SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


@dataclass(frozen=True, slots=True)
class Session:
    weekday: int  # 0 = Monday
    opens: time
    closes: time

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True, slots=True)
class DayChange:
    day: date
    closed: bool
    opens: time | None = None
    closes: time | None = None


@dataclass(frozen=True, slots=True)
class Hours:
    always_open: bool = False
    sessions: tuple[Session, ...] = ()
    closed_on_bank_holidays: bool = False
    changes: tuple[DayChange, ...] = ()
    # (opens, closes) by weekday, worked out once: open-now checks ask for a day's sessions many times.
    by_weekday: tuple[tuple[tuple[time, time], ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = tuple(tuple((s.opens, s.closes) for s in self.sessions if s.weekday == day) for day in range(7))
        object.__setattr__(self, "by_weekday", days)

    @property
    def known(self) -> bool:
        return self.always_open or bool(self.sessions)


class State(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class OpenStatus:
    state: State
    message: str  # "Open now, until 8pm" / "Closed now. Opens at 8am tomorrow" / "Open 24 hours"
    # The first moment the message may read differently (UTC); None if it never changes. Lets a
    # rendered page be reused until then instead of for one minute.
    changes_at: datetime | None = field(default=None, compare=False)
    message_cy: str = field(default="", compare=False)  # the same in Welsh (both are cheap; pages pick one)


def bank_holiday_checker(nation: str) -> Callable[[date], bool]:
    subdivision = SUBDIVISIONS.get(nation, "ENG")
    return lambda day: _bank_holidays(subdivision, day.year).__contains__(day)


@lru_cache(maxsize=64)
def _bank_holidays(subdivision: str, year: int) -> frozenset[date]:
    # `holidays` lists a holiday on its weekend date as well as its substitute weekday (Saturday 26 and
    # Monday 28 December 2026). The official bank holiday is only the substitute, and every UK bank
    # holiday falls on a weekday, so weekend dates are left out.
    days = holidays.country_holidays("GB", subdiv=subdivision, years=year).keys()
    return frozenset(day for day in days if day.weekday() < 5)


def sessions_on(hours: Hours, day: date, is_bank_holiday: Callable[[date], bool]) -> list[tuple[time, time]]:
    """The (opens, closes) sessions that start on `day`, after exceptions and bank holidays."""
    for change in hours.changes:
        if change.day == day:
            if change.closed or change.opens is None or change.closes is None:
                return []
            return [(change.opens, change.closes)]
    if hours.closed_on_bank_holidays and is_bank_holiday(day):
        return []
    return list(hours.by_weekday[day.weekday()])


def _open_until(hours: Hours, local: datetime, is_bank_holiday: Callable[[date], bool]) -> datetime | None:
    """If open at `local`, when it next closes (as a naive local datetime); else None."""
    until = _session_end(hours, local, is_bank_holiday)
    return None if until is None else _continued(hours, until, is_bank_holiday)


def _session_end(hours: Hours, local: datetime, is_bank_holiday: Callable[[date], bool]) -> datetime | None:
    """If open at `local`, when the current session ends; else None."""
    now = local.time()
    today, yesterday = local.date(), local.date() - timedelta(days=1)
    for opens, closes in sessions_on(hours, yesterday, is_bank_holiday):
        if closes <= opens and now < closes:
            return datetime.combine(today, closes)
    for opens, closes in sessions_on(hours, today, is_bank_holiday):
        if closes > opens and opens <= now < closes:
            return datetime.combine(today, closes)
        if closes <= opens and now >= opens:
            return datetime.combine(today + timedelta(days=1), closes)
    return None


def _continued(hours: Hours, until: datetime, is_bank_holiday: Callable[[date], bool]) -> datetime:
    """Follow sessions that start the moment the previous one ends (18:00-00:00 then 00:00-02:00)."""
    for _ in range(8):
        follow_on = [c for o, c in sessions_on(hours, until.date(), is_bank_holiday) if o == until.time()]
        if not follow_on:
            break
        closes = max(follow_on)
        ends_next_day = closes <= until.time()
        until = datetime.combine(until.date() + timedelta(days=1 if ends_next_day else 0), closes)
    return until


def _next_opening(
    hours: Hours, local: datetime, is_bank_holiday: Callable[[date], bool], days: int = 8
) -> datetime | None:
    """The next session start after `local`, looking `days` days ahead (today included)."""
    for offset in range(days):
        day = local.date() + timedelta(days=offset)
        starts = sorted(opens for opens, _ in sessions_on(hours, day, is_bank_holiday))
        for opens in starts:
            candidate = datetime.combine(day, opens)
            if candidate > local.replace(tzinfo=None):
                return candidate
    return None


def open_status(hours: Hours, now: datetime, nation: str = "england") -> OpenStatus:
    """Whether a service is open at `now` (any timezone-aware datetime), in words a victim can use."""
    if hours.always_open:
        return OpenStatus(State.OPEN, "Open 24 hours", None, WORDS_CY["Open 24 hours"])
    if not hours.sessions:
        return OpenStatus(State.UNKNOWN, "")
    is_bank_holiday = bank_holiday_checker(nation)
    local = now.astimezone(LONDON)
    naive = local.replace(tzinfo=None)
    # Wording such as "tomorrow" and "on Monday" depends on today's date, so nothing lasts past midnight.
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0, 0))
    until = _open_until(hours, local, is_bank_holiday)
    if until is not None:
        # A session that opens while another is running can push the closing time later; only one
        # opening before midnight matters, so only today is searched.
        opening = _next_opening(hours, local, is_bank_holiday, days=1)
        ends = min(until, opening or until, midnight)
        if until - naive >= timedelta(hours=24):
            changes = _utc(min(until - timedelta(hours=24), ends), now)
            return OpenStatus(State.OPEN, "Open now", changes, WORDS_CY["Open now"])
        return OpenStatus(
            State.OPEN,
            f"Open now, until {_when(until, local)}",
            _utc(ends, now),
            f"Ar agor nawr, tan {_when_cy(until, local, at=False)}",
        )
    opening = _next_opening(hours, local, is_bank_holiday)
    if opening is None:
        return OpenStatus(State.CLOSED, "Closed now", _utc(midnight, now), WORDS_CY["Closed now"])
    return OpenStatus(
        State.CLOSED,
        f"Closed now. Opens {_when(opening, local, prefix='at ')}",
        _utc(min(opening, midnight), now),
        f"Ar gau nawr. Yn agor {_when_cy(opening, local)}",
    )


def _utc(local: datetime, after: datetime) -> datetime:
    """A London wall-clock time as a UTC instant after `after` (now). Of the two readings of an hour the
    clocks repeat (autumn), the earlier one still ahead, so a cached message is never kept past its change:
    at 01:00 GMT (the hour's second pass) "until 1:15am" means 01:15 GMT, not 01:15 BST, an hour ago."""
    readings = [local.replace(tzinfo=LONDON, fold=fold).astimezone(UTC) for fold in (0, 1)]
    real = [r for r in readings if r.astimezone(LONDON).replace(tzinfo=None) == local]
    if real:
        ahead = [r for r in real if r > after]
        return min(ahead or real)
    # A time the clocks skip (spring, 1am to 2am): the instant they jump past it, to the minute.
    moment = min(readings)
    while moment.astimezone(LONDON).replace(tzinfo=None) < local:
        moment += timedelta(minutes=1)
    return moment


def next_midnight(now: datetime) -> datetime:
    """The next midnight in London, as a UTC instant."""
    local = now.astimezone(LONDON)
    return _utc(datetime.combine(local.date() + timedelta(days=1), time(0, 0)), now)


def _when(moment: datetime, local: datetime, prefix: str = "") -> str:
    # Midnight ends a day: 00:00 on Thursday is "midnight" on Wednesday, not "midnight tomorrow".
    day = moment.date() - timedelta(days=1) if moment.time() == time(0, 0) else moment.date()
    days = (day - local.date()).days
    clock = clock_text(moment.time())
    if days == 0:
        return f"{prefix}{clock}" if prefix else clock
    if days == 1:
        return f"{prefix}{clock} tomorrow" if prefix else f"{clock} tomorrow"
    return f"on {DAY_NAMES[day.weekday()]} at {clock}"


def _when_cy(moment: datetime, local: datetime, at: bool = True) -> str:
    """_when in Welsh: "am 8am", "am 8am yfory", "ddydd Llun am 9am"; without `at` (after "tan", until),
    "8pm", "8pm yfory"."""
    day = moment.date() - timedelta(days=1) if moment.time() == time(0, 0) else moment.date()
    days = (day - local.date()).days
    clock = clock_text(moment.time(), "cy")
    prefix = "am " if at else ""
    if days == 0:
        return f"{prefix}{clock}"
    if days == 1:
        return f"{prefix}{clock} yfory"
    return f"ddydd {DAY_NAMES_CY[day.weekday()].removeprefix('dydd ')} am {clock}"


def clock_text(value: time, language: str = "en") -> str:
    """GOV.UK style times: 8am, 8:30pm, midday, midnight."""
    if value == time(0, 0):
        return WORDS_CY["midnight"] if language == "cy" else "midnight"
    if value == time(12, 0):
        return WORDS_CY["midday"] if language == "cy" else "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def describe(hours: Hours, language: str = "en") -> list[str]:
    """Weekly hours as lines, consecutive days with the same hours grouped: 'Monday to Friday: 8am to 8pm'
    ('Dydd Llun i ddydd Gwener: 8am i 8pm' in Welsh)."""
    welsh = language == "cy"
    if hours.always_open:
        return [WORDS_CY["24 hours a day, every day"] if welsh else "24 hours a day, every day"]
    by_day: list[tuple[tuple[time, time], ...]] = [
        tuple(sorted((s.opens, s.closes) for s in hours.sessions if s.weekday == day)) for day in range(7)
    ]
    lines: list[str] = []
    start = 0
    for day in range(1, 8):
        if day == 7 or by_day[day] != by_day[start]:
            if by_day[start]:
                days = _days_text(start, day - 1, language)
                times = ", ".join(_span(o, c, language) for o, c in by_day[start])
                lines.append(f"{days}: {times}")
            start = day
    if lines and hours.closed_on_bank_holidays:
        lines.append(WORDS_CY["Closed on bank holidays"] if welsh else "Closed on bank holidays")
    return lines


def _days_text(first: int, last: int, language: str) -> str:
    """Monday, Monday to Friday; Dydd Llun, Dydd Llun i ddydd Gwener."""
    if language != "cy":
        return DAY_NAMES[first] if first == last else f"{DAY_NAMES[first]} to {DAY_NAMES[last]}"
    start = DAY_NAMES_CY[first][0].upper() + DAY_NAMES_CY[first][1:]
    return start if first == last else f"{start} i ddydd{DAY_NAMES_CY[last].removeprefix('dydd')}"


def _span(opens: time, closes: time, language: str = "en") -> str:
    if opens == closes == time(0, 0):
        return WORDS_CY["24 hours"] if language == "cy" else "24 hours"
    joined = "i" if language == "cy" else "to"
    return f"{clock_text(opens, language)} {joined} {clock_text(closes, language)}"


def hours_from_rows(
    always_open: bool,
    rows: Sequence[tuple[int, time, time]],
    closed_on_bank_holidays: bool,
    changes: Sequence[tuple[date, bool, time | None, time | None]],
) -> Hours:
    return Hours(
        always_open=always_open,
        sessions=tuple(Session(w, o, c) for w, o, c in rows),
        closed_on_bank_holidays=closed_on_bank_holidays,
        changes=tuple(DayChange(d, closed, o, c) for d, closed, o, c in changes),
    )
