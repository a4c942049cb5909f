"""The officer toolkit through the Flask test client, with CSRF on: form, share page, card and leaflet."""

from __future__ import annotations

import logging
import re

import html5lib
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from signpost.extensions import db
from tests.support.pages import check_page
from tests.support.stored import columns_holding

RESULTS_URL = "http://localhost/support/burglary/ln1-3"
POSTCODE_FORMS = ("LN1 3AA", "LN13AA", "ln1 3aa", "ln13aa", "LN1+3AA", "LN1%203AA")
ENTER_AREA = "Enter a postcode or district"
NOT_FOUND = "We could not find that postcode. Check it, or enter the district, like LN1"


def post_officer(client: FlaskClient, crime: str | None, area: str | None, language: str | None = "en") -> TestResponse:
    data = {}
    if crime is not None:
        data["crime"] = crime
    if area is not None:
        data["area"] = area
    if language is not None:
        data["language"] = language
    return client.post("/officer", data=data)


def qr_svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b[^>]*class=\"signpost-qr\".*?</svg>", page, flags=re.DOTALL)


def assert_inline_qr(page: str, url: str) -> None:
    """One QR code, drawn inline: an <svg> element with its accessible name, no inline styles,
    no XML declaration and no image to fetch."""
    svgs = qr_svgs(page)
    assert len(svgs) == 1, svgs
    svg = svgs[0]
    assert svg.startswith('<svg role="img"')
    assert f"<title>QR code for {url}</title>" in svg
    assert "style=" not in svg and "<style" not in svg
    assert 'class="signpost-qr__modules"' in svg
    assert "<?xml" not in page
    assert "<img" not in page
    assert re.search(r'<path class="signpost-qr__modules" stroke="#000" d="M[0-9hvm. -]+"', svg)


# --- the form ------------------------------------------------------------------------------------


def test_officer_page_has_the_form(client: FlaskClient) -> None:
    response = client.get("/officer")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Share help with a victim of crime &ndash; Signpost</title>" in page
    assert 'name="crime"' in page and 'value="burglary"' in page and 'value="domestic-abuse"' in page
    assert 'name="area"' in page and 'autocomplete="off"' in page
    assert 'name="csrf_token"' not in page  # the form changes nothing: no token, so no cookie
    assert "govuk-exit-this-page" in page
    assert check_page(response) == []


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("ln1 3aa", "ln1-3"),
        ("LN13AA", "ln1-3"),
        ("  LN1 3AA  ", "ln1-3"),
        ("LN1 3", "ln1-3"),
        ("LN1", "ln1"),
        ("eh1 1yz", "eh1-1"),
        ("BT1", "bt1"),
    ],
)
def test_post_redirects_to_the_share_page_with_the_sector_or_district(
    client: FlaskClient, typed: str, slug: str
) -> None:
    response = post_officer(client, "burglary", typed)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/officer/burglary/{slug}")


def test_the_officer_journey(client: FlaskClient) -> None:
    chosen = post_officer(client, "burglary", "LN1 3AA")
    assert chosen.status_code == 303
    share = client.get(chosen.headers["Location"])
    page = share.get_data(as_text=True)
    assert share.status_code == 200
    assert "Help after burglary" in page
    assert "LN1 3, Lincoln" in page
    assert f'id="results-url" href="{RESULTS_URL}">{RESULTS_URL}</a>' in page
    assert_inline_qr(page, RESULTS_URL)
    # Copy link is an enhancement: hidden until officer.js shows it (a same-origin script the CSP allows).
    assert re.search(
        r'<button type="button" class="[^"]*" data-officer-copy="results-url" hidden>Copy link</button>', page
    )
    assert re.search(r'<script type="module" src="/static/js/officer.js"></script>', page)
    assert 'href="/officer/burglary/ln1-3/card"' in page
    assert 'href="/officer/burglary/ln1-3/leaflet"' in page
    assert check_page(share) == []

    results = client.get(RESULTS_URL)
    assert results.status_code == 200  # the link the officer shares is the victim's results page


def test_no_leaflet_link_for_other_crimes(client: FlaskClient) -> None:
    page = client.get("/officer/theft/ln1-3").get_data(as_text=True)
    assert 'href="/officer/theft/ln1-3/card"' in page
    assert "leaflet" not in page.lower()


@pytest.mark.parametrize(
    ("crime", "typed", "messages"),
    [
        (None, "LN1 3AA", ["Select what happened"]),
        ("burglary", "", [ENTER_AREA]),
        ("burglary", "   ", [ENTER_AREA]),
        ("burglary", "not a postcode", ["Enter a real postcode, like LN1 3AA"]),
        ("burglary", "LN", ["Enter a full postcode, like LN1 3AA, or the district, like LN1"]),
        ("burglary", "LN99 9ZZ", [NOT_FOUND]),
        ("burglary", "LN98 9ZZ", [NOT_FOUND]),
        ("burglary", "LN99", [NOT_FOUND]),
        ("burglary", "IM1 1AA", ["Signpost covers the UK only"]),
        ("burglary", "JE2 4WD", ["Signpost covers the UK only"]),
        (None, None, ["Select what happened", ENTER_AREA]),
    ],
)
def test_errors_say_what_to_fix_and_keep_what_was_typed(
    client: FlaskClient, crime: str | None, typed: str | None, messages: list[str]
) -> None:
    response = post_officer(client, crime, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Share help with a victim of crime" in page
    assert 'class="govuk-error-summary"' in page
    for message in messages:
        assert page.count(message) >= 2, message  # in the summary and next to the field
    if typed and typed.strip():
        assert f'value="{typed.strip()}"' in page
    if crime:
        assert re.search(rf'<input[^>]*value="{crime}"[^>]*checked|<input[^>]*checked[^>]*value="{crime}"', page)
    assert check_page(response) == []


def test_error_summary_links_to_the_fields(client: FlaskClient) -> None:
    page = post_officer(client, None, "").get_data(as_text=True)
    document = html5lib.parse(page, namespaceHTMLElements=False)
    summary = document.find(".//div[@class='govuk-error-summary']")
    assert summary is not None
    hrefs = [a.get("href") for a in summary.iter("a")]
    assert hrefs == ["#crime", "#area"]
    ids = {el.get("id") for el in document.iter() if el.get("id")}
    assert {"crime", "area"} <= ids


def test_the_form_needs_no_csrf_token_and_sets_no_cookie(client: FlaskClient) -> None:
    response = client.post("/officer", data={"crime": "burglary", "area": "LN1 3AA", "language": "en"})
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers


def test_unknown_crime_answer_is_rejected(client: FlaskClient) -> None:
    response = post_officer(client, "not-a-crime", "LN1 3AA")
    assert response.status_code == 200
    assert "Error: " in response.get_data(as_text=True)


# --- share page, card and leaflet ----------------------------------------------------------------------


def test_card_has_the_qr_code_numbers_helpline_and_write_in_lines(client: FlaskClient) -> None:
    response = client.get("/officer/burglary/ln1-3/card")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert_inline_qr(page, RESULTS_URL)
    assert RESULTS_URL in page
    assert "<strong>999</strong>" in page and "<strong>101</strong>" in page
    # The local victim service for the place, and the nation's general line (no national line for burglary).
    assert "Victim Lincs" in page and "01522 947510" in page
    assert "Victim Support Supportline" in page and "0808 168 9111" in page
    assert "Victim Support Scotland" not in page
    assert "Crime reference number" in page and "Officer name and number" in page
    # Blank lines for a pen: no field on the card can send anything.
    main = page[page.index('<main class="govuk-main-wrapper') : page.index("</main>")]
    assert "<form" not in main and "<input" not in main and "<textarea" not in main
    assert '<link rel="stylesheet" href="/static/css/print-card.css">' in page
    assert "signpost-printable--card" in page
    assert "govuk-exit-this-page" in page  # kept on screen; print-card.css hides it on paper
    assert check_page(response) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/officer/burglary/sw1a-1/card",
            ["Metropolitan Police", "London Victim and Witness Service", "0808 168 9291"],
        ),
        ("/officer/burglary/ln1-3/card", ["Lincolnshire Police", "Victim Lincs", "01522 947510"]),
    ],
)
def test_card_names_the_force_and_the_local_victim_service(client: FlaskClient, url: str, expected: list[str]) -> None:
    page = client.get(url).get_data(as_text=True)
    card = page[page.index('class="signpost-card"') :]
    for text in expected:
        assert text in card, text
    assert "What happens next" in card and "put you in touch with a victim support service" in card


@pytest.mark.parametrize(
    ("url", "expected", "absent"),
    [
        ("/officer/burglary/eh1-1/card", ["Victim Support Scotland helpline", "0800 160 1985"], ["Supportline"]),
        (
            "/officer/domestic-abuse/ln1-3/card",
            ["Lincolnshire Domestic Abuse Specialist Service", "National Domestic Abuse Helpline", "0808 200 0247"],
            ["Scotland", "Respect Phoneline"],
        ),
        ("/officer/burglary/bt1/card", ["Victim Support NI"], ["Supportline", "Scotland"]),
        ("/officer/fraud/cf10-1/card", ["Report Fraud", "Victim Support Supportline"], ["Crimestoppers"]),
    ],
)
def test_card_names_the_helplines_for_that_crime_and_nation(
    client: FlaskClient, url: str, expected: list[str], absent: list[str]
) -> None:
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    card = page[page.index('class="signpost-card"') :]
    for text in expected:
        assert text in card, text
    for text in absent:
        assert text not in card, text
    assert check_page(response) == []


def test_leaflet_has_the_risk_the_prevention_steps_and_a_qr_code_to_the_area_results(client: FlaskClient) -> None:
    response = client.get("/officer/burglary/ln1-3/leaflet")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">A home near you was recently broken into</h1>' in page
    assert page.count("about a month") == 1  # said once
    # The evidence-based steps come from the burglary advice in the database, the neighbours' items only.
    assert "Mark your valuables with your postcode and house number" in page
    assert "Lock your shed and garage" in page
    assert "Report people or vehicles that look suspicious" in page
    for victim_only in ("Fix the door or window the burglar used", "Tell your neighbours what happened"):
        assert victim_only not in page, victim_only
    # It names the force and how to report, and has a date line for the officer to fill in.
    assert "Lincolnshire Police" in page and "<strong>101</strong>" in page
    assert "Date of the burglary" in page
    # Its QR code opens the area's burglary page at the prevention advice.
    assert_inline_qr(page, RESULTS_URL + "#protect")
    assert "signpost-printable--leaflet" in page
    assert '<link rel="stylesheet" href="/static/css/print-card.css">' in page
    assert check_page(response) == []


def test_print_stylesheet_sizes_the_pages_and_hides_exit_this_page(client: FlaskClient) -> None:
    with client.get("/static/css/print-card.css") as response:
        css = response.get_data(as_text=True)
    assert re.search(r"@page card \{\s*size: 105mm 148mm;", css)  # A6
    assert re.search(r"@page leaflet \{\s*size: A5", css)
    print_rules = css[css.index("@media print") :]
    assert ".govuk-exit-this-page" in print_rules
    assert "url(" not in css and "@import" not in css  # nothing else to fetch


def test_print_stylesheet_only_on_the_printables(client: FlaskClient) -> None:
    for url in ("/officer", "/officer/burglary/ln1-3", "/support/burglary/ln1-3"):
        assert "print-card.css" not in client.get(url).get_data(as_text=True), url


@pytest.mark.parametrize(
    "url",
    [
        "/officer/not-a-crime/ln1-3",
        "/officer/burglary/zz99-9",
        "/officer/burglary/LN1-3",
        "/officer/burglary/ln1-3aa",
        "/officer/burglary/uk",
        "/officer/not-a-crime/ln1-3/card",
        "/officer/burglary/zz99-9/card",
        "/officer/burglary/zz99-9/leaflet",
        "/officer/theft/ln1-3/leaflet",
        "/officer/domestic-abuse/ln1-3/leaflet",
    ],
)
def test_unknown_crime_or_area_is_a_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/officer",
        "/officer/burglary/ln1-3",
        "/officer/burglary/ln1",
        "/officer/something-else/eh1-1",
        "/officer/burglary/ln1-3/card",
        "/officer/stalking/bt1/card",
        "/officer/burglary/ln1-3/leaflet",
        "/officer/burglary/w1/leaflet",
    ],
)
def test_every_officer_page_is_well_formed(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert check_page(response) == []
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "style-src 'self'" in csp
    assert " style=" not in response.get_data(as_text=True)


def test_the_officer_route_exists(app: Flask) -> None:
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert {
        "/officer",
        "/officer/<crime>/<area>",
        "/officer/<crime>/<area>/card",
        "/officer/burglary/<area>/leaflet",
    } <= rules


# --- privacy ---------------------------------------------------------------------------------------


def officer_journey(client: FlaskClient) -> list[TestResponse]:
    responses = [client.get("/officer")]
    responses.append(post_officer(client, "burglary", "ln1 3aa"))
    share = responses[-1].headers["Location"]
    responses.append(client.get(share))
    responses.append(client.get(f"{share}/card"))
    responses.append(client.get(f"{share}/leaflet"))
    return responses


def test_full_postcode_is_never_in_a_url_cookie_or_page_link(client: FlaskClient) -> None:
    responses = officer_journey(client)
    assert responses[1].headers["Location"].endswith("/officer/burglary/ln1-3")
    for response in responses:
        assert response.status_code in (200, 303)
        location = response.headers.get("Location", "").lower()
        cookies = " ".join(response.headers.getlist("Set-Cookie")).lower()
        hrefs = " ".join(re.findall(r'(?:href|src|action)="([^"]*)"', response.get_data(as_text=True))).lower()
        for form in POSTCODE_FORMS:
            assert form.lower() not in location
            assert form.lower() not in cookies
            assert form.lower() not in hrefs
    session = client.get_cookie("session")
    if session is not None:
        assert "ln1" not in session.value.lower()


def test_officer_input_is_never_logged(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    officer_journey(client)
    text = caplog.text.lower()
    for form in POSTCODE_FORMS:
        assert form.lower() not in text


def test_officer_input_is_never_written_to_the_database(app: Flask, client: FlaskClient) -> None:
    officer_journey(client)
    db.session.commit()  # anything a request left pending would now be in the tables
    # The reference table of every UK postcode is skipped: it is not anyone's input.
    assert columns_holding(db.session, "%ln1 3aa%", "%ln13aa%") == []


def test_share_page_can_text_or_email_the_link(client: FlaskClient) -> None:
    page = client.get("/officer/burglary/ln1-3").get_data(as_text=True)
    encoded = "http%3A//localhost/support/burglary/ln1-3"
    assert f'href="sms:?&amp;body={encoded}"' in page
    assert re.search(rf'href="mailto:\?subject=[^"]+&amp;body=[^"]*{re.escape(encoded)}"', page)
    assert "data-officer-share" in page  # the device share sheet, added by officer.js where it exists
