"""Cached results pages: a fresh nonce on every response, and never stale after the directory changes."""

from __future__ import annotations

import gzip
import re
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

NONCE = re.compile(r"'nonce-([^']+)'")


def test_each_response_has_its_own_nonce_in_header_and_page(client: FlaskClient) -> None:
    page_cache.clear()
    first, second = client.get("/support/burglary/ln1-3"), client.get("/support/burglary/ln1-3")
    nonces = [NONCE.search(r.headers["Content-Security-Policy"]).group(1) for r in (first, second)]  # type: ignore[union-attr]
    assert nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        assert check_page(response) == []  # every script carries this response's nonce
        assert f'nonce="{nonce}"' in response.get_data(as_text=True)
        assert page_cache.PLACEHOLDER not in response.get_data(as_text=True)
    same = [r.get_data(as_text=True).replace(n, "N") for r, n in zip((first, second), nonces, strict=True)]
    assert same[0] == same[1]


def test_a_change_to_the_directory_shows_at_once(app: Flask, client: FlaskClient) -> None:
    page_cache.clear()
    before = client.get("/support/burglary/ln1-3").get_data(as_text=True)
    service = db.session.scalar(select(Service).where(Service.slug == "victim-support-supportline"))
    assert service is not None and service.name in before
    service.name = "Renamed helpline for this test"
    db.session.flush()  # the flush changes the directory version, so the cached page is not used
    after = client.get("/support/burglary/ln1-3").get_data(as_text=True)
    assert "Renamed helpline for this test" in after


def test_gzipped_pages_decode_to_the_same_page_with_their_own_nonce(client: FlaskClient) -> None:
    page_cache.clear()
    for _ in range(2):  # a miss, then a hit
        zipped = client.get("/support/burglary/ln1-3", headers={"Accept-Encoding": "gzip, deflate, br"})
        wire = zipped.get_data()
        zipped.close()
        assert zipped.headers["Content-Encoding"] == "gzip"
        body = gzip.decompress(wire).decode()
        nonce = NONCE.search(zipped.headers["Content-Security-Policy"]).group(1)  # type: ignore[union-attr]
        assert body.count(f'nonce="{nonce}"') >= 2
        assert page_cache.PLACEHOLDER not in body and "Lincolnshire Police" in body
        assert len(wire) < len(body) / 3  # really compressed
        plain = client.get("/support/burglary/ln1-3").get_data(as_text=True)
        plain_nonce = NONCE.search(client.get("/").headers["Content-Security-Policy"]).group(1)  # type: ignore[union-attr]
        assert plain_nonce != nonce
        assert re.sub(r'nonce="[^"]+"', "", plain) == re.sub(r'nonce="[^"]+"', "", body)


def test_unknown_areas_are_not_cached_as_pages(client: FlaskClient) -> None:
    page_cache.clear()
    assert client.get("/support/burglary/zz99-9").status_code == 404
    assert client.get("/support/burglary/zz99-9").status_code == 404


def _without_nonce(response_text: str) -> str:
    return re.sub(r'nonce="[^"]+"', "", response_text)


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
    while moment < datetime(2026, 11, 28, 6, 0, tzinfo=UTC):
        for path in paths:
            with freeze_time(moment):
                cached = _without_nonce(client.get(path).get_data(as_text=True))
                served += 1
                kept = dict(page_cache._pages)
                page_cache.clear()
                fresh = _without_nonce(client.get(path).get_data(as_text=True))
                page_cache._pages.clear()
                page_cache._pages.update(kept)
            assert cached == fresh, (path, moment)
        moment += timedelta(minutes=20)
    fresh_renders = served  # one per moment and path, for the comparison
    assert len(renders) - fresh_renders < served / 3, "the cache should serve most requests between changes"
