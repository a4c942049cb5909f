"""Report a problem and suggest a service in Welsh, in headless Chromium: from a Welsh results page to the
Welsh thank-you page and back, with Welsh errors on the way (the character count too, with JavaScript), at
320px and 1280px, JavaScript on and off; axe on every page, no sideways scrolling, no cookie.

Uses test_feedback.py's own app and live server (these tests write)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import ListingReport, ServiceSuggestion
from tests.browser.conftest import VARIANTS, PageOpener
from tests.browser.test_feedback import check, feedback_app, live_server  # noqa: F401 (the fixtures)

pytestmark = pytest.mark.browser

RESULTS = "/cy/support/burglary/ln1-3"


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_report_a_problem_in_welsh(open_page: PageOpener, feedback_app: Flask, variant: str) -> None:  # noqa: F811
    viewport, js = VARIANTS[variant]
    page = open_page(viewport, js=js)
    page.goto(RESULTS)
    page.get_by_role("link", name="Rhoi gwybod am broblem gyda’r cofnod ar gyfer Victim Lincs").first.click()
    expect(page).to_have_url(re.compile(r"/cy/report-a-problem/burglary/ln1-3/"))
    expect(page).to_have_title(re.compile(r"^Rhoi gwybod am broblem gyda Victim Lincs"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    check(page, js)
    detail = page.get_by_label("Dywedwch ragor wrthym (dewisol)")
    detail.fill(f"Dim ateb am 9yb ({variant})")
    if js:  # GOV.UK's character count, with the Welsh messages passed to it
        expect(page.locator(".govuk-character-count__status")).to_contain_text("nod ar ôl")
    page.get_by_role("button", name="Anfon yr adroddiad").click()  # no answer chosen
    expect(page).to_have_title(re.compile(r"^Gwall: Rhoi gwybod am broblem"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Mae problem wedi codi")
    expect(summary).to_contain_text("Dewiswch beth sy’n anghywir gyda’r cofnod hwn")
    expect(detail).to_have_value(f"Dim ateb am 9yb ({variant})")
    check(page, js)
    page.get_by_label("Nid oedd y rhif ffôn yn gweithio").check()
    page.get_by_role("button", name="Anfon yr adroddiad").click()
    expect(page).to_have_title(re.compile(r"^Diolch am eich adroddiad"))
    check(page, js)
    page.get_by_role("link", name="Mynd yn ôl i’r help a gawsoch chi").click()
    expect(page).to_have_url(re.compile(rf"{RESULTS}$"))
    assert page.context.cookies() == []
    with feedback_app.app_context():
        details = list(db.session.scalars(select(ListingReport.detail)))
    assert f"Dim ateb am 9yb ({variant})" in details


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_suggest_a_service_in_welsh(open_page: PageOpener, feedback_app: Flask, variant: str) -> None:  # noqa: F811
    viewport, js = VARIANTS[variant]
    page = open_page(viewport, js=js)
    page.goto(RESULTS)
    page.get_by_role("link", name="Awgrymu gwasanaeth").click()
    expect(page).to_have_url(re.compile(r"/cy/suggest-a-service$"))
    expect(page).to_have_title(re.compile(r"^Awgrymu gwasanaeth"))
    check(page, js)
    name = f"Grŵp Cymorth Byrgleriaeth {variant}"
    page.get_by_label("Enw’r gwasanaeth neu’r sefydliad").fill(name)
    page.get_by_label("Cyfeiriad e-bost cyswllt").fill("nid e-bost")
    page.get_by_role("button", name="Anfon yr awgrym").click()
    expect(page).to_have_title(re.compile(r"^Gwall: Awgrymu gwasanaeth"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Rhowch gyfeiriad e-bost yn y fformat cywir")
    expect(summary).to_contain_text("Rhowch yr ardaloedd y mae’r gwasanaeth yn eu cwmpasu")
    expect(summary).to_contain_text("Dewiswch y troseddau y mae’r gwasanaeth yn helpu gyda nhw")
    expect(page.get_by_label("Enw’r gwasanaeth neu’r sefydliad")).to_have_value(name)
    check(page, js)
    page.get_by_label("Cyfeiriad e-bost cyswllt").fill("helo@example.org")
    page.get_by_label("Pa ardaloedd y mae’n eu cwmpasu?").fill("Caerdydd")
    page.get_by_label("Byrgleriaeth", exact=True).check()
    page.get_by_role("button", name="Anfon yr awgrym").click()
    expect(page).to_have_title(re.compile(r"^Diolch am eich awgrym"))
    check(page, js)
    with feedback_app.app_context():
        assert db.session.scalar(select(ServiceSuggestion.status).where(ServiceSuggestion.name == name)) == "open"
