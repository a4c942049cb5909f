"""Partner sessions end on the server: after signing out, a password change, a long idle spell or the
absolute lifetime, a copy of the cookie taken earlier opens nothing."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from flask import Flask
from freezegun import freeze_time
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import PartnerSession, User
from tests.support.partners import (
    EDITOR_A,
    SERVICE_A,
    Browser,
    Mailbox,
    PortalFactory,
    is_sign_in_redirect,
    location,
    page_text,
    service_id,
    signed_in_as,
)

pytest_plugins = ["tests.support.partners"]

NEW_PASSWORD = "kestrels over the fens at dusk"


def _cookie(browser: Browser) -> str:
    cookie = browser.client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _with_cookie(app: Flask, value: str) -> Browser:
    """Another browser that presents a copy of someone's session cookie."""
    thief = Browser(app, ip="198.51.100.200")
    thief.client.set_cookie("session", value)
    return thief


def _sessions(app: Flask, address: str) -> list[tuple[str | None, str]]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == address))
        assert user is not None
        return [
            (s.ended_why, s.token_hash)
            for s in db.session.scalars(select(PartnerSession).where(PartnerSession.user_id == user.id))
        ]


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_dashboard(portal: Flask) -> None:
    browser = signed_in_as(portal, EDITOR_A)
    copied = _cookie(browser)
    assert _with_cookie(portal, copied).signed_in()  # the copy works while the session lasts
    assert browser.sign_out().status_code == 302
    thief = _with_cookie(portal, copied)
    response = thief.get("/partners/dashboard")
    assert is_sign_in_redirect(response)
    assert not thief.signed_in()
    assert [why for why, _ in _sessions(portal, EDITOR_A)] == ["signed_out"]
    # Signing in again starts a new session; the old cookie stays dead.
    assert location(browser.sign_in(EDITOR_A)) == "/partners/dashboard"
    assert not _with_cookie(portal, copied).signed_in()


def test_the_server_keeps_only_a_hash_of_the_session_token(portal: Flask) -> None:
    browser = signed_in_as(portal, EDITOR_A)
    token = portal.session_interface.get_signing_serializer(portal).loads(_cookie(browser))["sid"]  # type: ignore[attr-defined]
    (stored,) = _sessions(portal, EDITOR_A)
    assert stored == (None, hashlib.sha256(token.encode()).hexdigest())
    assert token not in stored[1]


def test_a_password_reset_ends_every_session_on_the_server(portal: Flask, mailbox: Mailbox) -> None:
    laptop, phone = signed_in_as(portal, EDITOR_A), signed_in_as(portal, EDITOR_A, ip="192.0.2.77")
    copies = [_cookie(laptop), _cookie(phone)]
    reset = Browser(portal)
    reset.post("/partners/reset-password", {"email": EDITOR_A})
    link = mailbox.link(EDITOR_A, "reset-password")
    done = reset.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    for copy in copies:
        assert not _with_cookie(portal, copy).signed_in()
    assert sorted(why or "" for why, _ in _sessions(portal, EDITOR_A)) == ["password", "password"]


def test_an_idle_session_ends_on_the_server_and_a_copy_cannot_revive_it(make_portal: PortalFactory) -> None:
    app = make_portal(SIGNPOST_SESSION_IDLE_MINUTES=10)
    with freeze_time(datetime.now(UTC)) as clock:
        browser = signed_in_as(app, EDITOR_A)
        copied = _cookie(browser)
        clock.tick(timedelta(minutes=10, seconds=30))
        assert is_sign_in_redirect(_with_cookie(app, copied).get("/partners/dashboard"))
        clock.tick(timedelta(seconds=5))
        assert not browser.signed_in()
    assert [why for why, _ in _sessions(app, EDITOR_A)] == ["idle"]


def test_sessions_end_after_the_absolute_lifetime_however_active(make_portal: PortalFactory) -> None:
    app = make_portal(SIGNPOST_SESSION_IDLE_MINUTES=60, SIGNPOST_SESSION_MAX_HOURS=2)
    with freeze_time(datetime.now(UTC)) as clock:
        browser = signed_in_as(app, EDITOR_A)
        page = f"/partners/services/{service_id(app, SERVICE_A)}"
        for _ in range(2):
            clock.tick(timedelta(minutes=50))
            assert browser.get(page).status_code == 200
        clock.tick(timedelta(minutes=25))  # 2 hours 5 minutes after signing in
        response = browser.get(page)
        assert is_sign_in_redirect(response)
        assert "You were signed out because you signed in a long time ago" in page_text(browser.get(location(response)))
        assert location(browser.sign_in(EDITOR_A)) == "/partners/dashboard"
    assert sorted(why or "live" for why, _ in _sessions(app, EDITOR_A)) == ["expired", "live"]
