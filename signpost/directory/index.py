"""An in-memory index of who covers where, rebuilt when the directory changes.

Searching 50,000 services in SQL cost several milliseconds per search in joins and row handling;
the same lookups in dictionaries cost a fraction of one. Every process keeps one index per
database and rebuilds it, beside the one in use, when the directory's version changes (see
signpost.data_version). Reference data (crime types, forces, advice) is not here: signpost.directory.reference.

Services are filed under each area they cover and each crime type they list, so a search touches
only the services that could be shown: a force-wide service listed for fraud is never looked at
by a search about burglary.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.data_version import Part, PerDatabase
from signpost.directory.circles import Circle, file_circle, holding
from signpost.directory.coverage import RANK
from signpost.directory.relevance import helps_victims, is_support, support_code
from signpost.directory.views import ServiceView, load_views
from signpost.directory.vocabulary import NATIONS
from signpost.models import Location, Phone, Service, ServiceArea, service_crime_type

MAX_CACHED_VIEWS = 30_000
MAX_KEPT = 256  # parts of searches kept per index (the national part per crime, nation and day: some 100)
# Local lists kept per index, by area and crime type, when they hold at least KEPT_LIST_LENGTH services: a force's
# list (some 60 to 140 at 50,000 services) is read by every search in the force, while an authority's dozen or a
# district's one or two are quicker to gather again than to keep (there are some 35,000 of them).
MAX_LOCAL_LISTS = 4096
KEPT_LIST_LENGTH = 16
ANY_CRIME = "*"  # services that help with any crime are filed under this instead of each crime type

AreaKey = tuple[str, str | None]  # (kind, code): ("police_force_area", "E23000020"), ("uk", None)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ServiceMeta:
    """What ranking needs to know about a service, for every candidate of every search."""

    name: str
    all_crime_types: bool
    crime_types: frozenset[str]
    checked_on: date | None
    audience: frozenset[str] = frozenset({"victims"})
    purpose: str = "victim-support"
    focus: frozenset[str] = frozenset()
    has_phone: bool = False
    # The nations its UK or nation-wide areas cover (empty for a local service): a line for one nation is
    # that nation's own line, so it ranks before one shared by several.
    nations: frozenset[str] = frozenset()
    verified: bool = True  # facts seen on the service's own (or an official) page, not only in secondary lists
    always_open: bool = False


class LocalList(NamedTuple):
    """The services filed under one local area for a crime type (those listed for it, then those for any
    crime) that help victims, as the local search reads them. Arrays of numbers rather than tuples of tuples:
    a force's list for a crime holds some 130 services and 180 places, and there are some 700 such lists."""

    ids: array[int]  # in filing order, each once
    nations: frozenset[str]  # every nation their UK or nation-wide areas cover (usually none)
    support: bytes  # relevance.support_code of those that support victims, the smallest first (then in
    support_ids: array[int]  # filing order), and whose they are
    spots: array[int]  # their public locations, from south to north, as indexes into the index's Points


class Points(NamedTuple):
    """Every active service's public locations as arrays of numbers (a local list holds indexes into them),
    rather than a tuple of pairs of floats per service (a sixth of the memory). A service's places are
    together, from `first[service id]` (-1: it has none)."""

    lats: array[float]
    lons: array[float]
    ids: array[int]
    first: array[int]

    def spots(self, service_id: int) -> range:
        """The indexes of this service's places."""
        start = self.first[service_id] if service_id < len(self.first) else -1
        if start < 0:
            return range(0)
        end, ids = start + 1, self.ids
        while end < len(ids) and ids[end] == service_id:
            end += 1
        return range(start, end)


class Filed(NamedTuple):
    """One active service as the coverage lists hold it: one shared tuple per service (not an id per
    filing), with what a search reads about each candidate at hand (its places are in the index's Points)."""

    service_id: int
    meta: ServiceMeta
    helps_victims: bool  # relevance.helps_victims: never shown as help for victims otherwise


@dataclass(eq=False)  # compared (and hashed) by identity: helplines are kept per index
class DirectoryIndex:
    version: int
    services: dict[int, ServiceMeta] = field(default_factory=dict)  # active services only
    # area -> crime type slug (or ANY_CRIME) -> the services covering that area for it
    coverage: dict[AreaKey, dict[str, tuple[Filed, ...]]] = field(default_factory=dict)
    # grid cell -> the circles whose box touches it (of every crime type: filed by crime too, they took twice the
    # memory for a few hundredths of a millisecond a search)
    radius_cells: dict[tuple[int, int], list[Circle]] = field(default_factory=lambda: defaultdict(list))
    filed: dict[int, Filed] = field(default_factory=dict)  # by service id, with its public locations
    # Parts of searches that are the same for many pages (see `kept`): they die with the index.
    _kept: dict[object, object] = field(default_factory=dict, repr=False)
    points: Points = field(default_factory=lambda: _points({}, {}))
    _local_lists: dict[tuple[AreaKey, str], LocalList] = field(default_factory=dict, repr=False)
    # What the results page shows about each service, filled as services are first shown.
    views: dict[int, ServiceView] = field(default_factory=dict)
    _views_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def service_views(self, session: Session, ids: list[int]) -> dict[int, ServiceView]:
        with self._views_lock:  # a threaded server may fill and trim the cache from several requests at once
            missing = [i for i in ids if i not in self.views]
            if missing:
                while self.views and len(self.views) + len(missing) > MAX_CACHED_VIEWS:
                    self.views.pop(next(iter(self.views)))  # oldest first: dicts keep insertion order
                self.views.update(load_views(session, missing))
            return {i: self.views[i] for i in ids if i in self.views}

    def covering(self, crime_slug: str, keys: Iterable[AreaKey], point: tuple[float, float] | None) -> dict[int, int]:
        """Service id -> rank of its most local area covering these keys (and this point, for radius
        areas), for services that help with this crime type. See coverage.RANK."""
        found, ranks = self.covering_filed(crime_slug, keys, point)
        return {f.service_id: ranks[f.service_id] for f in found}

    def covering_filed(
        self, crime_slug: str, keys: Iterable[AreaKey], point: tuple[float, float] | None
    ) -> tuple[list[Filed], dict[int, int]]:
        """`covering`, as the services in the order first met (keys in turn, then radius areas) and
        service id -> rank."""
        ranks: dict[int, int] = {}
        found: list[Filed] = []
        for key in keys:
            by_crime = self.coverage.get(key)
            if not by_crime:
                continue
            rank = RANK[key[0]]
            for filed in (by_crime.get(crime_slug, ()), by_crime.get(ANY_CRIME, ())):
                for f in filed:
                    was = ranks.get(f.service_id)
                    if was is None:
                        ranks[f.service_id] = rank
                        found.append(f)
                    elif was > rank:
                        ranks[f.service_id] = rank
        if point is not None:
            self._circles_around(crime_slug, point, found, ranks)
        return found, ranks

    def _circles_around(
        self, crime_slug: str, point: tuple[float, float], found: list[Filed], ranks: dict[int, int]
    ) -> None:
        """Add the services whose radius areas hold this point to `found` and `ranks`."""
        rank = RANK["radius"]
        for circle in self.circles_holding(point, crime_slug):
            was = ranks.get(circle.service_id)
            if was is None or was > rank:
                ranks[circle.service_id] = rank
                if was is None:
                    found.append(self.filed[circle.service_id])

    def local_list(self, key: AreaKey, crime_slug: str) -> LocalList:
        """The services that help victims filed under `key` for this crime type; long lists are kept (at most
        MAX_LOCAL_LISTS; then it starts again)."""
        found = self._local_lists.get((key, crime_slug))
        if found is None:
            by_crime = self.coverage.get(key, {})
            filed = [f for f in (*by_crime.get(crime_slug, ()), *by_crime.get(ANY_CRIME, ())) if f.helps_victims]
            found = _local_list(filed, crime_slug, self.points)
            if len(filed) >= KEPT_LIST_LENGTH:
                if len(self._local_lists) >= MAX_LOCAL_LISTS:
                    self._local_lists.clear()
                self._local_lists[(key, crime_slug)] = found
        return found

    def hidden(self, hide_before: date) -> frozenset[int]:
        """The services last checked before `hide_before` (kept for the day)."""
        return self.kept(
            ("hidden", hide_before),
            lambda: frozenset(
                i for i, meta in self.services.items() if meta.checked_on is not None and meta.checked_on < hide_before
            ),
        )

    def circles_holding(self, point: tuple[float, float], crime_slug: str) -> list[Circle]:
        """The radius areas of services that help with this crime type whose circle holds `point`, in the
        order they were filed."""
        return holding(self.radius_cells, point, crime_slug)

    def kept(self, key: object, make: Callable[[], T]) -> T:
        """What `make` returns, kept under `key` for the life of this index (at most MAX_KEPT; then it
        starts again). For parts of searches that only the directory changes (and the day)."""
        found = self._kept.get(key)
        if found is None:
            found = make()
            if len(self._kept) >= MAX_KEPT:
                self._kept.clear()
            self._kept[key] = found
        return found  # type: ignore[return-value]


def _local_list(filed: list[Filed], crime_slug: str, points: Points) -> LocalList:
    support = sorted(
        ((support_code(f.meta, crime_slug in f.meta.crime_types), f.service_id) for f in filed if is_support(f.meta)),
        key=_first,
    )
    ids = array("i", dict.fromkeys(f.service_id for f in filed))
    spots = [spot for service_id in ids for spot in points.spots(service_id)]
    spots.sort(key=points.lats.__getitem__)
    return LocalList(
        ids,
        _NO_NATIONS if not any(f.meta.nations for f in filed) else frozenset().union(*(f.meta.nations for f in filed)),
        bytes(code for code, _ in support),
        array("i", (i for _, i in support)),
        array("i", spots),
    )


_NO_NATIONS: frozenset[str] = frozenset()


def _points(services: dict[int, ServiceMeta], locations: dict[int, tuple[tuple[float, float], ...]]) -> Points:
    # Indexed by service id: ids are the database's serial numbers, so the array is about as long as the
    # directory (4 bytes a service).
    points = Points(array("d"), array("d"), array("i"), array("i", [-1]) * (max(services, default=0) + 1))
    for service_id in services:
        places = locations.get(service_id, ())
        if places:
            points.first[service_id] = len(points.ids)
            for lat, lon in places:
                points.lats.append(lat)
                points.lons.append(lon)
                points.ids.append(service_id)
    return points


def _first(entry: tuple[int, int]) -> int:
    return entry[0]


def _shared(pool: dict[frozenset[str], frozenset[str]], words: Iterable[str]) -> frozenset[str]:
    found = frozenset(w for w in words if w)
    return pool.setdefault(found, found)


def _national_areas(session: Session) -> dict[int, set[str]]:
    """Service id -> the nations its UK-wide and nation-wide areas cover."""
    out: defaultdict[int, set[str]] = defaultdict(set)
    for service_id, kind, code in session.execute(
        select(ServiceArea.service_id, ServiceArea.kind, ServiceArea.code).where(ServiceArea.kind.in_(("uk", "nation")))
    ):
        out[service_id].update(NATIONS if kind == "uk" else (code,) if code else ())
    return out


def build(session: Session, version: int) -> DirectoryIndex:
    index = DirectoryIndex(version)
    crimes: defaultdict[int, set[str]] = defaultdict(set)
    for service_id, slug in session.execute(
        select(service_crime_type.c.service_id, service_crime_type.c.crime_type_slug)
    ):
        crimes[service_id].add(slug)
    nations = _national_areas(session)
    phoned = set(session.scalars(select(Phone.service_id).distinct()))
    shared: dict[frozenset[str], frozenset[str]] = {}  # thousands of services share the same few sets of words
    for service_id, name, all_crimes, checked_on, audience, purpose, focus, verification, always_open in session.execute(
        select(
            Service.id, Service.name, Service.all_crime_types, Service.checked_on, Service.audience, Service.purpose,
            Service.focus, Service.verification, Service.always_open,
        ).where(Service.status == "active")
    ):  # fmt: skip
        index.services[service_id] = ServiceMeta(
            name,
            bool(all_crimes),
            _shared(shared, crimes.get(service_id, ())),
            checked_on,
            _shared(shared, (audience or "").split(",")),
            sys.intern(purpose or ""),
            _shared(shared, focus.split(",") if focus else ()),
            service_id in phoned,
            _shared(shared, nations.get(service_id, ())),
            verification == "verified",
            bool(always_open),
        )
    file_areas(
        index,
        _locations(session, index),
        session.execute(
            select(
                ServiceArea.service_id, ServiceArea.kind, ServiceArea.code, ServiceArea.latitude,
                ServiceArea.longitude, ServiceArea.radius_miles,
            )
        ),
    )  # fmt: skip
    return index


AreaRow = tuple[int, str, str | None, float | None, float | None, float | None]  # id, kind, code, lat, lon, miles


def file_areas(
    index: DirectoryIndex, locations: dict[int, tuple[tuple[float, float], ...]], rows: Iterable[AreaRow]
) -> None:
    """Each active service (index.services, with its public locations) under every named area it covers
    (per crime type), and its circles."""
    index.filed = {
        service_id: Filed(service_id, meta, helps_victims(meta)) for service_id, meta in index.services.items()
    }
    index.points = _points(index.services, locations)
    coverage: dict[AreaKey, dict[str, list[Filed]]] = {}
    for service_id, kind, code, lat, lon, miles in rows:
        filed = index.filed.get(service_id)
        if filed is None:
            continue
        slugs = (ANY_CRIME,) if filed.meta.all_crime_types else filed.meta.crime_types
        if kind != "radius":
            by_crime = coverage.setdefault((kind, code), {})
            for slug in slugs:
                by_crime.setdefault(slug, []).append(filed)
        elif lat is not None and lon is not None and miles is not None:
            meta = filed.meta
            file_circle(
                index.radius_cells,
                Circle(service_id, lat, lon, miles, None if meta.all_crime_types else meta.crime_types),
            )
    # Tuples: the lists are never added to again, and a tuple holds no spare room.
    index.coverage = {key: {slug: tuple(f) for slug, f in by_crime.items()} for key, by_crime in coverage.items()}


def _locations(session: Session, index: DirectoryIndex) -> dict[int, tuple[tuple[float, float], ...]]:
    """Each active service's public locations (distances are measured to the nearest)."""
    found: defaultdict[int, list[tuple[float, float]]] = defaultdict(list)
    for service_id, lat, lon in session.execute(
        select(Location.service_id, Location.latitude, Location.longitude).where(
            Location.confidential.is_(False), Location.latitude.is_not(None), Location.longitude.is_not(None)
        )
    ):
        if service_id in index.services and lat is not None and lon is not None:
            found[service_id].append((lat, lon))
    return {service_id: tuple(points) for service_id, points in found.items()}


_indexes = PerDatabase(build, Part.DIRECTORY, settle=True)  # the largest cache a worker keeps: see signpost.heap


def current(session: Session) -> DirectoryIndex:
    """This database's index: the newest one built (a rebuild after a change is swapped in when it is ready)."""
    return _indexes.get(session)
