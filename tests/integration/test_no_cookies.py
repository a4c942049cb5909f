"""The victim's and the officer's journeys set no cookie at all: a cookie is a trace on a shared or watched
device. Their forms only search, so they carry no CSRF token (and need no session); the public's feedback forms
carry a signed token in the page instead; partner pages keep both."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import loaded_database_url, make_app

GETS = [
    "/",
    "/what-happened",
    "/where/burglary",
    "/where/burglary/country",
    "/support/burglary/ln1-3",
    "/support/burglary/ln1-3?page=1",
    "/support/domestic-abuse/uk",
    "/support/fraud/scotland",
    "/advice/burglary",
    "/rights",
    "/staying-safe-online",
    "/accessibility",
    "/privacy",
    "/data-sources",
    "/no-such-page",
    "/support/burglary/zz99-9",
    "/officer",
    "/officer/burglary/ln1-3",
    "/officer/burglary/ln1-3/card",
    "/officer/burglary/ln1-3/leaflet",
    "/report-a-problem/burglary/ln1-3/lincolnshire-victim-lincs",
    "/report-a-problem/burglary/ln1-3/lincolnshire-victim-lincs/sent",
    "/suggest-a-service",
    "/suggest-a-service/sent",
]
POSTS = [
    ("/what-happened", {"crime": "burglary"}),
    ("/what-happened", {}),
    ("/where/burglary", {"postcode": "LN1 3AA"}),
    ("/where/burglary", {"postcode": "not a postcode"}),
    ("/where/burglary", {"postcode": "LN99 9ZZ"}),
    ("/where/burglary", {"postcode": "IM1 1AA"}),
    ("/where/burglary/country", {"nation": "wales"}),
    ("/where/burglary/country", {}),
    ("/officer", {"crime": "burglary", "area": "LN1 3AA", "language": "en"}),
    ("/officer", {"crime": "burglary", "area": "LN1 3AA", "language": "cy"}),
    ("/officer", {"crime": "burglary", "area": ""}),
]


def _cookies(response: TestResponse) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_no_page_of_the_victim_or_officer_journey_sets_a_cookie(client: FlaskClient) -> None:
    for url in GETS:
        for encoding in ("gzip", ""):
            response = client.get(url, headers={"Accept-Encoding": encoding})
            assert response.status_code in (200, 404), url
            assert _cookies(response) == [], url
    for url, data in POSTS:
        response = client.post(url, data=data)
        assert response.status_code in (200, 303), (url, data, response.status_code)
        assert _cookies(response) == [], (url, data)
        if response.status_code == 303:
            assert _cookies(client.get(response.headers["Location"])) == [], response.headers["Location"]
    assert list(client._cookies) == []  # the test client kept nothing either


def test_the_search_limit_page_sets_no_cookie_either(tmp_path: Path) -> None:
    app = make_app(loaded_database_url("sqlite", "limits", tmp_path), SIGNPOST_SEARCH_RATE_LIMIT="1 per minute")
    client = app.test_client()
    for url, data in (
        ("/where/burglary", {"postcode": "LN1 3AA"}),
        ("/officer", {"crime": "burglary", "area": "LN1", "language": "en"}),
    ):
        assert client.post(url, data=data).status_code == 303
        limited = client.post(url, data=data)
        assert limited.status_code == 429 and _cookies(limited) == [], url


def test_the_feedback_forms_store_without_a_cookie(tmp_path: Path) -> None:
    """Reporting a problem and suggesting a service change something, yet set no cookie: their token is
    signed and carried in the page (signpost.forms.CookielessForm). Right, wrong and over the limit."""
    app = make_app(loaded_database_url("sqlite", "feedback", tmp_path), SIGNPOST_FEEDBACK_RATE_LIMIT="2 per hour")
    client = app.test_client()
    report = "/report-a-problem/burglary/ln1-3/lincolnshire-victim-lincs"
    suggestion = {"name": "A group", "contact_email": "a@example.org", "areas": "Lincoln", "crime_types": "burglary"}
    for url, data, status in (
        (report, {}, 200),
        (report, {"problem": "closed"}, 303),
        ("/suggest-a-service", {"name": "only a name"}, 200),
        ("/suggest-a-service", suggestion, 303),
        (report, {"problem": "closed"}, 429),
    ):
        page = client.get(url)
        assert _cookies(page) == [], url
        token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
        assert token, url
        response = client.post(url, data=data | {"form_token": token.group(1)})
        assert response.status_code == status and _cookies(response) == [], (url, data, response.status_code)
        if status == 303:
            assert _cookies(client.get(response.headers["Location"])) == [], response.headers["Location"]
    assert list(client._cookies) == []


def test_partner_pages_keep_their_csrf_token_and_session_cookie(app: Flask, client: FlaskClient) -> None:
    page = client.get("/partners")
    assert 'name="csrf_token"' in page.get_data(as_text=True)
    assert any(c.startswith("session=") for c in _cookies(page))
    # And a partner form without its token is still refused.
    assert client.post("/partners", data={"email": "a@example.org", "password": "x"}).status_code == 400


def test_the_privacy_notice_says_what_these_tests_check(client: FlaskClient) -> None:
    """The notice once said a cookie was set when you answer a question; the pages above prove it is not."""
    for path, no_cookie in (("/privacy", "Signpost sets no cookies"), ("/cy/privacy", "Nid yw Signpost yn gosod")):
        page = client.get(path).get_data(as_text=True)
        assert no_cookie in page
        assert "we set one cookie" not in page and "rydym yn gosod un cwci" not in page
