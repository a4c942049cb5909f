"""The officer toolkit in headless Chromium: the QR codes scan to the results link, the card and
leaflet print on their own page sizes with the right words, and every page passes axe."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, PageOpener, wait_for_stylesheet

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MM_TO_PT = 72 / 25.4
A6_PT = (105 * MM_TO_PT, 148 * MM_TO_PT)
A5_PT = (148 * MM_TO_PT, 210 * MM_TO_PT)


def decode_qr(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png))
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def qr_on_screen(page: Page) -> list[str]:
    """Screenshot the one inline QR code and decode it, as a phone camera would."""
    svg = page.locator("svg.signpost-qr")
    expect(svg).to_have_count(1)
    expect(svg).to_be_visible()
    return decode_qr(svg.screenshot())


def print_to_pdf(page: Page, path: Path) -> Path:
    # The page size comes from print-card.css (@page card / leaflet), not from Playwright.
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    return path


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


def pdf_pages(path: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, flags=re.MULTILINE)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, flags=re.MULTILINE)
    assert pages and size, info
    return int(pages.group(1)), (float(size.group(1)), float(size.group(2)))


def qr_on_paper(path: Path, tmp_path: Path) -> list[str]:
    """Rasterise the printed page at 150 dpi (a modest printer) and decode the QR code on it."""
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(prefix)], check=True)
    return decode_qr(prefix.with_suffix(".png").read_bytes())


def assert_size(actual: tuple[float, float], expected: tuple[float, float]) -> None:
    assert actual == pytest.approx(expected, abs=1.5), f"page is {actual} pt, expected {expected} pt"


def assert_no_axe_violations(page: Page) -> None:
    wait_for_stylesheet(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def assert_no_horizontal_scroll(page: Page) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width})"


def fill_officer_form(page: Page, crime: str, area: str, language: str = "English") -> None:
    page.goto("/officer")
    page.get_by_label(crime, exact=True).check()
    page.get_by_label("Postcode or district").fill(area)
    page.get_by_label(language, exact=True).check()
    page.get_by_role("button", name="Get the link and QR code").click()


@pytest.mark.parametrize(("viewport", "js"), [(PHONE, True), (PHONE, False), (DESKTOP, True)], ids=str)
def test_officer_gets_a_link_and_a_qr_code_that_scans_to_it(
    open_page: PageOpener, live_server: str, viewport: dict[str, int], js: bool
) -> None:
    page = open_page(viewport, js=js)
    fill_officer_form(page, "Burglary", "ln1 3aa")
    expect(page).to_have_url(re.compile(r"/officer/burglary/ln1-3$"))
    results_url = f"{live_server}/support/burglary/ln1-3"
    expect(page.locator("#results-url")).to_have_text(results_url)
    assert qr_on_screen(page) == [results_url]
    assert_no_horizontal_scroll(page)

    requested = open_page.requests(page)
    leaked = [url for url in requested if "3aa" in url.lower().replace("%20", "").replace("+", "")]
    assert not leaked, f"full postcode in a URL: {leaked}"
    assert not [url for url in requested if url.endswith((".png", ".svg")) and "favicon" not in url]

    page.get_by_role("link", name=re.compile(r"^Victim card")).click()
    expect(page).to_have_url(re.compile(r"/officer/burglary/ln1-3/card$"))
    assert qr_on_screen(page) == [results_url]
    assert_no_horizontal_scroll(page)


def test_copy_link_with_javascript(open_page: PageOpener, live_server: str) -> None:
    page = open_page(DESKTOP, js=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/officer/domestic-abuse/eh1-1")
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.get_by_role("button", name="Link copied")).to_be_visible()
    expect(page.locator("#copy-status")).to_have_text("The link has been copied.")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server}/support/domestic-abuse/eh1-1"


def test_copy_and_print_buttons_hidden_without_javascript(desktop_page_no_js: Page) -> None:
    page = desktop_page_no_js
    page.goto("/officer/burglary/ln1-3")
    expect(page.locator("[data-officer-copy]")).to_be_hidden()
    expect(page.locator("#results-url")).to_have_text(re.compile(r"/support/burglary/ln1-3$"))
    page.goto("/officer/burglary/ln1-3/card")
    expect(page.locator("[data-officer-print]")).to_be_hidden()


def test_print_button_with_javascript(desktop_page: Page) -> None:
    page = desktop_page
    page.goto("/officer/burglary/ln1-3/leaflet")
    expect(page.get_by_role("button", name="Print the leaflet")).to_be_visible()


def test_form_errors_keep_what_was_typed(phone_page_no_js: Page) -> None:
    page = phone_page_no_js
    fill_officer_form(page, "Theft or pickpocketing", "IM1 1AA")
    expect(page).to_have_title(re.compile(r"^Error: Share help with a victim of crime"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Signpost covers the UK only")
    expect(page.get_by_label("Postcode or district")).to_have_value("IM1 1AA")
    expect(page.get_by_label("Theft or pickpocketing", exact=True)).to_be_checked()
    page.get_by_label("Postcode or district").fill("LN99 9ZZ")
    page.get_by_role("button", name="Get the link and QR code").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "We could not find that postcode. Check it, or enter the district, like LN1"
    )
    page.get_by_label("Postcode or district").fill("ln1")
    page.get_by_role("button", name="Get the link and QR code").click()
    expect(page).to_have_url(re.compile(r"/officer/theft/ln1$"))


def test_victim_card_prints_on_one_a6_page(open_page: PageOpener, live_server: str, tmp_path: Path) -> None:
    page = open_page(DESKTOP, js=True)
    page.goto("/officer/burglary/ln1-3/card")
    pdf = print_to_pdf(page, tmp_path / "card.pdf")
    pages, size = pdf_pages(pdf)
    assert pages == 1
    assert_size(size, A6_PT)
    text = pdf_text(pdf)
    for expected in (
        "Help after burglary",
        "999",
        "101",
        "Victim Support Supportline",
        "0808 168 9111",
        "Crime reference number",
        "Officer name and number",
        f"{live_server}/support/burglary/ln1-3",
    ):
        assert expected in text, expected
    # Only the card prints: no Exit this page, no screen guidance, no footer.
    for absent in ("Exit this page", "Officer toolkit", "Print the card", "independent service", "Accessibility"):
        assert absent not in text, absent
    assert qr_on_paper(pdf, tmp_path) == [f"{live_server}/support/burglary/ln1-3"]


def test_card_uses_the_nations_helplines(open_page: PageOpener, tmp_path: Path) -> None:
    page = open_page(DESKTOP, js=True)
    page.goto("/officer/domestic-abuse/eh1-1/card")
    pdf = print_to_pdf(page, tmp_path / "card.pdf")
    assert pdf_pages(pdf)[0] == 1
    text = pdf_text(pdf)
    assert "Scotland's Domestic Abuse and Forced Marriage Helpline" in text
    assert "0800 027 1234" in text
    # What happens next follows Scotland's Victims' Code, which names Victim Support Scotland.
    assert "What happens next" in text and "Victim Support Scotland" in text
    assert "Police Scotland" in text
    assert "Supportline" not in text and "National Domestic Abuse Helpline" not in text


def test_neighbour_leaflet_prints_on_one_a5_page(open_page: PageOpener, live_server: str, tmp_path: Path) -> None:
    page = open_page(DESKTOP, js=True)
    page.goto("/officer/burglary/ln1-3/leaflet")
    pdf = print_to_pdf(page, tmp_path / "leaflet.pdf")
    pages, size = pdf_pages(pdf)
    assert pages == 1
    assert_size(size, A5_PT)
    text = pdf_text(pdf)
    for expected in (
        "A home near you was recently broken into",
        "about a month",
        "Lock your shed and garage",
        "999",
        "101",
        f"{live_server}/support/burglary/ln1-3",
    ):
        assert expected in text, expected
    for absent in ("Exit this page", "Officer toolkit", "Print the leaflet"):
        assert absent not in text, absent
    assert qr_on_paper(pdf, tmp_path) == [f"{live_server}/support/burglary/ln1-3#protect"]


@pytest.mark.parametrize("url", ["/officer/burglary/ln1-3/card", "/officer/burglary/ln1-3/leaflet"])
def test_exit_this_page_on_screen_but_not_in_print(desktop_page: Page, url: str) -> None:
    page = desktop_page
    page.goto(url)
    exit_button = page.locator(".govuk-exit-this-page")
    expect(exit_button).to_be_visible()
    page.emulate_media(media="print")
    expect(exit_button).to_be_hidden()
    expect(page.locator("header")).to_be_hidden()
    expect(page.locator(".signpost-no-print")).to_be_hidden()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(
    "url",
    [
        "/officer",
        "/officer/burglary/ln1-3",
        "/officer/domestic-abuse/bt1",
        "/officer/burglary/ln1-3/card",
        "/officer/burglary/ln1-3/leaflet",
    ],
)
def test_officer_pages_pass_axe(open_page: PageOpener, viewport: dict[str, int], url: str) -> None:
    page = open_page(viewport, js=True)
    page.goto(url)
    assert_no_axe_violations(page)
    if viewport == PHONE:
        assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_officer_form_with_errors_passes_axe(open_page: PageOpener, viewport: dict[str, int]) -> None:
    page = open_page(viewport, js=True)
    page.goto("/officer")
    page.get_by_role("button", name="Get the link and QR code").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select what happened")
    expect(summary).to_contain_text("Enter a postcode or district")
    assert_no_axe_violations(page)
    page.get_by_label("Postcode or district").fill("not a postcode")
    page.get_by_role("button", name="Get the link and QR code").click()
    expect(summary).to_contain_text("Enter a real postcode, like LN1 3AA")
    assert_no_axe_violations(page)


def test_share_page_shows_the_qr_code_on_the_first_phone_screen(open_page: PageOpener) -> None:
    for js in (True, False):
        page = open_page(PHONE, js=js)
        page.goto("/officer/burglary/ln1-3")
        box = page.locator("svg.signpost-qr").bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
