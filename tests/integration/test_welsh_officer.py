"""The officer toolkit in Welsh: the officer chooses the language on /officer (the toolkit stays in English);
the share link and QR code then open the /cy/ results page, and the card and leaflet at /cy/officer/... are
Welsh pages, with the force's and services' Welsh names where the data has them."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from flask.testing import FlaskClient

from tests.integration.test_officer import post_officer, qr_svgs
from tests.integration.test_welsh import english_left
from tests.support.pages import check_page

WELSH_RESULTS = "http://localhost/cy/support/burglary/cf10-1"
SELECT_LANGUAGE = "Select English or Welsh for the link, card and leaflet"


def main_of(page: str) -> str:
    return page[page.index('<main class="govuk-main-wrapper') : page.index("</main>")]


# --- the choice on /officer -----------------------------------------------------------------------


def test_the_form_asks_which_language_as_govuk_radios(client: FlaskClient) -> None:
    response = client.get("/officer")
    page = response.get_data(as_text=True)
    assert re.search(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\s*'
        r"Which language should the link, card and leaflet be in\?\s*</legend>",
        page,
    )
    assert re.search(r'<input class="govuk-radios__input" id="language" name="language" type="radio" value="en"', page)
    assert 'name="language" type="radio" value="cy"' in page
    assert "Welsh (Cymraeg)" in page
    assert " checked" not in page  # nothing chosen for the officer
    assert check_page(response) == []


@pytest.mark.parametrize("language", [None, "", "fr"])
def test_no_language_or_an_unknown_one_is_an_error_that_says_what_to_do(
    client: FlaskClient, language: str | None
) -> None:
    response = post_officer(client, "burglary", "CF10 1EP", language=language)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Share help with a victim of crime" in page
    assert page.count(SELECT_LANGUAGE) >= 2  # in the summary and at the radios
    assert 'href="#language"' in page  # the summary links to the question
    assert 'value="CF10 1EP"' in page  # what was typed is kept
    assert re.search(r'<input[^>]*checked[^>]*value="burglary"|<input[^>]*value="burglary"[^>]*checked', page)
    assert check_page(response) == []


def test_choosing_welsh_gives_a_share_page_with_the_welsh_link(client: FlaskClient) -> None:
    chosen = post_officer(client, "burglary", "cf10 1ep", language="cy")
    assert chosen.status_code == 303
    assert chosen.headers["Location"].endswith("/officer/burglary/cf10-1?language=cy")
    response = client.get(chosen.headers["Location"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en"' in page  # the officer's own page stays in English
    assert f'id="results-url" href="{WELSH_RESULTS}">{WELSH_RESULTS}</a>' in page
    [qr] = qr_svgs(page)
    assert f"<title>QR code for {WELSH_RESULTS}</title>" in qr
    assert 'href="/cy/officer/burglary/cf10-1/card"' in page
    assert 'href="/cy/officer/burglary/cf10-1/leaflet"' in page
    assert 'In Welsh (<span lang="cy">Cymraeg</span>).' in page
    # The Change link brings the officer back with what happened and the language already chosen.
    assert 'href="/officer?crime=burglary&amp;language=cy"' in page
    assert check_page(response) == []
    # The text and the email go to the victim, so they are in Welsh too.
    sms = re.search(r'href="sms:\?&amp;body=([^"]+)"', page)
    assert sms and unquote(sms.group(1)) == WELSH_RESULTS
    mail = re.search(r'href="mailto:\?subject=([^"&]+)&amp;body=([^"]+)"', page)
    assert mail is not None
    assert unquote(mail.group(1)) == "Help ar ôl byrgleriaeth"
    assert unquote(mail.group(2)) == f"Pwy all helpu, beth i’w wneud nesaf a’ch hawliau: {WELSH_RESULTS}"
    assert 'data-share-title="Help ar ôl byrgleriaeth"' in page


def test_the_change_link_brings_the_choices_back(client: FlaskClient) -> None:
    page = client.get("/officer?crime=burglary&language=cy").get_data(as_text=True)
    assert re.search(r'<input[^>]*value="cy"[^>]*checked|<input[^>]*checked[^>]*value="cy"', page)
    assert re.search(r'<input[^>]*value="burglary"[^>]*checked|<input[^>]*checked[^>]*value="burglary"', page)


def test_choosing_english_keeps_the_links_as_they_were(client: FlaskClient) -> None:
    chosen = post_officer(client, "burglary", "CF10 1EP", language="en")
    assert chosen.headers["Location"].endswith("/officer/burglary/cf10-1")
    page = client.get(chosen.headers["Location"]).get_data(as_text=True)
    assert 'href="/officer/burglary/cf10-1/card"' in page and "/cy/" not in page
    assert "In English." in page


@pytest.mark.parametrize(
    "url",
    [
        "/officer/burglary/cf10-1?language=fr",
        "/cy/officer/no-such-crime/cf10-1/card",
        "/cy/officer/theft/cf10-1/leaflet",
    ],
)
def test_an_unknown_language_crime_or_printable_is_a_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_the_welsh_printables_have_routes_of_their_own(client: FlaskClient) -> None:
    rules = {rule.rule for rule in client.application.url_map.iter_rules()}
    assert {"/cy/officer/<crime>/<area>/card", "/cy/officer/burglary/<area>/leaflet"} <= rules
    # The officer's own pages have no Welsh twin: the language is a choice on them, not their language.
    assert "/cy/officer" not in rules and "/cy/officer/<crime>/<area>" not in rules
    assert client.get("/cy/officer").status_code == 404


# --- the Welsh card and leaflet ----------------------------------------------------------------------


def test_the_welsh_card_is_in_welsh_with_the_welsh_force_name(client: FlaskClient) -> None:
    response = client.get("/cy/officer/burglary/cf10-1/card")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    assert "<title>Cerdyn dioddefwr: Help ar ôl byrgleriaeth &ndash; Signpost</title>" in page
    card = page[page.index('class="signpost-card"') :]
    assert '<h1 class="govuk-heading-m signpost-card__title">Help ar ôl byrgleriaeth</h1>' in card
    [qr] = qr_svgs(page)
    assert f"<title>Cod QR ar gyfer {WELSH_RESULTS}</title>" in qr  # the QR code opens the Welsh page
    assert WELSH_RESULTS in card
    assert "Ffonio’r heddlu" in card
    assert "<strong>999</strong> os ydych chi mewn perygl" in card
    assert "<strong>101</strong> os nad yw’n argyfwng, neu rhowch wybod ar-lein i Heddlu De Cymru:" in card
    # Victim Support's Supportline by its Welsh name, with its number.
    assert "<strong>Llinell Gymorth Cymorth i Ddioddefwyr</strong>: <strong>0808 168 9111</strong>" in card
    assert "Beth sy’n digwydd nesaf" in card and "Dylai’r heddlu ddweud wrthych chi beth sy’n digwydd nesaf" in card
    assert "Cyfeirnod y drosedd" in card and "Enw a rhif y swyddog" in card
    # The officer's guidance above the card stays in English, marked as such; no other English is left.
    assert '<div class="signpost-no-print signpost-print-intro" lang="en">' in page
    assert english_left(page) == []
    for english in ("Call the police", "Free support", "What happens next", "Crime reference", "Scan the code"):
        assert english not in card, english
    assert "Cymraeg</a>" not in page and "English</a>" not in page  # the language was chosen on /officer
    assert check_page(response) == []


def test_the_welsh_card_marks_english_it_has_no_welsh_for(client: FlaskClient) -> None:
    # Lincolnshire: an English force and a local service with no Welsh names yet.
    page = client.get("/cy/officer/burglary/ln1-3/card").get_data(as_text=True)
    card = page[page.index('class="signpost-card"') :]
    assert '<span lang="en">Lincolnshire Police</span>' in card
    assert '<strong><span lang="en">Victim Lincs</span></strong>: <strong>01522 947510</strong>' in card
    assert "Beth sy’n digwydd nesaf" in card


def test_the_welsh_card_back_link_returns_to_the_welsh_share_page(client: FlaskClient) -> None:
    page = client.get("/cy/officer/burglary/cf10-1/card").get_data(as_text=True)
    assert re.search(r'<a href="/officer/burglary/cf10-1\?language=cy" class="govuk-back-link">Yn ôl</a>', page)


def test_the_welsh_leaflet_is_in_welsh_with_the_neighbours_advice(client: FlaskClient) -> None:
    response = client.get("/cy/officer/burglary/cf10-1/leaflet")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    leaflet = page[page.index('class="signpost-leaflet"') :]
    assert (
        '<h1 class="govuk-heading-l">Mae rhywun wedi torri i mewn i gartref yn agos atoch chi yn ddiweddar</h1>'
        in leaflet
    )
    assert "Dyddiad y fyrgleriaeth" in leaflet and "Sut i ddiogelu eich cartref" in leaflet
    # The neighbours' advice in Welsh (data/advice/burglary.yaml text_cy), and none of the victim's own steps.
    assert "<li>Marciwch eich pethau gwerthfawr gyda’ch cod post a rhif eich tŷ." in leaflet
    assert "<li>Ymunwch â grŵp Gwarchod Cymdogaeth neu dechreuwch un" in leaflet
    assert "Ar ôl byrgleriaeth, mae’n fwy tebygol y bydd rhywun yn torri i mewn eto" in leaflet
    assert leaflet.count("am tua mis") == 1
    for victim_only in ("Trwsiwch y drws", "Dywedwch wrth eich cymdogion"):
        assert victim_only not in leaflet, victim_only
    assert 'lang="en"' not in leaflet  # every item has its Welsh
    assert "Ffoniwch <strong>101</strong> am unrhyw beth arall, neu rhowch wybod ar-lein i Heddlu De Cymru:" in leaflet
    [qr] = qr_svgs(page)
    assert f"<title>Cod QR ar gyfer {WELSH_RESULTS}#protect</title>" in qr
    assert english_left(page) == []
    assert check_page(response) == []


def test_english_card_and_leaflet_are_unchanged_by_the_welsh(client: FlaskClient) -> None:
    card = main_of(client.get("/officer/burglary/cf10-1/card").get_data(as_text=True))
    assert "Call the police" in card and "South Wales Police" in card and "Heddlu" not in card
    assert "Victim Support Supportline" in card and 'lang="en"' not in card
    leaflet = main_of(client.get("/officer/burglary/cf10-1/leaflet").get_data(as_text=True))
    assert "A home near you was recently broken into" in leaflet and 'lang="en"' not in leaflet


@pytest.mark.parametrize(
    "url", ["/cy/officer/burglary/cf10-1/card", "/cy/officer/stalking/bt1/card", "/cy/officer/burglary/w1/leaflet"]
)
def test_welsh_printables_are_well_formed_and_set_no_cookie(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert check_page(response) == []
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert '<link rel="stylesheet" href="/static/css/print-card.css">' in response.get_data(as_text=True)
