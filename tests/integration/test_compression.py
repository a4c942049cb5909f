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
