"""Versions of what pages show, one per part, so each per-process cache rebuilds only when its part changes.

- the directory (services, their areas, places, phones and hours, organisations): the coverage index;
- geography (postcode districts and sectors, councils): the in-memory gazetteer;
- reference data (crime types, police forces, advice, rights): what every question and results page reads.

Each part's version is one row of `directory_version` (ids 1, 2 and 3). Any ORM flush that touches a
watched model changes its part's version (see `bump_on_flush`); bulk writes that bypass the ORM call
`bump`. Reading the versions costs one query, at most once a second per process.

A cache that is out of date is rebuilt beside the old value, in a thread with its own session, and
swapped in when it is ready: requests go on using the old value meanwhile, so no victim waits for a
rebuild (about a second at 50,000 services). Only the first build in a process waits. A session that
has itself changed the data builds its own copy (it must see its change, which may yet be rolled back,
so that copy is never shared).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import Connection, Engine, event, inspect, update
from sqlalchemy.orm import Session, scoped_session

from signpost import heap
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

log = logging.getLogger(__name__)


class Part(IntEnum):
    """A part of the data with its own version: the value is its row's id in `directory_version`."""

    DIRECTORY = 1
    GEOGRAPHY = 2
    REFERENCE = 3


# What pages show, by part: a change to any of these makes that part's caches (and cached pages) stale.
WATCHED: dict[type, Part] = {
    Service: Part.DIRECTORY,
    ServiceArea: Part.DIRECTORY,
    Location: Part.DIRECTORY,
    Organisation: Part.DIRECTORY,
    Phone: Part.DIRECTORY,
    OpeningHours: Part.DIRECTORY,
    ScheduleException: Part.DIRECTORY,
    PostcodeDistrict: Part.GEOGRAPHY,
    PostcodeSector: Part.GEOGRAPHY,
    LocalAuthority: Part.GEOGRAPHY,
    CrimeType: Part.REFERENCE,
    PoliceForce: Part.REFERENCE,
    Advice: Part.REFERENCE,
    RightsCharter: Part.REFERENCE,
    Right: Part.REFERENCE,
    RightsNote: Part.REFERENCE,
}
# Columns no page or API response shows: a flush that changes only these changes no version.
UNSHOWN: dict[type, frozenset[str]] = {Organisation: frozenset({"trusted"})}


class Versions(NamedTuple):
    directory: int
    geography: int
    reference: int

    def of(self, part: Part) -> int:
        return self[part - 1]

    @property
    def token(self) -> str:
        """All three as one short string (for an ETag)."""
        return ".".join(map(str, self))


CHANGED = "signpost.directory_changed"  # session.info: the parts this session has changed
BIND_KEY = "signpost.bind_key"
OWN = "signpost.own_copy"  # session.info keys (OWN, id(cache)): values built from a session's own change
VERSION_TTL_SECONDS = 1.0
_versions: dict[str, tuple[float, Versions]] = {}
clock = time.monotonic  # a module attribute so tests can move time on


def bind_key(session: Session) -> str:
    """Which database this session reads: caches are kept per database (tests use several). Kept on the
    session: finding its bind costs more than the rest of a cache look-up, and a page makes several."""
    key: str | None = session.info.get(BIND_KEY)
    if key is None:
        bind = session.get_bind()
        key = session.info[BIND_KEY] = f"{id(bind)}:{getattr(bind, 'url', '')}"
    return key


def current_versions(session: Session) -> Versions:
    """The data versions, read from the database at most once a second per process.

    A change made in this process is seen at once (the flush marks the session and clears the cached
    value); other processes see it within VERSION_TTL_SECONDS. That keeps cached results pages free
    of database round trips.
    """
    key = bind_key(session)
    cached = _versions.get(key)
    now = clock()
    if cached is not None and now - cached[0] < VERSION_TTL_SECONDS and not session.info.get(CHANGED):
        return cached[1]
    with reading(session) as connection:
        rows: dict[int, int] = dict(connection.exec_driver_sql("SELECT id, version FROM directory_version").all())
    versions = Versions(*(int(rows.get(part, 0)) for part in Part))
    if not session.info.get(CHANGED):  # never share a version this session has not committed yet
        _versions[key] = (now, versions)
    return versions


@contextmanager
def reading(session: Session) -> Iterator[Connection]:
    """A connection for one read of what pages show: the session's own when it has a transaction under way
    (it must see its own changes, and its connection is open anyway) or no other connection could see the
    same data; else one of the engine's, outside any transaction, given back at once.

    A never-seen results page reads the database once (the services it shows for the first time). In
    the session's transaction that read cost a BEGIN and, at the request's end, a ROLLBACK: two more
    round trips on PostgreSQL, whose server shares the machine's CPU. Outside a transaction
    (AUTOCOMMIT) one statement sees one snapshot all the same, and the request leaves nothing to roll
    back. SQLite's driver begins no transaction before a SELECT anyway, so there it is a plain connection.
    """
    if isinstance(session, scoped_session):  # callers may pass db.session itself
        session = session()
    engine = session.get_bind()
    if session.in_transaction() or not isinstance(engine, Engine) or not _separate_connections(engine):
        yield session.connection()
        return
    connection = engine.connect()
    try:
        if engine.dialect.name != "sqlite":
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        yield connection
    finally:
        connection.close()


def bump(session: Session, *parts: Part) -> None:
    """Mark parts of the data as changed (all of them when none is named): call after bulk writes that
    bypass the ORM.

    A new version is random, not +1: a rolled-back change must never share a version number with a
    later, different change, or a cache built inside the rolled-back transaction would look current.
    """
    for part in parts or tuple(Part):
        session.execute(
            update(DirectoryVersion).where(DirectoryVersion.id == int(part)).values(version=secrets.randbits(31))
        )
    # This session reads the versions fresh from now on; other sessions in this process re-read them too.
    session.info.setdefault(CHANGED, set()).update(parts or tuple(Part))
    _versions.pop(bind_key(session), None)


T = TypeVar("T")


class PerDatabase(Generic[T]):
    """A value kept per database for one part of the data, rebuilt when that part's version changes.

    The first value is built once, under a lock, however many threads ask for it at the same moment.
    After that, a change starts one rebuild beside the old value and the old value is returned until
    the new one is swapped in (see the module's docstring for when a caller builds and waits instead).
    `build` is called with a session and the version it builds for.
    """

    def __init__(self, build: Callable[[Session, int], T], part: Part = Part.DIRECTORY, settle: bool = False) -> None:
        self._build = build
        self.part = part
        self._settle = settle  # a large value: signpost.heap.settle once it is swapped in
        self._values: dict[str, tuple[int, T]] = {}
        self._lock = threading.Lock()
        self._rebuilding: dict[str, threading.Thread] = {}
        _caches.append(self)

    def get(self, session: Session) -> T:
        version = current_versions(session).of(self.part)
        if self.part in session.info.get(CHANGED, ()):
            return self._own(session, version)
        key = bind_key(session)
        found = self._values.get(key)
        if found is not None and found[0] == version:
            return found[1]
        engine = session.get_bind()
        if found is not None and _separate_connections(engine):
            self._rebuild_beside(key, engine)  # type: ignore[arg-type]
            return found[1]
        built = False
        with self._lock:
            found = self._values.get(key)
            if found is None or found[0] != version:
                found = self._values[key] = (version, self._build(session, version))
                built = True
        if built and self._settle:
            heap.settle()
        return found[1]

    def _own(self, session: Session, version: int) -> T:
        """A value for a session that has changed the data itself: built from what only it can see (its
        change may yet be rolled back), so kept with that session and never shared."""
        slot = (OWN, id(self))
        found: tuple[int, T] | None = session.info.get(slot)
        if found is None or found[0] != version:
            found = session.info[slot] = (version, self._build(session, version))
        return found[1]

    def _rebuild_beside(self, key: str, engine: Engine) -> None:
        with self._lock:
            running = self._rebuilding.get(key)
            if running is not None and running.is_alive():
                return
            thread = threading.Thread(target=self._rebuild, args=(key, engine), name="signpost-rebuild", daemon=True)
            self._rebuilding[key] = thread
            thread.start()

    def _rebuild(self, key: str, engine: Engine) -> None:
        try:
            with Session(bind=engine) as session:
                version = current_versions(session).of(self.part)
                value = self._build(session, version)
            with self._lock:
                self._values[key] = (version, value)
            if self._settle:
                heap.settle()
        except Exception:  # the old value stays, and the next request that notices the change tries again
            log.exception("Rebuilding a cache failed; the old one is kept")

    def refresh_after_commit(self, session: Session) -> None:
        """After this session committed a change to this part: rebuild now, beside the old value, and wait
        for it, so the change is on this process's pages once the writer's request (a partner's, or a data
        load) is answered. Requests meanwhile get the old value; other processes rebuild on their own."""
        key, engine = bind_key(session), session.get_bind()
        if key in self._values and _separate_connections(engine):
            self._rebuild_beside(key, engine)  # type: ignore[arg-type]
            self._rebuilding[key].join(60)

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for rebuilds in progress to finish (for tests and the benchmark)."""
        for thread in list(self._rebuilding.values()):
            thread.join(timeout)


_caches: list[PerDatabase[Any]] = []


def _separate_connections(bind: object) -> bool:
    """True when another session can open its own connection to the same data: an engine, not a
    connection a test holds a transaction on, nor an in-memory SQLite database (one per connection)."""
    if not isinstance(bind, Engine):
        return False
    return not (bind.url.get_backend_name() == "sqlite" and bind.url.database in (None, "", ":memory:"))


def _shown_change(obj: object) -> bool:
    """True unless every column this flush changed on `obj` is one no page shows."""
    unshown = UNSHOWN.get(type(obj))
    if unshown is None:
        return True
    return any(attr.history.has_changes() for attr in inspect(obj).attrs if attr.key not in unshown)


@event.listens_for(Session, "after_flush")
def bump_on_flush(session: Session, _context: Any) -> None:
    changed = {WATCHED[type(obj)] for obj in session.new | session.deleted if type(obj) in WATCHED}
    changed |= {WATCHED[type(obj)] for obj in session.dirty if type(obj) in WATCHED and _shown_change(obj)}
    if changed:
        bump(session, *sorted(changed))


@event.listens_for(Session, "after_commit")
def refresh_on_commit(session: Session) -> None:
    changed: set[Part] = session.info.pop(CHANGED, set())
    _forget_own_copies(session)
    if changed:
        _versions.pop(bind_key(session), None)  # read the committed versions, not one cached meanwhile
    for cache in _caches:
        if cache.part in changed:
            cache.refresh_after_commit(session)


@event.listens_for(Session, "after_rollback")
def forget_on_rollback(session: Session) -> None:
    """What this session changed is gone, and so are the copies it built from that change."""
    session.info.pop(CHANGED, None)
    _forget_own_copies(session)


def _forget_own_copies(session: Session) -> None:
    for slot in [k for k in session.info if isinstance(k, tuple) and k[:1] == (OWN,)]:
        del session.info[slot]
