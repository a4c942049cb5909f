"""DESIGN.md's privacy rules, one test each."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from signpost.extensions import db
from tests.support.stored import columns_holding

POSTCODE = "LN1 3AA"
FORMS = ("LN1 3AA", "LN13AA", "ln1 3aa", "ln13aa", "LN1+3AA", "LN1%203AA")


def journey(client: FlaskClient) -> list[object]:
    responses = [client.get("/what-happened")]
    responses.append(client.post("/where/burglary", data={"postcode": "ln1 3aa"}))
    responses.append(client.get(responses[-1].headers["Location"]))  # type: ignore[attr-defined]
    return responses


def test_full_postcode_is_never_in_a_url_or_cookie(client: FlaskClient) -> None:
    responses = journey(client)
    for response in responses:
        location = response.headers.get("Location", "")  # type: ignore[attr-defined]
        cookies = " ".join(response.headers.getlist("Set-Cookie"))  # type: ignore[attr-defined]
        for form in FORMS:
            assert form.lower() not in location.lower()
            assert form.lower() not in cookies.lower()
    assert responses[1].headers["Location"].endswith("/support/burglary/ln1-3")  # type: ignore[attr-defined]
    # No cookie at all (tests/integration/test_no_cookies.py checks every page of the journeys).
    assert client.get_cookie("session") is None


def test_full_postcode_is_never_logged(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    journey(client)
    text = caplog.text.lower()
    for form in FORMS:
        assert form.lower() not in text


def test_full_postcode_is_never_written_to_the_database(app: Flask, client: FlaskClient) -> None:
    journey(client)
    db.session.commit()  # anything a request left pending would now be in the tables
    # The reference table of every UK postcode is skipped: it is not anyone's input.
    assert columns_holding(db.session, "%ln1 3aa%", "%ln13aa%") == []


def test_results_are_not_cached_and_send_no_referrer(client: FlaskClient) -> None:
    response = client.get("/support/burglary/ln1-3")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "url", ["/", "/what-happened", "/where/burglary", "/support/burglary/ln1-3", "/rights", "/advice/burglary"]
)
def test_victim_pages_have_strict_csp_and_exit_this_page(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert re.search(r"script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='", csp)
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "no-referrer"
    page = response.get_data(as_text=True)
    # Exit this page works without JavaScript: it is a plain link.
    assert re.search(r'<a href="https://www.bbc.co.uk/weather"[^>]*govuk-exit-this-page__button', page)


def test_two_requests_for_a_results_page_get_the_same_bytes(client: FlaskClient) -> None:
    """Nothing in a victim page is per request (no nonce, no token), so nothing in it can tell two visits apart."""
    for encoding in ("gzip", "identity"):
        first, second = (client.get("/support/burglary/ln1-3", headers={"Accept-Encoding": encoding}) for _ in range(2))
        assert first.status_code == second.status_code == 200
        assert first.get_data() == second.get_data()
        assert first.headers == second.headers
