"""The listing form <-> a listing snapshot, and errors put on the field (and row) they belong to.

Every problem carries its location as data: a form path like ("phones", 1, "number") is the second phone
row's number. Schema errors carry the record's path (signpost.dataset.errors.DataError.path); RowMap says
which form row each item of the record came from, since rows left empty are not items.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from signpost.dataset.schema import DAYS
from signpost.listings.areas import AreaLookup
from signpost.sanitise import InputProblem, parse_number

Path = tuple[str | int, ...]
MAX_MILES = 100_000  # a distance this form can hold at all; the schema allows 0.1 to 200
EXCEPTION_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(closed|\d{2}:\d{2}\s*-\s*\d{2}:\d{2})\s*(.*)$", re.IGNORECASE)
SIMPLE = (
    "name", "description", "website", "email", "eligibility", "accessibility", "purpose",
    "name_cy", "description_cy", "eligibility_cy",
)  # fmt: skip
LISTS = ("audience", "focus")


@dataclass
class RowMap:
    """For each list in the record, the form row each item came from."""

    rows: dict[str, list[int]] = field(default_factory=dict)

    def row(self, name: str, index: int) -> int:
        found = self.rows.get(name, [])
        return found[index] if index < len(found) else index


@dataclass
class Converted:
    data: dict[str, Any]
    rows: RowMap
    problems: dict[Path, str]  # problems only the form can see, by form path


def form_to_data(form: Any, areas: AreaLookup, find_place: Any, locations: list[Any] | None = None) -> Converted:
    """The fields of `form` (any section, or the whole listing) as part of a snapshot. `locations` are the
    listing's places when the form has none (a radius area needs the first)."""
    out = Converted(_plain_fields(form), RowMap(), {})
    names = form._fields
    if "phones" in names:
        out.data["phones"] = _phones(form, out)
    if "days" in names:
        out.data["hours"] = _hours(form, out)
    if "locations" in names:
        out.data["locations"] = _locations(form, find_place, out)
    if "nations" in names:
        places = out.data["locations"] if "locations" in names else (locations or [])
        out.data["areas"] = _areas(form, areas, places, out)
    return out


def _plain_fields(form: Any) -> dict[str, Any]:
    """The fields that are one value or one list each."""
    names, data = form._fields, dict[str, Any]()
    data |= {name: form[name].data or None for name in SIMPLE if name in names}
    data |= {name: list(form[name].data or []) for name in LISTS if name in names}
    if "name" in names:
        data["name"], data["description"] = form.name.data, form.description.data
    if "languages" in names:
        data["languages"] = [x.strip() for x in (form.languages.data or "").split(",") if x.strip()]
    if "crime_types" in names:
        chosen = list(form.crime_types.data or [])
        data["crime_types"] = ["any"] if "any" in chosen else chosen
    return data


def _phones(form: Any, out: Converted) -> list[dict[str, Any]]:
    phones, rows = [], []
    for i, entry in enumerate(form.phones.entries):
        row = entry.form
        if not (row.number.data or row.note.data or row.keyword.data):
            continue  # an empty row is not a phone
        if not row.number.data:
            out.problems[("phones", i, "number")] = "Enter the phone number, or clear this row"
            continue
        phones.append(
            {"kind": row.kind.data, "number": row.number.data}
            | ({"note": row.note.data} if row.note.data else {})
            | ({"keyword": row.keyword.data} if row.keyword.data else {})
        )
        rows.append(i)
    out.rows.rows["phones"] = rows
    return phones


def _hours(form: Any, out: Converted) -> dict[str, Any] | None:
    weekly, rows = [], []
    for i, entry in enumerate(form.days.entries[: len(DAYS)]):
        if entry.form.opens.data or entry.form.closes.data:
            weekly.append({"days": [DAYS[i]], "opens": entry.form.opens.data, "closes": entry.form.closes.data})
            rows.append(i)
    out.rows.rows["weekly"] = rows
    exceptions = _exceptions(form, out)
    if not (form.always_open.data or weekly or form.hours_note.data):
        return None
    return {
        "always_open": bool(form.always_open.data),
        "weekly": weekly,
        "bank_holidays": "closed" if form.bank_holidays_closed.data else "open",
        "exceptions": exceptions,
        "note": form.hours_note.data or None,
    }


def _exceptions(form: Any, out: Converted) -> list[dict[str, Any]]:
    exceptions = []
    for number, line in enumerate((form.exceptions.data or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = EXCEPTION_LINE.match(line.strip())
        if match is None:
            out.problems[("exceptions",)] = (
                f"Line {number}: write a date, then 'closed' or the hours, like 2026-12-25 closed"
            )
            continue
        day, what, note = match.groups()
        item: dict[str, Any] = {"date": day, "closed": what.lower() == "closed"}
        if not item["closed"]:
            opens, closes = (part.strip() for part in what.split("-"))
            item |= {"opens": opens, "closes": closes}
        exceptions.append(item | ({"note": note.strip()} if note.strip() else {}))
    return exceptions


def _locations(form: Any, find_place: Any, out: Converted) -> list[dict[str, Any]]:
    locations, rows = [], []
    for i, entry in enumerate(form.locations.entries):
        row = entry.form
        if not (row.name.data or row.address.data or row.postcode.data):
            continue
        where = find_place(row.postcode.data or "")
        if where is None:
            out.problems[("locations", i, "postcode")] = "Enter the postcode of this place, like LN1 1AA"
            continue
        locations.append(
            {
                "id": f"place-{i + 1}",
                "name": row.name.data or "Office",
                "address": row.address.data or None,
                "postcode": (row.postcode.data or "").upper(),
                "latitude": where[0],
                "longitude": where[1],
                "confidential": bool(row.confidential.data),
            }
        )
        rows.append(i)
    out.rows.rows["locations"] = rows
    return locations


def _areas(form: Any, areas: AreaLookup, locations: list[Any], out: Converted) -> list[Any]:
    nations = form.nations.data or []
    found: list[dict[str, Any]] = (
        [{"kind": "uk"}] if "uk" in nations else [{"kind": "nation", "code": n} for n in nations]
    )
    for number, line in enumerate((form.local_areas.data or "").splitlines(), start=1):
        text = line.strip()
        if not text:
            continue
        area = areas.find(text)
        if area is None:
            out.problems[("local_areas",)] = (
                f"Line {number}: '{text}' is not a police force, council or postcode district we know"
            )
        else:
            found.append({"kind": area[0], "code": area[1]})
    if form.radius_miles.data:
        try:
            miles = parse_number(form.radius_miles.data, low=0, high=MAX_MILES)  # the schema checks the range
        except InputProblem:
            out.problems[("radius_miles",)] = "Enter the distance as a number of miles, like 10"
        else:
            if locations:
                found.append({"kind": "radius", "location": locations[0]["id"], "miles": miles})
            else:
                out.problems[("radius_miles",)] = "Add a place to visit to cover the area around it"
    return found


def data_to_form(form: Any, data: Mapping[str, Any], areas: AreaLookup) -> None:
    """Fill the form's fields (any section, or all) from a snapshot."""
    names = form._fields
    _plain_to_form(form, data)
    if "phones" in names:
        for entry, phone in zip(form.phones.entries, data.get("phones") or [], strict=False):
            entry.form.kind.data, entry.form.number.data = phone["kind"], phone["number"]
            entry.form.note.data, entry.form.keyword.data = phone.get("note"), phone.get("keyword")
    if "days" in names:
        _hours_to_form(form, data.get("hours") or {})
    if "locations" in names:
        for entry, loc in zip(form.locations.entries, data.get("locations") or [], strict=False):
            row = entry.form
            row.name.data, row.address.data, row.postcode.data = loc["name"], loc.get("address"), loc.get("postcode")
            row.confidential.data = bool(loc.get("confidential"))
    if "nations" in names:
        _areas_to_form(form, data.get("areas") or [], areas)


def _plain_to_form(form: Any, data: Mapping[str, Any]) -> None:
    names = form._fields
    for name in SIMPLE:
        if name in names:
            form[name].data = data.get(name)
    for name in (*LISTS, "crime_types"):
        if name in names:
            form[name].data = list(data.get(name) or [])
    if "languages" in names:
        form.languages.data = ", ".join(data.get("languages") or [])


def _hours_to_form(form: Any, hours: Mapping[str, Any]) -> None:
    form.always_open.data = bool(hours.get("always_open"))
    form.bank_holidays_closed.data = hours.get("bank_holidays") == "closed"
    form.hours_note.data = hours.get("note")
    for row in hours.get("weekly") or []:
        for day in row["days"]:
            entry = form.days.entries[DAYS.index(day)].form
            entry.opens.data, entry.closes.data = row["opens"], row["closes"]
    form.exceptions.data = "\n".join(
        f"{e['date']} "
        + ("closed" if e.get("closed", True) else f"{e['opens']}-{e['closes']}")
        + (f" {e['note']}" if e.get("note") else "")
        for e in hours.get("exceptions") or []
    )


def _areas_to_form(form: Any, areas: list[Mapping[str, Any]], lookup: AreaLookup) -> None:
    form.nations.data = (
        ["uk"] if any(a["kind"] == "uk" for a in areas) else [a["code"] for a in areas if a["kind"] == "nation"]
    )
    form.local_areas.data = "\n".join(
        lookup.name(a["kind"], a["code"]) for a in areas if a["kind"] not in ("uk", "nation", "radius")
    )
    radius = next((a for a in areas if a["kind"] == "radius"), None)
    form.radius_miles.data = f"{radius['miles']:g}" if radius else ""
