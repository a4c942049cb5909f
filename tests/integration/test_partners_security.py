"""Who may reach which partner page: sign-in for everything, own organisation only, CSRF, redirects, rate limits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask, url_for
from freezegun import freeze_time
from sqlalchemy import func, select
from werkzeug.routing import Rule

from signpost.extensions import db
from signpost.models import AuditEvent, ChangeRequest, ListingReport, Organisation, Service, ServiceSuggestion
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    EDITOR_B,
    MODERATOR,
    ORG_A,
    SERVICE_A,
    SERVICE_B,
    Browser,
    PortalFactory,
    edit_listing,
    is_sign_in_redirect,
    location,
    organisation_id,
    page_text,
    service_id,
    signed_in_as,
    user_id,
)

pytest_plugins = ["tests.support.partners"]

# The only partner pages for people who are not signed in.
PUBLIC = {
    "partners.sign_in",
    "partners.sign_out",
    "partners.request_reset",
    "partners.accept_invitation",
    "partners.reset_password",
}
REVIEWER_PATHS = ("/partners/review", "/partners/stale", "/partners/coverage")
ADMIN_PATHS = ("/partners/admin",)


def _rules(app: Flask) -> list[Rule]:
    rules = [r for r in app.url_map.iter_rules() if r.rule == "/partners" or r.rule.startswith("/partners/")]
    assert len(rules) >= 20
    return sorted(rules, key=lambda r: r.rule)


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) & {"GET", "POST"})


def _url(app: Flask, rule: Rule, ids: dict[str, Any]) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})


def _state(app: Flask) -> tuple[object, ...]:
    """Everything a forbidden request might change."""
    with app.app_context():
        session = db.session
        return (
            session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action != "sign_in")),
            session.scalar(select(func.count()).select_from(ChangeRequest)),
            tuple(session.execute(select(Service.id, Service.status, Service.checked_on, Service.name)).all()),
            tuple(session.execute(select(Organisation.id, Organisation.trusted)).all()),
            tuple(session.execute(select(ListingReport.id, ListingReport.status)).all()),
            tuple(session.execute(select(ServiceSuggestion.id, ServiceSuggestion.status)).all()),
        )


@pytest.fixture
def app_with_a_change(portal: Flask) -> tuple[Flask, dict[str, Any]]:
    """The portal with a pending change from organisation B, and real ids for every kind of URL argument."""
    editor_b = signed_in_as(portal, EDITOR_B)
    sent = edit_listing(editor_b, service_id(portal, SERVICE_B), {"description": "Changed by editor B."})
    assert sent.status_code == 302
    with portal.app_context():
        change = db.session.scalar(select(ChangeRequest.id))
        # A problem reported on B's listing and a suggested service, so their close/resolve URLs are real.
        report = ListingReport(service_id=service_id(portal, SERVICE_B), problem="closed", reported_on=date.today())
        suggestion = ServiceSuggestion(
            name="Lincoln Women's Centre", contact_email="hello@example.org", areas="Lincoln", suggested_on=date.today()
        )
        db.session.add_all([report, suggestion])
        db.session.commit()
        report_id, suggestion_id = report.id, suggestion.id
    ids = {
        "report_id": report_id,
        "suggestion_id": suggestion_id,
        "outcome": "done",
        "service_id": service_id(portal, SERVICE_B),
        "change_id": change,
        "organisation_id": organisation_id(portal, "edan-lincs"),
        "user_id": user_id(portal, EDITOR_B),
        "section": "contact",
        "token": "not-a-real-token",
    }
    return portal, ids


def test_every_partner_page_sends_anonymous_people_to_sign_in(app_with_a_change: tuple[Flask, dict[str, Any]]) -> None:
    app, ids = app_with_a_change
    before = _state(app)
    answered_anonymous = set()
    for rule in _rules(app):
        url = _url(app, rule, ids)
        for method in _methods(rule):
            browser = Browser(app)
            if method == "GET":
                response = browser.get(url)
            else:
                response = browser.post(url, {"decision": "approve", "email": ADMIN}, token_from="/partners")
            if rule.endpoint in PUBLIC:
                answered_anonymous.add(rule.endpoint)
                continue
            assert is_sign_in_redirect(response), (method, url, response.status_code)
            assert "next=" in location(response)
            assert response.status_code != 200
    assert answered_anonymous == PUBLIC
    assert _state(app) == before


def test_public_partner_pages_say_nothing_about_accounts(portal: Flask) -> None:
    browser = Browser(portal)
    assert browser.get("/partners").status_code == 200
    assert browser.get("/partners/reset-password").status_code == 200
    assert browser.get("/partners/invitation/guessed-token").status_code == 404
    assert browser.get("/partners/reset-password/guessed-token").status_code == 404
    assert browser.get("/partners/sign-out").status_code == 405


def test_an_editor_cannot_reach_another_organisations_services(app_with_a_change: tuple[Flask, dict[str, Any]]) -> None:
    app, ids = app_with_a_change
    editor_a = signed_in_as(app, EDITOR_A)
    own = service_id(app, SERVICE_A)
    assert editor_a.get(f"/partners/services/{own}").status_code == 200
    with app.app_context():
        others = list(db.session.scalars(select(Service.id).where(Service.slug != SERVICE_A)))
        top = db.session.scalar(select(func.max(Service.id))) or 0
    before = _state(app)
    service_rules = [r for r in _rules(app) if "service_id" in r.arguments]
    assert {r.endpoint for r in service_rules} >= {
        "partners.service",
        "partners.edit_service",
        "partners.retire_service",
        "partners.still_correct",
    }
    for target in (ids["service_id"], top + 1, 999_999):
        for rule in service_rules:
            url = _url(app, rule, ids | {"service_id": target})
            for method in _methods(rule):
                if method == "GET":
                    response = editor_a.get(url)
                else:
                    data = {"name": "Taken over", "description": "Taken over", "crime_types": "any"}
                    response = editor_a.post(url, data, token_from=f"/partners/services/{own}")
                assert response.status_code == 404, (method, url)
                assert "Taken over" not in response.get_data(as_text=True)
    # Guessing: every id that is not this organisation's is "not found", exactly like one that does not exist.
    for other in others:
        assert editor_a.get(f"/partners/services/{other}").status_code == 404
    assert _state(app) == before
    # Reviewers can see it.
    assert signed_in_as(app, MODERATOR).get(f"/partners/services/{ids['service_id']}").status_code == 200


def test_editors_get_not_found_on_review_and_admin_pages(app_with_a_change: tuple[Flask, dict[str, Any]]) -> None:
    app, ids = app_with_a_change
    editor = signed_in_as(app, EDITOR_A)
    moderator = signed_in_as(app, MODERATOR, ip="192.0.2.20")
    token_page = f"/partners/services/{service_id(app, SERVICE_A)}"
    before = _state(app)
    restricted = [r for r in _rules(app) if r.rule.startswith(REVIEWER_PATHS + ADMIN_PATHS)]
    assert len(restricted) >= 10
    data = {"decision": "approve", "email": "x@example.org", "role": "admin", "organisation": ""}
    for rule in restricted:
        url = _url(app, rule, ids)
        for method in _methods(rule):
            response = editor.get(url) if method == "GET" else editor.post(url, data, token_from=token_page)
            assert response.status_code == 404, (method, url)
            if rule.rule.startswith(ADMIN_PATHS):
                # Moderators review; only admins manage accounts, organisations, the audit log and CSV files.
                response = moderator.get(url) if method == "GET" else moderator.post(url, data, token_from=token_page)
                assert response.status_code == 404, (method, url)
            elif method == "GET":
                assert moderator.get(url).status_code == 200, url
    assert _state(app) == before


def test_moderators_decisions_only_on_review_pages(app_with_a_change: tuple[Flask, dict[str, Any]]) -> None:
    app, ids = app_with_a_change
    editor = signed_in_as(app, EDITOR_A)
    response = editor.post(
        f"/partners/review/{ids['change_id']}", {"decision": "approve"}, token_from="/partners/dashboard"
    )
    assert response.status_code == 404
    with app.app_context():
        change = db.session.get(ChangeRequest, ids["change_id"])
        assert change is not None and change.status == "pending"


def test_every_post_without_a_csrf_token_fails(app_with_a_change: tuple[Flask, dict[str, Any]]) -> None:
    app, ids = app_with_a_change
    admin = signed_in_as(app, ADMIN)
    before = _state(app)
    posts = [r for r in _rules(app) if "POST" in _methods(r)]
    assert len(posts) >= 12
    for rule in posts:
        url = _url(app, rule, ids)
        for data in ({"decision": "approve"}, {"decision": "approve", "csrf_token": "forged"}):
            assert admin.post_raw(url, data).status_code == 400, url
        anonymous = Browser(app).post_raw(url, {"email": EDITOR_A, "password": "x"})
        assert anonymous.status_code == 400, url
    assert admin.signed_in()
    assert _state(app) == before


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/partners",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http:evil.example",
    ],
)
def test_sign_in_never_redirects_to_another_site(portal: Flask, next_url: str) -> None:
    response = Browser(portal).sign_in(EDITOR_A, next_url=next_url)
    assert response.status_code == 302
    assert location(response) == "/partners/dashboard"


def test_sign_in_returns_to_the_page_asked_for(portal: Flask) -> None:
    own = f"/partners/services/{service_id(portal, SERVICE_A)}"
    browser = Browser(portal)
    first = browser.get(own)
    assert is_sign_in_redirect(first)
    response = browser.sign_in(EDITOR_A, next_url=own)
    assert location(response) == own
    assert browser.get(own).status_code == 200
    assert location(Browser(portal).sign_in(EDITOR_A, next_url="/partners/services/1")) == "/partners/services/1"


def test_sign_in_limits_back_off_one_address_without_locking_the_partner_out(make_portal: PortalFactory) -> None:
    app = make_portal(
        SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT="3 per 10 minutes",
        SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT_TOTAL="50 per hour",
        SIGNPOST_SIGNIN_RATE_LIMIT_IP="5 per 10 minutes",
    )
    start = datetime.now(UTC)
    with freeze_time(start) as clock:
        # Someone guessing one account from one address: three tries, then that address backs off...
        for _ in range(3):
            assert Browser(app, ip="198.51.100.66").sign_in(EDITOR_A, "wrong password here").status_code == 200
        locked = Browser(app, ip="198.51.100.66").sign_in(EDITOR_A)
        assert locked.status_code == 429
        assert "Too many requests" in page_text(locked) and int(locked.headers["Retry-After"]) > 0
        # ...while the partner, from their own address, signs in as usual.
        assert location(Browser(app, ip="203.0.113.50").sign_in(EDITOR_A)) == "/partners/dashboard"
        # Another account from the guesser's address is not affected either.
        assert location(Browser(app, ip="198.51.100.66").sign_in(EDITOR_B)) == "/partners/dashboard"

        # Per address: five tries from one address at five different accounts, then the address is locked.
        for n in range(4):
            response = Browser(app, ip="203.0.113.7").sign_in(f"nobody{n}@example.org", "wrong password here")
            assert response.status_code == 200
        assert Browser(app, ip="203.0.113.7").sign_in(ADMIN).status_code == 302  # the fifth
        assert Browser(app, ip="203.0.113.7").sign_in(MODERATOR).status_code == 429
        assert location(Browser(app, ip="203.0.113.8").sign_in(MODERATOR)) == "/partners/dashboard"

        # The back-off is short: both limits lift when the window has passed.
        clock.tick(timedelta(minutes=10, seconds=5))
        assert location(Browser(app, ip="198.51.100.66").sign_in(EDITOR_A)) == "/partners/dashboard"
        assert location(Browser(app, ip="203.0.113.7").sign_in(EDITOR_A)) == "/partners/dashboard"


def test_a_spread_out_attack_is_capped_per_account_but_not_for_the_partners_own_browser(
    make_portal: PortalFactory,
) -> None:
    app = make_portal(
        SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT="3 per 10 minutes", SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT_TOTAL="4 per hour"
    )
    own_browser = signed_in_as(app, EDITOR_A, ip="203.0.113.50")
    assert own_browser.sign_out().status_code == 302
    # Failed attempts from many addresses, each under its own limit, reach the account's cap...
    for n in range(4):
        assert Browser(app, ip=f"198.51.100.{n}").sign_in(EDITOR_A, "wrong password here").status_code == 200
    assert Browser(app, ip="198.51.100.77").sign_in(EDITOR_A).status_code == 429
    # ...and a new browser must wait, but the one the partner has signed in with before is let in.
    assert Browser(app, ip="203.0.113.51").sign_in(EDITOR_A).status_code == 429
    assert location(own_browser.sign_in(EDITOR_A)) == "/partners/dashboard"
    # The known-device cookie is for that account only, on partner pages only, and cannot be forged.
    cookie = own_browser.client.get_cookie("signpost_device", path="/partners")
    assert cookie is not None and cookie.http_only and cookie.path == "/partners"
    forged = Browser(app, ip="203.0.113.52")
    forged.client.set_cookie("signpost_device", cookie.value[:-2] + "xx", path="/partners")
    assert forged.sign_in(EDITOR_A).status_code == 429
    other = Browser(app, ip="203.0.113.53")
    other.client.set_cookie("signpost_device", cookie.value, path="/partners")
    assert other.sign_in(EDITOR_B).status_code == 302  # EDITOR_B's own limits are untouched


def test_an_editor_sees_only_their_own_listings(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    dashboard = editor.get("/partners/dashboard")
    with portal.app_context():
        own = db.session.scalars(
            select(Service.name).join(Organisation).where(Organisation.slug == ORG_A, Service.status == "active")
        ).all()
        other = db.session.scalar(select(Service.name).where(Service.slug == SERVICE_B))
    text = page_text(dashboard)
    assert own and all(name in text for name in own)
    assert other not in text
    assert "Export CSV" not in text and "Review changes" not in text and "Audit log" not in text


def test_successful_sign_ins_do_not_use_up_the_account_limit(make_portal: PortalFactory) -> None:
    app = make_portal(
        SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT="2 per 10 minutes", SIGNPOST_SIGNIN_RATE_LIMIT_IP="50 per minute"
    )
    for _ in range(4):
        assert location(Browser(app, ip="198.51.100.20").sign_in(EDITOR_A)) == "/partners/dashboard"
    for _ in range(2):
        assert Browser(app, ip="198.51.100.20").sign_in(EDITOR_A, "wrong password here").status_code == 200
    assert Browser(app, ip="198.51.100.20").sign_in(EDITOR_A).status_code == 429
