"""The partner portal in headless Chromium: sign in through the real form, then axe (WCAG 2.x A and AA) on every
page an editor or admin sees, and the error states, at 320px and 1280px. No page may scroll sideways at 320px
or request another host.

This module runs its own live server (it overrides conftest's `live_server`), on a database of its own with an
admin and an editor added by the app's own account functions: the editor's edit leaves a change waiting for
review, which the other browser tests' shared database should not have to hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import ChangeRequest, Organisation, Service
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    PageOpener,
    assert_no_horizontal_scroll,
    wait_for_stylesheet,
)
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.support.live_server import PASSWORD, serving, site_with_accounts

pytestmark = pytest.mark.browser

AXE = Axe()
ADMIN = "admin@example.org"
EDITOR = "editor@victimlincs.example"
# Victim Lincs is not trusted, so the editor's changes wait for review and never reach the public pages.
ORGANISATION, SERVICE = "victim-lincs", "lincolnshire-victim-lincs"
ACCOUNTS = {"admin": ADMIN, "editor": EDITOR}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
BAD_WEBSITE = "http://insecure.example"


# ---------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def partner_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on the real curated dataset, with an admin and an editor of Victim Lincs who have passwords."""
    with site_with_accounts(
        tmp_path_factory, "partners", {ADMIN: ("admin", None), EDITOR: ("editor", ORGANISATION)}
    ) as app:
        with app.app_context():
            organisation = db.session.scalar(select(Organisation).where(Organisation.slug == ORGANISATION))
            assert organisation is not None and not organisation.trusted
        yield app


@pytest.fixture(scope="module")
def live_server(partner_app: Flask) -> Iterator[str]:
    """This module's app served on 127.0.0.1 (replaces conftest's session-wide server for these tests)."""
    with serving(partner_app) as url:
        yield url


@pytest.fixture(scope="module")
def service_id(partner_app: Flask) -> int:
    with partner_app.app_context():
        found = db.session.scalar(select(Service.id).where(Service.slug == SERVICE))
    assert found is not None
    return found


# ---------------------------------------------------------------- signed-in pages


def sign_in(page: Page, address: str, password: str = PASSWORD) -> None:
    """Sign in as a person would, through the form on /partners."""
    page.goto("/partners")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


class PartnerPages:
    """One page per (who, viewport), opened on first use (and signed in, unless "anonymous"), then reused."""

    def __init__(self, opener: PageOpener) -> None:
        self.opener = opener
        self.pages: dict[tuple[str, str], Page] = {}

    def __call__(self, who: str, viewport: str) -> Page:
        if (who, viewport) not in self.pages:
            page = self.opener(VIEWPORTS[viewport], js=True)
            if who != "anonymous":
                sign_in(page, ACCOUNTS[who])
                expect(page).to_have_url(re.compile(r"/partners/dashboard$"))
            self.pages[who, viewport] = page
        return self.pages[who, viewport]


@pytest.fixture(scope="module")
def partner_pages(browser: Browser, live_server: str) -> Iterator[PartnerPages]:
    """Like conftest's variant_pages: fails at the end if any page requested a host other than 127.0.0.1."""
    opener = PageOpener(browser, live_server)
    try:
        yield PartnerPages(opener)
    finally:
        foreign = opener.foreign_requests()
        opener.close()
    assert not foreign, f"pages requested other hosts: {foreign}"


@pytest.fixture(scope="module")
def pending_change(partner_pages: PartnerPages, partner_app: Flask, service_id: int) -> int:
    """The editor edits their listing through the form; the change waits for review. Returns its id."""
    page = partner_pages("editor", "desktop")
    visit(f"/partners/services/{service_id}/edit")(page)
    page.get_by_label("What the service does", exact=True).fill(
        "Free, confidential help for anyone affected by crime in Lincolnshire."
    )
    page.get_by_label("Website", exact=True).fill("https://www.example.org/victim-lincs")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your changes have been sent for review.")
    with partner_app.app_context():
        change = db.session.scalar(
            select(ChangeRequest.id).where(ChangeRequest.service_id == service_id, ChangeRequest.status == "pending")
        )
    assert change is not None
    return change


# ---------------------------------------------------------------- the pages


@dataclass(frozen=True)
class Ids:
    service: int
    change: int


Visit = Callable[[Page, Ids], None]


def visit(path: str) -> Callable[[Page], None]:
    """Open `path` and check it is the page itself: not an error, not a redirect to sign in."""

    def go(page: Page) -> None:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert urlsplit(page.url).path == path, f"{path} went to {page.url}"

    return go


def at(path: str) -> Visit:
    return lambda page, ids: visit(path.format(service=ids.service, change=ids.change))(page)


def sign_in_wrongly(page: Page, ids: Ids) -> None:
    # An address with no account, so the attempts count against nobody's sign-in limit.
    sign_in(page, "nobody@example.org", "not the password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the email address and password")


def edit_with_a_bad_website(page: Page, ids: Ids) -> None:
    visit(f"/partners/services/{ids.service}/edit")(page)
    page.get_by_label("Website", exact=True).fill(BAD_WEBSITE)
    page.get_by_role("button", name="Send for review").click()
    expect(page).to_have_title(re.compile(r"^Error: Edit "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a website address that starts with https://")
    expect(page.get_by_label("Website", exact=True)).to_have_value(BAD_WEBSITE)


def review_with_a_diff(page: Page, ids: Ids) -> None:
    at("/partners/review/{change}")(page, ids)
    expect(page.locator(".signpost-diff-new").first).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("https://www.example.org/victim-lincs")


def section_with_a_bad_phone_on_row_2(page: Page, ids: Ids) -> None:
    visit(f"/partners/services/{ids.service}/changes/contact")(page)
    page.get_by_label("Phone 2: number").fill("0800 12")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile(r"^Error: How to contact"))
    expect(page.locator("#phones-1-number-error")).to_contain_text("Enter a real UK phone number")
    expect(page.get_by_label("Phone 2: number")).to_have_value("0800 12")


WELSH_NAME_TOO_LONG = "Gwasanaeth " * 19  # 208 characters once trimmed; 200 at most, as for the English


def welsh_section_with_a_name_too_long(page: Page, ids: Ids) -> None:
    visit(f"/partners/services/{ids.service}/changes/welsh")(page)
    name = page.get_by_label("Service name in Welsh (optional)")
    expect(name).to_have_attribute("lang", "cy")  # read and spellchecked as Welsh, in an English page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    name.fill(WELSH_NAME_TOO_LONG)
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Welsh language"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The Welsh service name must be 200 characters or fewer (it has 208)"
    )
    expect(page.locator("#name_cy-error")).to_contain_text("The Welsh service name must be 200 characters or fewer")
    expect(name).to_have_value(WELSH_NAME_TOO_LONG.strip())
    expect(name).to_have_attribute("lang", "cy")


def filter_the_dashboard(page: Page) -> None:
    visit("/partners/dashboard")(page)
    page.get_by_label("Search by name").fill("lincs")
    page.get_by_label("Only listings that need checking").check()
    page.get_by_role("button", name="Show listings").click()
    expect(page).to_have_url(re.compile(r"q=lincs&.*needs_checking=y"))
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()


def invite_without_mail(page: Page, ids: Ids) -> None:
    """This app has no mail server: the admin is shown the link to pass on."""
    visit("/partners/admin/invite")(page)
    page.get_by_label("Email address").fill("new.moderator@example.org")
    page.get_by_label("Review changes (moderator)").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "No email was sent. Copy this link and send it to new.moderator@example.org"
    )
    expect(page.locator("#one-time-link")).to_contain_text("/partners/invitation/")


# name: (who, how to get there)
PAGES: dict[str, tuple[str, Visit]] = {
    "task-list": ("editor", at("/partners/services/{service}/changes")),
    **{
        f"section-{name}": ("editor", at(f"/partners/services/{{service}}/changes/{name}"))
        for name in ("about", "contact", "hours", "places", "areas", "crimes", "audience", "welsh")
    },
    "section-errors": ("editor", section_with_a_bad_phone_on_row_2),
    "section-welsh-errors": ("editor", welsh_section_with_a_name_too_long),
    "invite-without-mail": ("admin", invite_without_mail),
    "dashboard-filtered": ("admin", lambda page, ids: filter_the_dashboard(page)),
    "sign-in": ("anonymous", at("/partners")),
    "sign-in-errors": ("anonymous", sign_in_wrongly),
    "reset-password": ("anonymous", at("/partners/reset-password")),
    "dashboard-editor": ("editor", at("/partners/dashboard")),
    "dashboard-admin": ("admin", at("/partners/dashboard")),
    "service": ("editor", at("/partners/services/{service}")),
    "edit": ("editor", at("/partners/services/{service}/edit")),
    "edit-errors": ("editor", edit_with_a_bad_website),
    "review-list": ("admin", at("/partners/review")),
    "review-diff": ("admin", review_with_a_diff),
    "stale": ("admin", at("/partners/stale")),
    "coverage": ("admin", at("/partners/coverage")),
    "users": ("admin", at("/partners/admin/users")),
    "invite": ("admin", at("/partners/admin/invite")),
    "organisations": ("admin", at("/partners/admin/organisations")),
    "audit": ("admin", at("/partners/admin/audit")),
    "import": ("admin", at("/partners/admin/import")),
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_violations(
    partner_pages: PartnerPages, service_id: int, pending_change: int, name: str, viewport: str
) -> None:
    who, go = PAGES[name]
    page = partner_pages(who, viewport)
    go(page, Ids(service_id, pending_change))
    wait_for_stylesheet(page)
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert_no_horizontal_scroll(page)
    assert not partner_pages.opener.foreign_requests()


def test_review_list_shows_the_pending_change(partner_pages: PartnerPages, pending_change: int) -> None:
    """Guards the review pages above: they must have had a change to show, not an empty list."""
    page = partner_pages("admin", "desktop")
    visit("/partners/review")(page)
    page.get_by_role("link", name=re.compile(r"^Edit: ")).click()
    expect(page).to_have_url(re.compile(rf"/partners/review/{pending_change}$"))
