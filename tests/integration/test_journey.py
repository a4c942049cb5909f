"""The victim journey through the Flask test client (CSRF on: the journey's searches need no token)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.support.pages import check_page


def post_crime(client: FlaskClient, crime: str | None) -> object:
    data = {}
    if crime is not None:
        data["crime"] = crime
    return client.post("/what-happened", data=data)


def post_postcode(client: FlaskClient, postcode: str, crime: str = "burglary") -> object:
    return client.post(f"/where/{crime}", data={"postcode": postcode})


def test_burglary_in_lincoln_reaches_results_in_three_screens(client: FlaskClient) -> None:
    start = client.get("/")
    assert start.status_code == 200
    assert 'href="/what-happened"' in start.get_data(as_text=True)

    chosen = post_crime(client, "burglary")
    assert chosen.status_code == 303
    assert chosen.headers["Location"].endswith("/where/burglary")

    located = post_postcode(client, "ln1 3aa")
    assert located.status_code == 303
    assert located.headers["Location"].endswith("/support/burglary/ln1-3")

    results = client.get("/support/burglary/ln1-3")
    page = results.get_data(as_text=True)
    assert results.status_code == 200
    assert "Lincolnshire Police" in page
    assert 'href="tel:08081689111"' in page  # Victim Support, England and Wales
    assert "Victim Support Scotland" not in page
    # DESIGN.md's order: emergency, start here, on this page, local, other helplines, advice, rights, share.
    order = [
        "emergency",
        "start-here",
        "contents-title",
        "local",
        "helplines",
        "next-steps",
        "protect",
        "rights",
        "share",
    ]
    positions = [page.index(f'id="{anchor}"') for anchor in order]
    assert positions == sorted(positions)
    assert page.count("for about a month") == 1  # the repeat-burglary warning, said once


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("", "Enter a postcode"),
        ("   ", "Enter a postcode"),
        ("not a postcode", "Enter a real postcode, like LN1 3AA"),
        ("LN1 3AAA", "Enter a real postcode, like LN1 3AA"),
        ("LN", "Enter a full postcode, like LN1 3AA, or the first part, like LN1"),
    ],
)
def test_postcode_errors_say_what_to_fix_and_keep_the_answer(client: FlaskClient, postcode: str, message: str) -> None:
    response = post_postcode(client, postcode)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'class="govuk-error-summary"' in page
    assert page.count(message) >= 2  # in the summary and next to the field
    if postcode.strip():
        assert f'value="{postcode.strip()}"' in page
    assert check_page(response) == []


def test_crime_error_says_select_what_happened(client: FlaskClient) -> None:
    response = post_crime(client, None)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: What happened?" in page
    assert page.count("Select what happened") >= 2
    assert check_page(response) == []


def test_unknown_crime_answer_is_rejected(client: FlaskClient) -> None:
    response = post_crime(client, "not-a-crime")
    assert response.status_code == 200
    assert "Error: " in response.get_data(as_text=True)


def test_the_journeys_forms_carry_no_csrf_token_and_need_none(client: FlaskClient) -> None:
    # A search changes nothing; a token would need a session cookie on the victim's device.
    for url in ("/what-happened", "/where/burglary", "/where/burglary/country"):
        assert 'name="csrf_token"' not in client.get(url).get_data(as_text=True), url
    assert client.post("/where/burglary", data={"postcode": "LN1 3AA"}).status_code == 303
    assert client.post("/what-happened", data={"crime": "burglary"}).status_code == 303
    assert client.post("/where/burglary/country", data={"nation": "wales"}).status_code == 303


def test_unknown_but_well_formed_postcode_gets_a_clear_page_with_national_help(client: FlaskClient) -> None:
    response = post_postcode(client, "LN99 9ZZ")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "We could not find that postcode" in page
    assert "/support/burglary/scotland" in page and "/support/burglary/england" in page
    assert 'href="tel:999"' in page


@pytest.mark.parametrize(
    ("postcode", "island"), [("IM1 1AA", "Isle of Man"), ("JE2 4WD", "Jersey"), ("GY1 1AA", "Guernsey")]
)
def test_crown_dependency_gets_an_out_of_area_page(client: FlaskClient, postcode: str, island: str) -> None:
    response = post_postcode(client, postcode)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This service covers the UK only" in page
    assert island in page
    assert 'href="tel:999"' in page


@pytest.mark.parametrize(
    ("area", "expected", "absent"),
    [
        ("ln1-3", "Victim Support Supportline", "Victim Support Scotland"),
        ("eh1-1", "Victim Support Scotland", "Victim Support Supportline"),
        ("bt1", "Police Service of Northern Ireland", "Victim Support Supportline"),
        ("cf10-1", "South Wales Police", "Victim Support Scotland"),
        ("scotland", "Victim Support Scotland", "Victim Support Supportline"),
    ],
)
def test_results_hold_the_right_nations_services(client: FlaskClient, area: str, expected: str, absent: str) -> None:
    page = client.get(f"/support/burglary/{area}").get_data(as_text=True)
    assert expected in page
    assert absent not in page


def test_i_do_not_know_the_postcode_leads_to_national_help(client: FlaskClient) -> None:
    response = client.post("/where/burglary/country", data={"nation": "wales"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/support/burglary/wales")
    response = client.post("/where/burglary/country", data={})
    assert "Select the country you live in" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/support/not-a-crime/ln1-3",
        "/support/burglary/zz99-9",
        "/support/burglary/LN1-3",
        "/advice/nothing",
        "/where/x",
    ],
)
def test_unknown_crime_or_area_in_a_url_is_a_friendly_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page
    assert 'href="/"' in page
    assert "Traceback" not in page


def test_uk_results_group_national_help_by_nation(client: FlaskClient) -> None:
    page = client.get("/support/domestic-abuse/uk").get_data(as_text=True)
    for nation in ("England", "Wales", "Scotland", "Northern Ireland"):
        assert re.search(rf'<span class="govuk-details__summary-text">{nation}</span>', page), nation
