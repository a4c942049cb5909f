"""Field checks for the data files. Each returns a clean value or appends a DataError and returns None."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from typing import Any, TypeVar
from urllib.parse import urlsplit

import phonenumbers

from signpost.dataset.errors import DataError, ErrorKind
from signpost.sanitise import text_problem

T = TypeVar("T")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NATIONS = ("england", "wales", "scotland", "northern-ireland")
VERIFICATION = ("verified", "secondary")
# Numbers with no area code that phonenumbers does not know, dialled as written in the UK.
SHORT_CODES = {"999", "112", "101", "111", "116 123", "159", "85258", "61016", "18000", "7726", "55"}


class RecordChecker:
    """Checks the fields of one record, collecting errors that name the file, record and field."""

    def __init__(
        self, file: str, record: str, data: Any, errors: list[DataError], path: tuple[str | int, ...] = ()
    ) -> None:
        self.file = file
        self.record = record
        self.path = path
        self.data = data if isinstance(data, dict) else {}
        self.errors = errors
        if not isinstance(data, dict):
            self.error("(record)", "must be a mapping of field names to values")

    def error(self, field: str, message: str, kind: ErrorKind = "invalid") -> None:
        self.errors.append(DataError(self.file, self.record, field, message, (*self.path, field), kind))

    def unknown_fields(self, allowed: set[str]) -> None:
        for key in sorted(set(self.data) - allowed, key=str):
            self.error(str(key), f"is not a known field (expected one of: {', '.join(sorted(allowed))})")

    def _get(self, field: str, required: bool) -> Any:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                self.error(field, "is required", "required")
            return None
        return value

    def text(self, field: str, *, required: bool = True, max_length: int = 2000) -> str | None:
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(field, f"must be text, not {type(value).__name__}")
            return None
        value = " ".join(value.split())
        problem = text_problem(value)  # a NUL cannot be stored (PostgreSQL), other control characters have no place
        if problem:
            self.error(field, problem)
            return None
        if len(value) > max_length:
            self.error(field, f"must be {max_length} characters or fewer (it has {len(value)})", "too_long")
            return None
        return value

    def slug(self, field: str, *, required: bool = True) -> str | None:
        value = self.text(field, required=required, max_length=80)
        if value is not None and not SLUG.match(value):
            self.error(field, f"must be lower-case words joined by hyphens, like 'victim-support' (got {value!r})")
            return None
        return value

    def choice(self, field: str, choices: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.text(field, required=required, max_length=80)
        if value is not None and value not in choices:
            self.error(field, f"must be one of {', '.join(choices)} (got {value!r})")
            return None
        return value

    def choices(self, field: str, choices: tuple[str, ...], *, required: bool = True) -> tuple[str, ...]:
        """A list whose every item is one of `choices`, in the order given, without repeats."""
        values = self.items(field, required=required)
        if required and self.data.get(field) == []:
            self.error(field, "must name at least one")
        bad = [v for v in values if not isinstance(v, str) or v not in choices]
        if bad:
            self.error(field, f"must be a list of {', '.join(choices)} (got {bad!r})")
            return ()
        return tuple(dict.fromkeys(str(v) for v in values))

    def boolean(self, field: str, *, default: bool = False) -> bool:
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            self.error(field, f"must be true or false (got {value!r})")
            return default
        return value

    def url(self, field: str, *, required: bool = True, max_length: int = 500) -> str | None:
        value = self.text(field, required=required, max_length=max_length)
        if value is None:
            return None
        return check_url(value, lambda message: self.error(field, message))

    def day(self, field: str, *, required: bool = True) -> date | None:
        value = self._get(field, required)
        if value is None:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(field, f"must be a date like 2026-11-25 (got {value!r})")
        return None

    def number(self, field: str, *, required: bool = True, low: float, high: float) -> float | None:
        value = self._get(field, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(field, f"must be a number (got {value!r})")
            return None
        if not low <= value <= high:
            self.error(field, f"must be between {low} and {high} (got {value})")
            return None
        return float(value)

    def items(self, field: str, *, required: bool = False) -> list[Any]:
        value = self._get(field, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(field, "must be a list")
            return []
        return value

    def each(self, field: str, check: Callable[[RecordChecker], T | None], *, required: bool = False) -> list[T]:
        """Check every item of a list field with a sub-checker whose record name says where the item is."""
        out = []
        for index, item in enumerate(self.items(field, required=required), start=1):
            sub = RecordChecker(
                self.file, f"{self.record} > {field}[{index}]", item, self.errors, (*self.path, field, index - 1)
            )
            result = check(sub)
            if result is not None:
                out.append(result)
        return out


def check_url(value: str, report: Callable[[str], None]) -> str | None:
    parts = urlsplit(value)
    if parts.scheme != "https":
        report(f"must start with https:// (got {value!r})")
        return None
    if not parts.netloc or "." not in parts.netloc or " " in value:
        report(f"is not a well-formed web address (got {value!r})")
        return None
    return value


def clock(value: Any) -> time | None:
    """'08:00' -> time(8, 0); '24:00' and '00:00' both mean midnight."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}", value):
        return None
    hours, minutes = int(value[:2]), int(value[3:])
    if hours == 24 and minutes == 0:
        return time(0, 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def phone_number(value: str) -> tuple[str, str] | None:
    """A UK number -> (display form, digits to dial), or None if it is not a valid UK number.

    Display follows the national format phonenumbers gives (0808 168 9111), so every number on the
    site is written the same way whatever the source wrote.
    """
    compact = re.sub(r"[\s()-]", "", value)
    if value in SHORT_CODES or compact in {c.replace(" ", "") for c in SHORT_CODES}:
        display = next((c for c in SHORT_CODES if c.replace(" ", "") == compact), value)
        return display, compact
    try:
        parsed = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed) or parsed.country_code != 44:
        return None
    display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    # Digits only (an extension, shown as "x2" in the display form, cannot go in a tel: link).
    return display, "0" + phonenumbers.national_significant_number(parsed)


def welsh(c: RecordChecker, field: str, *, max_length: int = 2000) -> str | None:
    """`field`_cy: optional Welsh for `field`, checked as its English is (text, length, control characters).
    Welsh with no English beside it is an error: the English is what every other page shows."""
    value = c.text(f"{field}_cy", required=False, max_length=max_length)
    if value and c.data.get(field) in (None, ""):
        c.error(f"{field}_cy", f"is Welsh for {field}, which is empty: give the English too", "needs_english")
    return value
