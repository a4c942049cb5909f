"""data/services/*.yaml: organisations and the services they run, with areas, phones and locations.

A partner's edit is checked by `check_service` too, so listings follow exactly the rules the files do.
"""

from __future__ import annotations

import re
from pathlib import Path

from signpost.dataset.fields import NATIONS, VERIFICATION, RecordChecker, phone_number, welsh
from signpost.dataset.geo_tables import GeoCodes
from signpost.dataset.records import AreaRecord, LocationRecord, OrganisationRecord, PhoneRecord, ServiceRecord
from signpost.dataset.schema.files import FileReader, record_name
from signpost.dataset.schema.hours import optional_hours
from signpost.directory.vocabulary import AUDIENCES, FOCUS, PURPOSES

AREA_KINDS = ("uk", "nation", "police_force_area", "local_authority", "postcode_district", "radius")
PHONE_KINDS = ("voice", "text", "textphone")
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")  # ISO 639 codes, like en, cy, pl or zh-Hant


def read_services(
    reader: FileReader, path: Path, crime_slugs: set[str]
) -> tuple[list[OrganisationRecord], list[ServiceRecord]]:
    name = reader.name(path)
    organisations = []
    for position, raw in enumerate(reader.load(path, "organisations")):
        organisation = _organisation(RecordChecker(name, record_name(raw, "id", position), raw, reader.errors))
        if organisation is not None:
            organisations.append(organisation)
            reader.source("organisation", organisation.slug, name)
    services = []
    for position, raw in enumerate(reader.load(path, "services")):
        c = RecordChecker(name, record_name(raw, "id", position), raw, reader.errors)
        record = check_service(c, crime_slugs, reader.geo)
        if record is not None:
            services.append(record)
            reader.service_files[record.slug] = name
            reader.source("service", record.slug, name)
    return organisations, services


def _organisation(c: RecordChecker) -> OrganisationRecord | None:
    c.unknown_fields({"id", "name", "website", "source_url", "checked_on"})
    fields = (
        c.slug("id"),
        c.text("name", max_length=200),
        c.url("website", required=False),
        c.url("source_url"),
        c.day("checked_on"),
    )
    if any(v is None for i, v in enumerate(fields) if i != 2):
        return None
    return OrganisationRecord(*fields)  # type: ignore[arg-type]


def check_service(c: RecordChecker, crime_slugs: set[str], geo: GeoCodes) -> ServiceRecord | None:
    c.unknown_fields(
        {
            "id", "organisation", "name", "description", "website", "email", "eligibility", "languages",
            "accessibility", "crime_types", "audience", "purpose", "focus", "areas", "phones", "hours",
            "locations", "verification", "source_url", "checked_on", "check_note",
            "name_cy", "description_cy", "eligibility_cy",
        }
    )  # fmt: skip
    errors_before = len(c.errors)
    slug, organisation = c.slug("id"), c.slug("organisation")
    name, description = c.text("name", max_length=200), c.text("description")
    website, email = (
        c.url("website", required=False, max_length=300),
        c.text("email", required=False, max_length=200),
    )
    _check_email(c, email)
    languages = _languages(c)
    crime_types = _crime_types(c, crime_slugs)
    all_crime_types = crime_types == ["any"]
    audience = c.choices("audience", tuple(AUDIENCES))
    purpose = c.choice("purpose", tuple(PURPOSES))
    focus = c.choices("focus", tuple(FOCUS), required=False)
    locations = c.each("locations", _location)
    location_slugs = {loc.slug for loc in locations}
    areas = c.each("areas", lambda sub: _area(sub, location_slugs, geo), required=True)
    phones = c.each("phones", _phone)
    hours = optional_hours(c)
    verification = c.choice("verification", VERIFICATION)
    source_url, checked_on = c.url("source_url"), c.day("checked_on")
    check_note = c.text("check_note", required=False, max_length=300)
    name_cy, description_cy = welsh(c, "name", max_length=200), welsh(c, "description")
    eligibility_cy = welsh(c, "eligibility")
    if not website and not phones:
        c.error("phones", "a service needs at least a confirmed phone number or a website")
    if len(c.errors) > errors_before:
        return None
    assert slug and organisation and name and description and verification and source_url and checked_on
    assert purpose
    return ServiceRecord(
        slug=slug, organisation=organisation, name=name, description=description, website=website,
        email=email, eligibility=c.text("eligibility", required=False), languages=languages,
        accessibility=c.text("accessibility", required=False), all_crime_types=all_crime_types,
        crime_types=() if all_crime_types else tuple(crime_types), audience=audience, purpose=purpose,
        focus=focus, areas=tuple(areas), phones=tuple(phones),
        hours=hours, locations=tuple(locations), verification=verification, source_url=source_url,
        checked_on=checked_on, check_note=check_note, name_cy=name_cy, description_cy=description_cy,
        eligibility_cy=eligibility_cy,
    )  # fmt: skip


def _area(c: RecordChecker, location_slugs: set[str], geo: GeoCodes) -> AreaRecord | None:
    c.unknown_fields({"kind", "code", "location", "miles"})
    kind = c.choice("kind", AREA_KINDS)
    if kind == "uk":
        return AreaRecord("uk")
    if kind == "radius":
        location, miles = c.slug("location"), c.number("miles", low=0.1, high=200)
        if location and location not in location_slugs:
            c.error("location", f"{location!r} is not one of this service's locations")
            return None
        return AreaRecord("radius", location=location, miles=miles) if location and miles else None
    code = c.text("code", max_length=20)
    if kind is None or code is None:
        return None
    known = {
        "nation": set(NATIONS),
        "police_force_area": geo.pfa_codes,
        "local_authority": geo.lad_codes,
        "postcode_district": geo.outcodes,
    }[kind]
    if kind == "postcode_district":
        code = code.upper()
    if code not in known:
        c.error("code", f"{code!r} is not a known {kind.replace('_', ' ')} code")
        return None
    return AreaRecord(kind, code=code)


def _phone(c: RecordChecker) -> PhoneRecord | None:
    c.unknown_fields({"kind", "number", "note", "keyword", "note_cy"})
    kind, number, note = (
        c.choice("kind", PHONE_KINDS),
        c.text("number", max_length=40),
        c.text("note", required=False, max_length=200),
    )
    keyword = c.text("keyword", required=False, max_length=40)
    note_cy = welsh(c, "note", max_length=200)
    if keyword is not None and kind != "text":
        c.error("keyword", "is only for text message numbers (kind: text)")
        return None
    if number is None or kind is None:
        return None
    formatted = phone_number(number)
    if formatted is None:
        c.error("number", f"{number!r} is not a valid UK phone number")
        return None
    return PhoneRecord(kind, formatted[0], formatted[1], note, keyword, note_cy)


def _location(c: RecordChecker) -> LocationRecord | None:
    c.unknown_fields({"id", "name", "address", "postcode", "latitude", "longitude", "confidential"})
    fields = (
        c.slug("id"),
        c.text("name", max_length=200),
        c.text("address", required=False, max_length=300),
        c.text("postcode", required=False, max_length=8),
        c.number("latitude", low=49.0, high=61.5),
        c.number("longitude", low=-8.7, high=2.0),
        c.boolean("confidential"),
    )
    if any(v is None for i, v in enumerate(fields) if i not in (2, 3)):
        return None
    return LocationRecord(*fields)  # type: ignore[arg-type]


def _check_email(c: RecordChecker, email: str | None) -> None:
    if email and ("@" not in email or " " in email):
        c.error("email", f"is not an email address (got {email!r})")


def _languages(c: RecordChecker) -> tuple[str, ...]:
    languages = tuple(str(x) for x in c.items("languages"))
    if len(",".join(languages)) > 200 or any(not LANGUAGE.fullmatch(x) for x in languages):
        c.error("languages", f"must be language codes like en, cy or pl (got {', '.join(languages)[:60]!r})")
    return languages


def _crime_types(c: RecordChecker, crime_slugs: set[str]) -> list[str]:
    """The record's crime types, each one checked against data/crime_types.yaml ([any] means all of them)."""
    crime_types = [str(x) for x in c.items("crime_types", required=True)]
    if crime_types != ["any"]:
        for slug in crime_types:
            if slug not in crime_slugs:
                c.error("crime_types", f"{slug!r} is not a crime type in data/crime_types.yaml (or use [any])")
    return crime_types
