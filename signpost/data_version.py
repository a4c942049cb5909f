"""One version number for everything a results page shows, so per-process caches know when to rebuild.

The directory index, the in-memory gazetteer and the page cache all key on it. Any ORM flush that
touches a watched model changes it (see `bump_on_flush`); bulk writes that bypass the ORM call `bump`.
Reading it costs one primary-key read, at most once a second per process.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from signpost.models import (
    Advice,
    CrimeType,
    DirectoryVersion,
    LocalAuthority,
    Location,
    OpeningHours,
    Organisation,
    Phone,
    PoliceForce,
    PostcodeDistrict,
    PostcodeSector,
    Right,
    RightsCharter,
    RightsNote,
    ScheduleException,
    Service,
    ServiceArea,
)

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
    RightsNote,
    PostcodeDistrict,
    PostcodeSector,
    LocalAuthority,
)
CHANGED = "signpost.directory_changed"
VERSION_TTL_SECONDS = 1.0
_versions: dict[str, tuple[float, int]] = {}
clock = time.monotonic  # a module attribute so tests can move time on


def bind_key(session: Session) -> str:
    """Which database this session reads: caches are kept per database (tests use several)."""
    bind = session.get_bind()
    return f"{id(bind)}:{getattr(bind, 'url', '')}"


def current_version(session: Session) -> int:
    """The data version, read from the database at most once a second per process.

    A change made in this process is seen at once (the flush marks the session and clears the cached
    value); other processes see it within VERSION_TTL_SECONDS. That keeps cached results pages free
    of database round trips.
    """
    key = bind_key(session)
    cached = _versions.get(key)
    now = clock()
    if cached is not None and now - cached[0] < VERSION_TTL_SECONDS and not session.info.get(CHANGED):
        return cached[1]
    row = session.connection().exec_driver_sql("SELECT version FROM directory_version WHERE id = 1").first()
    version = int(row[0]) if row else 0
    if not session.info.get(CHANGED):  # never share a version this session has not committed yet
        _versions[key] = (now, version)
    return version


def bump(session: Session) -> None:
    """Mark the data as changed (call after bulk writes that bypass the ORM).

    The new version is random, not +1: a rolled-back change must never share a version number with a
    later, different change, or an index built inside the rolled-back transaction would look current.
    """
    session.execute(update(DirectoryVersion).where(DirectoryVersion.id == 1).values(version=secrets.randbits(31)))
    # This session reads the version fresh from now on; other sessions in this process re-read it too.
    session.info[CHANGED] = True
    _versions.pop(bind_key(session), None)


T = TypeVar("T")


class PerDatabase(Generic[T]):
    """A value kept per database and rebuilt when the data version changes: built once, under a lock,
    however many threads ask for it at the same moment."""

    def __init__(self, build: Callable[[Session, int], T]) -> None:
        self._build = build
        self._values: dict[str, tuple[int, T]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session) -> T:
        key = bind_key(session)
        version = current_version(session)
        found = self._values.get(key)
        if found is None or found[0] != version:
            with self._lock:
                found = self._values.get(key)
                if found is None or found[0] != version:
                    found = self._values[key] = (version, self._build(session, version))
        return found[1]


@event.listens_for(Session, "after_flush")
def bump_on_flush(session: Session, _context: Any) -> None:
    changed = session.new | session.dirty | session.deleted
    if any(isinstance(obj, WATCHED) for obj in changed):
        bump(session)
