"""An in-memory index of who covers where, rebuilt when the directory changes.

Searching 50,000 services in SQL cost several milliseconds per search in joins and row handling;
the same lookups in dictionaries cost a fraction of one. Every process keeps one index per
database and compares a version counter (one primary-key read) before each search. Any flush that
touches a service, its areas, locations or crime types changes the version (see `bump_on_flush`).
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from signpost.directory.coverage import Area
from signpost.directory.reference import Reference, load_reference
from signpost.directory.views import ServiceView, load_views
from signpost.models import (
    Advice,
    CrimeType,
    DirectoryVersion,
    Location,
    OpeningHours,
    Organisation,
    Phone,
    PoliceForce,
    Right,
    RightsCharter,
    ScheduleException,
    Service,
    ServiceArea,
    service_crime_type,
)

MAX_CACHED_VIEWS = 30_000
BAND_DEGREES = 0.5  # radius areas are bucketed by latitude band for a cheap first filter
# Anything a results page shows: a change to any of these makes cached results and indexes stale.
WATCHED = (
    Service,
    ServiceArea,
    Location,
    Organisation,
    Phone,
    OpeningHours,
    ScheduleException,
    CrimeType,
    PoliceForce,
    Advice,
    RightsCharter,
    Right,
)


@dataclass(frozen=True)
class ServiceMeta:
    name: str
    all_crime_types: bool
    crime_types: frozenset[str]
    checked_on: date | None


@dataclass
class DirectoryIndex:
    version: int
    services: dict[int, ServiceMeta] = field(default_factory=dict)  # active services only
    areas: dict[tuple[str, str | None], list[tuple[int, Area]]] = field(default_factory=lambda: defaultdict(list))
    radius_bands: dict[int, list[tuple[int, Area, tuple[float, float, float, float]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    locations: dict[int, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    # What the results page shows about each service, filled as services are first shown.
    views: dict[int, ServiceView] = field(default_factory=dict)
    _reference: Reference | None = None

    def reference(self, session: Session) -> Reference:
        if self._reference is None:
            self._reference = load_reference(session)
        return self._reference

    def service_views(self, session: Session, ids: list[int]) -> dict[int, ServiceView]:
        missing = [i for i in ids if i not in self.views]
        if missing:
            while self.views and len(self.views) + len(missing) > MAX_CACHED_VIEWS:
                self.views.pop(next(iter(self.views)))  # oldest first: dicts keep insertion order
            self.views.update(load_views(session, missing))
        return {i: self.views[i] for i in ids if i in self.views}

    def radius_areas(self, latitude: float, longitude: float) -> list[tuple[int, Area]]:
        """Radius areas whose bounding box holds the point (the caller checks the exact distance)."""
        out = []
        for service_id, area, (min_lat, max_lat, min_lon, max_lon) in self.radius_bands.get(_band(latitude), ()):
            if min_lat <= latitude <= max_lat and min_lon <= longitude <= max_lon:
                out.append((service_id, area))
        return out


def _band(latitude: float) -> int:
    return math.floor(latitude / BAND_DEGREES)


def build(session: Session, version: int) -> DirectoryIndex:
    index = DirectoryIndex(version)
    crimes: defaultdict[int, set[str]] = defaultdict(set)
    for service_id, slug in session.execute(
        select(service_crime_type.c.service_id, service_crime_type.c.crime_type_slug)
    ):
        crimes[service_id].add(slug)
    for service_id, name, all_crimes, checked_on in session.execute(
        select(Service.id, Service.name, Service.all_crime_types, Service.checked_on).where(Service.status == "active")
    ):
        index.services[service_id] = ServiceMeta(
            name, bool(all_crimes), frozenset(crimes.get(service_id, ())), checked_on
        )
    for row in session.execute(
        select(
            ServiceArea.service_id, ServiceArea.kind, ServiceArea.code, ServiceArea.latitude, ServiceArea.longitude,
            ServiceArea.radius_miles, ServiceArea.min_latitude, ServiceArea.max_latitude, ServiceArea.min_longitude,
            ServiceArea.max_longitude,
        )
    ):  # fmt: skip
        service_id, kind, code, lat, lon, miles, min_lat, max_lat, min_lon, max_lon = row
        if service_id not in index.services:
            continue
        area = Area(kind, code, lat, lon, miles)
        if kind == "radius":
            if min_lat is None or max_lat is None or min_lon is None or max_lon is None:
                continue
            for band in range(_band(min_lat), _band(max_lat) + 1):
                index.radius_bands[band].append((service_id, area, (min_lat, max_lat, min_lon, max_lon)))
        else:
            index.areas[(kind, code)].append((service_id, area))
    for service_id, lat, lon in session.execute(
        select(Location.service_id, Location.latitude, Location.longitude).where(
            Location.confidential.is_(False), Location.latitude.is_not(None), Location.longitude.is_not(None)
        )
    ):
        if service_id in index.services and lat is not None and lon is not None:
            index.locations[service_id].append((lat, lon))
    return index


_cache: dict[str, DirectoryIndex] = {}
_lock = threading.Lock()


VERSION_TTL_SECONDS = 1.0
_versions: dict[str, tuple[float, int]] = {}


def _bind_key(session: Session) -> str:
    bind = session.get_bind()
    return f"{id(bind)}:{getattr(bind, 'url', '')}"


def current_version(session: Session) -> int:
    """The directory version, read from the database at most once a second per process.

    A change made in this process is seen at once (the flush marks the session and clears the cached
    value); other processes see it within VERSION_TTL_SECONDS. That keeps cached results pages free
    of database round trips.
    """
    key = _bind_key(session)
    cached = _versions.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[0] < VERSION_TTL_SECONDS and not session.info.get(CHANGED):
        return cached[1]
    row = session.connection().exec_driver_sql("SELECT version FROM directory_version WHERE id = 1").first()
    version = int(row[0]) if row else 0
    if not session.info.get(CHANGED):  # never share a version this session has not committed yet
        _versions[key] = (now, version)
    return version


def current(session: Session) -> DirectoryIndex:
    """This database's index, rebuilt if the directory changed since it was built."""
    key = _bind_key(session)
    version = current_version(session)
    index = _cache.get(key)
    if index is None or index.version != version:
        with _lock:
            index = _cache.get(key)
            if index is None or index.version != version:
                index = _cache[key] = build(session, version)
    return index


CHANGED = "signpost.directory_changed"


def bump(session: Session) -> None:
    """Mark the directory as changed (call after bulk writes that bypass the ORM).

    The new version is random, not +1: a rolled-back change must never share a version number with a
    later, different change, or an index built inside the rolled-back transaction would look current.
    """
    session.execute(update(DirectoryVersion).where(DirectoryVersion.id == 1).values(version=secrets.randbits(31)))
    # This session reads the version fresh from now on; other sessions in this process re-read it too.
    session.info[CHANGED] = True
    _versions.pop(_bind_key(session), None)


@event.listens_for(Session, "after_flush")
def bump_on_flush(session: Session, _context: Any) -> None:
    changed = session.new | session.dirty | session.deleted
    if any(isinstance(obj, WATCHED) for obj in changed):
        bump(session)
