"""The services that could be shown for a crime and a place, and their arrangement: the part of a search
that reads the directory index (find_support in signpost.directory.search puts the page together).

The national part of a search (the UK's and the nation's services, the nation's lines and the other
helplines' groups) is the same on every page of a crime and nation, so it is kept on the index; only the
local part (some 200 services around the place) is searched per page.
"""

from __future__ import annotations

import math
from datetime import date

from signpost.directory.coverage import RANK
from signpost.directory.index import AreaKey, DirectoryIndex
from signpost.directory.nearby import LocalSearch, miles_to_nearest
from signpost.directory.relevance import Arrangement, Covering, NationalPart, arrange, national_part
from signpost.directory.vocabulary import NATIONS
from signpost.geo.places import Place


def candidates(
    index: DirectoryIndex, crime_slug: str, keys: list[AreaKey], here: tuple[float, float] | None, hide_before: date
) -> list[Covering]:
    """Every service covering the area for this crime, with its rank and (for local ones) distance."""
    found_here: list[Covering] = []
    national_rank = RANK["nation"]
    found, ranks = index.covering_filed(crime_slug, keys, here)
    for f in found:
        meta = f.meta
        if meta.checked_on is not None and meta.checked_on < hide_before:
            continue  # not checked by a person for too long to show at all
        rank = ranks[f.service_id]
        distance = miles_to_nearest(index.points, f.service_id, here) if rank < national_rank else math.inf
        found_here.append(Covering(f.service_id, meta, rank, distance, crime_slug in meta.crime_types))
    return found_here


def arranged(
    index: DirectoryIndex,
    crime_slug: str,
    place: Place | None,
    nation: str,
    here: tuple[float, float] | None,
    hide_before: date,
    first_local: int,
) -> Arrangement:
    """`arrange` of every candidate, from the national part kept per crime, nation and day (the same on
    every page of them) and the local candidates, searched per page."""
    national = index.kept(
        ("national", crime_slug, nation, hide_before),
        lambda: _national_part(index, crime_slug, nation, hide_before),
    )
    local = _local_search(index, crime_slug, _local_keys(place), here, hide_before, nation)
    if local is None:  # a service covers both the place and the nation: its most local area wins
        return arrange(
            candidates(index, crime_slug, area_keys(place, nation), here, hide_before), first_local=first_local
        )
    return local.arrangement(national, first_local)


def _national_part(index: DirectoryIndex, crime_slug: str, nation: str, hide_before: date) -> NationalPart:
    return national_part(candidates(index, crime_slug, area_keys(None, nation), None, hide_before))


def _local_search(
    index: DirectoryIndex,
    crime_slug: str,
    keys: list[AreaKey],
    here: tuple[float, float] | None,
    hide_before: date,
    nation: str,
) -> LocalSearch | None:
    """The local candidates that help victims, by id in the order `candidates` meets them (the areas in turn,
    then the circles); None when one of them may also cover the whole nation (it would be among the national
    part too), or the areas are not in the order this relies on."""
    ranks: dict[int, int] = {}
    lists = [(RANK[key[0]], index.local_list(key, crime_slug)) for key in keys]
    key_ranks = [rank for rank, _ in lists]
    if key_ranks != sorted(key_ranks, reverse=True) or any(nation in found.nations for _, found in lists):
        return None
    # From the least local area to the most (force, authority, district): a later area's rank replaces an
    # earlier one's (more local wins) and each service keeps the place where it was first met.
    for rank, found in lists:
        ranks.update(dict.fromkeys(found.ids, rank))
    # Not checked by a person for too long to show at all. (A frozenset's intersection with a dict runs over the
    # dict: the other way round, over some 10,000 hidden services.)
    for service_id in index.hidden(hide_before).intersection(ranks):
        del ranks[service_id]
    circled: list[int] = []
    if here is not None and not _add_circles(index, ranks, circled, crime_slug, here, hide_before, nation):
        return None
    return LocalSearch(index, crime_slug, ranks, lists, circled, here)


def _add_circles(
    index: DirectoryIndex,
    ranks: dict[int, int],
    circled: list[int],
    crime_slug: str,
    here: tuple[float, float],
    hide_before: date,
    nation: str,
) -> bool:
    """Add the services whose radius areas hold `here` to `ranks` (DirectoryIndex.covering_filed's rule, for
    the services that help victims and are not hidden) and to `circled`; False when one of them also covers
    the nation."""
    radius = RANK["radius"]
    for circle in index.circles_holding(here, crime_slug):
        service_id = circle.service_id
        was = ranks.get(service_id)
        if was is not None and was <= radius:
            continue
        filed = index.filed[service_id]
        meta = filed.meta
        if not filed.helps_victims:
            continue
        if meta.checked_on is not None and meta.checked_on < hide_before:
            continue
        if nation in meta.nations:
            return False
        ranks[service_id] = radius
        circled.append(service_id)
    return True


def area_keys(place: Place | None, nation: str | None) -> list[AreaKey]:
    """The areas that cover this place (or nation; with neither, every national area)."""
    keys: list[AreaKey] = [("uk", None)]
    keys += [("nation", nation)] if nation else [("nation", n) for n in NATIONS]
    return keys + _local_keys(place)


def _local_keys(place: Place | None) -> list[AreaKey]:
    """The local areas (smaller than a nation) that cover this place."""
    if place is None:
        return []
    return [
        (kind, code)
        for kind, code in (
            ("police_force_area", place.pfa_code),
            ("local_authority", place.lad_code),
            ("postcode_district", place.district),
        )
        if code
    ]
