"""axe-core (WCAG 2.x A and AA rules) on every public page and error state, phone and desktop, JS on and off."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import VARIANTS, VariantPages, assert_no_horizontal_scroll, wait_for_stylesheet

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Report passes and incomplete checks in summary only: violations are still listed in full.
    "resultTypes": ["violations"],
}
# A postcode that is well formed but that no table knows (LN99 is not a district). "ZZ9 9ZZ" will not
# do: the parser rejects ZZ as a postcode area, so it gets the "Enter a real postcode" error instead.
UNKNOWN_POSTCODE = "LN99 9ZZ"


def visit(path: str, status: int = 200) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        response = page.goto(path)
        assert response is not None and response.status == status, f"{path}: {response and response.status}"

    return go


def submit_nothing(page: Page) -> None:
    visit("/what-happened")(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what happened")


def submit_postcode(typed: str, title: str) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        visit("/where/burglary")(page)
        page.get_by_label("What is your postcode?").fill(typed)
        page.get_by_role("button", name="Find help").click()
        expect(page).to_have_title(re.compile("^" + re.escape(title)))

    return go


def submit_place(typed: str, title: str) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        visit("/where/burglary/place")(page)
        page.get_by_label("Which town, city or council area do you live in?").fill(typed)
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_title(re.compile("^" + re.escape(title)))

    return go


# The victim journey, its answers and its error states: checked with JavaScript on and off.
JOURNEY_PAGES: dict[str, Callable[[Page], None]] = {
    "start": visit("/"),
    "what-happened": visit("/what-happened"),
    "where": visit("/where/burglary"),
    "which-nation": visit("/where/burglary/country"),
    "results-sector": visit("/support/burglary/ln1-3"),
    "results-uk": visit("/support/domestic-abuse/uk"),
    "results-nation": visit("/support/burglary/scotland"),
    "error-what-happened": submit_nothing,
    "error-postcode": submit_postcode("not a postcode", "Error: What is your postcode?"),
    "unknown-postcode": submit_postcode(UNKNOWN_POSTCODE, "We could not find that postcode"),
    "outside-uk": submit_postcode("IM1 1AA", "This service covers the UK only"),
    "postcode-not-found-in-district": submit_postcode("LN1 9ZZ", "Help after burglary"),
    "place-name": visit("/where/burglary/place"),
    "place-name-error": submit_place("Atlantis", "Error: Which town, city or council area"),
    "place-choice": submit_place("Newport", "Which Newport do you mean?"),
    "results-council": visit("/support/domestic-abuse/cardiff"),
    "results-sexual-violence": visit("/support/sexual-violence/ln1-3"),
    "change-what-happened": visit("/what-happened?crime=burglary&area=ln1-3"),
}
# Information pages: the same layout and no forms; checked with JavaScript on and off as well,
# since it costs a few seconds.
INFORMATION_PAGES: dict[str, Callable[[Page], None]] = {
    "advice": visit("/advice/burglary"),
    "rights": visit("/rights"),
    "staying-safe-online": visit("/staying-safe-online"),
    "accessibility": visit("/accessibility"),
    "privacy": visit("/privacy"),
    "data-sources": visit("/data-sources"),
    "not-found": visit("/no-such-page", status=404),
    "not-found-area": visit("/support/burglary/ln99-9", status=404),
}


def submit_welsh_postcode(page: Page) -> None:
    visit("/cy/where/burglary")(page)
    page.get_by_label("Beth yw eich cod post?").fill("not a postcode")
    page.get_by_role("button", name="Dod o hyd i help").click()
    expect(page).to_have_title(re.compile("^Gwall: Beth yw eich cod post?"))


# The Welsh pages (/cy/): the same components with Welsh text, and English content marked lang="en".
WELSH_PAGES: dict[str, Callable[[Page], None]] = {
    "cy-start": visit("/cy/"),
    "cy-what-happened": visit("/cy/what-happened"),
    "cy-where": visit("/cy/where/burglary"),
    "cy-error-postcode": submit_welsh_postcode,
    "cy-results-sector": visit("/cy/support/burglary/cf10-1"),
    "cy-results-uk": visit("/cy/support/domestic-abuse/uk"),
    "cy-advice": visit("/cy/advice/burglary"),
    "cy-advice-domestic-abuse": visit("/cy/advice/domestic-abuse"),
    "cy-advice-cyber-crime": visit("/cy/advice/cyber-crime"),
    "cy-rights": visit("/cy/rights"),
    "cy-accessibility": visit("/cy/accessibility"),
    "cy-not-found": visit("/cy/no-such-page", status=404),
}
PAGES = JOURNEY_PAGES | INFORMATION_PAGES | WELSH_PAGES


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_violations(variant_pages: VariantPages, name: str, variant: str) -> None:
    page = variant_pages(variant)
    PAGES[name](page)
    results = run_axe(page, js=VARIANTS[variant][1])
    assert results.violations_count == 0, results.generate_report()
    assert_no_horizontal_scroll(page)
    assert not variant_pages.opener.foreign_requests()


@pytest.mark.parametrize("variant", ["phone-js", "phone-nojs"])
def test_axe_finds_a_planted_violation(variant_pages: VariantPages, variant: str) -> None:
    """Guards the two ways of running axe above: a run that checked nothing would pass every page."""
    page = variant_pages(variant)
    visit("/where/burglary")(page)
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    results = run_axe(page, js=VARIANTS[variant][1])
    assert [violation["id"] for violation in results.response["violations"]] == ["label"]


def run_axe(page: Page, *, js: bool) -> AxeResults:
    wait_for_stylesheet(page)
    return AXE.run(page, options=AXE_OPTIONS) if js else run_axe_without_javascript(page)


# With JavaScript disabled, Chromium still evaluates what Playwright sends and settles promises, but runs
# no task callbacks: not setTimeout, queueMicrotask or MutationObserver. axe.run() resolves its results
# through setTimeout(..., 0), so on its own it never finishes (and page.evaluate would wait forever).
# The shim turns zero-delay timers into promise callbacks and drops timers with a real delay: in axe
# those are only time-outs for failures (preloading assets, frames) and cache expiry.
TIMER_SHIM = """() => {
    const cancelled = new Set();
    let lastId = 0;
    window.setTimeout = (callback, delay, ...args) => {
        const id = ++lastId;
        if (!(delay > 1)) Promise.resolve().then(() => { if (!cancelled.has(id)) callback(...args); });
        return id;
    };
    window.clearTimeout = (id) => { cancelled.add(id); };
}"""
AXE_DEADLINE_SECONDS = 30


def run_axe_without_javascript(page: Page) -> AxeResults:
    """axe on a page loaded with JavaScript off: the page's own scripts never ran; only axe runs."""
    page.evaluate(TIMER_SHIM)
    page.evaluate(AXE.axe_script)
    page.evaluate(
        """options => {
            window.__signpostAxe = null;
            axe.run(document, options).then(
                results => { window.__signpostAxe = {results}; },
                error => { window.__signpostAxe = {error: String(error)}; });
        }""",
        AXE_OPTIONS,
    )
    # Poll from here rather than await in the page, so a run that cannot finish fails instead of hanging.
    deadline = time.monotonic() + AXE_DEADLINE_SECONDS
    while (outcome := page.evaluate("window.__signpostAxe")) is None:
        assert time.monotonic() < deadline, f"axe did not finish on {page.url} within {AXE_DEADLINE_SECONDS}s"
        time.sleep(0.05)
    assert "error" not in outcome, f"axe failed on {page.url}: {outcome['error']}"
    # The page is as a visitor without JavaScript sees it: GOV.UK Frontend never started.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')") is False
    assert page.locator(".govuk-exit-this-page__indicator").count() == 0
    return AxeResults(outcome["results"])
