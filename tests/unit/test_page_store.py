"""The results page cache's memory bound and expiry (signpost.public.page_cache, no Flask needed)."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

from signpost.public import page_cache

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def page(text: str, expires: datetime | None = None) -> tuple[str, datetime | None]:
    return f"<p>{text}</p>", expires


def test_the_cache_stays_under_its_byte_limit_dropping_the_least_recently_used() -> None:
    page_cache.clear()
    one = page_cache.get_or_render("a", NOW, lambda: page("a" * 1000))
    limit = one.size * 3
    for key in "bcd":
        page_cache.get_or_render(key, NOW, lambda k=key: page(k * 1000), limit)  # type: ignore[misc]
        assert page_cache.stored_bytes() <= limit
    renders: list[str] = []

    def again(key: str) -> page_cache.CachedPage:
        return page_cache.get_or_render(key, NOW, lambda: renders.append(key) or page(key * 1000), limit)  # type: ignore[func-returns-value]

    again("d")  # still cached
    again("a")  # the oldest, dropped to make room: rendered again
    assert renders == ["a"]
    assert page_cache.stored_bytes() == sum(p.size for p in page_cache._pages.values())
    page_cache.clear()
    assert page_cache.stored_bytes() == 0


def test_an_expired_page_is_rendered_again_and_replaces_the_old_one() -> None:
    page_cache.clear()
    renders: list[int] = []

    def render() -> tuple[str, datetime | None]:
        renders.append(1)
        return page(f"version {len(renders)}", NOW + timedelta(minutes=5))

    first = page_cache.get_or_render("k", NOW, render)
    assert page_cache.get_or_render("k", NOW + timedelta(minutes=4, seconds=59), render) is first
    later = page_cache.get_or_render("k", NOW + timedelta(minutes=5), render)
    assert later is not first and len(renders) == 2
    assert later.html() == b"<p>version 2</p>"
    assert page_cache.stored_bytes() == later.size  # the old copy is no longer counted
    page_cache.clear()


def test_a_page_is_stored_gzipped_and_the_same_page_is_the_same_bytes() -> None:
    one, two = page_cache.prepare("<p>same</p>" * 50), page_cache.prepare("<p>same</p>" * 50)
    assert one.gzip == two.gzip  # no time or name in the gzip header
    assert gzip.decompress(one.gzip) == one.html() == b"<p>same</p>" * 50
    assert one.size == len(one.gzip) < 100


def test_the_gzip_is_standard_with_no_name_or_time_and_holds_the_page_exactly() -> None:
    # Compressed by ISA-L, read back by the standard library's zlib as any browser's inflate would.
    page = "<p>Cymorth ar ôl trosedd: ŵ ŷ â</p>\n" + "".join(
        f'<a href="/support/burglary/ln{n}-3">{n}</a>' for n in range(3000)
    )
    stored = page_cache.prepare(page).gzip
    assert stored[:4] == b"\x1f\x8b\x08\x00"  # gzip magic, deflate, no flags (so no file name or comment)
    assert stored[4:8] == b"\x00\x00\x00\x00"  # no modification time
    assert gzip.decompress(stored).decode() == page
    assert len(stored) < len(page.encode()) / 4
