"""The listing form: every field a victim sees, laid out for editors, converted to and from a snapshot."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from signpost.dataset.errors import DataError
from signpost.dataset.schema import DAYS
from signpost.directory.vocabulary import AUDIENCES, FOCUS, PURPOSES
from signpost.forms import SafeForm
from signpost.sanitise import InputProblem, parse_number

DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
PHONE_KINDS = [
    SelectChoice("voice", "Phone"),
    SelectChoice("text", "Text message"),
    SelectChoice("textphone", "Textphone"),
]
PHONE_ROWS, LOCATION_ROWS = 3, 2
MAX_MILES = 100_000  # a distance this form can hold at all; the schema allows 0.1 to 200
NATIONS = [
    SelectChoice("uk", "The whole UK"),
    SelectChoice("england", "England"),
    SelectChoice("wales", "Wales"),
    SelectChoice("scotland", "Scotland"),
    SelectChoice("northern-ireland", "Northern Ireland"),
]
EXCEPTION_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(closed|\d{2}:\d{2}\s*-\s*\d{2}:\d{2})\s*(.*)$", re.IGNORECASE)


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ListingForm(SafeForm):
    name = StringField("Service name", widget=GovTextInput(), filters=[_strip])
    description = TextAreaField(
        "What the service does",
        widget=GovTextArea(),
        filters=[_strip],
        description="Plain English, short sentences. Victims read this on a phone.",
    )
    eligibility = TextAreaField("Who it is for", widget=GovTextArea(), filters=[_strip])
    website = StringField("Website", widget=GovTextInput(), filters=[_strip], description="Starts with https://")
    email = StringField("Email address", widget=GovTextInput(), filters=[_strip])
    languages = StringField(
        "Languages", widget=GovTextInput(), filters=[_strip], description="Two-letter codes, like en, cy, pl"
    )
    accessibility = TextAreaField("Accessibility", widget=GovTextArea(), filters=[_strip])
    crime_types = SelectMultipleField("Crimes you help with", widget=GovCheckboxesInput(), validate_choice=False)
    audience = SelectMultipleField(
        "Who the service is for",
        widget=GovCheckboxesInput(),
        choices=[SelectChoice(value, label) for value, label in AUDIENCES.items()],
        validate_choice=False,
    )
    purpose = RadioField(
        "What the service is mainly for",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in PURPOSES.items()],
        validate_choice=False,
    )
    focus = SelectMultipleField(
        "Does the service focus on particular people? Leave blank if it is for everyone",
        widget=GovCheckboxesInput(),
        choices=[SelectChoice(value, label) for value, label in FOCUS.items()],
        validate_choice=False,
    )
    nations = SelectMultipleField(
        "Countries you cover", widget=GovCheckboxesInput(), choices=NATIONS, validate_choice=False
    )
    local_areas = TextAreaField(
        "Local areas you cover",
        widget=GovTextArea(),
        filters=[_strip],
        description="One per line: a police force (like Lincolnshire Police), a council (like Lincoln) or a postcode district (like LN1)",
    )
    always_open = BooleanField("Open 24 hours, every day", widget=GovCheckboxInput())
    bank_holidays_closed = BooleanField("Closed on bank holidays", widget=GovCheckboxInput())
    hours_note = StringField("Anything else about opening hours", widget=GovTextInput(), filters=[_strip])
    exceptions = TextAreaField(
        "Closures and changed hours",
        widget=GovTextArea(),
        filters=[_strip],
        description="One per line, like: 2026-12-25 closed Christmas Day, or 2026-12-24 10:00-14:00 Christmas Eve",
    )
    radius_miles = StringField(
        "Also cover everyone within this many miles of your first place to visit",
        widget=GovTextInput(),
        filters=[_strip],
    )
    submit = SubmitField("Send for review", widget=GovSubmitInput())
    # The listing as the editor started from it (version and snapshot), signed: see listing_views.sign_base.
    base = HiddenField()

    def __init__(self, crime_choices: list[SelectChoice], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.crime_types.choices = [SelectChoice("any", "Every kind of crime"), *crime_choices]

    def phone_rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [
            (self[f"phone{i}_kind"], self[f"phone{i}_number"], self[f"phone{i}_note"], self[f"phone{i}_keyword"])
            for i in range(1, PHONE_ROWS + 1)
        ]

    def day_rows(self) -> list[tuple[str, Any, Any]]:
        return [(DAY_NAMES[d], self[f"{d}_opens"], self[f"{d}_closes"]) for d in DAYS]

    def location_rows(self) -> list[tuple[Any, ...]]:
        return [
            (self[f"loc{i}_name"], self[f"loc{i}_address"], self[f"loc{i}_postcode"], self[f"loc{i}_confidential"])
            for i in range(1, LOCATION_ROWS + 1)
        ]


for _i in range(1, PHONE_ROWS + 1):
    setattr(ListingForm, f"phone{_i}_kind", SelectField(f"Phone {_i}: type", widget=GovSelect(), choices=PHONE_KINDS))
    setattr(
        ListingForm, f"phone{_i}_number", StringField(f"Phone {_i}: number", widget=GovTextInput(), filters=[_strip])
    )
    setattr(ListingForm, f"phone{_i}_note", StringField(f"Phone {_i}: note", widget=GovTextInput(), filters=[_strip]))
    setattr(
        ListingForm,
        f"phone{_i}_keyword",
        StringField(
            f"Phone {_i}: word to text, if you ask for one",
            widget=GovTextInput(),
            filters=[_strip],
            description="Text message numbers only, like SHOUT",
        ),
    )
for _day in DAYS:
    setattr(
        ListingForm, f"{_day}_opens", StringField(f"{DAY_NAMES[_day]}: opens", widget=GovTextInput(), filters=[_strip])
    )
    setattr(
        ListingForm,
        f"{_day}_closes",
        StringField(f"{DAY_NAMES[_day]}: closes", widget=GovTextInput(), filters=[_strip]),
    )
for _i in range(1, LOCATION_ROWS + 1):
    setattr(ListingForm, f"loc{_i}_name", StringField(f"Place {_i}: name", widget=GovTextInput(), filters=[_strip]))
    setattr(
        ListingForm, f"loc{_i}_address", StringField(f"Place {_i}: address", widget=GovTextInput(), filters=[_strip])
    )
    setattr(
        ListingForm, f"loc{_i}_postcode", StringField(f"Place {_i}: postcode", widget=GovTextInput(), filters=[_strip])
    )
    setattr(
        ListingForm,
        f"loc{_i}_confidential",
        BooleanField(f"Place {_i}: keep the address private (for example a refuge)", widget=GovCheckboxInput()),
    )


@dataclass(frozen=True)
class AreaLookup:
    """Names and codes editors may type for local areas."""

    forces: dict[str, str]  # lower-case name or code -> police force area code
    councils: dict[str, str]  # lower-case name or code -> local authority code
    districts: set[str]


@dataclass(frozen=True)
class PlaceFinder:
    """Postcode -> (latitude, longitude), from the offline tables (the sector or district centre)."""

    find: Any  # Callable[[str], tuple[float, float] | None]


def form_to_data(form: ListingForm, areas: AreaLookup, places: PlaceFinder) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as a snapshot, and field errors that only the form can detect (unknown areas, bad lines)."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "name": form.name.data,
        "description": form.description.data,
        "website": form.website.data or None,
        "email": form.email.data or None,
        "eligibility": form.eligibility.data or None,
        "languages": [x.strip() for x in (form.languages.data or "").split(",") if x.strip()],
        "accessibility": form.accessibility.data or None,
        "crime_types": ["any"] if "any" in (form.crime_types.data or []) else list(form.crime_types.data or []),
        "audience": list(form.audience.data or []),
        "purpose": form.purpose.data or None,
        "focus": list(form.focus.data or []),
        "phones": [
            {"kind": kind.data, "number": number.data}
            | ({"note": note.data} if note.data else {})
            | ({"keyword": keyword.data} if keyword.data else {})
            for kind, number, note, keyword in form.phone_rows()
            if number.data
        ],
        "hours": _hours(form, errors),
        "locations": _locations(form, places, errors),
    }
    data["areas"] = _areas(form, areas, data["locations"], errors)
    return data, errors


def _areas(form: ListingForm, areas: AreaLookup, locations: list[dict[str, Any]], errors: dict[str, str]) -> list[Any]:
    nations = form.nations.data or []
    out: list[dict[str, Any]] = (
        [{"kind": "uk"}] if "uk" in nations else [{"kind": "nation", "code": n} for n in nations]
    )
    for number, line in enumerate((form.local_areas.data or "").splitlines(), start=1):
        text = line.strip()
        key = text.lower()
        if not text:
            continue
        if key in areas.forces:
            out.append({"kind": "police_force_area", "code": areas.forces[key]})
        elif key in areas.councils:
            out.append({"kind": "local_authority", "code": areas.councils[key]})
        elif text.upper() in areas.districts:
            out.append({"kind": "postcode_district", "code": text.upper()})
        else:
            errors["local_areas"] = (
                f"Line {number}: '{text}' is not a police force, council or postcode district we know"
            )
    if form.radius_miles.data:
        try:
            miles = parse_number(form.radius_miles.data, low=0, high=MAX_MILES)  # the schema checks the range
        except InputProblem:
            errors["radius_miles"] = "Enter the distance as a number of miles, like 10"
        else:
            if locations:
                out.append({"kind": "radius", "location": locations[0]["id"], "miles": miles})
            else:
                errors["radius_miles"] = "Add a place to visit to cover the area around it"
    return out


def _hours(form: ListingForm, errors: dict[str, str]) -> dict[str, Any] | None:
    weekly = [
        {"days": [day], "opens": form[f"{day}_opens"].data, "closes": form[f"{day}_closes"].data}
        for day in DAYS
        if form[f"{day}_opens"].data or form[f"{day}_closes"].data
    ]
    exceptions = []
    for number, line in enumerate((form.exceptions.data or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = EXCEPTION_LINE.match(line.strip())
        if match is None:
            errors["exceptions"] = f"Line {number}: write a date, then 'closed' or the hours, like 2026-12-25 closed"
            continue
        day, what, note = match.groups()
        item: dict[str, Any] = {"date": day, "closed": what.lower() == "closed"}
        if not item["closed"]:
            opens, closes = (part.strip() for part in what.split("-"))
            item |= {"opens": opens, "closes": closes}
        exceptions.append(item | ({"note": note.strip()} if note.strip() else {}))
    if not (form.always_open.data or weekly or form.hours_note.data):
        return None
    return {
        "always_open": bool(form.always_open.data),
        "weekly": weekly,
        "bank_holidays": "closed" if form.bank_holidays_closed.data else "open",
        "exceptions": exceptions,
        "note": form.hours_note.data or None,
    }


def _locations(form: ListingForm, places: PlaceFinder, errors: dict[str, str]) -> list[dict[str, Any]]:
    locations = []
    for i, (name, address, postcode, confidential) in enumerate(form.location_rows(), start=1):
        if not (name.data or address.data or postcode.data):
            continue
        where = places.find(postcode.data or "")
        if where is None:
            errors[f"loc{i}_postcode"] = "Enter the postcode of this place, like LN1 1AA"
            continue
        locations.append(
            {
                "id": f"place-{i}",
                "name": name.data or "Office",
                "address": address.data or None,
                "postcode": (postcode.data or "").upper(),
                "latitude": where[0],
                "longitude": where[1],
                "confidential": bool(confidential.data),
            }
        )
    return locations


def data_to_form(form: ListingForm, data: dict[str, Any], area_names: dict[tuple[str, str], str]) -> None:
    """Fill the form from a snapshot (GET of the edit page)."""
    form.name.data = data.get("name")
    form.description.data = data.get("description")
    form.website.data = data.get("website")
    form.email.data = data.get("email")
    form.eligibility.data = data.get("eligibility")
    form.languages.data = ", ".join(data.get("languages") or [])
    form.accessibility.data = data.get("accessibility")
    form.crime_types.data = list(data.get("crime_types") or [])
    form.audience.data = list(data.get("audience") or [])
    form.purpose.data = data.get("purpose")
    form.focus.data = list(data.get("focus") or [])
    areas = data.get("areas") or []
    form.nations.data = (
        ["uk"] if any(a["kind"] == "uk" for a in areas) else [a["code"] for a in areas if a["kind"] == "nation"]
    )
    form.local_areas.data = "\n".join(
        area_names.get((a["kind"], a["code"]), a["code"]) for a in areas if a["kind"] not in ("uk", "nation", "radius")
    )
    radius = next((a for a in areas if a["kind"] == "radius"), None)
    form.radius_miles.data = f"{radius['miles']:g}" if radius else ""
    for i, phone in enumerate((data.get("phones") or [])[:PHONE_ROWS], start=1):
        form[f"phone{i}_kind"].data = phone["kind"]
        form[f"phone{i}_number"].data = phone["number"]
        form[f"phone{i}_note"].data = phone.get("note")
        form[f"phone{i}_keyword"].data = phone.get("keyword")
    hours = data.get("hours") or {}
    form.always_open.data = bool(hours.get("always_open"))
    form.bank_holidays_closed.data = hours.get("bank_holidays") == "closed"
    form.hours_note.data = hours.get("note")
    for row in hours.get("weekly") or []:
        for day in row["days"]:
            form[f"{day}_opens"].data = row["opens"]
            form[f"{day}_closes"].data = row["closes"]
    form.exceptions.data = "\n".join(
        f"{e['date']} "
        + ("closed" if e.get("closed", True) else f"{e['opens']}-{e['closes']}")
        + (f" {e['note']}" if e.get("note") else "")
        for e in hours.get("exceptions") or []
    )
    for i, loc in enumerate((data.get("locations") or [])[:LOCATION_ROWS], start=1):
        form[f"loc{i}_name"].data = loc["name"]
        form[f"loc{i}_address"].data = loc.get("address")
        form[f"loc{i}_postcode"].data = loc.get("postcode")
        form[f"loc{i}_confidential"].data = bool(loc.get("confidential"))


TOP_LEVEL = {
    "name", "description", "website", "email", "eligibility", "languages", "accessibility", "crime_types", "audience",
    "purpose", "focus",
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
}


def attach_errors(
    form: ListingForm, errors: list[DataError], form_errors: dict[str, str], data: dict[str, Any] | None = None
) -> None:
    """Put schema errors next to the form fields they belong to, in words an editor understands."""
    placed: dict[str, str] = dict(form_errors)
    weekly = ((data or {}).get("hours") or {}).get("weekly") or []
    for error in errors:
        record, field = error.record, error.field
        if field in DERIVED:
            continue
        message = FRIENDLY.get(field, f"{field.replace('_', ' ').capitalize()} {error.message}")
        if field in ("areas", "phones"):
            message = error.message[0].upper() + error.message[1:]
        placed.setdefault(_target(record, field, weekly), message)
    if errors and not placed:
        # Only a derived field failed: the source of a listing is its website (or the organisation's).
        placed["website"] = "Enter the service's website, starting with https://, so people can check the listing"
    for name, message in placed.items():
        form[name].errors = [message]


def _index(record: str, key: str) -> int:
    return int(record.split(f"{key}[")[1].split("]")[0])


def _target(record: str, field: str, weekly: list[dict[str, Any]]) -> str:
    """The form field a schema error (record path and field) belongs to."""
    if "> phones[" in record:
        index = _index(record, "phones")
        return {"kind": f"phone{index}_kind", "keyword": f"phone{index}_keyword", "note": f"phone{index}_note"}.get(
            field, f"phone{index}_number"
        )
    if "exceptions[" in record or field == "exceptions":
        return "exceptions"
    if "> weekly[" in record:
        position = _index(record, "weekly") - 1
        day = weekly[position]["days"][0] if position < len(weekly) and weekly[position].get("days") else "mon"
        return f"{day}_closes" if field == "closes" else f"{day}_opens"
    if "> hours" in record:
        return "hours_note"
    if "> locations[" in record:
        return f"loc{_index(record, 'locations')}_postcode"
    if "> areas[" in record or field == "areas":
        return "radius_miles" if "radius" in record else "local_areas"
    if field == "phones":
        return "phone1_number"
    return field if field in TOP_LEVEL else "name"
