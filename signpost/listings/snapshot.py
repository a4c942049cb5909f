"""A listing as plain data, in the same shape as a service record in data/services/*.yaml.

Change requests store these snapshots (before and after), so a moderator reviews exactly what
will be published, and the same schema checks apply to partner edits as to the curated files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from signpost.dataset.schema import DAYS
from signpost.directory.hours import clock_text, describe, hours_from_rows
from signpost.models import Service
from signpost.sanitise import without_control


def _clock(value: Any) -> str:
    return f"{value:%H:%M}"


def hours_data(
    always_open: bool,
    weekly: Iterable[Any],
    closed_on_bank_holidays: bool,
    exceptions: Iterable[Any],
    note: str | None,
    note_cy: str | None = None,
) -> dict[str, Any]:
    """Opening hours in the record's shape. `weekly` items have weekday/opens/closes; `exceptions` items
    have day/closed/opens/closes/note (service rows and validated records alike)."""
    return {
        "always_open": always_open,
        "weekly": [{"days": [DAYS[h.weekday]], "opens": _clock(h.opens), "closes": _clock(h.closes)} for h in weekly],
        "bank_holidays": "closed" if closed_on_bank_holidays else "open",
        "exceptions": [
            {"date": e.day.isoformat(), "closed": e.closed}
            | ({"opens": _clock(e.opens), "closes": _clock(e.closes)} if e.opens and e.closes else {})
            | ({"note": e.note} if e.note else {})
            for e in exceptions
        ],
        "note": note,
    } | ({"note_cy": note_cy} if note_cy else {})


def area_data(kind: str, code: str | None, location: str | None, miles: float | None) -> dict[str, Any]:
    if kind == "radius":
        return {"kind": "radius", "location": location, "miles": miles}
    return {"kind": kind, "code": code} if code else {"kind": kind}


# Welsh text for the /cy/ pages: optional, each beside its English (the partner editor's "Welsh language"
# section and the CSV's *_cy columns edit it). Every snapshot carries it, so an edit elsewhere keeps it.
WELSH_FIELDS = ("name_cy", "description_cy", "eligibility_cy")


def welsh_data(source: Any) -> dict[str, str]:
    """The Welsh fields `source` (a service row or a validated record) holds, leaving out the empty ones."""
    return {field: value for field in WELSH_FIELDS if (value := getattr(source, field, None))}


def _digits(number: Any) -> str:
    return "".join(ch for ch in str(number or "") if ch.isdigit())


def keep_welsh_notes(data: dict[str, Any], before: Mapping[str, Any]) -> dict[str, Any]:
    """`data` with the Welsh notes (`note_cy`) of `before`, a snapshot, where they are missing: neither the
    partner editor nor the CSV edits them yet, so an edit must not drop them. A phone keeps the Welsh of the
    phone with the same kind and number, and the hours keep theirs, each only while its English note is the
    one the Welsh translates: a changed note ("Free to call" becoming "5p a minute") would otherwise leave
    Welsh readers with the old words, so the Welsh page shows the new English, marked English, instead."""
    welsh = {
        (p.get("kind"), _digits(p.get("number")), p.get("note")): p["note_cy"]
        for p in before.get("phones") or []
        if p.get("note_cy")
    }
    out = dict(data)
    if data.get("phones"):
        out["phones"] = [
            p | {"note_cy": found}
            if p.get("note")
            and not p.get("note_cy")
            and (found := welsh.get((p.get("kind"), _digits(p.get("number")), p.get("note"))))
            else p
            for p in data["phones"]
        ]
    hours, old = data.get("hours"), before.get("hours") or {}
    if hours and old.get("note_cy") and hours.get("note") == old.get("note") and not hours.get("note_cy"):
        out["hours"] = hours | {"note_cy": old["note_cy"]}
    return out


def welsh_notes(service: Service) -> dict[str, Any]:
    """A listing's Welsh notes in the snapshot's shape (all keep_welsh_notes reads), without a whole snapshot."""
    phones = [
        {"kind": p.kind, "number": p.number, "note": p.note, "note_cy": p.note_cy} for p in service.phones if p.note_cy
    ]
    return {"phones": phones, "hours": {"note": service.hours_note, "note_cy": service.hours_note_cy}}


def listing_data(
    source: Any,
    *,
    languages: list[str],
    crime_types: list[str],
    audience: list[str],
    focus: list[str],
    areas: list[dict[str, Any]],
    hours: dict[str, Any] | None,
) -> dict[str, Any]:
    """The listing fields a service row and a validated record share, in the record's shape; the
    caller converts the fields the two hold differently."""
    return {
        "name": source.name,
        "description": source.description,
        "website": source.website,
        "email": source.email,
        "eligibility": source.eligibility,
        "languages": languages,
        "accessibility": source.accessibility,
        "crime_types": crime_types,
        "audience": audience,
        "purpose": source.purpose,
        "focus": focus,
        "areas": areas,
        "phones": [
            {"kind": p.kind, "number": p.number, "note": p.note}
            | ({"keyword": p.keyword} if p.keyword else {})
            | ({"note_cy": p.note_cy} if p.note_cy else {})
            for p in source.phones
        ],
        "hours": hours,
        "locations": [
            {
                "id": loc.slug,
                "name": loc.name,
                "address": loc.address,
                "postcode": loc.postcode,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
                "confidential": loc.confidential,
            }
            for loc in source.locations
        ],
    } | welsh_data(source)


def snapshot(service: Service) -> dict[str, Any]:
    hours: dict[str, Any] | None = None
    if service.always_open or service.opening_hours or service.hours_note:
        hours = hours_data(
            service.always_open,
            service.opening_hours,
            service.closed_on_bank_holidays,
            service.exceptions,
            service.hours_note,
            service.hours_note_cy,
        )
    slugs = {loc.id: loc.slug for loc in service.locations}
    return listing_data(
        service,
        languages=service.languages.split(",") if service.languages else [],
        crime_types=["any"] if service.all_crime_types else sorted(c.slug for c in service.crime_types),
        audience=service.audience.split(",") if service.audience else [],
        focus=service.focus.split(",") if service.focus else [],
        areas=[area_data(a.kind, a.code, slugs.get(a.location_id or 0), a.radius_miles) for a in service.areas],
        hours=hours,
    )


LABELS = {
    "name": "Name",
    "description": "Description",
    "website": "Website",
    "email": "Email",
    "eligibility": "Who can use it",
    "languages": "Languages",
    "accessibility": "Accessibility",
    "crime_types": "Crime types",
    "audience": "Who it is for",
    "purpose": "What it is for",
    "focus": "Focus",
    "areas": "Areas covered",
    "phones": "Phone numbers",
    "hours": "Opening hours",
    "locations": "Places to visit",
    "name_cy": "Name in Welsh",
    "description_cy": "Description in Welsh",
    "eligibility_cy": "Who can use it, in Welsh",
}
WELSH_LABELS = frozenset(LABELS[field] for field in WELSH_FIELDS)  # pages mark these values lang="cy"


def in_sentence(label: str) -> str:
    """A label inside a sentence: "Name in Welsh" -> "name in Welsh" (a language keeps its capital)."""
    return label[:1].lower() + label[1:]


def _areas_text(value: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"within {a['miles']:g} miles of {a['location']}"
        if a["kind"] == "radius"
        else f"{a['kind']}: {a.get('code', 'UK')}"
        for a in value
    )


def _phones_text(value: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{p['kind']}: {p['number']}"
        + (f" keyword {p['keyword']}" if p.get("keyword") else "")
        + (f" ({p['note']})" if p.get("note") else "")
        for p in value
    )


def _locations_text(value: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{loc['name']}: {loc.get('address') or ''} {loc.get('postcode') or ''}".strip()
        + (" (confidential)" if loc.get("confidential") else "")
        for loc in value
    )


def as_text(field: str, value: Any, crime_names: dict[str, str]) -> str:
    """One field of a snapshot as the text a moderator reads in a diff."""
    if value in (None, "", []):
        return "(none)"
    if field == "crime_types":
        return "Every kind of crime" if value == ["any"] else ", ".join(crime_names.get(v, v) for v in value)
    if field in ("languages", "audience", "focus"):
        return ", ".join(value)
    if field == "hours":
        return "\n".join(_hours_lines(value))
    lists = {"areas": _areas_text, "phones": _phones_text, "locations": _locations_text}
    return lists[field](value) if field in lists else str(value)


def _hours_lines(hours: dict[str, Any]) -> list[str]:
    from datetime import date, time

    def parse(value: str) -> time:
        return time(int(value[:2]) % 24, int(value[3:]))

    rows = [(DAYS.index(d), parse(w["opens"]), parse(w["closes"])) for w in hours.get("weekly", []) for d in w["days"]]
    changes = [(date.fromisoformat(e["date"]), e.get("closed", True), None, None) for e in hours.get("exceptions", [])]
    lines = describe(
        hours_from_rows(bool(hours.get("always_open")), rows, hours.get("bank_holidays") == "closed", changes)
    )
    for e in hours.get("exceptions", []):
        when = (
            "closed"
            if e.get("closed", True)
            else f"{clock_text(parse(e['opens']))} to {clock_text(parse(e['closes']))}"
        )
        lines.append(f"{e['date']}: {when}" + (f" ({e['note']})" if e.get("note") else ""))
    if hours.get("note"):
        lines.append(str(hours["note"]))
    return lines


def diff(before: dict[str, Any], after: dict[str, Any], crime_names: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, before text, after text) for every field that differs."""
    out = []
    for field, label in LABELS.items():
        old, new = as_text(field, before.get(field), crime_names), as_text(field, after.get(field), crime_names)
        if old != new:
            # A change stored before the sanitiser existed may hold a NUL, which no page may contain.
            out.append((label, without_control(old, multiline=True), without_control(new, multiline=True)))
    return out
