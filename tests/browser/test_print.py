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
    """Print the page to an A4 PDF, as the browser's Print does, and return its text with whitespace collapsed."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4", print_background=False)
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
    for expected in (
        "Lincolnshire Police",
        # Phone numbers, with the number to dial after each, as the print stylesheet shows link targets.
        "Call 999 (tel:999)",
        "Call 0808 168 9111 (tel:08081689111)",
        "Victim Lincs",
        "Call 01522 947510 (tel:01522947510)",
        # Web addresses after the link text.
        "Victim Support Supportline website (https://www.victimsupport.org.uk)",
        "Lincolnshire Police website (https://www.lincs.police.uk)",
        # The link to this page, to find it again.
        f"{live_server}{RESULTS}",
    ):
        assert expected in text, expected
