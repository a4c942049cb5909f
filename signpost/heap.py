"""Long-lived caches kept out of the garbage collector's full collections, in a server's processes.

A full collection walks every object the collector tracks. The directory index at 50,000 services is some
146,000 of a worker's 310,000, so while a worker fills its caches after it starts (each new page adds views
and their parts) each full collection took 115-190 ms: 0.16-0.21 ms a page on average, and a victim whose
request met one waited that long. With what was alive after the index was built moved to the permanent
generation (gc.freeze), they took 42-67 ms (0.05-0.07 ms a page; bench database, PostgreSQL, in process).

Only the server entry points (wsgi.py, the benchmark's app) turn this on: a test process builds thousands
of small indexes and would pay a full collection for each.
"""

from __future__ import annotations

import gc
import threading

_enabled = False
_lock = threading.Lock()


def enable() -> None:
    """Settle the heap after each large cache is built (see `settle`), from now on in this process."""
    global _enabled
    _enabled = True


def settle() -> None:
    """After a large long-lived value is built and swapped in: collect, then freeze what is alive.

    Unfrozen first, so the collection also frees what the last freeze held and has since become garbage
    in a reference cycle (the index swapped out, say), which frozen objects never are: refcounting alone
    frees the rest. So nothing frozen outlives the next settle by more than one build.
    """
    if not _enabled:
        return
    with _lock:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
