"""Partner accounts: the first admin, invitations and resets by real email, passwords, sessions and cookies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from freezegun import freeze_time
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import OneTimeToken, User
from tests.support.pages import check_page
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    ORG_A,
    PASSWORD,
    SERVICE_A,
    TOKEN,
    Browser,
    Mailbox,
    PortalFactory,
    audit_events,
    error_messages,
    is_sign_in_redirect,
    location,
    organisation_id,
    page_text,
    service_id,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]

NEW_PASSWORD = "kestrels over the fens at dusk"
SHORT = "too short!"
COMMON = "password123456"  # "password" with digits: on zxcvbn's list of common passwords


def _user(app: Flask, address: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == address))
        if user is not None:
            db.session.expunge(user)
        return user


def _invite(app: Flask, mailbox: Mailbox, address: str) -> str:
    admin = signed_in_as(app, ADMIN)
    response = admin.post(
        "/partners/admin/invite",
        {"email": address, "role": "editor", "organisation": str(organisation_id(app, ORG_A))},
    )
    assert response.status_code == 302 and location(response) == "/partners/admin/users"
    return mailbox.link(address.lower(), "invitation")


def _request_reset(app: Flask, address: str) -> Browser:
    browser = Browser(app)
    response = browser.post("/partners/reset-password", {"email": address})
    assert response.status_code == 200
    assert "Check your email" in page_text(response)
    return browser


# ---------------------------------------------------------------- the first admin


def test_create_admin_rejects_short_and_common_passwords_then_creates_an_admin(portal: Flask) -> None:
    runner = portal.test_cli_runner()
    short = runner.invoke(args=["users", "create-admin", "boss@example.org", "--password", SHORT])
    assert short.exit_code == 1
    assert "Password must be 12 characters or more" in short.output
    common = runner.invoke(args=["users", "create-admin", "boss@example.org", "--password", COMMON])
    assert common.exit_code == 1
    assert "harder to guess" in common.output and "common passwords" in common.output
    assert _user(portal, "boss@example.org") is None

    made = runner.invoke(args=["users", "create-admin", "Boss@Example.org", "--password", NEW_PASSWORD])
    assert made.exit_code == 0, made.output
    assert "boss@example.org is an admin" in made.output
    user = _user(portal, "boss@example.org")
    assert user is not None and user.role == "admin" and user.organisation_id is None
    assert (user.password_hash or "").startswith("$argon2id$")
    assert NEW_PASSWORD not in (user.password_hash or "")
    assert audit_events(portal, "admin_created")[-1]["after"] == {"email": "boss@example.org"}
    browser = Browser(portal)
    assert location(browser.sign_in("boss@example.org", NEW_PASSWORD)) == "/partners/dashboard"
    assert browser.signed_in()


# ---------------------------------------------------------------- invitations


def test_invitation_email_link_sets_a_password_once(portal: Flask, mailbox: Mailbox) -> None:
    link = _invite(portal, mailbox, "New.Editor@Example.org")
    (message,) = mailbox.to("new.editor@example.org")
    assert message["Subject"] == "You have been invited to Signpost"
    assert "within 7 days" in message.get_content()
    invited = audit_events(portal, "user_invited")[-1]
    assert invited["actor"] == ADMIN and invited["after"] == {"email": "new.editor@example.org", "role": "editor"}

    newcomer = Browser(portal)
    page = newcomer.get(link)
    assert page.status_code == 200 and "Create your password" in page_text(page)
    attempts = [
        ({"password": SHORT, "confirm": SHORT}, "password", "Password must be 12 characters or more"),
        (
            {"password": COMMON, "confirm": COMMON},
            "password",
            "Enter a password that is harder to guess. This one is on a list of common passwords",
        ),
        ({"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}, "confirm", "Enter the same password in both boxes"),
    ]
    for data, field, message_text in attempts:
        response = newcomer.post(link, data)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert error_messages(html) == {field: message_text}
        assert summary_errors(html) == [message_text]
        # Nothing is kept: no password, and the link still works.
        user = _user(portal, "new.editor@example.org")
        assert user is not None and user.password_hash is None
        assert newcomer.get(link).status_code == 200
    assert newcomer.sign_in("new.editor@example.org", NEW_PASSWORD).status_code == 200  # no password yet

    done = newcomer.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and location(done) == "/partners"
    assert audit_events(portal, "invite_password_set")[-1]["actor"] == "new.editor@example.org"
    signed_in = newcomer.sign_in("new.editor@example.org", NEW_PASSWORD)
    assert location(signed_in) == "/partners/dashboard"
    dashboard = newcomer.get("/partners/dashboard")
    assert "Victim Lincs" in page_text(dashboard)

    again = Browser(portal).get(link)
    assert again.status_code == 404
    assert "This link has expired or been used" in page_text(again)


def test_invitation_link_expires_after_7_days(portal: Flask, mailbox: Mailbox) -> None:
    link = _invite(portal, mailbox, "late.editor@example.org")
    sent = datetime.now(UTC)
    with freeze_time(sent + timedelta(days=6, hours=23)):
        assert Browser(portal).get(link).status_code == 200
    with freeze_time(sent + timedelta(days=7, minutes=1)):
        browser = Browser(portal)
        expired = browser.get(link)
        assert expired.status_code == 404
        assert "Invitation links work once, for 7 days" in page_text(expired)
        # Posting a password to the dead link does nothing either.
        token = browser.token("/partners")
        response = browser.post_raw(link, {"csrf_token": token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert response.status_code == 404
    user = _user(portal, "late.editor@example.org")
    assert user is not None and user.password_hash is None


# ---------------------------------------------------------------- password resets


def test_reset_request_gives_the_same_answer_for_unknown_emails_and_sends_nothing(
    portal: Flask, mailbox: Mailbox
) -> None:
    known = Browser(portal).post("/partners/reset-password", {"email": EDITOR_A})
    unknown = Browser(portal).post("/partners/reset-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert page_text(known).replace(EDITOR_A, "ADDRESS") == page_text(unknown).replace("nobody@example.org", "ADDRESS")
    assert mailbox.to("nobody@example.org") == []
    (message,) = mailbox.to(EDITOR_A)
    assert message["Subject"] == "Reset your Signpost password"
    with portal.app_context():
        tokens = db.session.scalars(select(OneTimeToken).where(OneTimeToken.purpose == "reset")).all()
        assert [t.user.email for t in tokens] == [EDITOR_A]
        # Only a hash of the token is stored.
        link_token = mailbox.link(EDITOR_A, "reset-password").rsplit("/", 1)[1]
        assert link_token not in tokens[0].token_hash and len(tokens[0].token_hash) == 64


def test_reset_link_works_once_and_ends_other_sessions(portal: Flask, mailbox: Mailbox) -> None:
    elsewhere = signed_in_as(portal, EDITOR_A)
    version = _user(portal, EDITOR_A).session_version  # type: ignore[union-attr]
    browser = _request_reset(portal, EDITOR_A)
    link = mailbox.link(EDITOR_A, "reset-password")
    page = browser.get(link)
    assert page.status_code == 200 and "Choose a new password" in page_text(page)
    short = browser.post(link, {"password": SHORT, "confirm": SHORT})
    assert error_messages(short.get_data(as_text=True)) == {"password": "Password must be 12 characters or more"}
    assert elsewhere.signed_in()

    done = browser.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and location(done) == "/partners"
    assert _user(portal, EDITOR_A).session_version == version + 1  # type: ignore[union-attr]
    # The session signed in before the reset has ended.
    assert is_sign_in_redirect(elsewhere.get("/partners/dashboard"))
    assert Browser(portal).sign_in(EDITOR_A, PASSWORD).status_code == 200
    assert location(Browser(portal).sign_in(EDITOR_A, NEW_PASSWORD)) == "/partners/dashboard"
    assert audit_events(portal, "reset_password_set")[-1]["actor"] == EDITOR_A

    used = browser.get(link)
    assert used.status_code == 404 and "Password reset links work once, for 1 hour" in page_text(used)


def test_reset_link_expires_after_1_hour(portal: Flask, mailbox: Mailbox) -> None:
    _request_reset(portal, EDITOR_A)
    link = mailbox.link(EDITOR_A, "reset-password")
    sent = datetime.now(UTC)
    with freeze_time(sent + timedelta(minutes=58)):
        assert Browser(portal).get(link).status_code == 200
    with freeze_time(sent + timedelta(minutes=61)):
        browser = Browser(portal)
        assert browser.get(link).status_code == 404
        token = browser.token("/partners")
        response = browser.post_raw(link, {"csrf_token": token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert response.status_code == 404
    assert location(Browser(portal).sign_in(EDITOR_A, PASSWORD)) == "/partners/dashboard"


def test_a_newer_reset_link_replaces_the_older_one(portal: Flask, mailbox: Mailbox) -> None:
    _request_reset(portal, EDITOR_A)
    first = mailbox.link(EDITOR_A, "reset-password")
    _request_reset(portal, EDITOR_A)
    second = mailbox.link(EDITOR_A, "reset-password")
    assert first != second
    assert Browser(portal).get(first).status_code == 404
    assert Browser(portal).get(second).status_code == 200


# ---------------------------------------------------------------- signing in and out, sessions, cookies


def test_wrong_password_and_unknown_account_get_the_same_message(portal: Flask) -> None:
    for address, password in ((EDITOR_A, "not the right password"), ("nobody@example.org", PASSWORD)):
        response = Browser(portal).sign_in(address, password)
        assert response.status_code == 200
        assert error_messages(response.get_data(as_text=True)) == {
            "email": "Enter the email address and password for your account"
        }


def test_sign_out_needs_a_post_with_a_csrf_token(portal: Flask) -> None:
    browser = signed_in_as(portal, EDITOR_A)
    assert browser.get("/partners/sign-out").status_code == 405
    assert browser.post_raw("/partners/sign-out", {}).status_code == 400
    assert browser.signed_in()
    response = browser.sign_out()
    assert response.status_code == 302 and location(response) == "/partners"
    assert not browser.signed_in()
    assert "You have signed out." in page_text(browser.get("/partners"))


def _session_cookie(response_headers: list[str]) -> str:
    cookies = [c for c in response_headers if c.startswith("session=")]
    assert cookies, response_headers
    return cookies[-1]


def test_session_cookie_is_http_only_and_same_site_lax(portal: Flask) -> None:
    response = Browser(portal).sign_in(EDITOR_A)
    cookie = _session_cookie(response.headers.getlist("Set-Cookie"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in tests, unless asked for (below)


def test_session_cookie_is_secure_when_asked_for(make_portal: PortalFactory) -> None:
    app = make_portal(SESSION_COOKIE_SECURE=True)
    cookie = _session_cookie(Browser(app).sign_in(EDITOR_A).headers.getlist("Set-Cookie"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_in_production(make_portal: PortalFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNPOST_ENV", "production")
    monkeypatch.setenv("SIGNPOST_SECRET_KEY", "a-long-random-production-secret-for-this-test")
    monkeypatch.setenv("SIGNPOST_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")  # replaced by memory:// below
    monkeypatch.setenv("SIGNPOST_BASE_URL", "https://localhost")
    app = make_portal(SIGNPOST_ENV="production", SIGNPOST_BASE_URL="https://localhost")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    page = client.get("/partners", base_url="https://localhost")
    assert check_page(page) == []
    token = TOKEN.search(page.get_data(as_text=True))
    assert token is not None
    response = client.post(
        "/partners",
        data={"csrf_token": token.group(1), "email": EDITOR_A, "password": PASSWORD},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    cookie = _session_cookie(response.headers.getlist("Set-Cookie"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_idle_sessions_end_after_the_configured_minutes(make_portal: PortalFactory) -> None:
    app = make_portal(SIGNPOST_SESSION_IDLE_MINUTES=10)
    start = datetime.now(UTC)
    with freeze_time(start) as clock:
        browser = signed_in_as(app, EDITOR_A)
        service_page = f"/partners/services/{service_id(app, SERVICE_A)}"
        # Activity keeps the session alive: each request restarts the 10 minutes.
        for _ in range(3):
            clock.tick(timedelta(minutes=9))
            assert browser.get(service_page).status_code == 200
        # The browser keeps the cookie a while longer, so the server ends the session and says why.
        cookie = browser.client.get_cookie("session")
        assert cookie is not None and cookie.expires is not None
        assert cookie.expires > datetime.now(UTC) + timedelta(minutes=11)
        clock.tick(timedelta(minutes=10, seconds=30))
        response = browser.get(service_page)
        assert is_sign_in_redirect(response)
        assert "You were signed out because you were inactive" in page_text(browser.get(location(response)))
        assert not browser.signed_in()
        # Signing in again works at once.
        assert location(browser.sign_in(EDITOR_A)) == "/partners/dashboard"
