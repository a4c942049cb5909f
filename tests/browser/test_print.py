"""A results page printed from Chromium: a clean handout with the numbers and where each link goes, and none of
the screen-only controls (the Print and Copy link buttons, Exit this page)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PageOpener

pytestmark = pytest.mark.browser

RESULTS = "/support/burglary/ln1-3"


def printed_text(page: Page, path: Path) -> str:
    """Print the page to PDF as the browser's Print does, on the paper size the page's stylesheet asks for
    (Chromium's default is US Letter), and return its text with whitespace collapsed."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=False)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


def test_results_page_prints_numbers_and_link_targets_without_screen_controls(
    open_page: PageOpener, live_server: str, tmp_path: Path
) -> None:
    page = open_page(DESKTOP, js=True)
    page.goto(RESULTS)
    # On screen, with JavaScript, the controls are there: their absence on paper is the print stylesheet's doing.
    print_button = page.get_by_role("button", name="Print this page")
    copy_button = page.get_by_role("button", name="Copy link")
    expect(print_button).to_be_visible()
    expect(copy_button).to_be_visible()
    expect(page.locator(".govuk-exit-this-page")).to_be_visible()

    text = printed_text(page, tmp_path / "results.pdf")
    for absent in (
        "Print this page", "Copy link", "Exit this page", "Save or share this page", "Start again",
        "Change", "(/rights)", "(/what-happened)",
    ):  # fmt: skip
        assert absent not in text, absent
    # A phone number is printed as itself, never followed by "(tel:...)".
    assert "tel:" not in text and "sms:" not in text
    for expected in (
        "Lincolnshire Police",
        "Call 999",
        "Call 101",
        "Victim Lincs",
        "Call 01522 947510",
        # Closed sections print open: the other helplines are on paper too.
        "Victim Support Supportline",
        "0808 168 9111",
        # Web addresses after the link text.
        "Website (https://www.victimsupport.org.uk)",
        "Lincolnshire Police website (https://www.lincs.police.uk)",
        # The link to this page, to find it again.
        f"{live_server}{RESULTS}",
    ):
        assert expected in text, expected
    # On A4 paper (595 x 842 points), not US Letter.
    info = subprocess.run(["pdfinfo", str(tmp_path / "results.pdf")], check=True, capture_output=True, text=True)
    assert re.search(r"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info.stdout), info.stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert pages <= 6, f"{pages} pages"
