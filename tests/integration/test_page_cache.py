"""Cached results pages: a fresh nonce on every response, and never stale after the directory changes."""

from __future__ import annotations

import gzip
import re

from flask import Flask
from flask.testing import FlaskClient
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
