"""The victim journey in a real browser: phone and desktop, JavaScript on and off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, PageOpener, assert_no_horizontal_scroll, stub_other_hosts

pytestmark = pytest.mark.browser

EXIT_URL = "https://www.bbc.co.uk/weather"


def assert_exit_this_page(page: Page) -> None:
    """Every victim page keeps the Exit this page button and its skip link, both leaving for BBC Weather."""
    expect(page.locator("a.govuk-exit-this-page__button")).to_have_attribute("href", EXIT_URL)
    expect(page.locator("a.govuk-js-exit-this-page-skiplink")).to_have_attribute("href", EXIT_URL)


def error_summary(page: Page) -> str:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    return summary.inner_text()


def test_burglary_in_lincoln(any_page: Page, open_page: PageOpener) -> None:
    page = any_page
    page.goto("/")
    expect(page).to_have_title(re.compile(r"^Get help after a crime"))
    assert_exit_this_page(page)
    assert_no_horizontal_scroll(page)

    page.get_by_role("button", name="Start now").click()
    expect(page).to_have_url(re.compile(r"/what-happened$"))
    expect(page.get_by_role("heading", level=1, name="What happened?")).to_be_visible()
    assert_exit_this_page(page)
    assert_no_horizontal_scroll(page)

    page.get_by_label("Burglary", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/where/burglary$"))
    assert_exit_this_page(page)
    assert_no_horizontal_scroll(page)

    page.get_by_label("What is your postcode?").fill("ln1 3aa")
    page.get_by_role("button", name="Find help").click()

    expect(page).to_have_url(re.compile(r"/support/burglary/ln1-3$"))
    expect(page).to_have_title(re.compile(r"^Help after burglary"))
    main = page.locator("main")
    expect(main).to_contain_text("Lincolnshire Police")
    expect(main.locator("#emergency")).to_contain_text("If you are in danger now, call 999")
    expect(main.get_by_role("link", name="Call 999")).to_be_visible()
    # Start here: the local victim service, with a big call button.
    start_here = main.locator(".signpost-lead").first
    expect(start_here.get_by_role("heading", name="Victim Lincs")).to_be_visible()
    expect(start_here.get_by_role("link", name="Call 01522 947510")).to_be_visible()
    # The national line is one tap away, in its group of other helplines.
    supportline = main.get_by_role("heading", name="Victim Support Supportline")
    expect(supportline).to_be_hidden()
    main.get_by_text("Support after any crime").click()
    expect(supportline).to_be_visible()
    expect(main.locator('a[href="tel:08081689111"]').first).to_have_text("0808 168 9111")
    # The sector is what a shared link carries; the full postcode never reaches a URL.
    expect(page.locator("#share-url")).to_have_text(re.compile(r"^http://127\.0\.0\.1:\d+/support/burglary/ln1-3$"))
    assert_exit_this_page(page)
    assert_no_horizontal_scroll(page)

    requested = open_page.requests(page)
    assert any(url.endswith("/support/burglary/ln1-3") for url in requested)
    leaked = [url for url in requested if "3aa" in url.lower().replace("%20", "").replace("+", "")]
    assert not leaked, f"full postcode in a URL: {leaked}"


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_nothing_selected(open_page: PageOpener, js: bool) -> None:
    page = open_page(PHONE, js=js)
    page.goto("/what-happened")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: What happened\?"))
    assert "Select what happened" in error_summary(page)
    expect(page.locator(".govuk-error-message")).to_contain_text("Select what happened")
    # The summary links to the first radio, so a keyboard user lands on the question.
    page.locator(".govuk-error-summary").get_by_role("link", name="Select what happened").click()
    expect(page.get_by_label("Burglary", exact=True)).to_be_focused()
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter a postcode"), ("not a postcode", "Enter a real postcode, like LN1 3AA")],
    ids=["empty", "malformed"],
)
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_postcode_errors(open_page: PageOpener, js: bool, typed: str, message: str) -> None:
    page = open_page(PHONE, js=js)
    page.goto("/where/burglary")
    postcode = page.get_by_label("What is your postcode?")
    postcode.fill(typed)
    page.get_by_role("button", name="Find help").click()
    expect(page).to_have_url(re.compile(r"/where/burglary$"))
    expect(page).to_have_title(re.compile(r"^Error: What is your postcode\?"))
    assert message in error_summary(page)
    expect(page.locator(".govuk-error-message")).to_contain_text(message)
    expect(postcode).to_have_value(typed)
    # The message is read out with the field (GOV.UK pattern: aria-describedby, not a colour alone).
    expect(postcode).to_have_attribute("aria-describedby", re.compile(r"\bpostcode-error\b"))
    expect(page.locator("#postcode-error")).to_contain_text(message)
    page.locator(".govuk-error-summary").get_by_role("link", name=message).click()
    expect(postcode).to_be_focused()
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_no_postcode_scotland(open_page: PageOpener, js: bool) -> None:
    page = open_page(PHONE, js=js)
    page.goto("/where/burglary")
    page.get_by_role("link", name="I do not know the postcode, or I would rather not say").click()
    expect(page).to_have_url(re.compile(r"/where/burglary/place$"))
    page.get_by_role("link", name="I would rather just choose my country").click()
    expect(page).to_have_url(re.compile(r"/where/burglary/country$"))
    expect(page.get_by_role("heading", level=1, name="Which country do you live in?")).to_be_visible()
    page.get_by_label("Scotland", exact=True).check()
    page.get_by_role("button", name="Find help").click()
    expect(page).to_have_url(re.compile(r"/support/burglary/scotland$"))
    main = page.locator("main")
    expect(main.locator(".signpost-answers")).to_contain_text("Scotland")
    expect(
        main.locator(".signpost-lead").get_by_role("heading", name=re.compile(r"^Victim Support Scotland"))
    ).to_be_visible()
    expect(main).not_to_contain_text("Victim Support Supportline")  # the England and Wales service
    assert_exit_this_page(page)
    assert_no_horizontal_scroll(page)


def test_isle_of_man_postcode(phone_page: Page) -> None:
    page = phone_page
    page.goto("/where/burglary")
    page.get_by_label("What is your postcode?").fill("IM1 1AA")
    page.get_by_role("button", name="Find help").click()
    expect(page).to_have_title(re.compile(r"^This service covers the UK only"))
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("This service covers the UK only")
    expect(main).to_contain_text("Your postcode is in the Isle of Man.")
    expect(main.locator('a[href="tel:999"]')).to_be_visible()
    expect(main.get_by_role("link", name="enter your postcode again")).to_have_attribute("href", "/where/burglary")
    assert "im1" not in page.url.lower()
    assert_exit_this_page(page)
    assert_no_horizontal_scroll(page)


def test_exit_this_page_with_shift_three_times(open_page: PageOpener) -> None:
    page = open_page(PHONE, js=True, allow_hosts=frozenset({"www.bbc.co.uk"}))
    intercepted = stub_other_hosts(page)
    page.goto("/support/burglary/ln1-3")
    # GOV.UK Frontend has started once the button has its (JavaScript-built) keypress indicator.
    expect(page.locator(".govuk-exit-this-page__indicator")).to_be_attached()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    assert intercepted[:1] == [EXIT_URL]  # the first request off the site is the exit itself


def test_exit_this_page_button_with_javascript(open_page: PageOpener) -> None:
    page = open_page(DESKTOP, js=True, allow_hosts=frozenset({"www.bbc.co.uk"}))
    intercepted = stub_other_hosts(page)
    page.goto("/where/burglary")
    expect(page.locator(".govuk-exit-this-page__indicator")).to_be_attached()
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(EXIT_URL)
    assert intercepted[:1] == [EXIT_URL]  # the first request off the site is the exit itself


def test_exit_this_page_in_welsh(open_page: PageOpener) -> None:
    page = open_page(PHONE, js=True, allow_hosts=frozenset({"www.bbc.co.uk"}))
    intercepted = stub_other_hosts(page)
    page.goto("/cy/support/burglary/cf10-1")
    expect(page.locator(".govuk-exit-this-page__indicator")).to_be_attached()
    page.keyboard.press("Shift")
    # GOV.UK Frontend's screen-reader message, in Welsh from the component's parameters.
    expect(page.locator('.govuk-exit-this-page [role="status"]')).to_have_text("Shift, pwyswch 2 waith eto i adael.")
    page.get_by_role("button", name="Gadael y dudalen hon").click()
    page.wait_for_url(EXIT_URL)
    assert intercepted[:1] == [EXIT_URL]


def test_exit_this_page_without_javascript(phone_page_no_js: Page) -> None:
    page = phone_page_no_js
    page.goto("/")
    assert_exit_this_page(page)
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()


def test_print_and_copy_buttons_with_javascript(open_page: PageOpener) -> None:
    page = open_page(DESKTOP, js=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/support/burglary/ln1-3")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.get_by_role("button", name="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_print_and_copy_buttons_hidden_without_javascript(desktop_page_no_js: Page) -> None:
    page = desktop_page_no_js
    page.goto("/support/burglary/ln1-3")
    expect(page.locator("[data-signpost-print]")).to_be_hidden()
    expect(page.locator("[data-signpost-copy]")).to_be_hidden()
    # Without the buttons the link itself is still there to copy by hand.
    expect(page.locator("#share-url")).to_have_text(re.compile(r"/support/burglary/ln1-3$"))
