"""Cached results pages: the same bytes for every request, and never stale after the directory changes."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from freezegun import freeze_time
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import Service
from signpost.public import page_cache
from tests.support.pages import check_page


def test_a_cached_page_is_the_same_bytes_for_every_request(client: FlaskClient) -> None:
    page_cache.clear()
    first, second = client.get("/support/burglary/ln1-3"), client.get("/support/burglary/ln1-3")
    assert first.status_code == second.status_code == 200
    assert check_page(first) == []  # its one inline script is allowed by the CSP's hash
    assert first.get_data() == second.get_data()
    assert first.headers["Content-Security-Policy"] == second.headers["Content-Security-Policy"]
    assert len(page_cache._pages) == 1  # the second was served from the cache


@pytest.mark.parametrize("lang", ["", "/cy"])
def test_a_cached_page_carries_nothing_its_first_visitor_added_to_the_link(client: FlaskClient, lang: str) -> None:
    # The query string is not part of the cache key (bar the page number), so it must not be part of the page:
    # the language links once repeated the first visitor's query to everyone after them.
    other = "/cy" if lang == "" else ""
    page_cache.clear()
    first = client.get(f"{lang}/support/burglary/ln1-3?page=1&from=first-visitor").get_data(as_text=True)
    later = client.get(f"{lang}/support/burglary/ln1-3").get_data(as_text=True)
    assert later == first
    assert "first-visitor" not in first
    assert f'<link rel="alternate" hreflang="{"cy" if other else "en"}" href="{other}/support/burglary/ln1-3">' in first


def test_a_change_to_the_directory_shows_at_once(app: Flask, client: FlaskClient) -> None:
    page_cache.clear()
    before = client.get("/support/burglary/ln1-3").get_data(as_text=True)
    service = db.session.scalar(select(Service).where(Service.slug == "victim-support-supportline"))
    assert service is not None and service.name in before
    service.name = "Renamed helpline for this test"
    db.session.flush()  # the flush changes the directory version, so the cached page is not used
    after = client.get("/support/burglary/ln1-3").get_data(as_text=True)
    assert "Renamed helpline for this test" in after


def test_gzipped_pages_are_stored_once_and_decode_to_the_plain_page(client: FlaskClient) -> None:
    page_cache.clear()
    wires = []
    for _ in range(2):  # a miss, then a hit
        zipped = client.get("/support/burglary/ln1-3", headers={"Accept-Encoding": "gzip, deflate, br"})
        wires.append(zipped.get_data())
        zipped.close()
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in zipped.headers["Vary"]
    assert wires[0] == wires[1]
    body = gzip.decompress(wires[0]).decode()
    assert "Lincolnshire Police" in body
    assert len(wires[0]) < len(body) / 3  # really compressed
    assert page_cache.stored_bytes() == len(wires[0])  # only the compressed body is kept
    plain = client.get("/support/burglary/ln1-3", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data(as_text=True) == body


def test_unknown_areas_are_not_cached_as_pages(client: FlaskClient) -> None:
    page_cache.clear()
    assert client.get("/support/burglary/zz99-9").status_code == 404
    assert client.get("/support/burglary/zz99-9").status_code == 404


def test_a_cached_page_is_always_what_a_fresh_render_would_show(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every 20 minutes over two days (a weekday, a Friday night, a weekend): the page served, cached or not,
    equals a page rendered from scratch at that moment. Open-now messages and dates are never stale."""
    renders = []
    real_prepare = page_cache.prepare
    monkeypatch.setattr(page_cache, "prepare", lambda *a: renders.append(1) or real_prepare(*a))
    page_cache.clear()
    paths = ["/support/burglary/ln1-3", "/support/domestic-abuse/sw1a-1", "/support/fraud/scotland"]
    moment = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # Thursday morning
    served = 0
    seen: dict[str, set[str]] = {path: set() for path in paths}
    # One frozen clock moved along (starting freezegun walks every loaded module: too slow to do 432 times).
    with freeze_time(moment) as clock:
        while moment < datetime(2026, 11, 28, 6, 0, tzinfo=UTC):
            clock.move_to(moment)
            for path in paths:
                cached = client.get(path).get_data(as_text=True)
                served += 1
                kept = dict(page_cache._pages)
                page_cache.clear()
                fresh = client.get(path).get_data(as_text=True)
                page_cache._pages.clear()
                page_cache._pages.update(kept)
                assert cached == fresh, (path, moment)
                seen[path].add(cached)
            moment += timedelta(minutes=20)
    # Guards the comparison: a clock that never moved would make every page equal to its fresh render.
    assert all(len(pages) > 1 for pages in seen.values()), "open-now messages and dates change over two days"
    fresh_renders = served  # one per moment and path, for the comparison
    assert len(renders) - fresh_renders < served / 3, "the cache should serve most requests between changes"
