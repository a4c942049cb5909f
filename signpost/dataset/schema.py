"""Read and validate the curated YAML files. Every problem is reported at once, naming file, record and field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from signpost.dataset.errors import DataError, DatasetInvalid
from signpost.dataset.fields import NATIONS, RecordChecker, clock, phone_number
from signpost.dataset.geo_tables import GeoCodes, read_geo_codes
from signpost.dataset.records import (
    AdviceRecord,
    AreaRecord,
    CrimeTypeRecord,
    Dataset,
    ExceptionRecord,
    HoursRecord,
    LocationRecord,
    OrganisationRecord,
    PhoneRecord,
    PoliceForceRecord,
    RightRecord,
    RightsNoteRecord,
    RightsRecord,
    ServiceRecord,
    SessionRecord,
)
from signpost.directory.vocabulary import ADVICE_AUDIENCES, AUDIENCES, FOCUS, PURPOSES

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AREA_KINDS = ("uk", "nation", "police_force_area", "local_authority", "postcode_district", "radius")
PHONE_KINDS = ("voice", "text", "textphone")
VERIFICATION = ("verified", "secondary")
JURISDICTIONS = ("england-wales", "scotland", "northern-ireland")
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")  # ISO 639 codes, like en, cy, pl or zh-Hant


def read_dataset(data_dir: Path) -> Dataset:
    """Validate every file under data_dir; raise DatasetInvalid listing all errors if any."""
    errors: list[DataError] = []
    geo = read_geo_codes(data_dir / "geo")
    dataset = Dataset()
    reader = _Reader(data_dir, errors, geo)

    dataset.crime_types = reader.crime_types()
    crime_slugs = {c.slug for c in dataset.crime_types}
    dataset.police_forces = reader.police_forces()
    for path in sorted((data_dir / "services").glob("*.yaml")):
        organisations, services = reader.services(path, crime_slugs)
        dataset.organisations += organisations
        dataset.services += services
    for path in sorted((data_dir / "advice").glob("*.yaml")):
        dataset.advice += reader.advice(path, crime_slugs)
    dataset.rights = reader.rights()

    _check_references(dataset, errors, reader.service_files, reader.sources)
    if errors:
        raise DatasetInvalid(errors)
    return dataset


class _Reader:
    def __init__(self, data_dir: Path, errors: list[DataError], geo: GeoCodes) -> None:
        self.data_dir = data_dir
        self.errors = errors
        self.geo = geo
        self.service_files: dict[str, str] = {}
        # kind -> id -> every file it appears in, in reading order, so a repeated id is reported where it repeats
        self.sources: dict[str, dict[str, list[str]]] = {}

    def _source(self, kind: str, slug: str, file: str) -> None:
        self.sources.setdefault(kind, {}).setdefault(slug, []).append(file)

    def _load(self, path: Path, key: str) -> list[Any]:
        name = str(path.relative_to(self.data_dir.parent)) if path.is_relative_to(self.data_dir.parent) else str(path)
        if not path.exists():
            self.errors.append(DataError(name, "(file)", "(file)", "is missing"))
            return []
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "(file)"
            self.errors.append(DataError(name, where, "(file)", f"is not valid YAML: {getattr(exc, 'problem', exc)}"))
            return []
        if not isinstance(content, dict) or not isinstance(content.get(key, []), list):
            self.errors.append(DataError(name, "(file)", key, f"the file must hold a list called {key!r}"))
            return []
        items: list[Any] = content.get(key) or []
        return items

    def _name(self, path: Path) -> str:
        return str(path.relative_to(self.data_dir.parent))

    def crime_types(self) -> list[CrimeTypeRecord]:
        path = self.data_dir / "crime_types.yaml"
        out = []
        for position, raw in enumerate(self._load(path, "crime_types")):
            c = RecordChecker(self._name(path), _record_name(raw, "slug", position), raw, self.errors)
            c.unknown_fields({"slug", "name", "hint", "sensitive", "name_cy", "hint_cy"})
            slug, name = c.slug("slug"), c.text("name", max_length=120)
            hint, sensitive = c.text("hint", required=False, max_length=300), c.boolean("sensitive")
            name_cy, hint_cy = welsh(c, "name", max_length=120), welsh(c, "hint", max_length=300)
            if slug == "any":
                c.error("slug", "'any' is reserved for services that help with every crime")
            elif slug and name:
                out.append(CrimeTypeRecord(slug, name, hint, sensitive, position, name_cy, hint_cy))
                self._source("crime type", slug, self._name(path))
        return out

    def police_forces(self) -> list[PoliceForceRecord]:
        path = self.data_dir / "police_forces.yaml"
        out = []
        for position, raw in enumerate(self._load(path, "police_forces")):
            c = RecordChecker(self._name(path), _record_name(raw, "code", position), raw, self.errors)
            c.unknown_fields(
                {"code", "name", "nation", "website", "report_online_url", "source_url", "checked_on", "verification"}
                | {"name_cy"}
            )
            code = c.text("code", max_length=9)
            if code and code not in self.geo.pfa_codes:
                c.error("code", f"{code!r} is not a police force area code in data/geo/police_force_areas.csv")
                code = None
            record = (
                code,
                c.text("name", max_length=120),
                c.choice("nation", NATIONS),
                c.url("website"),
                c.url("report_online_url", required=False),
                c.url("source_url"),
                c.day("checked_on"),
                c.choice("verification", VERIFICATION),
            )
            name_cy = welsh(c, "name", max_length=120)
            if all(v is not None for i, v in enumerate(record) if i != 4):
                out.append(PoliceForceRecord(*record, name_cy=name_cy))  # type: ignore[arg-type]
                self._source("police force", str(code), self._name(path))
        return out

    def services(self, path: Path, crime_slugs: set[str]) -> tuple[list[OrganisationRecord], list[ServiceRecord]]:
        name = self._name(path)
        organisations = []
        for position, raw in enumerate(self._load(path, "organisations")):
            c = RecordChecker(name, _record_name(raw, "id", position), raw, self.errors)
            c.unknown_fields({"id", "name", "website", "source_url", "checked_on"})
            fields = (
                c.slug("id"),
                c.text("name", max_length=200),
                c.url("website", required=False),
                c.url("source_url"),
                c.day("checked_on"),
            )
            if all(v is not None for i, v in enumerate(fields) if i != 2):
                organisations.append(OrganisationRecord(*fields))  # type: ignore[arg-type]
                self._source("organisation", str(fields[0]), name)
        services = []
        for position, raw in enumerate(self._load(path, "services")):
            record = self._service(
                RecordChecker(name, _record_name(raw, "id", position), raw, self.errors), crime_slugs
            )
            if record is not None:
                services.append(record)
                self.service_files[record.slug] = name
                self._source("service", record.slug, name)
        return organisations, services

    def _optional_hours(self, c: RecordChecker) -> HoursRecord | None:
        if c.data.get("hours") is None:
            return None
        return self._hours(
            RecordChecker(c.file, f"{c.record} > hours", c.data["hours"], self.errors, (*c.path, "hours"))
        )

    def _service(self, c: RecordChecker, crime_slugs: set[str]) -> ServiceRecord | None:
        c.unknown_fields(
            {
                "id", "organisation", "name", "description", "website", "email", "eligibility", "languages",
                "accessibility", "crime_types", "audience", "purpose", "focus", "areas", "phones", "hours",
                "locations", "verification", "source_url", "checked_on", "check_note",
                "name_cy", "description_cy", "eligibility_cy",
            }
        )  # fmt: skip
        errors_before = len(self.errors)
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
        locations = c.each("locations", self._location)
        location_slugs = {loc.slug for loc in locations}
        areas = c.each("areas", lambda sub: self._area(sub, location_slugs), required=True)
        phones = c.each("phones", self._phone)
        hours = self._optional_hours(c)
        verification = c.choice("verification", VERIFICATION)
        source_url, checked_on = c.url("source_url"), c.day("checked_on")
        check_note = c.text("check_note", required=False, max_length=300)
        name_cy, description_cy = welsh(c, "name", max_length=200), welsh(c, "description")
        eligibility_cy = welsh(c, "eligibility")
        if not website and not phones:
            c.error("phones", "a service needs at least a confirmed phone number or a website")
        if len(self.errors) > errors_before:
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

    def _area(self, c: RecordChecker, location_slugs: set[str]) -> AreaRecord | None:
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
            "police_force_area": self.geo.pfa_codes,
            "local_authority": self.geo.lad_codes,
            "postcode_district": self.geo.outcodes,
        }[kind]
        if kind == "postcode_district":
            code = code.upper()
        if code not in known:
            c.error("code", f"{code!r} is not a known {kind.replace('_', ' ')} code")
            return None
        return AreaRecord(kind, code=code)

    def _phone(self, c: RecordChecker) -> PhoneRecord | None:
        c.unknown_fields({"kind", "number", "note", "keyword"})
        kind, number, note = (
            c.choice("kind", PHONE_KINDS),
            c.text("number", max_length=40),
            c.text("note", required=False, max_length=200),
        )
        keyword = c.text("keyword", required=False, max_length=40)
        if keyword is not None and kind != "text":
            c.error("keyword", "is only for text message numbers (kind: text)")
            return None
        if number is None or kind is None:
            return None
        formatted = phone_number(number)
        if formatted is None:
            c.error("number", f"{number!r} is not a valid UK phone number")
            return None
        return PhoneRecord(kind, formatted[0], formatted[1], note, keyword)

    def _hours(self, c: RecordChecker) -> HoursRecord | None:
        c.unknown_fields({"always_open", "weekly", "bank_holidays", "exceptions", "note"})
        always_open = c.boolean("always_open")
        weekly = [s for block in c.each("weekly", self._sessions) for s in block]
        bank_holidays = c.choice("bank_holidays", ("open", "closed"), required=False) or "open"
        exceptions = c.each("exceptions", self._exception)
        note = c.text("note", required=False, max_length=300)
        if always_open and weekly:
            c.error("weekly", "give weekly hours or always_open: true, not both")
        if not always_open and not weekly and not note:
            c.error("weekly", "give weekly hours, always_open: true, or a note")
        return HoursRecord(always_open, tuple(weekly), bank_holidays == "closed", tuple(exceptions), note)

    def _sessions(self, c: RecordChecker) -> list[SessionRecord] | None:
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

    def _exception(self, c: RecordChecker) -> ExceptionRecord | None:
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

    def _location(self, c: RecordChecker) -> LocationRecord | None:
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

    def advice(self, path: Path, crime_slugs: set[str]) -> list[AdviceRecord]:
        name = self._name(path)
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            self.errors.append(DataError(name, "(file)", "(file)", f"is not valid YAML: {exc}"))
            return []
        top = RecordChecker(name, "(file)", content, self.errors)
        top.unknown_fields({"crime_type", "checked_on", "next_steps", "prevention", "warnings"})
        crime, checked_on = top.slug("crime_type"), top.day("checked_on")
        if crime and crime not in crime_slugs:
            top.error("crime_type", f"{crime!r} is not a crime type in data/crime_types.yaml")
        if crime and path.stem != crime:
            top.error("crime_type", f"must match the file name ({path.stem!r})")
        out = []
        for kind, key, required in (
            ("next_step", "next_steps", True),
            ("prevention", "prevention", True),
            ("warning", "warnings", False),  # said once, before the prevention advice
        ):
            for position, raw in enumerate(top.items(key, required=required)):
                c = RecordChecker(name, f"{key}[{position + 1}]", raw, self.errors)
                c.unknown_fields({"text", "source_url", "nations", "audience", "text_cy"})
                text, source_url = c.text("text", max_length=400), c.url("source_url")
                text_cy = welsh(c, "text", max_length=400)
                nations = _advice_nations(c)
                audience = c.choices("audience", tuple(ADVICE_AUDIENCES), required=False) or ("victims",)
                if crime and checked_on and text and source_url and nations:
                    out.append(
                        AdviceRecord(crime, kind, position, text, source_url, checked_on, nations, audience, text_cy)
                    )
        return out

    def rights(self) -> list[RightsRecord]:
        path = self.data_dir / "rights.yaml"
        out = []
        for position, raw in enumerate(self._load(path, "rights")):
            c = RecordChecker(self._name(path), _record_name(raw, "jurisdiction", position), raw, self.errors)
            c.unknown_fields(
                {"jurisdiction", "title", "source_url", "checked_on", "items", "also", "after_reporting", "title_cy"}
            )
            title_cy = welsh(c, "title", max_length=300)
            jurisdiction, title = c.choice("jurisdiction", JURISDICTIONS), c.text("title", max_length=300)
            source_url, checked_on = c.url("source_url"), c.day("checked_on")
            items = c.each("items", _right, required=True)
            also = c.each("also", _rights_note)  # optional: shown apart from the rights, never counted as one
            after_reporting = c.text("after_reporting", required=False, max_length=400)
            if jurisdiction and title and source_url and checked_on and items:
                out.append(
                    RightsRecord(
                        jurisdiction,
                        title,
                        source_url,
                        checked_on,
                        tuple(items),
                        tuple(also),
                        after_reporting,
                        title_cy,
                    )
                )
        return out


def _advice_nations(c: RecordChecker) -> tuple[str, ...]:
    """The nations an advice item applies to: a list of nations, or [uk] for all four."""
    if c.data.get("nations") == ["uk"]:
        return NATIONS
    return c.choices("nations", NATIONS)


def _right(c: RecordChecker) -> RightRecord | None:
    c.unknown_fields({"title", "text", "source_url", "title_cy", "text_cy"})
    title, text = c.text("title", max_length=300), c.text("text", required=False)
    title_cy, text_cy = welsh(c, "title", max_length=300), welsh(c, "text")
    c.url("source_url", required=False)
    return RightRecord(title, text, title_cy, text_cy) if title else None


def _rights_note(c: RecordChecker) -> RightsNoteRecord | None:
    c.unknown_fields({"title", "text", "source_url", "title_cy", "text_cy"})
    title, text = c.text("title", max_length=300), c.text("text")
    title_cy, text_cy = welsh(c, "title", max_length=300), welsh(c, "text")
    source_url = c.url("source_url")
    return RightsNoteRecord(title, text, source_url, title_cy, text_cy) if title and text and source_url else None


def welsh(c: RecordChecker, field: str, *, max_length: int = 2000) -> str | None:
    """`field`_cy: optional Welsh for `field`, checked as its English is (text, length, control characters).
    Welsh with no English beside it is an error: the English is what every other page shows."""
    value = c.text(f"{field}_cy", required=False, max_length=max_length)
    if value and c.data.get(field) in (None, ""):
        c.error(f"{field}_cy", f"is Welsh for {field}, which is empty: give the English too")
    return value


def _record_name(raw: Any, key: str, position: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get(key), str):
        return str(raw[key])
    return f"record {position + 1}"


def _check_references(
    dataset: Dataset, errors: list[DataError], service_files: dict[str, str], sources: dict[str, dict[str, list[str]]]
) -> None:
    """Checks across files: unique ids and organisations that exist."""
    id_field = {"crime type": "slug", "police force": "code"}
    for kind, files_by_slug in sources.items():
        for slug, files in files_by_slug.items():
            for file in files[1:]:
                message = f"{kind} id {slug!r} is used more than once (also in {files[0]})"
                errors.append(DataError(file, slug, id_field.get(kind, "id"), message))
    organisations = {o.slug for o in dataset.organisations}
    for service in dataset.services:
        if service.organisation not in organisations:
            errors.append(
                DataError(
                    service_files.get(service.slug, "data/services"),
                    service.slug,
                    "organisation",
                    f"{service.organisation!r} is not an organisation in any data/services file",
                )
            )


def validate_service(
    data: dict[str, Any], crime_slugs: set[str], geo: GeoCodes, source: str = "listing"
) -> tuple[ServiceRecord | None, list[DataError]]:
    """Check one service in the data-file shape (a partner's edit) with exactly the rules the files follow."""
    errors: list[DataError] = []
    reader = _Reader(Path("."), errors, geo)
    record = reader._service(RecordChecker(source, str(data.get("id", "service")), data, errors), crime_slugs)
    return record, errors


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
