"""A real browser walks the victim's journey and the officer's form and is left with no cookie at all:
a cookie is a trace on a shared or watched device."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, PageOpener

pytestmark = pytest.mark.browser


def _walk_to_results(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Start now").click()
    expect(page).to_have_url(re.compile(r"/what-happened$"))
    page.get_by_role("button", name="Continue").click()  # nothing chosen: the error page, too, sets none
    expect(page).to_have_title(re.compile(r"^Error: What happened\?"))
    page.get_by_label("Burglary", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/where/burglary$"))
    page.get_by_label("What is your postcode?").fill("not a postcode")
    page.get_by_role("button", name="Find help").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_role("link", name="I do not know the postcode").click()
    expect(page).to_have_url(re.compile(r"/where/burglary/place$"))
    page.get_by_label("Which town, city or council area do you live in?").fill("Newport")
    page.get_by_role("button", name="Continue").click()  # a name with several places: which one?
    expect(page).to_have_title(re.compile(r"^Which Newport do you mean\?"))
    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(re.compile(r"/where/burglary/place$"))
    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(re.compile(r"/where/burglary$"))
    page.get_by_label("What is your postcode?").fill("ln1 3aa")
    page.get_by_role("button", name="Find help").click()
    expect(page).to_have_url(re.compile(r"/support/burglary/ln1-3$"))
    expect(page.locator("main")).to_contain_text("Lincolnshire Police")
    page.goto("/advice/burglary")
    page.goto("/rights")


@pytest.mark.parametrize(("viewport", "js"), [(PHONE, True), (DESKTOP, False)], ids=["phone-js", "desktop-nojs"])
def test_the_victim_journey_from_start_to_results_leaves_no_cookie(
    open_page: PageOpener, viewport: dict[str, int], js: bool
) -> None:
    page = open_page(viewport, js=js)
    _walk_to_results(page)
    assert page.context.cookies() == []
    if js:
        assert page.evaluate("document.cookie") == ""


def test_the_officer_form_leaves_no_cookie(phone_page: Page) -> None:
    phone_page.goto("/officer")
    phone_page.get_by_label("Burglary", exact=True).check()
    phone_page.get_by_label("Postcode or district").fill("LN1 3AA")
    phone_page.get_by_label("English", exact=True).check()
    phone_page.get_by_role("button", name="Get the link and QR code").click()
    expect(phone_page).to_have_url(re.compile(r"/officer/burglary/ln1-3$"))
    phone_page.goto("/officer/burglary/ln1-3/card")
    assert phone_page.context.cookies() == []


@pytest.mark.parametrize(("viewport", "js"), [(PHONE, False), (DESKTOP, True)], ids=["phone-nojs", "desktop-js"])
def test_reporting_a_problem_and_suggesting_a_service_leave_no_cookie(
    open_page: PageOpener, viewport: dict[str, int], js: bool
) -> None:
    """These forms store something, yet need no cookie: their token is signed and carried in the page."""
    page = open_page(viewport, js=js)
    page.goto("/support/burglary/ln1-3")
    page.get_by_role("link", name=re.compile(r"^Report a problem")).first.click()
    page.get_by_role("button", name="Send report").click()  # the error page, too, sets none
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Something else").check()
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_title(re.compile(r"^Thank you for your report"))
    page.goto("/suggest-a-service")
    page.get_by_label("Name of the service or organisation").fill("A group that is not listed")
    page.get_by_label("Contact email address").fill("group@example.org")
    page.get_by_label("Which areas does it cover?").fill("Lincoln")
    page.get_by_label("Burglary", exact=True).check()
    page.get_by_role("button", name="Send suggestion").click()
    expect(page).to_have_title(re.compile(r"^Thank you for your suggestion"))
    assert page.context.cookies() == []
    if js:
        assert page.evaluate("document.cookie") == ""
