"""PerDatabase (signpost.data_version): built once however many threads ask; rebuilt beside the old value,
which requests go on getting until the new one is ready."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from signpost import data_version
from signpost.data_version import PerDatabase, Versions


class FakeSession:
    """What PerDatabase reads from a session: its bind and its info."""

    def __init__(self, bind: object) -> None:
        self.bind = bind
        self.info: dict[str, Any] = {}

    def get_bind(self) -> object:
        return self.bind


@pytest.fixture
def version(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The directory's version, as the database would say it (set [0] to change it)."""
    current = [7]
    monkeypatch.setattr(data_version, "bind_key", lambda session: "db")
    monkeypatch.setattr(data_version, "current_versions", lambda session: Versions(current[0], 0, 0))
    return current


def test_the_first_value_is_built_once_however_many_threads_ask(monkeypatch: pytest.MonkeyPatch) -> None:
    threads_count = 8
    # Every thread has read the data version before any of them can build (no sleeping and hoping).
    together = threading.Barrier(threads_count)

    def versions(session: object) -> Versions:
        together.wait(timeout=10)
        return Versions(7, 0, 0)

    class CountingLock:
        """The cache's lock, counting the threads that have asked for it."""

        def __init__(self) -> None:
            self._lock = threading.Lock()
            self.asked = 0
            self.changed = threading.Condition()

        def __enter__(self) -> None:
            with self.changed:
                self.asked += 1
                self.changed.notify_all()
            self._lock.acquire()

        def __exit__(self, *exc: object) -> None:
            self._lock.release()

    monkeypatch.setattr(data_version, "bind_key", lambda session: "db")
    monkeypatch.setattr(data_version, "current_versions", versions)
    builds: list[int] = []
    lock = CountingLock()

    def build(session: object, version: int) -> str:
        builds.append(version)
        # The first builder holds the lock until every thread is waiting for it: they all overlap.
        with lock.changed:
            assert lock.changed.wait_for(lambda: lock.asked >= threads_count, timeout=10)
        return f"built for {version}"

    cache: PerDatabase[str] = PerDatabase(build)
    cache._lock = lock  # type: ignore[assignment]
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get(FakeSession(None))))  # type: ignore[arg-type]
        for _ in range(threads_count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == [7] and results == ["built for 7"] * threads_count
    # No engine another session could open a connection on: rebuilt while the caller waits.
    monkeypatch.setattr(data_version, "current_versions", lambda session: Versions(8, 0, 0))
    assert cache.get(FakeSession(None)) == "built for 8" and builds == [7, 8]  # type: ignore[arg-type]


def test_a_request_during_a_rebuild_gets_the_old_value_and_the_new_one_is_swapped_in(
    version: list[int], tmp_path: Path
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'cache.db'}")  # a database other sessions can open
    session = FakeSession(engine)
    started, release = threading.Event(), threading.Event()
    builds: list[int] = []

    def build(_session: object, built_for: int) -> str:
        builds.append(built_for)
        if built_for == 8:
            started.set()
            assert release.wait(10)
        return f"built for {built_for}"

    cache: PerDatabase[str] = PerDatabase(build)
    assert cache.get(session) == "built for 7"  # type: ignore[arg-type]
    version[0] = 8
    assert cache.get(session) == "built for 7"  # type: ignore[arg-type]  # starts the rebuild, does not wait for it
    assert started.wait(10)  # the rebuild is under way, in another thread...
    for _ in range(3):
        assert cache.get(session) == "built for 7"  # type: ignore[arg-type]  # ...and requests get the old value
    assert builds == [7, 8]  # one rebuild, however many requests noticed the change
    release.set()
    cache.wait()
    assert cache.get(session) == "built for 8"  # type: ignore[arg-type]
    assert builds == [7, 8]
    engine.dispose()


def test_a_session_that_made_the_change_waits_for_its_own_rebuild(version: list[int], tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'cache.db'}")
    cache: PerDatabase[str] = PerDatabase(lambda _session, built_for: f"built for {built_for}")
    writer = FakeSession(engine)
    assert cache.get(writer) == "built for 7"  # type: ignore[arg-type]
    writer.info[data_version.CHANGED] = {
        data_version.Part.DIRECTORY
    }  # it flushed a change it has not committed: only it can see it
    version[0] = 8
    assert cache.get(writer) == "built for 8"  # type: ignore[arg-type]
    # Nobody else gets that copy: the change may yet be rolled back.
    version[0] = 7
    assert cache.get(FakeSession(engine)) == "built for 7"  # type: ignore[arg-type]
    engine.dispose()


@pytest.mark.parametrize("settle", [True, False])
def test_a_large_cache_settles_the_heap_after_each_build_and_swap(
    version: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle: bool
) -> None:
    settled: list[str | None] = []
    cache: PerDatabase[str] = PerDatabase(lambda _session, built_for: f"built for {built_for}", settle=settle)
    # What is swapped in when the heap settles (the old value is dropped by then, so a collection can free it).
    monkeypatch.setattr(data_version.heap, "settle", lambda: settled.append(cache._values.get("db", (0, None))[1]))
    engine = create_engine(f"sqlite:///{tmp_path / 'cache.db'}")
    session = FakeSession(engine)
    assert cache.get(session) == "built for 7"  # type: ignore[arg-type]
    assert cache.get(session) == "built for 7"  # type: ignore[arg-type]  # no build, no settle
    version[0] = 8
    cache.get(session)  # type: ignore[arg-type]  # starts the rebuild beside the old value
    cache.wait()
    assert cache.get(session) == "built for 8"  # type: ignore[arg-type]
    assert settled == (["built for 7", "built for 8"] if settle else [])
    engine.dispose()
