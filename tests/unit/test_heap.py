"""signpost.heap: a server process freezes what is alive once its directory index is built, so full
collections stop walking the index; the next settle frees what a freeze held and has since become garbage."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from signpost import heap

ROOT = Path(__file__).resolve().parents[2]


class Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""

    other: Node | None = None


@pytest.fixture
def enabled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(heap, "_enabled", True)
    try:
        yield
    finally:
        gc.unfreeze()  # the rest of the suite runs with nothing frozen, as a test process does


def test_a_test_process_never_freezes() -> None:
    # Only the server entry points enable it: a test process builds thousands of small indexes.
    assert not heap._enabled  # nothing in a test process turns it on
    heap.settle()
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("enabled")
def test_settle_freezes_what_is_alive_and_the_next_settle_frees_a_frozen_cycle() -> None:
    node = Node()
    node.other = node  # a cycle: refcounting alone never frees it
    gone = weakref.ref(node)
    heap.settle()
    assert gc.get_freeze_count() > 0
    assert not any(o is node for o in gc.get_objects())  # out of every generation a collection walks
    del node
    gc.collect()
    assert gone() is not None  # frozen garbage in a cycle survives a collection...
    heap.settle()
    assert gone() is None  # ...until the next settle unfreezes and collects before freezing again


@pytest.mark.usefixtures("enabled")
def test_frozen_objects_without_a_cycle_are_freed_as_soon_as_they_are_dropped() -> None:
    # The index swapped out of a cache goes when the last request holding it finishes, frozen or not.
    node = Node()
    gone = weakref.ref(node)
    heap.settle()
    del node
    assert gone() is None


@pytest.mark.parametrize("module", ["wsgi", "bench.wsgi_bench"])
def test_the_server_entry_points_enable_it(module: str, tmp_path: Path) -> None:
    # Enabled: a settle freezes what is alive.
    code = f"import gc, {module}; from signpost import heap; heap.settle(); assert gc.get_freeze_count() > 0"
    env = {"PATH": "/usr/bin:/bin", "SIGNPOST_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
