"""The page-weight budgets are gzipped sizes, so the app itself must compress what it sends."""

from __future__ import annotations

import gzip

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    "path", ["/support/burglary/ln1-3", "/static/css/signpost.css", "/static/js/govuk-frontend.min.js"]
)
def test_responses_are_gzipped_when_the_browser_accepts_it(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    wire = response.get_data()
    response.close()
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(gzip.decompress(wire)) > len(wire)


def test_plain_response_without_accept_encoding(client: FlaskClient) -> None:
    response = client.get("/support/burglary/ln1-3")
    assert "Content-Encoding" not in response.headers
    assert b"Lincolnshire Police" in response.data


@pytest.mark.parametrize(
    "path", ["/support/burglary/ln1-3", "/rights", "/static/css/signpost.css", "/static/js/govuk-frontend.min.js"]
)
@pytest.mark.parametrize(
    "accept",
    ["gzip;q=0", "gzip; q=0", "GZIP;Q=0.000", "gzip;q=0, deflate", "*;q=0", "gzip;q=0, *", "identity", "br, zstd"],
)
def test_a_refused_gzip_is_never_sent(client: FlaskClient, path: str, accept: str) -> None:
    response = client.get(path, headers={"Accept-Encoding": accept})
    body = response.get_data()
    response.close()
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers, accept
    assert not body.startswith(b"\x1f\x8b")
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize("accept", ["gzip;q=0.5", "deflate, gzip;q=1.0", "*", "gzip;q=0.001, identity;q=0"])
def test_gzip_is_sent_when_accepted_with_any_quality(client: FlaskClient, accept: str) -> None:
    for path in ("/support/burglary/ln1-3", "/rights"):
        response = client.get(path, headers={"Accept-Encoding": accept})
        wire = response.get_data()
        assert response.headers.get("Content-Encoding") == "gzip", (path, accept)
        assert b"<h1" in gzip.decompress(wire)
