"""What a search finds, in the shape the results page (and the officer's card) shows it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from signpost.directory.coverage import RANK
from signpost.directory.hours import OpenStatus
from signpost.directory.reference import AdviceItem, Charter, Crime, Force
from signpost.directory.views import ServiceView
from signpost.geo.places import Place

LOCAL_LIMIT = 5  # local services per page (a phone screen or two), the nearest walk-in place first


@dataclass
class ServiceResult:
    service: ServiceView
    rank: int  # see coverage.RANK
    specific: bool  # listed for this crime type, not only "any crime"
    distance_miles: float | None  # to the nearest walk-in place whose address may be shown
    open_status: OpenStatus
    hours_lines: list[str]
    stale: bool  # not checked by a person for longer than the freshness limit

    @property
    def local(self) -> bool:
        return self.rank < RANK["nation"]


@dataclass
class HelplineGroup:
    key: str  # relevance.GROUP_ORDER: "specialist", "victim-support", "someone-to-talk-to", "children", ...
    services: list[ServiceResult]


@dataclass
class NationHelp:
    """On a page for the whole UK: where to start in one nation."""

    nation: str
    start_here: list[ServiceResult]


@dataclass
class Results:
    crime: Crime
    place: Place | None
    nation: str | None  # None: the user did not say where; each nation's help is shown
    police_force: Force | None
    other_forces: list[Force]  # forces that police a meaningful share of the area too
    start_here: list[ServiceResult]  # the best one to three services for this crime in this place
    more_local: list[ServiceResult]  # one page of the other local services, nearest walk-in place first
    groups: list[HelplineGroup]  # the other helplines, by what they are for
    next_steps: list[AdviceItem]
    prevention: list[AdviceItem]
    warnings: list[AdviceItem]  # said once, before the prevention advice (burglary's near-repeat risk)
    rights: list[Charter]
    by_nation: list[NationHelp] = field(default_factory=list)  # only when nation is None
    general_line: ServiceResult | None = None  # the nation's general victim line (for the officer's card)
    local_total: int = 0  # every other local service that covers the place, of which `more_local` is one page
    local_page: int = 1
    local_limit: int = LOCAL_LIMIT
    # When this page may first read differently without a directory change (an open-now message, or
    # midnight for dates and freshness), as a UTC instant.
    changes_at: datetime | None = None

    @property
    def local_pages(self) -> int:
        return max(1, math.ceil(self.local_total / self.local_limit))

    @property
    def local_first(self) -> int:
        """The number of this page's first local service among all `local_total` ("Showing 6 to 10 of 12")."""
        return (self.local_page - 1) * self.local_limit + 1

    @property
    def local_last(self) -> int:
        return self.local_first + len(self.more_local) - 1

    @property
    def national(self) -> list[ServiceResult]:
        """Every national helpline on the page, in page order."""
        shown = [r for r in self.start_here if not r.local]
        shown += [r for nation in self.by_nation for r in nation.start_here if r not in shown]
        return shown + [r for group in self.groups for r in group.services]

    @property
    def local(self) -> list[ServiceResult]:
        """Every local service on the page, in page order."""
        return [r for r in self.start_here if r.local] + self.more_local

    @property
    def helpline_count(self) -> int:
        return sum(len(group.services) for group in self.groups)

    @property
    def has_local_help(self) -> bool:
        return self.local_total > 0 or any(r.local for r in self.start_here)
