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
MAX_PAGES = 2000
LEVEL = 4
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time, unknown OS
FINAL_EMPTY_BLOCK = b"\x03\x00"  # a final, empty, fixed-Huffman deflate block


@dataclass(frozen=True)
class CachedPage:
    pieces: tuple[bytes, ...]  # the page as UTF-8, split at the placeholder
    compressed: tuple[bytes, ...]  # each piece as raw deflate ending on a byte boundary, not final
    expires: datetime | None = None  # when the page may first read differently; None: never by time

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
_lock = threading.Lock()


def get_or_render(key: Hashable, now: datetime, render: Callable[[], tuple[str, datetime | None]]) -> CachedPage:
    """The cached page for `key` if it is still right at `now`; else render(), which returns the page and
    when it expires."""
    with _lock:
        cached = _pages.get(key)
        if cached is not None and (cached.expires is None or now < cached.expires):
            _pages.move_to_end(key)
            return cached
    cached = prepare(*render())
    with _lock:
        _pages[key] = cached
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return cached


def clear() -> None:
    with _lock:
        _pages.clear()
