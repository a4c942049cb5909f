"""Errors on the listing form: each on the field, and the row, it belongs to, in words an editor understands.

A schema error's location is data (DataError.path, like ("phones", 1, "number")); RowMap turns an item's
index into the form row it came from. Nothing is parsed out of a string.
"""

from __future__ import annotations

from typing import Any

from wtforms import Field, FieldList

from signpost.dataset.errors import DataError
from signpost.partners.listing_convert import Path, RowMap
from signpost.partners.listing_form import WELSH_NOUNS

TOP_LEVEL = {
    "name", "description", "website", "email", "eligibility", "languages", "accessibility", "crime_types", "audience",
    "purpose", "focus", *WELSH_NOUNS,
}  # fmt: skip
# Fields the portal fills in itself: an error there is reported on the field the editor typed instead.
DERIVED = {"id", "organisation", "verification", "source_url", "checked_on", "check_note"}
FRIENDLY = {
    "name": "Enter the service name",
    "description": "Enter what the service does",
    "website": "Enter a website address that starts with https://",
    "email": "Enter an email address in the correct format, like name@example.org",
    "crime_types": "Select the crimes you help with",
    "audience": "Select who the service is for",
    "purpose": "Select what the service is mainly for",
    "number": "Enter a real UK phone number, like 0808 168 9111",
    "opens": "Enter an opening time, like 09:00",
    "closes": "Enter a closing time, like 17:30",
    "areas": "Select the countries you cover, or enter the local areas you cover",
}
ROW_FIELDS = {"phones": ("kind", "number", "note", "keyword"), "locations": ("name", "address", "postcode")}
# A field too long (DataError.kind "too_long": "must be 200 characters or fewer (it has 230)"): what to call it.
TOO_LONG_NOUNS = {
    "name": "The service name",
    "description": "The description of what the service does",
    "email": "The email address",
    "website": "The website address",
}
# Welsh needs its English beside it (the other pages show the English): where to give it.
WELSH_NEEDS_ENGLISH = {
    "name_cy": "Enter the service name in English too, in About the service, or delete the Welsh",
    "description_cy": "Enter what the service does in English too, in About the service, or delete the Welsh",
    "eligibility_cy": "Enter who can use it in English too, in Who it is for, or delete the Welsh",
}
NO_SOURCE = "Enter the service's website, starting with https://, so people can check the listing"


def form_path(path: Path, rows: RowMap, areas: list[Any]) -> Path | None:
    """The form location of a schema error's record path, or None for a field the portal fills in itself."""
    head = path[0] if path else "name"
    if head in DERIVED:
        return None
    if head in ROW_FIELDS:
        if len(path) < 3:  # the list as a whole ("a service needs a phone number or a website")
            return (head, 0, "number") if head == "phones" else (head, 0, "postcode")
        index, name = int(path[1]), str(path[2])
        return (head, rows.row(head, index), name if name in ROW_FIELDS[head] else ROW_FIELDS[head][-1])
    if head == "hours":
        return _hours_path(path[1:], rows)
    if head == "areas":
        index = int(path[1]) if len(path) > 1 else -1
        is_radius = 0 <= index < len(areas) and areas[index].get("kind") == "radius"
        return ("radius_miles",) if is_radius else ("local_areas",)
    return (str(head),) if head in TOP_LEVEL else ("name",)


def _hours_path(path: Path, rows: RowMap) -> Path:
    if path and path[0] == "weekly" and len(path) >= 3:
        return ("days", rows.row("weekly", int(path[1])), "closes" if path[2] == "closes" else "opens")
    if path and path[0] == "exceptions":
        return ("exceptions",)
    return ("hours_note",)


def message_for(error: DataError) -> str:
    name = str(error.path[-1]) if error.path else error.field
    if name in WELSH_NOUNS:
        if error.kind == "needs_english":  # signpost.dataset.fields.welsh: no English beside it
            return WELSH_NEEDS_ENGLISH[name]
        return f"{WELSH_NOUNS[name]} {error.message}"
    if name in TOO_LONG_NOUNS and error.kind == "too_long" and len(error.path) <= 1:  # the listing's own field
        return f"{TOO_LONG_NOUNS[name]} {error.message}"  # "Enter the service name" would not say what is wrong
    if name in FRIENDLY:
        return FRIENDLY[name]
    if error.path and error.path[0] in ("areas", "phones") and len(error.path) == 1:
        return error.message[0].upper() + error.message[1:]
    return f"{name.replace('_', ' ').capitalize()} {error.message}"


def schema_problems(errors: list[DataError], rows: RowMap, data: dict[str, Any]) -> dict[Path, str]:
    """Schema errors by form path (the first message for each place)."""
    placed: dict[Path, str] = {}
    for error in errors:
        where = form_path(error.path or (error.field,), rows, data.get("areas") or [])
        if where is not None:
            placed.setdefault(where, message_for(error))
    if errors and not placed:
        placed[("website",)] = NO_SOURCE  # only a derived field failed: a listing's source is its website
    return placed


def _field(form: Any, path: Path) -> Field | None:
    if str(path[0]) not in form._fields:
        return None
    found: Any = form[str(path[0])]
    if len(path) == 3 and isinstance(found, FieldList) and int(path[1]) < len(found.entries):
        return found.entries[int(path[1])].form[str(path[2])]
    return found if len(path) == 1 else None


def place_errors(form: Any, problems: dict[Path, str]) -> dict[Path, str]:
    """Put each message on its field; returns those the form has no field for (another section's)."""
    elsewhere: dict[Path, str] = {}
    for path, message in problems.items():
        target = _field(form, path)
        if target is None:
            elsewhere[path] = message
        else:
            target.errors = [message]
    for field in form:
        if isinstance(field, FieldList):
            # A FieldList gathers its rows' errors only when it validates: gather them again for the summary.
            field.errors = [entry.errors for entry in field.entries] if any(e.errors for e in field.entries) else []
    return elsewhere
