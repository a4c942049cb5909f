"""Welsh at /cy/: the language comes from the URL alone, links stay in the page's language, and the page
chrome has no English left in it."""

from __future__ import annotations

import re

import html5lib
import pytest
from flask.testing import FlaskClient

from tests.support.pages import check_page

# English words the chrome of every victim page would show if a message were left untranslated.
ENGLISH_CHROME = (
    "Exit this page",
    "Skip to main content",
    "Emergency",
    "Start now",
    "Continue",
    "Find help",
    "There is a problem",
    "Back</a>",
    "Change where",
    "Change what happened",
    "Accessibility",
    "Privacy",
    "Data sources",
    "Staying safe online",
    "independent service",
    "If you are in danger",
    "Call 999",
    "Call 101",
    "Warning",
    "Error:",
    "Report a problem",
    "Suggest a service",
)


def english_left(html: str) -> list[str]:
    """English chrome strings in a page, outside anything marked lang="en" (data with no Welsh yet)."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for el in list(document.iter()):
        if el.get("lang") == "en":
            el.clear()
    text = html5lib.serializer.serialize(document, omit_optional_tags=False)
    return [words for words in ENGLISH_CHROME if words in text]


def test_the_english_start_page_links_to_its_welsh_twin(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert re.search(r'<a class="govuk-link" href="/cy/" hreflang="cy" lang="cy">Cymraeg</a>', page)
    assert '<link rel="alternate" hreflang="cy" href="/cy/">' in page
    assert '<link rel="alternate" hreflang="en" href="/">' in page


def test_the_welsh_start_page_is_welsh_and_links_back(client: FlaskClient) -> None:
    response = client.get("/cy/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    assert '<h1 class="govuk-heading-xl">Cael help ar ôl trosedd</h1>' in page
    assert re.search(r'<span class="govuk-visually-hidden">Argyfwng</span> Gadael y dudalen hon\s*</a>', page)
    assert 'data-i18n.press-two-more-times="Shift, pwyswch 2 waith eto i adael."' in page
    assert 'href="/" hreflang="en" lang="en">English</a>' in page
    assert 'href="/cy/what-happened"' in page  # Start now stays in Welsh
    assert 'href="/cy/privacy"' in page  # and so does the footer
    assert english_left(page) == []
    assert check_page(response) == []


@pytest.mark.parametrize(
    "path",
    ["/cy/what-happened", "/cy/where/burglary", "/cy/where/burglary/place", "/cy/where/burglary/country"],
)
def test_question_pages_have_no_english_chrome(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    assert english_left(page) == []
    assert f'href="{path[3:]}" hreflang="en"' in page  # the same page in English
    assert check_page(response) == []


def test_a_welsh_answer_leads_to_the_welsh_next_question(client: FlaskClient) -> None:
    chosen = client.post("/cy/what-happened", data={"crime": "burglary"})
    assert chosen.status_code == 303
    assert chosen.headers["Location"].endswith("/cy/where/burglary")
    located = client.post("/cy/where/burglary", data={"postcode": "CF10 1EP"})
    assert located.status_code == 303
    assert located.headers["Location"].endswith("/cy/support/burglary/cf10-1")


@pytest.mark.parametrize(
    ("postcode", "message"),
    [("", "Rhowch god post"), ("not a postcode", "Rhowch god post go iawn, fel CF10 1EP")],
)
def test_the_postcode_error_is_in_welsh(client: FlaskClient, postcode: str, message: str) -> None:
    response = client.post("/cy/where/burglary", data={"postcode": postcode})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Gwall: " in page
    assert "Mae problem wedi codi" in page  # the error summary's title
    assert '<span class="govuk-visually-hidden">Gwall:</span>' in page
    assert page.count(message) >= 2  # in the summary and next to the field
    assert english_left(page) == []
    assert check_page(response) == []


def test_welsh_pages_set_no_cookie(client: FlaskClient) -> None:
    for response in (
        client.get("/cy/"),
        client.post("/cy/what-happened", data={"crime": "burglary"}),
        client.post("/cy/where/burglary", data={"postcode": "CF10 1EP"}),
        client.get("/cy/support/burglary/cf10-1"),
    ):
        assert "Set-Cookie" not in response.headers
    assert not client._cookies  # type: ignore[attr-defined]


def test_the_language_never_comes_from_the_browser(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert '<html lang="en"' in page and "Get help after a crime" in page
    page = client.get("/cy/", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert '<html lang="cy"' in page and "Cael help ar ôl trosedd" in page


def test_welsh_and_english_results_are_cached_apart(client: FlaskClient) -> None:
    english = client.get("/support/burglary/cf10-1").get_data(as_text=True)
    welsh = client.get("/cy/support/burglary/cf10-1").get_data(as_text=True)
    again = client.get("/support/burglary/cf10-1").get_data(as_text=True)
    assert '<html lang="en"' in english and '<html lang="en"' in again
    assert '<html lang="cy"' in welsh
    assert "/cy/support/burglary/cf10-1" in welsh  # its share link is the Welsh page


def test_a_welsh_page_that_does_not_exist_is_a_welsh_404(client: FlaskClient) -> None:
    response = client.get("/cy/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="cy"' in page
    assert "Heb ddod o hyd i’r dudalen" in page
    assert english_left(page) == []


def test_officer_and_partner_pages_have_no_language_link(client: FlaskClient) -> None:
    for path in ("/officer", "/partners/sign-in"):
        page = client.get(path).get_data(as_text=True)
        assert "Cymraeg</a>" not in page
        assert 'hreflang="cy"' not in page


def test_the_welsh_journey_ends_on_a_welsh_results_page(client: FlaskClient) -> None:
    start = client.get("/").get_data(as_text=True)
    assert 'href="/cy/"' in start
    client.get("/cy/")
    chosen = client.post("/cy/what-happened", data={"crime": "burglary"})
    located = client.post(chosen.headers["Location"], data={"postcode": "CF10 1EP"})
    response = client.get(located.headers["Location"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    assert "South Wales Police" in page or "Heddlu De Cymru" in page  # the right force
    assert "Eich heddlu chi yw" in page
    assert "Newid ble" in page and "Newid beth ddigwyddodd" in page
    assert 'href="/cy/where/burglary"' in page  # Change links stay in Welsh
    assert "Ffonio 999" in page
    assert english_left(page) == []
    assert check_page(response) == []


@pytest.mark.parametrize(
    "path",
    [
        "/cy/support/burglary/wales",
        "/cy/support/domestic-abuse/uk",
        "/cy/advice/burglary",
        "/cy/rights",
        "/cy/staying-safe-online",
        "/cy/privacy",
        "/cy/accessibility",
        "/cy/data-sources",
    ],
)
def test_every_welsh_page_has_no_english_chrome(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    assert english_left(page) == []
    assert check_page(response) == []


def test_opening_hours_are_in_welsh(client: FlaskClient) -> None:
    page = client.get("/cy/support/domestic-abuse/uk").get_data(as_text=True)
    assert re.search(r"Ar (agor|gau) nawr|Ar agor 24 awr", page)
    assert "Open now" not in page and "Closed now" not in page
    assert "Gwiriwyd ar " in page and "Checked on" not in page


def test_the_accessibility_statement_says_what_a_welsh_speaker_must_check(client: FlaskClient) -> None:
    page = client.get("/cy/accessibility").get_data(as_text=True)
    assert "Nid yw siaradwr Cymraeg wedi’u gwirio eto" in page
    assert "A Welsh speaker has not checked them yet" in client.get("/accessibility").get_data(as_text=True)
