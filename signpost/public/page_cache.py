"""A small in-process cache of rendered results pages, stored gzip-compressed.

A results page depends only on its URL, the data version and the time (open-now messages, dates),
and holds nothing about who asked (the CSP has no per-request value: see signpost/security.py), so
a page rendered once is the same bytes for everyone who opens the same link until the first open-now
message on it would change (or midnight): an officer's shared link, or a busy area after a local news
story. Only the compressed body is kept; the rare client that refuses gzip gets it decompressed.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from isal import isal_zlib

DEFAULT_MAX_BYTES = 128 * 1024 * 1024  # per process; SIGNPOST_PAGE_CACHE_MB sets it
# Every never-seen page is compressed once, so its CPU counts. ISA-L's deflate (python-isal) writes the same gzip
# format as zlib, several times faster: on 600 bench results pages (42 KB of HTML each) its level 2 took 0.06 ms a
# page against zlib's 0.21-0.22 at level 2 (and 0.20 at level 1), for 7.66 KB gzipped (median; at most 8.9) against
# zlib's 7.63. Its level 3 took 0.11 ms for 7.36 KB. The budget is 14 KB.
LEVEL = 2


@dataclass(frozen=True, slots=True)
class CachedPage:
    gzip: bytes  # the page as UTF-8, gzipped with no name and no time: the same page is the same bytes
    expires: datetime | None = None  # when the page may first read differently; None: never by time

    @property
    def size(self) -> int:
        return len(self.gzip)

    def html(self) -> bytes:
        return zlib.decompress(self.gzip, 31)


def prepare(page: str, expires: datetime | None = None) -> CachedPage:
    compressor = isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, 31)  # wbits 31: a gzip header, mtime 0, no name
    return CachedPage(compressor.compress(page.encode()) + compressor.flush(), expires)


_pages: OrderedDict[Hashable, CachedPage] = OrderedDict()
_bytes = 0  # what _pages holds, so the cache is bounded by memory rather than by a count of pages
_lock = threading.Lock()


def get_or_render(
    key: Hashable,
    now: datetime,
    render: Callable[[], tuple[str, datetime | None]],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CachedPage:
    """The cached page for `key` if it is still right at `now`; else render(), which returns the page and
    when it expires. The least recently used pages go first when the cache is over `max_bytes`."""
    global _bytes
    with _lock:
        cached = _pages.get(key)
        if cached is not None and (cached.expires is None or now < cached.expires):
            _pages.move_to_end(key)
            return cached
    cached = prepare(*render())
    with _lock:
        replaced = _pages.pop(key, None)
        _bytes -= replaced.size if replaced is not None else 0
        _pages[key] = cached
        _bytes += cached.size
        while _bytes > max_bytes and len(_pages) > 1:
            _bytes -= _pages.popitem(last=False)[1].size
    return cached


def stored_bytes() -> int:
    return _bytes


def clear() -> None:
    global _bytes
    with _lock:
        _pages.clear()
        _bytes = 0
