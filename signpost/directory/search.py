"""find_support: for a crime type and a place, everything the results page shows, in its order."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple
from weakref import WeakKeyDictionary

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from signpost.directory import index as directory_index
from signpost.directory import reference as reference_data
from signpost.directory.candidates import area_keys, arranged, candidates
from signpost.directory.coverage import approximate_miles, miles_between
from signpost.directory.hours import OpenStatus, next_midnight, open_status
from signpost.directory.index import DirectoryIndex
from signpost.directory.reference import AdviceItem, Charter, Crime, Force, Reference
from signpost.directory.relevance import Arrangement, Covering, arrange
from signpost.directory.results import LOCAL_LIMIT, HelplineGroup, NationHelp, Results, ServiceResult
from signpost.directory.views import ServiceView
from signpost.directory.vocabulary import NATIONS, PEOPLE_WHO_HARM
from signpost.geo.gazetteer import gazetteer
from signpost.geo.places import Place

JURISDICTION = {
    "england": "england-wales",
    "wales": "england-wales",
    "scotland": "scotland",
    "northern-ireland": "northern-ireland",
}
# A neighbouring force is named on the page only when it polices at least this share of the area.
OTHER_FORCE_SHARE = 0.05


@dataclass(frozen=True)
class Freshness:
    stale_after_months: int = 12
    hide_after_months: int = 24


def versions_in_use(session: Session) -> tuple[int, int, int]:
    """The versions of the directory index, gazetteer and reference data a search would use now: what a
    cached results page depends on. Not the database's newest versions: while a rebuild is under way the
    old index is still in use, and a page rendered from it must not be filed under the new version."""
    return directory_index.current(session).version, gazetteer(session).version, reference_data.current(session).version


def crime_type(session: Session, slug: str) -> Crime | None:
    """An active crime type, from the in-memory reference data (None if there is no such type)."""
    return reference_data.current(session).crimes.get(slug)


def crime_types(session: Session) -> list[Crime]:
    return list(reference_data.current(session).crimes.values())


def advice_for(
    session: Session, crime: Crime, nation: str | None = None, audience: str = "victims"
) -> tuple[list[AdviceItem], list[AdviceItem], list[AdviceItem]]:
    """(what to do next, how to stop it happening again, warnings) for one crime type, for victims or
    for their neighbours (the officer's leaflet)."""
    return _advice_for_nation(reference_data.current(session), crime.slug, nation, audience)


ALL_JURISDICTIONS = tuple(dict.fromkeys(JURISDICTION.values()))


def rights_charters(session: Session, jurisdictions: tuple[str, ...] = ALL_JURISDICTIONS) -> list[Charter]:
    """The victims' rights statements for these legal systems, in order."""
    return _charters(reference_data.current(session), jurisdictions)


def _charters(reference: Reference, jurisdictions: tuple[str, ...]) -> list[Charter]:
    return [reference.charters[j] for j in jurisdictions if j in reference.charters]


def find_support(
    session: Session,
    crime: Crime,
    place: Place | None,
    now: datetime,
    nation: str | None = None,
    freshness: Freshness = Freshness(),
    local_limit: int = LOCAL_LIMIT,
    local_page: int = 1,
) -> Results:
    """Who can help with `crime` at `place` (or in `nation`, or anywhere in the UK when both are None),
    arranged as the results page shows it (see signpost.directory.relevance).

    Ranking works on the in-memory index for every candidate; only the services shown are loaded in full.
    """
    nation = place.nation if place is not None else nation
    today = now.date()
    hide_before = months_before(today, freshness.hide_after_months)
    index = directory_index.current(session)
    here = _coordinates(place)
    page_start = max(local_page - 1, 0) * local_limit
    arrangement, by_nation, groups = _arrangement(
        index, crime, place, nation, here, hide_before, page_start + local_limit
    )
    shown_local = arrangement.local[page_start : page_start + local_limit]
    start_here = arrangement.start_here if nation is not None else []
    stale_before = months_before(today, freshness.stale_after_months)
    helplines = _kept_helplines(index, groups, nation, now, stale_before)
    shown = [*start_here, *shown_local, *(c for _, members in groups for c in members if helplines is None)]
    shown += [c for _, a in by_nation for c in a.start_here]
    shown += _general(arrangement, nation)
    services = index.service_views(session, list(dict.fromkeys(c.service_id for c in shown)))

    def results_for(chosen: list[Covering]) -> list[ServiceResult]:
        # A service removed by another process since this index was built (it learns of changes within a
        # second) has no view: left out.
        return [
            _result(services[c.service_id], c, here if c.local else None, nation, now, stale_before)
            for c in chosen
            if c.service_id in services
        ]

    if helplines is None:
        helplines = [HelplineGroup(key, results_for(members)) for key, members in groups]
        _keep_helplines(index, groups, nation, now, stale_before, helplines)
    reference = reference_data.current(session)
    force = _police_force(reference, place)
    next_steps, prevention, warnings = _advice_for_nation(reference, crime.slug, nation)
    rights = _charters(reference, (JURISDICTION[nation],) if nation else ALL_JURISDICTIONS)
    results = Results(
        crime=crime,
        place=place,
        nation=nation,
        police_force=force,
        other_forces=[f for c in _other_force_codes(place) if (f := reference.forces.get(c))],
        start_here=results_for(start_here),
        more_local=results_for(shown_local),
        groups=helplines,
        next_steps=next_steps,
        prevention=prevention,
        warnings=warnings,
        rights=rights,
        by_nation=[NationHelp(n, results_for(a.start_here)) for n, a in by_nation],
        general_line=next(iter(results_for(_general(arrangement, nation))), None),
        local_total=arrangement.local_count,
        local_page=local_page,
        local_limit=local_limit,
    )
    results.changes_at = _changes_at(results, now)
    return results


def _arrangement(
    index: DirectoryIndex,
    crime: Crime,
    place: Place | None,
    nation: str | None,
    here: tuple[float, float] | None,
    hide_before: date,
    first_local: int,
) -> tuple[Arrangement, list[tuple[str, Arrangement]], list[tuple[str, list[Covering]]]]:
    """The arrangement, each nation's own (with no nation known) and the other helplines' groups."""
    if nation is None:
        found = candidates(index, crime.slug, area_keys(place, nation), here, hide_before)
        arrangement = arrange(found, first_local=first_local)
        return arrangement, *_split_by_nation(arrangement, found)
    arrangement = arranged(index, crime.slug, place, nation, here, hide_before, first_local)
    return arrangement, [], arrangement.groups


# The other helplines' results read the same on every page of a crime and nation until an open-now message on
# them changes (or the day, with the freshness cut-off): kept on the index, beside the groups they were made
# from (the arrangement's national part, itself kept there), so a page builds only its own services' results.
class _KeptHelplines(NamedTuple):
    groups: list[tuple[str, list[Covering]]]  # the arrangement's groups they were made from (the same list)
    stale_before: date
    since: datetime
    until: datetime | None  # the first change of an open-now message among them
    results: list[HelplineGroup]


def _kept_helplines(
    index: DirectoryIndex,
    groups: list[tuple[str, list[Covering]]],
    nation: str | None,
    now: datetime,
    stale_before: date,
) -> list[HelplineGroup] | None:
    """The helpline groups' results kept for these groups at `now`, if there are any that are still right (never
    on a page for the whole UK, whose groups are the nations' shared ones, made for it)."""
    if nation is None:
        return None
    held = _held_helplines(index, groups, nation)
    found = held[0] if held else None
    if (
        found is None
        or found.groups is not groups  # the list it was kept for has gone and another took its id
        or found.stale_before != stale_before
        or not found.since <= now
        or (found.until is not None and now >= found.until)
    ):
        return None
    return found.results


def _keep_helplines(
    index: DirectoryIndex,
    groups: list[tuple[str, list[Covering]]],
    nation: str | None,
    now: datetime,
    stale_before: date,
    results: list[HelplineGroup],
) -> None:
    if nation is None:
        return
    changes = [r.open_status.changes_at for group in results for r in group.services]
    until = min((at for at in changes if at is not None), default=None)
    _held_helplines(index, groups, nation)[:] = [_KeptHelplines(groups, stale_before, now, until, results)]


def _held_helplines(
    index: DirectoryIndex, groups: list[tuple[str, list[Covering]]], nation: str
) -> list[_KeptHelplines]:
    """The index's one-item holder for these groups' kept results (empty until some are kept)."""
    held: list[_KeptHelplines] = index.kept(("helplines", id(groups), nation), list)
    return held


@lru_cache(maxsize=64)
def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the end of a shorter month): worked out once a day, not per page."""
    earlier: date = day - relativedelta(months=months)
    return earlier


def _changes_at(results: Results, now: datetime) -> datetime:
    """When the page next goes out of date: midnight, or sooner when a shown service opens or closes."""
    shown = results.start_here + results.more_local + results.national
    return min([next_midnight(now), *(r.open_status.changes_at for r in shown if r.open_status.changes_at)])


def _coordinates(place: Place | None) -> tuple[float, float] | None:
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return (place.latitude, place.longitude)


def _split_by_nation(
    arranged: Arrangement, found: list[Covering]
) -> tuple[list[tuple[str, Arrangement]], list[tuple[str, list[Covering]]]]:
    """With no nation known, help differs by nation: each nation's own start, then only the helplines
    every nation shares."""
    by_nation = [(n, arrange([c for c in found if n in c.meta.nations], first_local=0)) for n in NATIONS]
    shared = [(key, [c for c in members if len(c.meta.nations) == len(NATIONS)]) for key, members in arranged.groups]
    return by_nation, [(key, members) for key, members in shared if members]


def _general(arranged: Arrangement, nation: str | None) -> list[Covering]:
    """The nation's general victims' line, when a nation is known."""
    return [arranged.general] if arranged.general is not None and nation is not None else []


def _police_force(reference: Reference, place: Place | None) -> Force | None:
    return reference.forces.get(place.pfa_code) if place and place.pfa_code else None


def helplines_for_people_who_harm(session: Session, crime: Crime) -> list[ServiceView]:
    """Lines for people worried about their own behaviour around this crime (shown on the advice page only)."""
    index = directory_index.current(session)
    ids = [
        service_id
        for service_id, meta in index.services.items()
        if PEOPLE_WHO_HARM in meta.audience and (meta.all_crime_types or crime.slug in meta.crime_types)
    ]
    views = index.service_views(session, ids)
    return sorted((views[i] for i in ids if i in views), key=lambda view: view.name)


def _other_force_codes(place: Place | None) -> list[str]:
    """Forces that police a meaningful share of the area as well as its main force."""
    if place is None:
        return []
    return [code for code, share in place.other_pfa_shares if share >= OTHER_FORCE_SHARE]


def _advice_for_nation(
    reference: Reference, crime_slug: str, nation: str | None, audience: str = "victims"
) -> tuple[list[AdviceItem], list[AdviceItem], list[AdviceItem]]:
    """The advice that applies in this nation (with no nation, all of it: the page says where each applies)."""
    items = [a for a in reference.advice.get(crime_slug, []) if nation is None or nation in a.nations]
    victims = [a for a in items if audience in a.audience]
    return (
        [a for a in victims if a.kind == "next_step"],
        [a for a in victims if a.kind == "prevention"],
        [a for a in victims if a.kind == "warning"],
    )


# By view (so a status leaves with its view), then nation (bank holidays differ): the status last worked out
# and from when. A status reads the same from then until its changes_at (which is never past midnight for
# wording that names a day): the rule the page cache keeps. A helpline is shown on most pages of its
# nation, so its status is worked out once per change rather than once per page.
_statuses: WeakKeyDictionary[ServiceView, dict[str, tuple[datetime, OpenStatus]]] = WeakKeyDictionary()
_statuses_lock = threading.Lock()


def _open_status(service: ServiceView, now: datetime, nation: str) -> OpenStatus:
    kept = _statuses.get(service)
    found = kept.get(nation) if kept is not None else None
    if found is not None:
        since, status = found
        if since <= now and (status.changes_at is None or now < status.changes_at):
            return status
    status = open_status(service.hours, now, nation)
    with _statuses_lock:
        _statuses.setdefault(service, {})[nation] = (now, status)
    return status


def _result(
    service: ServiceView,
    covering: Covering,
    here: tuple[float, float] | None,
    nation: str | None,
    now: datetime,
    stale_before: date,
) -> ServiceResult:
    """National services help wherever you are, so they carry no distance (`here` is None for them)."""
    distance = None
    if here is not None:
        points = [
            (loc.latitude, loc.longitude)
            for loc in service.locations
            if not loc.confidential and loc.latitude is not None and loc.longitude is not None
        ]
        if points:  # the nearest place by the cheap measure; the distance shown is geopy's great circle
            distance = miles_between(here, min(points, key=lambda point: approximate_miles(here, point)))
    return ServiceResult(
        service=service,
        rank=covering.rank,
        specific=covering.specific,
        distance_miles=distance,
        open_status=_open_status(service, now, nation or "england"),
        hours_lines=list(service.hours_lines),
        stale=service.checked_on is None or service.checked_on < stale_before,
    )
