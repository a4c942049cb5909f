"""What a fallback page lists, worked out from the curated dataset alone (pure: no Flask, no database).

A nation's page lists the helplines whose service area is the whole UK or that nation; the UK page
lists the UK-wide lines and each nation's lines for any crime. Services not meant for victims (an
`audience` without "victims", such as lines for people who harm) are never listed. Listings that
the results page would hide as too old are left out here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from signpost.dataset.records import Dataset, PhoneRecord, ServiceRecord
from signpost.directory.vocabulary import PEOPLE_WHO_HARM
from signpost.fallback.areas import NATION_NAMES, NATIONS, UK


@dataclass(frozen=True)
class Helpline:
    slug: str
    name: str
    description: str
    phones: tuple[PhoneRecord, ...]
    website: str | None
    verification: str
    checked_on: date
    name_cy: str | None = None  # Welsh, for the Welsh pages (the English is shown, marked, without it)
    description_cy: str | None = None


@dataclass(frozen=True)
class CrimeGroup:
    slug: str
    name: str
    helplines: tuple[Helpline, ...]
    name_cy: str | None = None


@dataclass(frozen=True)
class NationLines:
    nation: str
    name: str
    helplines: tuple[Helpline, ...]


@dataclass(frozen=True)
class FallbackContent:
    area: str  # a nation code or "uk"
    area_name: str  # "Wales", "the UK"
    any_crime: tuple[Helpline, ...]  # for anyone affected by crime, first
    by_crime: tuple[CrimeGroup, ...]  # the rest, under each crime type they help with
    nations: tuple[NationLines, ...] = field(default=())  # the UK page only: each nation's general lines


def for_victims(service: ServiceRecord) -> bool:
    """False for lines for people who harm: the same rule as the results page (relevance.helps_victims).
    Lines for witnesses, children or anyone with information stay: they still help after a crime."""
    return bool(set(service.audience) - {PEOPLE_WHO_HARM}) and service.purpose != "behaviour-change"


def covers(service: ServiceRecord, area: str) -> bool:
    """True if the service's area is the whole UK, or (for a nation page) that nation."""
    for a in service.areas:
        if a.kind == "uk" or (area in NATIONS and a.kind == "nation" and a.code == area):
            return True
    return False


def _helpline(service: ServiceRecord) -> Helpline:
    return Helpline(
        service.slug,
        service.name,
        service.description,
        service.phones,
        service.website,
        service.verification,
        service.checked_on,
        service.name_cy,
        service.description_cy,
    )


def _reach(service: ServiceRecord) -> int:
    """How many nations a service covers: a nation's own lines are listed before lines shared with others."""
    if any(a.kind == "uk" for a in service.areas):
        return len(NATIONS)
    return len({a.code for a in service.areas if a.kind == "nation"})


def _listed(dataset: Dataset, today: date, hide_after_months: int) -> list[ServiceRecord]:
    hide_before = today - relativedelta(months=hide_after_months)
    listed = [s for s in dataset.services if for_victims(s) and s.checked_on >= hide_before and (s.phones or s.website)]
    return sorted(listed, key=_reach)  # stable: the data files' order within each reach


def fallback_content(dataset: Dataset, area: str, today: date, hide_after_months: int = 24) -> FallbackContent:
    if area != UK and area not in NATIONS:
        raise ValueError(f"area must be one of {NATIONS + (UK,)}, not {area!r}")
    listed = _listed(dataset, today, hide_after_months)
    services = [s for s in listed if covers(s, area)]
    any_crime = tuple(_helpline(s) for s in services if s.all_crime_types)
    nations = _nation_lines(listed) if area == UK else ()
    return FallbackContent(area, NATION_NAMES.get(area, "the UK"), any_crime, _crime_groups(dataset, services), nations)


def _crime_groups(dataset: Dataset, services: list[ServiceRecord]) -> tuple[CrimeGroup, ...]:
    groups = []
    for crime in dataset.crime_types:
        lines = tuple(_helpline(s) for s in services if not s.all_crime_types and crime.slug in s.crime_types)
        if lines:
            groups.append(CrimeGroup(crime.slug, crime.name, lines, crime.name_cy))
    return tuple(groups)


def _nation_lines(listed: list[ServiceRecord]) -> tuple[NationLines, ...]:
    """For the UK page: each nation's own general lines (those not already UK-wide)."""
    return tuple(
        NationLines(
            nation,
            NATION_NAMES[nation],
            tuple(_helpline(s) for s in listed if s.all_crime_types and covers(s, nation) and not covers(s, UK)),
        )
        for nation in NATIONS
    )
