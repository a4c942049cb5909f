"""Report a problem with a listing and suggest a service, in headless Chromium: from the results page to the
thank-you page and back, with the errors on the way, at 320px and 1280px, JavaScript on and off; axe (WCAG 2.x A
and AA) on every page, no sideways scrolling, no cookie. Then the partner side: an editor closes the report,
an admin marks the suggestion done.

Like test_partners.py, this module runs its own live server on a database of its own (these tests write).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import ListingReport, ServiceSuggestion
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    VARIANTS,
    PageOpener,
    assert_no_horizontal_scroll,
    wait_for_stylesheet,
)
from tests.browser.test_accessibility import AXE_OPTIONS, run_axe
from tests.support.live_server import PASSWORD, serving, site_with_accounts

pytestmark = pytest.mark.browser

AXE = Axe()
ADMIN = "admin@example.org"
EDITOR = "editor@victimlincs.example"
SERVICE_NAME = "Victim Lincs"
RESULTS = "/support/burglary/ln1-3"


@pytest.fixture(scope="module")
def feedback_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    accounts = {ADMIN: ("admin", None), EDITOR: ("editor", "victim-lincs")}
    # Every test here posts from 127.0.0.1.
    with site_with_accounts(
        tmp_path_factory, "feedback", accounts, SIGNPOST_FEEDBACK_RATE_LIMIT="1000 per hour"
    ) as app:
        yield app


@pytest.fixture(scope="module")
def live_server(feedback_app: Flask) -> Iterator[str]:
    with serving(feedback_app) as url:
        yield url


def check(page: Page, js: bool) -> None:
    """axe finds nothing, nothing scrolls sideways, and the browser holds no cookie."""
    results = run_axe(page, js=js)
    assert results.violations_count == 0, results.generate_report()
    assert_no_horizontal_scroll(page)
    assert page.context.cookies() == []


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_report_a_problem_from_a_service_card_and_back(
    open_page: PageOpener, feedback_app: Flask, variant: str
) -> None:
    viewport, js = VARIANTS[variant]
    page = open_page(viewport, js=js)
    page.goto(RESULTS)
    page.get_by_role("link", name=f"Report a problem with the listing for {SERVICE_NAME}").first.click()
    expect(page).to_have_title(re.compile(rf"^Report a problem with {SERVICE_NAME}"))
    check(page, js)
    detail = page.get_by_label("Tell us more (optional)")
    detail.fill(f"Rang at 9am ({variant}), no answer")
    if js:  # GOV.UK character count, kept up to date as they type
        expect(page.locator(".govuk-character-count__status")).to_contain_text("characters remaining")
    page.get_by_role("button", name="Send report").click()  # no answer chosen
    expect(page).to_have_title(re.compile(r"^Error: Report a problem"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what is wrong with this listing")
    expect(detail).to_have_value(f"Rang at 9am ({variant}), no answer")
    check(page, js)
    page.get_by_label("The phone number did not work").check()
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_title(re.compile(r"^Thank you for your report"))
    expect(page.locator("main")).to_contain_text("call 999")
    check(page, js)
    page.get_by_role("link", name="Go back to the help you found").click()
    expect(page).to_have_url(re.compile(rf"{RESULTS}$"))
    assert page.context.cookies() == []
    with feedback_app.app_context():
        details = list(db.session.scalars(select(ListingReport.detail)))
    assert f"Rang at 9am ({variant}), no answer" in details


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_suggest_a_service_from_the_results_page(open_page: PageOpener, feedback_app: Flask, variant: str) -> None:
    viewport, js = VARIANTS[variant]
    page = open_page(viewport, js=js)
    page.goto(RESULTS)
    page.get_by_role("link", name="Suggest a service").click()
    expect(page).to_have_title(re.compile(r"^Suggest a service"))
    check(page, js)
    name = f"Lincoln Burglary Group {variant}"
    page.get_by_label("Name of the service or organisation").fill(name)
    page.get_by_label("Contact email address").fill("not an email")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page).to_have_title(re.compile(r"^Error: Suggest a service"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(summary).to_contain_text("Enter the areas the service covers")
    expect(summary).to_contain_text("Select the crimes the service helps with")
    expect(page.get_by_label("Name of the service or organisation")).to_have_value(name)
    check(page, js)
    page.get_by_label("Contact email address").fill("hello@example.org")
    page.get_by_label("Which areas does it cover?").fill("Lincoln")
    page.get_by_label("Burglary", exact=True).check()
    page.get_by_role("button", name="Send suggestion").click()
    expect(page).to_have_title(re.compile(r"^Thank you for your suggestion"))
    check(page, js)
    with feedback_app.app_context():
        assert db.session.scalar(select(ServiceSuggestion.status).where(ServiceSuggestion.name == name)) == "open"


def sign_in(page: Page, address: str) -> None:
    page.goto("/partners")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/partners/dashboard$"))


def partner_check(page: Page) -> None:
    wait_for_stylesheet(page)
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_partners_close_a_report_and_mark_a_suggestion_done(
    open_page: PageOpener, feedback_app: Flask, viewport: dict[str, int]
) -> None:
    public = open_page(viewport, js=False)
    public.goto(RESULTS)
    public.get_by_role("link", name=f"Report a problem with the listing for {SERVICE_NAME}").first.click()
    public.get_by_label("It does not cover my area").check()
    public.get_by_role("button", name="Send report").click()
    public.goto("/suggest-a-service")
    public.get_by_label("Name of the service or organisation").fill(f"Boston Circle {viewport['width']}")
    public.get_by_label("Contact email address").fill("circle@example.org")
    public.get_by_label("Which areas does it cover?").fill("Boston")
    public.get_by_label("Fraud or a scam", exact=True).check()
    public.get_by_role("button", name="Send suggestion").click()
    expect(public).to_have_title(re.compile(r"^Thank you for your suggestion"))

    editor = open_page(viewport, js=True)
    sign_in(editor, EDITOR)
    reported = editor.get_by_role("link", name=re.compile(r"^\d+ problems? reported$"))
    expect(reported).to_have_count(1)
    partner_check(editor)
    reported.click()
    expect(editor.locator("main")).to_contain_text("It does not cover my area")
    partner_check(editor)
    before = editor.get_by_role("button", name=re.compile(r"^Close")).count()
    editor.get_by_role("button", name=re.compile(r"^Close")).first.click()
    expect(editor.locator(".govuk-notification-banner")).to_contain_text(f"The report about {SERVICE_NAME} is closed.")
    expect(editor.get_by_role("button", name=re.compile(r"^Close"))).to_have_count(before - 1)
    editor.get_by_role("link", name="Closed").click()
    partner_check(editor)

    admin = open_page(viewport, js=True)
    sign_in(admin, ADMIN)
    admin.get_by_role("link", name="Suggested services").click()
    expect(admin.locator("main")).to_contain_text(f"Boston Circle {viewport['width']}")
    partner_check(admin)
    # A screen reader hears the name too (visually hidden; Chromium adds a space before it).
    admin.get_by_role("button", name=re.compile(rf"^Mark as done\W+Boston Circle {viewport['width']}$")).click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("is marked as done")
    partner_check(admin)
