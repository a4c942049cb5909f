"""Every page is well-formed, has one h1, unique ids, CSRF on its forms and the nonce on its scripts."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.support.pages import check_page

PAGES = [
    "/",
    "/what-happened",
    "/where/burglary",
    "/where/burglary/country",
    "/support/burglary/ln1-3",
    "/support/burglary/ln1",
    "/support/burglary/w1",
    "/support/domestic-abuse/uk",
    "/support/fraud/scotland",
    "/support/hate-crime/bt1",
    "/advice/burglary",
    "/advice/something-else",
    "/rights",
    "/staying-safe-online",
    "/accessibility",
    "/privacy",
    "/data-sources",
    "/report-a-problem/burglary/ln1-3/lincolnshire-victim-lincs",
    "/report-a-problem/burglary/ln1-3/lincolnshire-victim-lincs/sent",
    "/suggest-a-service",
    "/suggest-a-service/sent",
    "/no-such-page",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_structure(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert check_page(response) == []


@pytest.mark.parametrize("postcode", ["LN99 9ZZ", "IM1 1AA", "nonsense"])
def test_problem_pages_structure(client: FlaskClient, postcode: str) -> None:
    response = client.post("/where/burglary", data={"postcode": postcode})
    assert check_page(response) == []


def test_every_crime_type_has_working_results_and_advice(client: FlaskClient) -> None:
    page = client.get("/what-happened").get_data(as_text=True)
    slugs = [part.split('"')[0] for part in page.split('name="crime" type="radio" value="')[1:]]
    assert len(slugs) == 14
    for slug in slugs:
        for url in (f"/support/{slug}/ln1-3", f"/advice/{slug}"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert check_page(response) == [], url
