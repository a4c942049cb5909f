"""The officer toolkit's Welsh outputs in headless Chromium: the officer picks Welsh, the QR code scans to the
/cy/ results page, the Welsh card and leaflet print on one page each (A6, A5) in Welsh with a QR code to the
Welsh pages, and every page passes axe at 320px and 1280px, JavaScript on and off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    VARIANTS,
    PageOpener,
    assert_no_horizontal_scroll,
    stub_other_hosts,
)
from tests.browser.test_accessibility import run_axe
from tests.browser.test_journey import EXIT_URL
from tests.browser.test_officer import (
    A5_PT,
    A6_PT,
    assert_size,
    pdf_pages,
    pdf_text,
    print_to_pdf,
    qr_on_paper,
    qr_on_screen,
)

pytestmark = pytest.mark.browser

WELSH_RESULTS = "/cy/support/burglary/cf10-1"


def check(page: Page, js: bool) -> None:
    """axe finds nothing, nothing scrolls sideways, and the browser holds no cookie (the officer's form too)."""
    results = run_axe(page, js=js)
    assert results.violations_count == 0, results.generate_report()
    assert_no_horizontal_scroll(page)
    assert page.context.cookies() == []


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_an_officer_chooses_welsh_and_gets_welsh_links(open_page: PageOpener, live_server: str, variant: str) -> None:
    viewport, js = VARIANTS[variant]
    page = open_page(viewport, js=js)
    page.goto("/officer")
    page.get_by_label("Burglary", exact=True).check()
    page.get_by_label("Postcode or district").fill("CF10 1EP")
    page.get_by_role("button", name="Get the link and QR code").click()  # no language chosen
    expect(page).to_have_title(re.compile(r"^Error: Share help with a victim of crime"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select English or Welsh for the link, card and leaflet")
    expect(page.get_by_label("Postcode or district")).to_have_value("CF10 1EP")
    check(page, js)
    summary.get_by_role("link", name="Select English or Welsh for the link, card and leaflet").click()
    page.get_by_label("Welsh (Cymraeg)").check()
    page.get_by_role("button", name="Get the link and QR code").click()
    expect(page).to_have_url(re.compile(r"/officer/burglary/cf10-1\?language=cy$"))
    expect(page.locator("#results-url")).to_have_text(f"{live_server}{WELSH_RESULTS}")
    assert qr_on_screen(page) == [f"{live_server}{WELSH_RESULTS}"]
    if viewport == PHONE:  # the code is on the first screen, ready to show
        box = page.locator("svg.signpost-qr").bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    check(page, js)
    page.get_by_role("link", name=re.compile(r"^Victim card .*in Welsh$")).click()
    expect(page).to_have_url(re.compile(r"/cy/officer/burglary/cf10-1/card$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("h1")).to_have_text("Help ar ôl byrgleriaeth")
    check(page, js)
    page.get_by_role("link", name="Yn ôl").click()
    expect(page).to_have_url(re.compile(r"/officer/burglary/cf10-1\?language=cy$"))
    page.get_by_role("link", name=re.compile(r"^Leaflet for neighbours .*in Welsh$")).click()
    expect(page).to_have_url(re.compile(r"/cy/officer/burglary/cf10-1/leaflet$"))
    check(page, js)


def test_the_welsh_card_prints_on_one_a6_page_in_welsh(open_page: PageOpener, live_server: str, tmp_path: Path) -> None:
    page = open_page(DESKTOP, js=True)
    page.goto("/cy/officer/burglary/cf10-1/card")
    pdf = print_to_pdf(page, tmp_path / "card-cy.pdf")
    pages, size = pdf_pages(pdf)
    assert pages == 1
    assert_size(size, A6_PT)
    text = pdf_text(pdf)
    for expected in (
        "Help ar ôl byrgleriaeth",
        "Ffonio’r heddlu",
        "os ydych chi mewn perygl",
        "Heddlu De Cymru",
        "Llinell Gymorth Cymorth i Ddioddefwyr",
        "0808 168 9111",
        "Beth sy’n digwydd nesaf",
        "Cyfeirnod y drosedd",
        "Enw a rhif y swyddog",
        f"{live_server}{WELSH_RESULTS}",
    ):
        assert expected in text, expected
    for absent in ("Gadael y dudalen hon", "Officer toolkit", "Print the card", "Call the police", "Free support"):
        assert absent not in text, absent
    assert qr_on_paper(pdf, tmp_path) == [f"{live_server}{WELSH_RESULTS}"]


def test_a_welsh_card_with_long_english_names_still_fits_one_page(open_page: PageOpener, tmp_path: Path) -> None:
    # London: an English force and service with no Welsh names, beside the Welsh text.
    page = open_page(DESKTOP, js=True)
    page.goto("/cy/officer/burglary/sw1a-1/card")
    pdf = print_to_pdf(page, tmp_path / "card-cy-london.pdf")
    assert pdf_pages(pdf)[0] == 1
    text = pdf_text(pdf)
    assert "Metropolitan Police" in text and "London Victim and Witness Service" in text
    assert "Beth sy’n digwydd nesaf" in text


def test_the_welsh_leaflet_prints_on_one_a5_page_in_welsh(
    open_page: PageOpener, live_server: str, tmp_path: Path
) -> None:
    page = open_page(DESKTOP, js=True)
    page.goto("/cy/officer/burglary/cf10-1/leaflet")
    pdf = print_to_pdf(page, tmp_path / "leaflet-cy.pdf")
    pages, size = pdf_pages(pdf)
    assert pages == 1
    assert_size(size, A5_PT)
    text = pdf_text(pdf)
    for expected in (
        "Mae rhywun wedi torri i mewn i gartref yn agos atoch chi yn ddiweddar",
        "am tua mis",
        "Dyddiad y fyrgleriaeth",
        "Clowch eich sied a’ch garej",
        "Gwarchod Cymdogaeth",
        "Heddlu De Cymru",
        f"{live_server}{WELSH_RESULTS}",
    ):
        assert expected in text, expected
    for absent in ("Gadael y dudalen hon", "Officer toolkit", "Print the leaflet", "Lock your shed"):
        assert absent not in text, absent
    assert qr_on_paper(pdf, tmp_path) == [f"{live_server}{WELSH_RESULTS}#protect"]


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(
    "url",
    ["/cy/officer/burglary/cf10-1/card", "/cy/officer/burglary/ln1-3/card", "/cy/officer/burglary/cf10-1/leaflet"],
)
def test_welsh_printables_pass_axe_on_screen(open_page: PageOpener, variant: str, url: str) -> None:
    viewport, js = VARIANTS[variant]
    page = open_page(viewport, js=js)
    page.goto(url)
    expect(page.locator(".govuk-exit-this-page")).to_contain_text("Gadael y dudalen hon")
    check(page, js)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_exit_this_page_works_on_the_welsh_card(open_page: PageOpener, viewport: dict[str, int]) -> None:
    page = open_page(viewport, js=True, allow_hosts=frozenset({"www.bbc.co.uk"}))
    intercepted = stub_other_hosts(page)
    page.goto("/cy/officer/burglary/cf10-1/card")
    expect(page.locator(".govuk-exit-this-page__indicator")).to_be_attached()
    page.get_by_role("button", name=re.compile("Gadael y dudalen hon")).click()
    page.wait_for_url(EXIT_URL)
    assert intercepted[:1] == [EXIT_URL]
