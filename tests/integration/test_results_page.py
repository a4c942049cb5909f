"""The results page leads to help: order, nation-aware words, tel: links, Change links, no dead ends, place names."""

from __future__ import annotations

import re
from collections.abc import Iterator

import html5lib
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from signpost.directory.search import crime_types
from signpost.extensions import db
from signpost.models import PostcodeSector, Service

NATION_AREAS = {"england": "ln1-3", "wales": "cf10-1", "scotland": "g2-1", "northern-ireland": "bt1"}
# Services that must never come before the local and general victim services on a burglary page.
DISTRACTIONS = ("British Transport Police", "Childline", "NSPCC", "Samaritans", "Shout")


def post_form(client: FlaskClient, url: str, data: dict[str, str]) -> TestResponse:
    """Post a form as a browser would, sending the page's CSRF token if the form has one."""
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    return client.post(url, data=data | ({"csrf_token": token.group(1)} if token else {}))


def text_of(html: str) -> str:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    main = document.find(".//main")
    assert main is not None
    return " ".join(" ".join(main.itertext()).split())


def service_headings(html: str) -> list[str]:
    """The names of the services on a page, in page order."""
    return [
        re.sub(r"\s+", " ", name).strip() for name in re.findall(r'<h3 class="govuk-heading-s[^"]*">([^<]+)</h3>', html)
    ]


def one_sector_per_force(app: Flask, nation_prefix: str) -> Iterator[tuple[str, str]]:
    """(force code, sector slug) for every force area of a nation: a sector wholly in that force."""
    seen: dict[str, str] = {}
    for sector, pfa in db.session.execute(
        select(PostcodeSector.sector, PostcodeSector.pfa_code)
        .where(PostcodeSector.pfa_code.like(f"{nation_prefix}%"), PostcodeSector.pfa_share == 1.0)
        .order_by(PostcodeSector.sector)
    ):
        seen.setdefault(pfa, sector.lower().replace(" ", "-"))
    yield from sorted(seen.items())


def test_burglary_anywhere_in_england_puts_victim_services_before_other_lines(app: Flask, client: FlaskClient) -> None:
    forces = list(one_sector_per_force(app, "E23"))
    assert len(forces) == 39  # every England force area
    for force, sector in forces:
        page = client.get(f"/support/burglary/{sector}").get_data(as_text=True)
        names = service_headings(page)
        start_here = page[page.index('id="start-here"') : page.index('id="contents-title"')]
        assert service_headings(start_here), f"{force} {sector}: nothing in Start here"
        # Victim Support's line and the local victim service (or, with none, the general line) come first.
        victim_support = next(i for i, name in enumerate(names) if "Victim Support" in name or i == 0)
        first_distraction = min((i for i, name in enumerate(names) if any(d in name for d in DISTRACTIONS)), default=99)
        assert victim_support < first_distraction, (force, sector, names)
        assert "Victim Support" in page
        assert page.index("Victim Support") < min(
            (page.index(d) for d in DISTRACTIONS if d in page), default=len(page)
        ), (force, sector)
        assert "British Transport Police" not in page  # burglary does not happen on the railway


def test_domestic_abuse_never_offers_a_line_for_people_who_harm(client: FlaskClient) -> None:
    for nation, area in NATION_AREAS.items():
        for where in (area, nation, "uk"):
            page = client.get(f"/support/domestic-abuse/{where}").get_data(as_text=True)
            assert "Respect Phoneline" not in page, where
            assert "not for victims" not in page.lower(), where
    advice = client.get("/advice/domestic-abuse").get_data(as_text=True)
    assert "If you are worried about your own behaviour" in advice
    assert "Respect Phoneline" in advice


@pytest.mark.parametrize("crime", ["domestic-abuse", "burglary", "fraud", "sexual-violence", "stalking", "hate-crime"])
def test_pages_in_wales_scotland_and_northern_ireland_never_speak_of_englands_services(
    client: FlaskClient, crime: str
) -> None:
    for nation in ("wales", "scotland", "northern-ireland"):
        for area in (NATION_AREAS[nation], nation):
            page = text_of(client.get(f"/support/{crime}/{area}").get_data(as_text=True))
            assert "In England" not in page, (crime, area)
            assert "National Domestic Abuse Helpline" not in page, (crime, area)  # England's line
            assert "Victims' Code for England" not in page or nation == "wales", (crime, area)


def test_scotland_fraud_pages_send_people_to_police_scotland_not_report_fraud(client: FlaskClient) -> None:
    for crime in ("fraud", "cyber-crime"):
        for area in ("g2-1", "scotland", "eh1-1"):
            html = client.get(f"/support/{crime}/{area}").get_data(as_text=True)
            assert "0300 123 2040" not in html and "03001232040" not in html, (crime, area)
            assert "Report Fraud" not in text_of(html), (crime, area)
            assert "Police Scotland on" in text_of(html), (crime, area)
    wales = client.get("/support/fraud/cf10-1").get_data(as_text=True)
    assert 'href="tel:03001232040"' in wales


PHONE_LIKE = re.compile(r"(?<![\w*#])(?:0\d[\d ]{8,12}\d|999|101|116 123|18001 101|18000|159)(?![\w])")


def numbers_outside_links(html: str) -> list[str]:
    """Phone numbers in the advice lists that are not inside a tel: or sms: link."""
    found = []
    for advice in re.findall(r'<ul class="govuk-list govuk-list--bullet signpost-advice">(.*?)</ul>', html, re.S):
        without_links = re.sub(r'<a [^>]*href="(?:tel|sms):[^"]+"[^>]*>.*?</a>', "", advice, flags=re.S)
        found += PHONE_LIKE.findall(re.sub(r"<[^>]+>", " ", without_links))
    return found


def test_every_phone_number_in_the_advice_is_a_link(app: Flask, client: FlaskClient) -> None:
    crimes = [c.slug for c in crime_types(db.session)]
    assert len(crimes) >= 10
    for crime in crimes:
        for url in (f"/support/{crime}/ln1-3", f"/support/{crime}/uk", f"/advice/{crime}"):
            html = client.get(url).get_data(as_text=True)
            assert "signpost-advice" in html, url
            assert numbers_outside_links(html) == [], url
            assert "govuk-checkboxes" not in html, url  # advice is a list of actions, not a checklist


def test_text_lines_that_ask_for_a_word_carry_it(client: FlaskClient) -> None:
    html = client.get("/support/something-else/ln1-3").get_data(as_text=True)
    assert 'href="sms:85258?&amp;body=SHOUT"' in html
    assert "Text SHOUT to" in text_of(html)


def test_the_near_repeat_warning_is_said_once(client: FlaskClient) -> None:
    page = text_of(client.get("/support/burglary/ln1-3").get_data(as_text=True))
    assert page.count("about a month") == 1
    assert page.count("400 metres") == 1


# --- Change links ---------------------------------------------------------------------------------------


def test_changing_what_happened_keeps_the_area_and_shows_the_current_answer(client: FlaskClient) -> None:
    results = client.get("/support/burglary/ln1-3").get_data(as_text=True)
    change = re.search(r'href="(/what-happened\?[^"]+)">Change what happened</a>', results)
    assert change is not None
    url = change.group(1).replace("&amp;", "&")
    form = client.get(url).get_data(as_text=True)
    assert re.search(r'<input[^>]*value="burglary"[^>]*checked', form)  # the current answer is selected
    moved = post_form(client, url, {"crime": "theft"})
    assert moved.status_code == 303 and moved.headers["Location"].endswith("/support/theft/ln1-3")
    # Without an area (from the start page), the journey asks where next.
    fresh = post_form(client, "/what-happened", {"crime": "theft"})
    assert fresh.headers["Location"].endswith("/where/theft")
    # An area that is not a real place is ignored, never followed.
    junk = post_form(client, "/what-happened?area=https://evil.example", {"crime": "theft"})
    assert junk.headers["Location"].endswith("/where/theft")


def test_changing_where_keeps_the_crime(client: FlaskClient) -> None:
    results = client.get("/support/fraud/ln1-3").get_data(as_text=True)
    assert 'href="/where/fraud">Change where</a>' in results


# --- no dead ends -------------------------------------------------------------------------------------------


def assert_has_emergency_numbers(html: str, where: str) -> None:
    assert 'href="tel:999"' in html, where
    assert 'href="tel:101"' in html, where
    assert "/support/" in html, where  # a link to help that still applies


def test_error_and_out_of_area_pages_show_999_101_and_national_help(client: FlaskClient) -> None:
    assert_has_emergency_numbers(client.get("/no-such-page").get_data(as_text=True), "404")
    assert_has_emergency_numbers(client.get("/support/burglary/zz1").get_data(as_text=True), "unknown area")
    for typed in ("hello", "ZZ99 9ZZ", ""):  # malformed or empty: the form says what to fix, and who to call
        html = post_form(client, "/where/burglary", {"postcode": typed}).get_data(as_text=True)
        assert "govuk-error-summary" in html, typed
        assert_has_emergency_numbers(html, typed)
    for typed in ("LN99 9ZZ", "IM1 1AA", "JE2 3AB", "GY1 1AA"):  # unknown district, Crown dependencies
        html = post_form(client, "/where/burglary", {"postcode": typed}).get_data(as_text=True)
        assert_has_emergency_numbers(html, typed)


def test_a_postcode_we_cannot_find_in_a_known_district_says_so(client: FlaskClient) -> None:
    response = post_form(client, "/where/burglary", {"postcode": "ln1 9zz"})
    assert response.status_code == 200  # shown here, not redirected: the postcode must not reach a URL
    page = text_of(response.get_data(as_text=True))
    assert "We could not find LN1 9ZZ, so this shows help for LN1" in page
    assert "Lincolnshire Police" in page
    assert response.headers.get("Cache-Control") == "no-store"
    assert "Location" not in response.headers
    # The share link is the district's, never the postcode.
    assert "/support/burglary/ln1" in page and "ln1-9zz" not in page.lower()


def test_a_known_postcode_still_goes_to_its_sector(client: FlaskClient) -> None:
    response = post_form(client, "/where/burglary", {"postcode": "LN1 3AA"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/support/burglary/ln1-3")


def test_only_a_meaningful_share_of_another_force_is_named(client: FlaskClient) -> None:
    ln1 = text_of(client.get("/support/burglary/ln1").get_data(as_text=True))
    assert "Nottinghamshire Police" not in ln1  # about 0.1% of LN1
    bl7 = text_of(client.get("/support/burglary/bl7").get_data(as_text=True))
    assert "Part of this area is covered by Lancashire Constabulary" in bl7


# --- place names ---------------------------------------------------------------------------------------------


def test_a_town_name_finds_its_area(client: FlaskClient) -> None:
    found = post_form(client, "/where/burglary/place", {"place": "Lincoln"})
    assert found.status_code == 303 and found.headers["Location"].endswith("/support/burglary/lincoln")
    page = text_of(client.get("/support/burglary/lincoln").get_data(as_text=True))
    assert "Lincolnshire Police" in page and "Victim Lincs" in page
    cardiff = post_form(client, "/where/domestic-abuse/place", {"place": "cardiff"})
    assert cardiff.headers["Location"].endswith("/support/domestic-abuse/cardiff")
    assert "South Wales Police" in text_of(client.get("/support/domestic-abuse/cardiff").get_data(as_text=True))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Newport", {"Newport, Wales", "Newport, Isle of Wight", "Newport, Telford and Wrekin"}),
        ("Richmond", {"Richmond, North Yorkshire", "Richmond, Richmond upon Thames"}),
    ],
)
def test_an_ambiguous_name_asks_which_place(client: FlaskClient, name: str, expected: set[str]) -> None:
    asked = post_form(client, "/where/burglary/place", {"place": name})
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert f"Which {name} do you mean?" in html
    labels = set(re.findall(r'<label class="govuk-label govuk-radios__label" for="[^"]+">\s*([^<]+?)\s*</label>', html))
    assert expected <= labels
    choice = re.search(
        r'<input class="govuk-radios__input" id="[^"]+" name="choice" type="radio" value="([^"]+)"', html
    )
    assert choice is not None
    chosen = post_form(client, "/where/burglary/place", {"place": name, "choice": choice.group(1)})
    assert chosen.status_code == 303 and chosen.headers["Location"].endswith(f"/support/burglary/{choice.group(1)}")
    wrong = post_form(client, "/where/burglary/place", {"place": name, "choice": "atlantis"})
    assert "Select the place you live in" in wrong.get_data(as_text=True)


def test_a_name_we_do_not_know_says_what_to_do_and_keeps_what_was_typed(client: FlaskClient) -> None:
    html = post_form(client, "/where/burglary/place", {"place": "Atlantis"}).get_data(as_text=True)
    assert "govuk-error-summary" in html
    assert "We could not find a place called Atlantis" in html
    assert 'value="Atlantis"' in html
    empty = post_form(client, "/where/burglary/place", {"place": " "}).get_data(as_text=True)
    assert "Enter the name of your town, city or council area" in empty


def test_every_council_page_resolves_to_its_own_force(app: Flask, client: FlaskClient) -> None:
    from signpost.geo.gazetteer import gazetteer

    councils = list(gazetteer(db.session).councils.values())
    assert len(councils) > 350
    for council in councils[::25]:
        response = client.get(f"/support/burglary/{council.slug}")
        assert response.status_code == 200, council.slug
        assert council.name in text_of(response.get_data(as_text=True)), council.slug


def test_a_confidential_place_is_never_shown(app: Flask, client: FlaskClient) -> None:
    hidden = [s for s in db.session.scalars(select(Service)) if any(loc.confidential for loc in s.locations)]
    for service in hidden:
        for location in service.locations:
            if location.confidential and location.address:
                page = client.get(f"/support/domestic-abuse/{NATION_AREAS['england']}").get_data(as_text=True)
                assert location.address not in page
