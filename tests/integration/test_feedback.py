"""Report a problem with a listing, and suggest a service: the public forms (no cookie, a signed token, rate
limited, nothing about the sender stored or logged) and the partner pages (who sees and closes what)."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask
from sqlalchemy import select

from signpost.extensions import db
from signpost.forms import SignedToken
from signpost.models import ListingReport, ServiceSuggestion
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    EDITOR_B,
    MODERATOR,
    RESULTS_URL,
    SERVICE_A,
    SERVICE_B,
    Browser,
    PortalFactory,
    audit_events,
    change_service,
    error_messages,
    page_text,
    service_id,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]

FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')
SENDER_IP = "203.0.113.77"
REPORT_A = f"/report-a-problem/burglary/ln1-3/{SERVICE_A}"
REPORT_B = f"/report-a-problem/burglary/ln1-3/{SERVICE_B}"
SUGGEST = "/suggest-a-service"


class Public:
    """A visitor's browser: reads the signed form token from the page, as a browser would post it."""

    def __init__(self, app: Flask, ip: str = SENDER_IP) -> None:
        self.client = app.test_client()
        self.ip = ip
        self.cookies: list[str] = []

    def get(self, url: str) -> str:
        response = self.client.get(url, environ_base={"REMOTE_ADDR": self.ip})
        assert response.status_code == 200, url
        self.cookies += response.headers.getlist("Set-Cookie")
        return response.get_data(as_text=True)

    def post(self, url: str, data: dict[str, object], token: bool = True, **headers: str) -> tuple[int, str, str]:
        form = dict(data)
        if token:
            match = FORM_TOKEN.search(self.get(url))
            assert match, url
            form["form_token"] = match.group(1)
        response = self.client.post(url, data=form, environ_base={"REMOTE_ADDR": self.ip}, headers=headers)
        self.cookies += response.headers.getlist("Set-Cookie")
        return response.status_code, response.headers.get("Location", ""), response.get_data(as_text=True)


def _reports(app: Flask) -> list[ListingReport]:
    with app.app_context():
        found = list(db.session.scalars(select(ListingReport).order_by(ListingReport.id)))
        db.session.expunge_all()
        return found


def _suggestions(app: Flask) -> list[ServiceSuggestion]:
    with app.app_context():
        found = list(db.session.scalars(select(ServiceSuggestion).order_by(ServiceSuggestion.id)))
        db.session.expunge_all()
        return found


def _report(app: Flask, url: str = REPORT_A, problem: str = "number", detail: str = "") -> None:
    status, where, _ = Public(app).post(url, {"problem": problem, "detail": detail})
    assert status == 303, status


# ---------------------------------------------------------------- the links


def test_every_service_card_links_to_report_a_problem_and_results_link_to_suggest(portal: Flask) -> None:
    visitor = Public(portal)
    for url in (RESULTS_URL, "/support/domestic-abuse/uk", "/support/fraud/scotland"):
        html = visitor.get(url)
        cards = html.count('class="signpost-service')
        crime, area = url.split("/")[2:4]
        links = re.findall(rf'href="/report-a-problem/{crime}/{area}/([a-z0-9-]+)"', html)
        assert cards > 0 and len(links) == cards, (url, cards, len(links))
        assert 'href="/suggest-a-service"' in html
    assert 'href="/suggest-a-service"' in visitor.get("/data-sources")
    # A Welsh results page keeps its links in Welsh URLs (tests/integration/test_welsh_feedback.py: the forms in Welsh).
    welsh = visitor.get("/cy" + RESULTS_URL)
    assert f'href="/cy/report-a-problem/burglary/ln1-3/{SERVICE_A}"' in welsh
    assert "/cy/report-a-problem/burglary/ln1-3/" in visitor.get(f"/cy{REPORT_A}")
    assert visitor.cookies == []


# ---------------------------------------------------------------- report a problem


def test_a_report_is_stored_without_the_senders_address_or_postcode_and_sets_no_cookie(
    portal: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    visitor = Public(portal)
    detail = "Rang 01522 000000 from LN1 3AA, nobody answered. Mail me at someone@example.com"
    with caplog.at_level(logging.DEBUG):
        status, where, _ = visitor.post(REPORT_A, {"problem": "number", "detail": detail})
    assert status == 303 and where == f"{REPORT_A}/sent"
    thanks = visitor.get(where)
    assert "Thank you for your report" in thanks
    assert 'href="tel:999"' in thanks and 'href="tel:101"' in thanks
    assert f'href="{RESULTS_URL}"' in thanks  # the way back to their results
    assert visitor.cookies == []
    [report] = _reports(portal)
    assert report.problem == "number" and report.status == "open"
    assert (
        report.detail
        == "Rang 01522 000000 from [postcode removed], nobody answered. Mail me at [email address removed]"
    )
    stored = " ".join(str(getattr(report, column)) for column in ListingReport.__table__.columns.keys())
    for secret in (SENDER_IP, "LN1 3AA", "someone@example.com"):
        assert secret not in stored
    logged = caplog.text
    for secret in (SENDER_IP, "LN1 3AA", "nobody answered"):
        assert secret not in logged


def test_report_errors_use_the_summary_and_keep_what_was_typed(portal: Flask) -> None:
    visitor = Public(portal)
    status, _, html = visitor.post(REPORT_A, {"detail": "The number rang out"})
    assert status == 200
    assert summary_errors(html) == ["Select what is wrong with this listing"]
    assert error_messages(html) == {"problem": "Select what is wrong with this listing"}
    assert "The number rang out</textarea>" in html
    assert html.count("<title>Error: ") == 1
    status, _, html = visitor.post(REPORT_A, {"problem": "closed", "detail": "x" * 501})
    assert summary_errors(html) == ["Tell us more in 500 characters or fewer"]
    assert 'value="closed" checked' in html and "x" * 501 + "</textarea>" in html
    assert _reports(portal) == [] and visitor.cookies == []


@pytest.mark.parametrize(
    ("token", "headers", "message"),
    [
        (None, {}, "Nothing was sent. Send the form from this page"),
        ("forged.token.value", {}, "Nothing was sent. Send the form from this page"),
        ("page", {"Sec-Fetch-Site": "cross-site"}, "Nothing was sent. Send the form from this page"),
        ("page", {"Sec-Fetch-Site": "same-site"}, "Nothing was sent. Send the form from this page"),
    ],
)
def test_a_report_needs_the_signed_token_from_this_site(
    portal: Flask, token: str | None, headers: dict[str, str], message: str
) -> None:
    visitor = Public(portal)
    data: dict[str, object] = {"problem": "closed"}
    if token is not None and token != "page":
        data["form_token"] = token
    status, _, html = visitor.post(REPORT_A, data, token=token == "page", **headers)
    assert status == 200 and summary_errors(html) == [message]
    assert FORM_TOKEN.search(html)  # a fresh token to send again with
    assert _reports(portal) == []


def test_an_old_token_is_refused_with_a_message_that_says_what_to_do(
    portal: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SignedToken, "MAX_AGE", -1)  # every token is already too old
    status, _, html = Public(portal).post(REPORT_A, {"problem": "closed", "detail": "Shut in May"})
    assert status == 200
    assert summary_errors(html) == [
        "This page was open for a long time, so nothing was sent. Check your answers and send the form again"
    ]
    assert "Shut in May</textarea>" in html and _reports(portal) == []


@pytest.mark.parametrize(
    "url",
    [
        "/report-a-problem/no-such-crime/ln1-3/lincolnshire-victim-lincs",
        "/report-a-problem/burglary/zz99-9/lincolnshire-victim-lincs",
        "/report-a-problem/burglary/ln1-3/no-such-service",
    ],
)
def test_unknown_crime_place_or_listing_is_404(portal: Flask, url: str) -> None:
    assert portal.test_client().get(url).status_code == 404


def test_a_retired_listing_cannot_be_reported(portal: Flask) -> None:
    change_service(portal, SERVICE_A, status="retired")
    assert portal.test_client().get(REPORT_A).status_code == 404


def test_reports_and_suggestions_share_one_rate_limit_that_counts_only_what_was_sent(
    make_portal: PortalFactory,
) -> None:
    app = make_portal(SIGNPOST_FEEDBACK_RATE_LIMIT="2 per hour")
    visitor = Public(app)
    for _ in range(3):  # mistakes do not count
        assert visitor.post(REPORT_A, {})[0] == 200
    assert visitor.post(REPORT_A, {"problem": "closed"})[0] == 303
    assert visitor.post(REPORT_B, {"problem": "area"})[0] == 303
    status, _, html = visitor.post(REPORT_A, {"problem": "other"})
    assert status == 429 and "too many reports and suggestions" in html
    assert 'href="tel:999"' in html
    assert visitor.post(SUGGEST, _suggestion())[0] == 429
    assert visitor.cookies == []
    assert len(_reports(app)) == 2 and _suggestions(app) == []
    # Someone else is not held back.
    assert Public(app, ip="198.51.100.5").post(REPORT_A, {"problem": "other"})[0] == 303


# ---------------------------------------------------------------- suggest a service


def _suggestion(**changes: object) -> dict[str, object]:
    return {
        "name": "Lincoln Burglary Support Group",
        "website": "www.lincoln-bsg.example",
        "contact_email": "hello@lincoln-bsg.example",
        "areas": "Lincoln and North Kesteven",
        "crime_types": ["burglary", "robbery"],
    } | changes


def test_a_suggestion_lands_in_the_queue(portal: Flask) -> None:
    visitor = Public(portal)
    status, where, _ = visitor.post(SUGGEST, _suggestion())
    assert status == 303 and where == "/suggest-a-service/sent"
    thanks = visitor.get(where)
    assert "Thank you for your suggestion" in thanks and 'href="tel:999"' in thanks
    assert visitor.cookies == []
    [found] = _suggestions(portal)
    assert (found.name, found.website, found.contact_email, found.areas, found.crime_types, found.status) == (
        "Lincoln Burglary Support Group",
        "https://www.lincoln-bsg.example",
        "hello@lincoln-bsg.example",
        "Lincoln and North Kesteven",
        ["burglary", "robbery"],
        "open",
    )


def test_suggestion_errors_say_what_to_fix_and_keep_what_was_typed(portal: Flask) -> None:
    typed = _suggestion(name="", website="not a website", contact_email="hello at example", areas="", crime_types=[])
    status, _, html = Public(portal).post(SUGGEST, typed)
    assert status == 200
    assert summary_errors(html) == [
        "Enter the name of the service or organisation",
        "Enter the website address in the correct format, like https://www.example.org",
        "Enter an email address in the correct format, like name@example.org",
        "Enter the areas the service covers",
        "Select the crimes the service helps with",
    ]
    assert 'value="not a website"' in html and 'value="hello at example"' in html
    status, _, html = Public(portal).post(SUGGEST, _suggestion(crime_types=["burglary", "not-a-crime"]))
    assert summary_errors(html) == ["Select the crimes the service helps with"]
    assert 'value="burglary" checked' in html and 'value="Lincoln Burglary Support Group"' in html
    assert _suggestions(portal) == []


# ---------------------------------------------------------------- partners: reports


def test_an_editor_sees_and_closes_only_their_own_organisations_reports(portal: Flask) -> None:
    _report(portal, REPORT_A, "number", "Rang twice")
    _report(portal, REPORT_A, "closed")
    _report(portal, REPORT_B, "area", "Does not cover Boston")
    report_a, _, report_b = (r.id for r in _reports(portal))
    editor_a = signed_in_as(portal, EDITOR_A)
    text = page_text(editor_a.get("/partners/reports"))
    assert "Rang twice" in text and "2 open reports" in text and "Does not cover Boston" not in text
    # Another organisation's report: not there at all, and closing it does nothing.
    assert editor_a.get(f"/partners/reports?service={service_id(portal, SERVICE_B)}").status_code == 404
    response = editor_a.post(f"/partners/reports/{report_b}/close", token_from="/partners/reports")
    assert response.status_code == 404
    assert [r.status for r in _reports(portal)] == ["open", "open", "open"]
    # Their own: closed, and in the audit log.
    response = editor_a.post(f"/partners/reports/{report_a}/close", token_from="/partners/reports")
    assert response.status_code == 302
    assert [r.status for r in _reports(portal)] == ["closed", "open", "open"]
    [event] = audit_events(portal, "listing_report_closed")
    assert event["actor"] == EDITOR_A and event["entity_id"] == str(report_a)
    assert event["before"] == {"status": "open"} and event["after"]["service"] == SERVICE_A
    admin_log = page_text(signed_in_as(portal, ADMIN).get("/partners/admin/audit"))
    assert "Closed a problem the public reported with a listing" in admin_log
    closed = page_text(editor_a.get("/partners/reports?status=closed"))
    assert "Rang twice" in closed and f"by {EDITOR_A}" in closed
    editor_b = signed_in_as(portal, EDITOR_B)
    assert "Does not cover Boston" in page_text(editor_b.get("/partners/reports"))
    assert "Rang twice" not in page_text(editor_b.get("/partners/reports?status=closed"))


def test_moderators_see_every_report_with_counts_on_the_dashboard_and_listing(portal: Flask) -> None:
    _report(portal, REPORT_A, "number")
    _report(portal, REPORT_A, "closed")
    _report(portal, REPORT_B, "other")
    moderator = signed_in_as(portal, MODERATOR)
    dashboard = moderator.get("/partners/dashboard").get_data(as_text=True)
    a, b = service_id(portal, SERVICE_A), service_id(portal, SERVICE_B)
    assert f'href="/partners/reports?service={a}">2 problems reported</a>' in dashboard
    assert f'href="/partners/reports?service={b}">1 problem reported</a>' in dashboard
    assert "Problems reported by the public: 2 open." in page_text(moderator.get(f"/partners/services/{a}"))
    only_b = page_text(moderator.get(f"/partners/reports?service={b}"))
    assert "Something else" in only_b and "The phone number did not work" not in only_b
    report_b = _reports(portal)[2].id
    assert moderator.post(f"/partners/reports/{report_b}/close", token_from="/partners/reports").status_code == 302
    assert f"?service={b}" not in moderator.get("/partners/dashboard").get_data(as_text=True)
    editor_a = signed_in_as(portal, EDITOR_A)
    own = editor_a.get("/partners/dashboard").get_data(as_text=True)
    assert "2 problems reported" in own and f"?service={b}" not in own


def test_closing_needs_a_csrf_token_and_a_signed_in_partner(portal: Flask) -> None:
    _report(portal)
    report = _reports(portal)[0].id
    assert Browser(portal).post_raw(f"/partners/reports/{report}/close").status_code in (302, 400)
    editor = signed_in_as(portal, EDITOR_A)
    assert editor.post_raw(f"/partners/reports/{report}/close", {}).status_code == 400
    assert _reports(portal)[0].status == "open"


# ---------------------------------------------------------------- partners: suggestions


def test_admins_mark_suggestions_done_or_declined_and_others_cannot_see_the_queue(portal: Flask) -> None:
    Public(portal).post(SUGGEST, _suggestion())
    Public(portal).post(SUGGEST, _suggestion(name="Boston Victim Circle"))
    first, second = (s.id for s in _suggestions(portal))
    for who in (MODERATOR, EDITOR_A):
        partner = signed_in_as(portal, who)
        assert partner.get("/partners/suggestions").status_code == 404
        assert partner.post(f"/partners/suggestions/{first}/done", token_from="/partners/dashboard").status_code == 404
    admin = signed_in_as(portal, ADMIN)
    queue = page_text(admin.get("/partners/suggestions"))
    assert "Waiting (2)" in queue and "Lincoln and North Kesteven" in queue and "Burglary, Robbery" in queue
    assert admin.post(f"/partners/suggestions/{first}/done", token_from="/partners/suggestions").status_code == 302
    assert admin.post(f"/partners/suggestions/{second}/declined", token_from="/partners/suggestions").status_code == 302
    assert [s.status for s in _suggestions(portal)] == ["done", "declined"]
    assert [(e["action"], e["actor"]) for e in audit_events(portal) if e["entity_type"] == "service_suggestion"] == [
        ("service_suggestion_done", ADMIN),
        ("service_suggestion_declined", ADMIN),
    ]
    assert "There are no waiting suggestions" in page_text(admin.get("/partners/suggestions"))
    assert "Boston Victim Circle" in page_text(admin.get("/partners/suggestions?status=declined"))
    # Once handled, a second click changes nothing and logs nothing.
    admin.post(f"/partners/suggestions/{second}/done", token_from="/partners/suggestions")
    assert _suggestions(portal)[1].status == "declined"
    assert len([e for e in audit_events(portal) if e["entity_type"] == "service_suggestion"]) == 2
