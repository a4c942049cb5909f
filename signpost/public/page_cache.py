"""A small in-process cache of rendered results pages, stored ready-compressed.

A results page depends only on its URL, the data version and the time (open-now messages, dates),
and holds nothing about who asked, so a page rendered once can serve everyone who opens the same
link until the first open-now message on it would change (or midnight): an officer's shared link,
or a busy area after a local news story.

Each response needs its own CSP nonce. The page is cached with a per-process placeholder, split
there, and each piece is compressed once as a self-contained raw-deflate block; a response splices
its nonce in as an uncompressed ("stored") deflate block, so it is never recompressed.
"""

from __future__ import annotations

import secrets
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

PLACEHOLDER = "nonce" + secrets.token_urlsafe(18)  # never guessable, so page content cannot contain it
DEFAULT_MAX_BYTES = 128 * 1024 * 1024  # per process; SIGNPOST_PAGE_CACHE_MB sets it
LEVEL = 4
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time, unknown OS
FINAL_EMPTY_BLOCK = b"\x03\x00"  # a final, empty, fixed-Huffman deflate block


@dataclass(frozen=True)
class CachedPage:
    pieces: tuple[bytes, ...]  # the page as UTF-8, split at the placeholder
    compressed: tuple[bytes, ...]  # each piece as raw deflate ending on a byte boundary, not final
    expires: datetime | None = None  # when the page may first read differently; None: never by time

    @property
    def size(self) -> int:
        return sum(map(len, self.pieces)) + sum(map(len, self.compressed))

    def html(self, nonce: str) -> bytes:
        return nonce.encode().join(self.pieces)

    def gzip(self, nonce: str) -> bytes:
        token = nonce.encode()
        stored = b"\x00" + struct.pack("<HH", len(token), 0xFFFF ^ len(token)) + token
        body = stored.join(self.compressed) + FINAL_EMPTY_BLOCK
        crc = zlib.crc32(self.html(nonce))
        size = sum(map(len, self.pieces)) + len(token) * (len(self.pieces) - 1)
        return GZIP_HEADER + body + struct.pack("<II", crc, size & 0xFFFFFFFF)


def _deflate(piece: bytes) -> bytes:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)


def prepare(page: str, expires: datetime | None = None) -> CachedPage:
    pieces = tuple(part.encode() for part in page.split(PLACEHOLDER))
    return CachedPage(pieces, tuple(_deflate(piece) for piece in pieces), expires)


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
