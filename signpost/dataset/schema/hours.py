"""A service's opening hours: weekly sessions, bank holidays and dated exceptions."""

from __future__ import annotations

from signpost.dataset.fields import RecordChecker, clock, welsh
from signpost.dataset.records import ExceptionRecord, HoursRecord, SessionRecord

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def optional_hours(c: RecordChecker) -> HoursRecord | None:
    """The `hours` of the record `c` checks, if it has any."""
    if c.data.get("hours") is None:
        return None
    return check_hours(RecordChecker(c.file, f"{c.record} > hours", c.data["hours"], c.errors, (*c.path, "hours")))


def check_hours(c: RecordChecker) -> HoursRecord | None:
    c.unknown_fields({"always_open", "weekly", "bank_holidays", "exceptions", "note", "note_cy"})
    always_open = c.boolean("always_open")
    weekly = [s for block in c.each("weekly", _sessions) for s in block]
    bank_holidays = c.choice("bank_holidays", ("open", "closed"), required=False) or "open"
    exceptions = c.each("exceptions", _exception)
    note = c.text("note", required=False, max_length=300)
    note_cy = welsh(c, "note", max_length=300)
    if always_open and weekly:
        c.error("weekly", "give weekly hours or always_open: true, not both")
    if not always_open and not weekly and not note:
        c.error("weekly", "give weekly hours, always_open: true, or a note")
    return HoursRecord(always_open, tuple(weekly), bank_holidays == "closed", tuple(exceptions), note, note_cy)


def _sessions(c: RecordChecker) -> list[SessionRecord] | None:
    c.unknown_fields({"days", "opens", "closes"})
    days = c.items("days", required=True)
    opens, closes = clock(c.data.get("opens")), clock(c.data.get("closes"))
    if opens is None:
        c.error("opens", f"must be a time like '08:00' (got {c.data.get('opens')!r})")
    if closes is None:
        c.error("closes", f"must be a time like '20:00' (got {c.data.get('closes')!r})")
    bad = [d for d in days if d not in DAYS]
    if bad:
        c.error("days", f"must be days from {', '.join(DAYS)} (got {bad!r})")
    if opens is None or closes is None or bad or not days:
        return None
    return [SessionRecord(DAYS.index(d), opens, closes) for d in days]


def _exception(c: RecordChecker) -> ExceptionRecord | None:
    c.unknown_fields({"date", "closed", "opens", "closes", "note"})
    day, closed, note = (
        c.day("date"),
        c.boolean("closed", default=True),
        c.text("note", required=False, max_length=200),
    )
    opens, closes = clock(c.data.get("opens")), clock(c.data.get("closes"))
    if not closed and (opens is None or closes is None):
        c.error("opens", "give opens and closes times (like '10:00') when closed is false")
        return None
    return ExceptionRecord(day, closed, opens, closes, note) if day else None
