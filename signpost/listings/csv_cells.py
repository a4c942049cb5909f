"""Readable CSV cells for the list fields: areas, phones, opening hours and places, both ways.

Each cell is a list of items separated by semicolons (csv_format.join_items / split_items):

    areas      Lincolnshire Police; Lincoln; LN1; Wales; UK; within 10 miles of lincoln-hub
    phones     voice:0808 168 9111:Free to call; text:SHOUT to 85258
    hours      Mon-Fri 09:00-17:00; Sat 10:00-13:00; bank holidays closed; 2026-12-25 closed Christmas Day;
               note: Closed for training on the first Monday
    locations  lincoln-hub: Lincoln hub | 1 Castle Square, Lincoln | LN1 3AA | 53.2342, -0.5386 | private

Areas are named as people know them (police forces, councils, postcode districts, countries), from
data/geo (signpost.listings.areas); a code (E23000020) or the older kind:code form reads too.
Parsers add (column, message) problems and carry on, so every bad item in a file is reported.
"""

from __future__ import annotations

import re
from typing import Any

from signpost.dataset.schema import DAYS
from signpost.listings.areas import AreaLookup
from signpost.listings.csv_format import join_items, miles_text, split_items
from signpost.sanitise import InputProblem, parse_number

Problems = list[tuple[str, str]]
QUOTE = 60  # characters of a bad item quoted back in a message


def _quoted(item: str) -> str:
    return repr(item if len(item) <= QUOTE else item[:QUOTE] + "...")


DAY_WORDS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}
RADIUS = re.compile(r"^within\s+(\S+)\s+miles?\s+of\s+(\S+)$", re.IGNORECASE)
TIMES = r"(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})"
WEEKLY = re.compile(r"^([A-Za-z]{3}(?:\s*[-,]\s*[A-Za-z]{3})*)\s+" + TIMES + "$")
EXCEPTION = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(?:(closed)|" + TIMES + r")\s*(.*)$", re.IGNORECASE)
HOURS_EXAMPLE = "like Mon-Fri 09:00-17:00, bank holidays closed, 2026-12-25 closed or note: by appointment"


# ---------------------------------------------------------------- areas


def areas_cell(areas: list[dict[str, Any]], lookup: AreaLookup) -> str:
    items = []
    for area in areas:
        if area["kind"] == "radius":
            items.append(f"within {miles_text(area['miles'])} miles of {area['location']}")
        elif area["kind"] == "uk":
            items.append("UK")
        elif area["kind"] == "nation":
            items.append(NATION_NAMES.get(area["code"], area["code"]))
        else:
            items.append(lookup.name(area["kind"], area["code"]))
    return join_items(items)


def parse_areas(cell: str, lookup: AreaLookup, problems: Problems) -> list[dict[str, Any]]:
    nations = {name.lower(): code for code, name in NATION_NAMES.items()}
    out: list[dict[str, Any]] = []
    for item in split_items(cell):
        text = item.lower()
        radius = RADIUS.match(item) or re.match(r"^radius:([^:]+):([^:]+)$", item)
        if text in ("uk", "the whole uk"):
            out.append({"kind": "uk"})
        elif text in nations:
            out.append({"kind": "nation", "code": nations[text]})
        elif radius:
            miles, location = radius.groups() if radius.re is RADIUS else radius.groups()[::-1]
            try:
                out.append({"kind": "radius", "location": location, "miles": parse_number(miles, low=0, high=100_000)})
            except InputProblem:
                problems.append(
                    ("areas", f"{_quoted(item)}: the distance must be a number of miles, like within 10 miles of hub")
                )
        elif (found := lookup.find(item)) is not None:
            out.append({"kind": found[0], "code": found[1]})
        elif ":" in item and item.split(":", 1)[0] in (
            "nation",
            "police_force_area",
            "local_authority",
            "postcode_district",
        ):
            kind, code = (part.strip() for part in item.split(":", 1))
            out.append({"kind": kind, "code": code})  # the older form; the checks say if the code is unknown
        else:
            problems.append(
                ("areas", f"{_quoted(item)} is not a police force, council, postcode district or country we know, "
                 "nor 'within <miles> miles of <place id>'")
            )  # fmt: skip
    return out


# ---------------------------------------------------------------- phones


def phones_cell(phones: list[dict[str, Any]]) -> str:
    items = []
    for phone in phones:
        number = f"{phone['keyword']} to {phone['number']}" if phone.get("keyword") else phone["number"]
        items.append(f"{phone['kind']}:{number}" + (f":{phone['note']}" if phone.get("note") else ""))
    return join_items(items)


def parse_phones(cell: str, problems: Problems) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in split_items(cell):
        parts = [part.strip() for part in item.split(":", 2)]
        if len(parts) < 2 or not parts[1]:
            problems.append(
                ("phones", f"{_quoted(item)} must be kind:number or kind:number:note, like voice:0808 168 9111")
            )
            continue
        phone = {"kind": parts[0], "number": parts[1]}
        keyword, to, number = parts[1].partition(" to ")
        if to and parts[0] == "text":
            phone |= {"keyword": keyword.strip(), "number": number.strip()}
        out.append(phone | ({"note": parts[2]} if len(parts) == 3 and parts[2] else {}))
    return out


# ---------------------------------------------------------------- opening hours


def _day_groups(weekly: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(days, opens, closes): runs of days with the same sessions, like ("Mon-Fri", "09:00", "17:00")."""
    by_day: dict[int, list[tuple[str, str]]] = {}
    for row in weekly:
        for day in row["days"]:
            by_day.setdefault(DAYS.index(day), []).append((row["opens"], row["closes"]))
    runs: list[tuple[int, int, list[tuple[str, str]]]] = []
    for day in sorted(by_day):
        sessions = sorted(by_day[day])
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == sessions:
            runs[-1] = (runs[-1][0], day, sessions)
        else:
            runs.append((day, day, sessions))
    out = []
    for first, last, sessions in runs:
        days = DAY_WORDS[first] if first == last else f"{DAY_WORDS[first]}-{DAY_WORDS[last]}"
        out += [(days, opens, closes) for opens, closes in sessions]
    return out


def hours_cell(hours: dict[str, Any] | None) -> str:
    if not hours:
        return ""
    items = ["open 24 hours"] if hours.get("always_open") else []
    items += [f"{days} {opens}-{closes}" for days, opens, closes in _day_groups(hours.get("weekly") or [])]
    if hours.get("bank_holidays") == "closed":
        items.append("bank holidays closed")
    for e in hours.get("exceptions") or []:
        when = "closed" if e.get("closed", True) else f"{e['opens']}-{e['closes']}"
        items.append(f"{e['date']} {when}" + (f" {e['note']}" if e.get("note") else ""))
    if hours.get("note"):
        items.append(f"note: {hours['note']}")
    return join_items(items)


def _days(text: str) -> list[str] | None:
    """'Mon-Fri' or 'Sat,Sun' -> ['mon', ...]; None if a day is not one of Mon to Sun."""
    words = [w.lower() for w in DAY_WORDS]
    out: list[str] = []
    for part in text.split(","):
        ends = [end.strip().lower() for end in part.split("-")]
        if len(ends) > 2 or any(end not in words for end in ends):
            return None
        out += DAYS[words.index(ends[0]) : words.index(ends[-1]) + 1]
    return out or None


def parse_hours(cell: str, problems: Problems) -> dict[str, Any] | None:
    items = split_items(cell)
    if not items:
        return None
    hours: dict[str, Any] = {"always_open": False, "weekly": [], "bank_holidays": "open", "exceptions": []}
    unreadable = len(problems)
    for item in items:
        text = " ".join(item.split())
        weekly, exception = WEEKLY.match(text), EXCEPTION.match(text)
        if text.lower() == "open 24 hours":
            hours["always_open"] = True
        elif text.lower() in ("bank holidays closed", "bank holidays open"):
            hours["bank_holidays"] = text.lower().rsplit(" ", 1)[1]
        elif text.lower().startswith("note:"):
            hours["note"] = text[5:].strip()
        elif weekly and (days := _days(weekly.group(1))):
            hours["weekly"] += [{"days": [day], "opens": weekly.group(2), "closes": weekly.group(3)} for day in days]
        elif exception:
            day, closed, opens, closes, note = exception.groups()
            found: dict[str, Any] = {"date": day, "closed": bool(closed)}
            found |= {} if closed else {"opens": opens, "closes": closes}
            hours["exceptions"].append(found | ({"note": note.strip()} if note.strip() else {}))
        else:
            problems.append(("hours", f"{_quoted(item)} is not opening hours we can read: write them {HOURS_EXAMPLE}"))
    # Hours with an item left out would only bring more messages about the same mistake.
    return hours if len(problems) == unreadable else None


# ---------------------------------------------------------------- places


def locations_cell(locations: list[dict[str, Any]]) -> str:
    items = []
    for loc in locations:
        parts = [
            loc["name"],
            loc.get("address") or "",
            loc.get("postcode") or "",
            f"{loc['latitude']}, {loc['longitude']}",
        ]
        items.append(f"{loc['id']}: " + " | ".join(parts) + (" | private" if loc.get("confidential") else ""))
    return join_items(items)


def parse_locations(cell: str, problems: Problems) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in split_items(cell):
        place_id, _, rest = item.partition(":")
        parts = [part.strip() for part in rest.split("|")]
        private = len(parts) == 5 and parts[4].lower() == "private"
        position = parts[3].split(",") if len(parts) >= 4 else []
        if not rest or len(parts) not in (4, 5) or (len(parts) == 5 and not private) or len(position) != 2:
            problems.append(
                ("locations", f"{_quoted(item)} must be written id: name | address | postcode | latitude, longitude "
                 "(and | private for an address to keep private)")
            )  # fmt: skip
            continue
        try:
            latitude, longitude = (parse_number(p, low=-180, high=180) for p in position)
        except InputProblem:
            problems.append(("locations", f"{_quoted(item)}: the position must be two numbers, like 53.2342, -0.5386"))
            continue
        out.append(
            {
                "id": place_id.strip(),
                "name": parts[0],
                "address": parts[1] or None,
                "postcode": parts[2] or None,
                "latitude": latitude,
                "longitude": longitude,
                "confidential": private,
            }
        )
    return out
