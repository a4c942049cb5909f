"""Query parameters: parsed and checked here, so a bad one gets a 400 that names it and says what fits."""

from __future__ import annotations

import math
import re
import uuid
from datetime import UTC, datetime

from werkzeug.datastructures import MultiDict

from signpost.extensions import current_session
from signpost.geo.places import NotFound, Problem
from signpost.opendata import feed
from signpost.opendata.feed import Filters

MAX_PAGE = 1_000_000
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_TEXT = 200
MAX_PROXIMITY_METRES = 1_000_000  # 1,000 km: the length of Great Britain

PAGING = ("page", "per_page")
SERVICE_FILTERS = ("search", "taxonomy_term_id", "modified_after", "postcode")
ACCEPTED = {
    "services": (*PAGING, *SERVICE_FILTERS, "format"),
    "service_at_locations": (*PAGING, *SERVICE_FILTERS, "proximity"),
    "taxonomies": PAGING,
    "taxonomy_terms": (*PAGING, "search", "taxonomy_id"),
}
_NUMBER = re.compile(r"[0-9]{1,9}")


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


def only(args: MultiDict[str, str], endpoint: str) -> MultiDict[str, str]:
    """Refuse parameters this endpoint does not support, rather than ignore a filter someone relies on."""
    accepted = ACCEPTED.get(endpoint, ())
    for name in args:
        if name not in accepted:
            supported = ", ".join(accepted) or "none"
            raise BadParameter(name, f"{name} is not a parameter of this endpoint (it takes: {supported})")
    return args


def paging(args: MultiDict[str, str]) -> tuple[int, int]:
    return (
        _whole(args, "page", 1, 1, MAX_PAGE),
        _whole(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )


def _whole(args: MultiDict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    if not _NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high:,}")
    return int(raw)


def choice(args: MultiDict[str, str], name: str, options: tuple[str, ...]) -> str:
    raw = args.get(name, options[0])
    if raw not in options:
        raise BadParameter(name, f"{name} must be one of: {', '.join(options)}")
    return raw


def text(args: MultiDict[str, str], name: str) -> str | None:
    raw = (args.get(name) or "").strip()
    if len(raw) > MAX_TEXT:
        raise BadParameter(name, f"{name} must be at most {MAX_TEXT} characters")
    return raw or None


def record_id(args: MultiDict[str, str], name: str) -> str | None:
    raw = args.get(name)
    if raw is None:
        return None
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        raise BadParameter(name, f"{name} must be an id from this API (a UUID)") from None


def service_filters(args: MultiDict[str, str], *, proximity: bool = False) -> Filters:
    term = None
    term_id = record_id(args, "taxonomy_term_id")
    if term_id is not None:
        term = feed.term_for(current_session(), term_id)
        if term is None:
            raise BadParameter("taxonomy_term_id", "taxonomy_term_id is not the id of a term in /taxonomy_terms")
    place = None
    postcode = args.get("postcode")
    if postcode is not None:
        found = feed.place_for(current_session(), postcode)
        if isinstance(found, NotFound):
            raise BadParameter("postcode", _place_problem(found))
        place = found
    metres = _metres(args) if proximity else None
    if metres is not None and place is None:
        raise BadParameter("proximity", "proximity needs a postcode to measure from")
    return Filters(
        search=text(args, "search"),
        term=term,
        modified_after=_moment(args, "modified_after"),
        place=place,
        proximity_metres=metres,
    )


def _place_problem(found: NotFound) -> str:
    # Never repeat the postcode itself: at most the district, which is no more than the sector we use.
    if found.problem is Problem.MALFORMED:
        return "postcode must be a UK postcode, postcode sector (such as LN1 3) or district (such as LN1)"
    if found.problem is Problem.OUTSIDE_UK:
        return "postcode is outside the UK (Isle of Man or Channel Islands), which this directory does not cover"
    where = f" in district {found.district}" if found.district else ""
    return f"postcode is not a place we know{where}; try its postcode district"


def _metres(args: MultiDict[str, str]) -> float | None:
    raw = args.get("proximity")
    if raw is None:
        return None
    try:
        metres = float(raw)
    except ValueError:
        metres = math.nan
    if not 0 < metres <= MAX_PROXIMITY_METRES:  # also refuses nan
        raise BadParameter(
            "proximity", f"proximity must be a distance in metres, more than 0 and at most {MAX_PROXIMITY_METRES:,}"
        )
    return metres


def _moment(args: MultiDict[str, str], name: str) -> datetime | None:
    """An ISO 8601 date or date and time; without an offset it is taken as UTC. Returned as naive UTC."""
    raw = args.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.strip().upper())
    except ValueError:
        raise BadParameter(name, f"{name} must be a date and time such as 2026-01-31T09:00:00Z") from None
    if value.tzinfo is not None:
        try:
            value = value.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # the first or last hours of year 1 or 9999
            raise BadParameter(name, f"{name} must be a date and time between the years 1 and 9999") from None
    return value
