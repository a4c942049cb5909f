"""Which services lead a results page, and how the rest are grouped: decided from what each record says.

A burglary victim should meet the local victim service and the nation's line for their crime first,
not a railway police line or a children's helpline. Everything here reads the words in a service's
record (who it is for, what it is for, whom it focuses on, which crimes, which areas) and nothing
else: no service names or slugs, so a new listing ranks where its record says it belongs.

Pure functions over plain values: no database, no Flask.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from signpost.directory.coverage import RANK
from signpost.directory.vocabulary import (
    CHILD_AUDIENCES,
    PEOPLE_WHO_HARM,
    SPECIALIST_SUPPORT,
    SUPPORT_PURPOSES,
    VICTIM_SUPPORT,
    VICTIMS,
)

START_HERE_LIMIT = 3
# A focus on a form of the crime (forced marriage within domestic abuse, say), not on a group of people:
# such a line is not "the line for this crime", so it never leads the page.
CRIME_FORM_FOCUS = frozenset({"honour-based-abuse", "modern-slavery", "online"})
# The nation's line for a crime: support first, then where to report it.
NATIONAL_LINE_PURPOSES = (SPECIALIST_SUPPORT, "report")

# Other helplines, in the order the page shows their groups. "children" is chosen by audience, the
# others by purpose; a purpose not listed here is not shown as help for victims.
GROUP_ORDER = (
    "specialist",
    VICTIM_SUPPORT,
    "someone-to-talk-to",
    "children",
    "report",
    "report-anonymously",
    "advice",
    "court-and-witness-support",
)
GROUP_OF_PURPOSE = {SPECIALIST_SUPPORT: "specialist"} | {g: g for g in GROUP_ORDER if g not in ("specialist",)}


class Candidate(Protocol):
    """What ranking reads about one service (signpost.directory.index.ServiceMeta has these)."""

    @property
    def name(self) -> str: ...
    @property
    def all_crime_types(self) -> bool: ...
    @property
    def audience(self) -> frozenset[str]: ...
    @property
    def purpose(self) -> str: ...
    @property
    def focus(self) -> frozenset[str]: ...
    @property
    def has_phone(self) -> bool: ...
    @property
    def nations(self) -> frozenset[str]: ...
    @property
    def crime_types(self) -> frozenset[str]: ...
    @property
    def verified(self) -> bool: ...
    @property
    def always_open(self) -> bool: ...


class Covering(NamedTuple):
    """A service that covers the place for this crime, with how locally and how far away. A named tuple:
    a search makes one for each of some 200 candidates, and a frozen dataclass took four times as long."""

    service_id: int
    meta: Candidate
    rank: int  # coverage.RANK of its most local area covering the place
    distance: float  # miles to its nearest walk-in place (infinity when it has none or the place is unknown)
    specific: bool  # it lists this crime, rather than every crime

    @property
    def local(self) -> bool:
        return self.rank < RANK["nation"]


@dataclass(frozen=True)
class Arrangement:
    start_here: list[Covering]
    local: list[Covering]  # every other local service, in page order
    groups: list[tuple[str, list[Covering]]]  # (group key, services), in GROUP_ORDER
    general: Covering | None = None  # the nation's general victim line, whether or not it is in start_here
    local_count: int = 0  # how many other local services there are (`local` may hold only the first few)


def helps_victims(meta: Candidate) -> bool:
    """Lines for people who harm are never offered as help for victims."""
    return bool(meta.audience - {PEOPLE_WHO_HARM}) and meta.purpose != "behaviour-change"


def arrange(candidates: list[Covering], first_local: int | None = None) -> Arrangement:
    """Start here (one to three), the other local services, and the other helplines by group.

    With `first_local`, only that many of the other local services (of some 200) are put in order: a page
    shows five."""
    shown = [c for c in candidates if helps_victims(c.meta)]
    return arrange_parts([c for c in shown if c.local], national_part([c for c in shown if not c.local]), first_local)


@dataclass
class NationalPart:
    """What an arrangement takes from the national services alone: the same for every page of a crime and
    nation (searches keep it), whatever the local services are."""

    national: list[Covering]  # those that help victims
    line: Covering | None  # the nation's line for this crime
    general: Covering | None  # the nation's general victims' line
    _groups: dict[bool, list[tuple[str, list[Covering]]]] = field(default_factory=dict, repr=False)

    def groups(self, general_chosen: bool) -> list[tuple[str, list[Covering]]]:
        """The other helplines: all but the line and (when it is in Start here) the general line."""
        found = self._groups.get(general_chosen)
        if found is None:
            chosen = {c.service_id for c in (self.line, self.general if general_chosen else None) if c is not None}
            found = self._groups[general_chosen] = _groups(self.national, chosen)
        return found


def national_part(national: list[Covering]) -> NationalPart:
    """From the national candidates (those that do not help victims are left out here)."""
    shown = [c for c in national if helps_victims(c.meta)]
    general = min((c for c in shown if _is_general_line(c)), key=_national_key, default=None)
    line = min((c for c in shown if _is_national_line(c)), key=_national_key, default=None)
    return NationalPart(shown, line, general)


def arrange_parts(local: list[Covering], national: NationalPart, first_local: int | None = None) -> Arrangement:
    """`arrange`, from the local candidates that help victims and the national part."""
    best_local = min((c for c in local if is_support(c.meta)), key=local_key, default=None)
    rest = [c for c in local if c is not best_local] if best_local is not None else local
    return assemble(best_local, _nearest(rest, first_local), len(rest), national)


def assemble(
    best_local: Covering | None, nearest: list[Covering], rest_count: int, national: NationalPart
) -> Arrangement:
    """The arrangement with this best local service, these other local services (of `rest_count`) and the
    national part."""
    start_here = _start_here(best_local, national.line, national.general)
    general_chosen = (
        national.general is not None and national.general in start_here and national.general != national.line
    )
    return Arrangement(start_here, nearest, national.groups(general_chosen), national.general, rest_count)


def _nearest(local: list[Covering], first: int | None) -> list[Covering]:
    """The first `first` (or all) local services, nearest first. Only those no further than the first-th
    nearest can be among them (distance leads the order), so only they are sorted: exactly the first of
    sorting them all (the sort is stable, and everything left out sorts after everything kept)."""
    if first is None or first >= len(local):
        return sorted(local, key=nearest_first)[:first]
    if first <= 0:
        return []
    cutoff = heapq.nsmallest(first, [c.distance for c in local])[-1]
    return sorted([c for c in local if c.distance <= cutoff], key=nearest_first)[:first]


def _start_here(best_local: Covering | None, line: Covering | None, general: Covering | None) -> list[Covering]:
    """The best local support; the national line for this crime; the general victims' line when the
    local service has no phone (or there is none)."""
    start_here = [c for c in (best_local, line) if c is not None]
    if (best_local is None or not best_local.meta.has_phone) and general is not None and general not in start_here:
        start_here.append(general)
    return start_here[:START_HERE_LIMIT]


def _groups(national: list[Covering], chosen: set[int]) -> list[tuple[str, list[Covering]]]:
    """The national services not in Start here, by group in GROUP_ORDER, each group in national order."""
    groups: dict[str, list[Covering]] = {}
    for c in national:
        group = group_of(c.meta)
        if c.service_id not in chosen and group is not None:
            groups.setdefault(group, []).append(c)
    return [(g, sorted(groups[g], key=_national_key)) for g in GROUP_ORDER if g in groups]


def group_of(meta: Candidate) -> str | None:
    """Which "other helplines" group a service belongs in (None: not shown to victims)."""
    if not helps_victims(meta):
        return None
    if meta.audience & set(CHILD_AUDIENCES) and VICTIMS not in meta.audience:
        return "children"
    return GROUP_OF_PURPOSE.get(meta.purpose)


def is_support(meta: Candidate) -> bool:
    """A service that supports victims (rather than taking reports or giving advice): it can lead a page."""
    return VICTIMS in meta.audience and meta.purpose in SUPPORT_PURPOSES


def _is_national_line(c: Covering) -> bool:
    return (
        c.specific
        and VICTIMS in c.meta.audience
        and c.meta.purpose in NATIONAL_LINE_PURPOSES
        and not c.meta.focus & CRIME_FORM_FOCUS
    )


def _is_general_line(c: Covering) -> bool:
    meta = c.meta
    return meta.all_crime_types and VICTIMS in meta.audience and meta.purpose == VICTIM_SUPPORT and not meta.focus


def support_code(meta: Candidate, specific: bool) -> int:
    """How local_key begins, what the record says, as one number (0 to 7, the smallest first): for this crime
    before any crime; one you can phone; for everyone before a focused one. signpost.directory.nearby measures
    distances only for the services that tie on it and on rank."""
    return (not specific) * 4 + (not meta.has_phone) * 2 + bool(meta.focus)


def local_key(c: Covering) -> tuple[object, ...]:
    # What the record says (support_code); most local; nearest; facts checked on its own page; open at any hour.
    return (
        support_code(c.meta, c.specific),
        c.rank,
        c.distance,
        not c.meta.verified,
        not c.meta.always_open,
        c.meta.name,
    )


def _national_key(c: Covering) -> tuple[object, ...]:
    # For this crime; for everyone; support before reporting; this nation's own line before a shared one;
    # the most specialised (fewest crime types); one you can phone.
    purpose = NATIONAL_LINE_PURPOSES.index(c.meta.purpose) if c.meta.purpose in NATIONAL_LINE_PURPOSES else 2
    breadth = 99 if c.meta.all_crime_types else len(c.meta.crime_types)
    return (
        not c.specific,
        bool(c.meta.focus),
        purpose,
        len(c.meta.nations),
        breadth,
        not c.meta.has_phone,
        not c.meta.verified,
        c.meta.name,
    )


def nearest_first(c: Covering) -> tuple[object, ...]:
    return (c.distance, not c.specific, bool(c.meta.focus), c.rank, not c.meta.verified, c.meta.name)
