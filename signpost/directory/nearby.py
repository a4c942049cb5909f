"""The local part of a search without measuring the distance to every candidate.

A page shows the best local support service and the next few nearest local services, out of some 200 that
cover the place; measuring all 200 and building a record for each was most of a search's cost. Here the
candidates are gathered by id (what the page's count needs), and distances are measured only where they can
matter:

- the best local service is first by what its record says (relevance's local key: for this crime, has a
  phone, no focus), then how local its area is, then distance: so only the services that tie on the first
  four are measured;
- the nearest are found in a band of latitude around the place that widens until it holds enough of them
  (a point further north or south than D miles is more than D miles away), each area's points kept sorted
  by latitude.

The arrangement is exactly relevance.arrange_parts's on every candidate (its keys decide every order; ties go
to the candidate met first, as there); tests/unit/test_search_parts.py checks the two agree on random indexes.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

from signpost.directory.coverage import EARTH_RADIUS_MILES, MILES_PER_DEGREE_LATITUDE
from signpost.directory.index import DirectoryIndex, LocalList, Points
from signpost.directory.relevance import (
    Arrangement,
    Covering,
    NationalPart,
    arrange_parts,
    assemble,
    is_support,
    local_key,
    nearest_first,
    support_code,
)

FIRST_BAND_MILES = 3.0  # the first band's half-width; each miss widens it threefold
WIDEST_BAND_MILES = 1000.0  # past this (the whole of the UK), every candidate is measured


class LocalSearch:
    """One page's local candidates: `ranks` (service id -> rank of its most local area, in the order the
    candidates were met, hidden services left out), the areas' lists and the circles' services."""

    def __init__(
        self,
        index: DirectoryIndex,
        crime_slug: str,
        ranks: dict[int, int],
        lists: list[tuple[int, LocalList]],
        circled: list[int],
        here: tuple[float, float] | None,
    ) -> None:
        self.index, self.crime_slug, self.ranks, self.lists, self.circled, self.here = (
            index,
            crime_slug,
            ranks,
            lists,
            circled,
            here,
        )
        self._positions: dict[int, int] | None = None
        self._circled_miles: dict[int, float] | None = None

    def arrangement(self, national: NationalPart, first_local: int) -> Arrangement:
        best = self.best_local()
        rest_count = len(self.ranks) - (best is not None)
        if self.here is None or first_local >= rest_count:  # every one of them is shown in order: measure all
            return arrange_parts(self.coverings(self.ranks), national, first_local)
        excluded = best.service_id if best is not None else None
        return assemble(best, self.nearest(first_local, excluded), rest_count, national)

    def covering(self, service_id: int, distance: float | None = None) -> Covering:
        filed = self.index.filed[service_id]
        meta = filed.meta
        if distance is None:
            distance = miles_to_nearest(self.index.points, service_id, self.here)
        return tuple.__new__(
            Covering, (service_id, meta, self.ranks[service_id], distance, self.crime_slug in meta.crime_types)
        )

    def coverings(self, ids: Iterable[int]) -> list[Covering]:
        return [self.covering(service_id) for service_id in ids]

    def best_local(self) -> Covering | None:
        """relevance's best local support service: the first by local_key among those that can be first."""
        ranks = self.ranks
        best: tuple[int, int] | None = None  # (support_code, rank) of the best so far
        tied: list[int] = []
        for rank, found in reversed(self.lists):  # the most local first: a less local area rarely ties with it
            for code, service_id in zip(found.support, found.support_ids, strict=True):
                if service_id in ranks:  # the first not hidden: this area's best code
                    best, tied = _better(best, tied, (code, rank), found, ranks)
                    break
        filed = self.index.filed
        for service_id in self.circled:
            meta = filed[service_id].meta
            if is_support(meta):
                code = support_code(meta, self.crime_slug in meta.crime_types)
                best, tied = _better_one(best, tied, (code, ranks[service_id]), service_id)
        if best is None:
            return None
        chosen = self.coverings(i for i in dict.fromkeys(tied) if ranks[i] == best[1])
        return self.first_met(chosen, local_key)[0] if chosen else None

    def nearest(self, first: int, excluded: int | None) -> list[Covering]:
        """relevance's first `first` other local services, nearest first (there are more than `first`)."""
        if first <= 0:
            return []
        miles = FIRST_BAND_MILES
        while miles < WIDEST_BAND_MILES:
            found = self._within(miles, excluded)
            if len(found) >= first:
                cutoff = heapq.nsmallest(first, found.values())[-1]
                chosen = [self.covering(i, d) for i, d in found.items() if d <= cutoff]
                return self.first_met(chosen, nearest_first)[:first]
            miles *= 3
        every = [c for c in self.coverings(self.ranks) if c.service_id != excluded]
        return self.first_met(every, nearest_first)[:first]

    def _within(self, miles: float, excluded: int | None) -> dict[int, float]:
        """Service id -> distance of the candidates no further than `miles` away (but `excluded`)."""
        assert self.here is not None
        lat0, lon0 = self.here
        radians, cos, hypot = math.radians, math.cos, math.hypot
        ranks = self.ranks
        found: dict[int, float] = {}
        band = miles / MILES_PER_DEGREE_LATITUDE  # a degree of latitude is over 69 miles
        lats, lons, ids, _ = self.index.points
        for _, local in self.lists:
            spots = local.spots
            low = bisect_left(spots, lat0 - band, key=lats.__getitem__)
            high = bisect_right(spots, lat0 + band, lo=low, key=lats.__getitem__)
            for spot in spots[low:high]:
                service_id = ids[spot]
                if service_id not in ranks or service_id == excluded:
                    continue
                lat, lon = lats[spot], lons[spot]
                # miles_to_nearest's sum for one point (the same operations, so the same floats)
                distance = EARTH_RADIUS_MILES * hypot(
                    radians(lon - lon0) * cos(radians((lat0 + lat) / 2)), radians(lat - lat0)
                )
                if distance <= miles and distance < found.get(service_id, math.inf):
                    found[service_id] = distance
        if self._circled_miles is None:  # measured once: the band may widen
            self._circled_miles = {i: miles_to_nearest(self.index.points, i, self.here) for i in self.circled}
        for service_id, distance in self._circled_miles.items():
            if service_id != excluded and distance <= miles:
                found[service_id] = distance  # its nearest place: no nearer one in a list's band
        return found

    def first_met(self, chosen: list[Covering], key: Callable[[Covering], tuple[object, ...]]) -> list[Covering]:
        """`chosen` sorted by `key`, ties in the order the candidates were met (as a stable sort of them all)."""
        ordered = sorted(chosen, key=key)
        keys = [key(c) for c in ordered]
        if any(a == b for a, b in zip(keys, keys[1:], strict=False)):
            if self._positions is None:
                self._positions = {service_id: n for n, service_id in enumerate(self.ranks)}
            positions = self._positions
            ordered = sorted(chosen, key=lambda c: (*key(c), positions[c.service_id]))
        return ordered


def _better(
    best: tuple[int, int] | None,
    tied: list[int],
    candidate: tuple[int, int],
    found: LocalList,
    ranks: dict[int, int],
) -> tuple[tuple[int, int] | None, list[int]]:
    """Keep the better (code, rank); the ids of the area's services with that code that are not hidden."""
    if best is not None and best < candidate:
        return best, tied
    members = [i for c, i in zip(found.support, found.support_ids, strict=True) if c == candidate[0] and i in ranks]
    return (candidate, members) if best is None or candidate < best else (best, tied + members)


def _better_one(
    best: tuple[int, int] | None,
    tied: list[int],
    candidate: tuple[int, int],
    service_id: int,
) -> tuple[tuple[int, int] | None, list[int]]:
    if best is not None and best < candidate:
        return best, tied
    return (candidate, [service_id]) if best is None or candidate < best else (best, [*tied, service_id])


def miles_to_nearest(points: Points, service_id: int, here: tuple[float, float] | None) -> float:
    """Approximate miles to the service's nearest public location, for ordering (the page shows exact
    distances). coverage.approximate_miles written out in the loop (the same operations, so the same floats):
    this runs for the candidates of every search."""
    spots = points.spots(service_id)
    if not spots or here is None:
        return math.inf
    lat0, lon0 = here
    radians, cos, hypot, lats, lons = math.radians, math.cos, math.hypot, points.lats, points.lons
    nearest = math.inf
    for spot in spots:
        lat, lon = lats[spot], lons[spot]
        miles = EARTH_RADIUS_MILES * hypot(radians(lon - lon0) * cos(radians((lat0 + lat) / 2)), radians(lat - lat0))
        if miles < nearest:
            nearest = miles
    return nearest
