"""Validated records: what a data file means once every field has been checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(frozen=True)
class CrimeTypeRecord:
    slug: str
    name: str
    hint: str | None
    sensitive: bool
    position: int
    # Welsh (`*_cy` in the files, every record type): optional; the /cy/ pages show the English without it.
    name_cy: str | None = None
    hint_cy: str | None = None


@dataclass(frozen=True)
class PoliceForceRecord:
    code: str
    name: str
    nation: str
    website: str
    report_online_url: str | None
    source_url: str
    checked_on: date
    verification: str
    name_cy: str | None = None


@dataclass(frozen=True)
class OrganisationRecord:
    slug: str
    name: str
    website: str | None
    source_url: str
    checked_on: date


@dataclass(frozen=True)
class AreaRecord:
    kind: str  # uk | nation | police_force_area | local_authority | postcode_district | radius
    code: str | None = None
    location: str | None = None
    miles: float | None = None


@dataclass(frozen=True)
class PhoneRecord:
    kind: str
    number: str
    dial: str
    note: str | None
    keyword: str | None = None  # text lines: the word to send (Shout asks for SHOUT)
    note_cy: str | None = None  # Welsh for the note


@dataclass(frozen=True)
class SessionRecord:
    weekday: int  # 0 = Monday
    opens: time
    closes: time


@dataclass(frozen=True)
class ExceptionRecord:
    day: date
    closed: bool
    opens: time | None
    closes: time | None
    note: str | None


@dataclass(frozen=True)
class HoursRecord:
    always_open: bool = False
    weekly: tuple[SessionRecord, ...] = ()
    closed_on_bank_holidays: bool = False
    exceptions: tuple[ExceptionRecord, ...] = ()
    note: str | None = None
    note_cy: str | None = None  # Welsh for the note


@dataclass(frozen=True)
class LocationRecord:
    slug: str
    name: str
    address: str | None
    postcode: str | None
    latitude: float
    longitude: float
    confidential: bool


@dataclass(frozen=True)
class ServiceRecord:
    slug: str
    organisation: str
    name: str
    description: str
    website: str | None
    email: str | None
    eligibility: str | None
    languages: tuple[str, ...]
    accessibility: str | None
    all_crime_types: bool
    crime_types: tuple[str, ...]
    audience: tuple[str, ...]  # who it is for: see signpost.directory.vocabulary
    purpose: str  # what it is for
    focus: tuple[str, ...]  # whom it focuses on, if not everyone its audience names
    areas: tuple[AreaRecord, ...]
    phones: tuple[PhoneRecord, ...]
    hours: HoursRecord | None
    locations: tuple[LocationRecord, ...]
    verification: str
    source_url: str
    checked_on: date
    check_note: str | None
    name_cy: str | None = None
    description_cy: str | None = None
    eligibility_cy: str | None = None


@dataclass(frozen=True)
class AdviceRecord:
    crime_type: str
    kind: str  # next_step | prevention | warning
    position: int
    text: str
    source_url: str
    checked_on: date
    nations: tuple[str, ...]  # the nations it applies to
    audience: tuple[str, ...] = ("victims",)  # victims, neighbours
    text_cy: str | None = None


@dataclass(frozen=True)
class RightRecord:
    title: str
    text: str | None
    title_cy: str | None = None
    text_cy: str | None = None


@dataclass(frozen=True)
class RightsNoteRecord:
    """Something true and useful shown beside a charter's rights, but not one of them."""

    title: str
    text: str
    source_url: str
    title_cy: str | None = None
    text_cy: str | None = None


@dataclass(frozen=True)
class RightsRecord:
    jurisdiction: str
    title: str
    source_url: str
    checked_on: date
    items: tuple[RightRecord, ...]
    also: tuple[RightsNoteRecord, ...] = ()
    after_reporting: str | None = None  # what happens after someone reports a crime (the officer's card)
    title_cy: str | None = None
    after_reporting_cy: str | None = None


@dataclass
class Dataset:
    crime_types: list[CrimeTypeRecord] = field(default_factory=list)
    police_forces: list[PoliceForceRecord] = field(default_factory=list)
    organisations: list[OrganisationRecord] = field(default_factory=list)
    services: list[ServiceRecord] = field(default_factory=list)
    advice: list[AdviceRecord] = field(default_factory=list)
    rights: list[RightsRecord] = field(default_factory=list)
