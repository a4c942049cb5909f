"""Untrusted Host headers: links the app writes use SIGNPOST_BASE_URL, and a foreign or malformed Host
gets the 400 page, with the security headers and 999, never a link to that host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from signpost import create_app
from signpost.config import ConfigError, from_environment
from signpost.extensions import db
from signpost.officer.qr import qr_svg
from tests.support.pages import check_page
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    ORG_A,
    TOKEN,
    Browser,
    Mailbox,
    PortalFactory,
    organisation_id,
    signed_in_as,
)

pytest_plugins = ["tests.support.partners"]

ATTACKER = "attacker.example"
LONG_LABEL = "a" * 64  # DNS labels are 63 characters at most; Python's IDNA codec refuses longer ones
PRODUCTION = {
    "SIGNPOST_ENV": "production",
    "SIGNPOST_SECRET_KEY": "x" * 64,
    "SIGNPOST_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
}
MODULES = re.compile(r'<path class="signpost-qr__modules"[^>]* d="([^"]+)"')
VICTIM_PAGES = ["/", "/what-happened", "/where/burglary", "/support/burglary/ln1-3", "/officer/burglary/ln1-3"]


@contextmanager
def _variant(app: Flask, **overrides: object) -> Iterator[Flask]:
    """Another app on the same (read-only) database, with some settings changed."""
    other = create_app(dict(app.config) | overrides)
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()


def _assert_friendly_400(response: TestResponse) -> None:
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Sorry, there is a problem with that request &ndash; Signpost</title>" in page  # not the CSRF page
    assert 'href="tel:999"' in page
    assert "Content-Security-Policy" in response.headers and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer" and response.headers["Cache-Control"] == "no-store"
    assert ATTACKER not in page and LONG_LABEL not in page
    assert check_page(response) == []


# ---------------------------------------------------------------- configuration


def test_production_refuses_to_start_without_a_base_url() -> None:
    with pytest.raises(ConfigError, match="SIGNPOST_BASE_URL is not set"):
        from_environment(PRODUCTION)


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("http://signpost.example.org", "must start with https:// in production"),
        ("signpost.example.org", "must be an absolute http or https address"),
        ("https://signpost.example.org/?next=x", "must not have a query"),
        ("https://user@signpost.example.org", "must not have a query, a fragment or a user name"),
    ],
)
def test_production_refuses_a_base_url_it_cannot_use(
    monkeypatch: pytest.MonkeyPatch, base_url: str, message: str
) -> None:
    for name, value in (PRODUCTION | {"SIGNPOST_BASE_URL": base_url}).items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        create_app()


def test_development_has_a_local_base_url_and_trusts_local_names() -> None:
    config = from_environment({})
    assert config["SIGNPOST_BASE_URL"] == "http://127.0.0.1:5000"
    app = create_app(config | {"SIGNPOST_TRUSTED_HOSTS": ["signpost.test"]})
    assert app.config["TRUSTED_HOSTS"] == ["127.0.0.1", "signpost.test", "localhost"]


def test_production_trusts_the_base_urls_host_and_the_configured_ones_only(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = PRODUCTION | {
        "SIGNPOST_BASE_URL": "https://signpost.example.org",
        "SIGNPOST_TRUSTED_HOSTS": "internal.signpost.example, ",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    app = create_app({"RATELIMIT_STORAGE_URI": "memory://"})
    assert app.config["TRUSTED_HOSTS"] == ["signpost.example.org", "internal.signpost.example"]


# ---------------------------------------------------------------- foreign and malformed Host headers


@pytest.mark.parametrize("path", VICTIM_PAGES + ["/partners", "/partners/reset-password", "/rights"])
def test_a_foreign_host_gets_the_400_page(client: FlaskClient, path: str) -> None:
    _assert_friendly_400(client.get(path, headers={"Host": ATTACKER}))


@pytest.mark.parametrize("host", [f"{LONG_LABEL}.example", f"{LONG_LABEL}.localhost", "bad host", "localhost:99999"])
@pytest.mark.parametrize("path", ["/", "/support/burglary/ln1-3", "/partners", "/no-such-page"])
def test_a_malformed_host_gets_the_400_page_with_headers_and_999(client: FlaskClient, host: str, path: str) -> None:
    _assert_friendly_400(client.get(path, headers={"Host": host}))


def test_a_malformed_host_under_a_trusted_suffix_gets_the_400_page(app: Flask) -> None:
    # A trusted ".localhost" accepts the 64-character label, and then Werkzeug cannot encode it: still a 400 page.
    with _variant(app, SERVER_NAME=None, SIGNPOST_TRUSTED_HOSTS=[".localhost"]) as trusting:
        _assert_friendly_400(trusting.test_client().get("/", headers={"Host": f"{LONG_LABEL}.localhost"}))


def _post_from(client: FlaskClient, host: str, path: str, data: dict[str, str]) -> TestResponse:
    """A form sent the way a browser on `host` would: its token read from the same page on that host."""
    page = client.get(path, headers={"Host": host}).get_data(as_text=True)
    token = TOKEN.search(page)
    return client.post(path, data=data | {"csrf_token": token.group(1) if token else ""}, headers={"Host": host})


def test_a_post_from_a_foreign_host_is_refused_before_it_does_anything(client: FlaskClient) -> None:
    _assert_friendly_400(_post_from(client, ATTACKER, "/partners/reset-password", {"email": EDITOR_A}))


def test_the_400_page_links_to_the_start_page_of_this_site(client: FlaskClient) -> None:
    page = client.get("/", headers={"Host": ATTACKER}).get_data(as_text=True)
    assert 'href="/">Go to the start page</a>' in page
    assert re.search(r'<link rel="stylesheet" href="/static/css/signpost\.css', page)


# ---------------------------------------------------------------- links always use the base URL


def test_reset_email_from_a_foreign_host_is_never_sent(portal: Flask, mailbox: Mailbox) -> None:
    response = _post_from(portal.test_client(), ATTACKER, "/partners/reset-password", {"email": EDITOR_A})
    _assert_friendly_400(response)
    assert mailbox.messages == []


def test_emails_link_to_the_base_url_whatever_host_the_request_used(
    make_portal: PortalFactory, mailbox: Mailbox
) -> None:
    # Even when the Host is one the app answers (another configured name), links use the public base URL.
    app = make_portal(
        SERVER_NAME=ATTACKER, SIGNPOST_TRUSTED_HOSTS=[ATTACKER], SIGNPOST_BASE_URL="https://signpost.example.org"
    )
    assert Browser(app).post("/partners/reset-password", {"email": EDITOR_A}).status_code == 200
    admin = signed_in_as(app, ADMIN)
    invited = admin.post(
        "/partners/admin/invite",
        {"email": "new.editor@victimlincs.example", "role": "editor", "organisation": str(organisation_id(app, ORG_A))},
    )
    assert invited.status_code == 302
    bodies = [m.get_content() for m in mailbox.messages]
    assert len(bodies) == 2
    for body, path in zip(bodies, ("reset-password", "invitation"), strict=True):
        assert ATTACKER not in body
        assert re.search(rf"https://signpost\.example\.org/partners/{path}/[\w-]+\s", body), body


def test_share_links_and_qr_codes_use_the_base_url(loaded_app: Flask) -> None:
    expected = "https://signpost.test/support/burglary/ln1-3"
    with _variant(
        loaded_app, SERVER_NAME=ATTACKER, SIGNPOST_TRUSTED_HOSTS=[ATTACKER], SIGNPOST_BASE_URL="https://signpost.test"
    ) as app:
        client = app.test_client()
        for path, target in (
            ("/officer/burglary/ln1-3", expected),
            ("/officer/burglary/ln1-3/card", expected),
            ("/officer/burglary/ln1-3/leaflet", expected + "#protect"),  # the area's prevention advice
        ):
            page = client.get(path).get_data(as_text=True)
            assert ATTACKER not in page, path
            # The QR code drawn is the one for the base URL's link (segno draws the same code for the same text).
            drawn = MODULES.search(page)
            wanted = MODULES.search(qr_svg(target, title="x"))
            assert drawn and wanted and drawn.group(1) == wanted.group(1), path
        share = client.get("/officer/burglary/ln1-3").get_data(as_text=True)
        assert f'id="results-url" href="{expected}">{expected}</a>' in share
        results = client.get("/support/burglary/ln1-3").get_data(as_text=True)
        assert expected in results and ATTACKER not in results
