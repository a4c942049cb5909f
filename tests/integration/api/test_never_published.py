"""Never in the feed: a confidential location or anything of its address, and retired, inactive or hidden
listings. Checked by reading every response the API can give for the test data, on every backend."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from signpost.opendata.ids import uid
from tests.integration.api.conftest import CONFIDENTIAL, PUBLIC_PLACE, UNLISTED
from tests.support.transactions import rolled_back


def _every_response(api: FlaskClient) -> dict[str, str]:
    """URL -> body of every list page, every record, the bulk download and the filters near the refuge."""
    bodies: dict[str, str] = {}

    def fetch(url: str) -> dict[str, object] | None:
        if url in bodies:  # a record already read through another list
            return None
        response = api.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        bodies[url] = response.get_data(as_text=True)
        return response.get_json() if response.mimetype == "application/json" else None

    for url in ("/api/v1/", "/api/v1/openapi.json", "/api/v1/services?format=ndjson"):
        fetch(url)
    near = "postcode=LN2%205QT"  # the refuge's own postcode, and the distance filter around it
    for path in (
        "/services",
        "/service_at_locations",
        "/taxonomies",
        "/taxonomy_terms",
        f"/services?{near}",
        f"/service_at_locations?{near}",
        f"/service_at_locations?{near}&proximity=50000",
        "/services?search=hushwater",
        "/services?search=willow",
    ):
        separator = "&" if "?" in path else "?"
        page = fetch(f"/api/v1{path}{separator}per_page=200")
        assert page is not None
        for item in page["contents"]:  # type: ignore[attr-defined]
            base = path.split("?")[0]
            fetch(f"/api/v1{base}/{item['id']}")
    return bodies


@pytest.fixture(scope="module")
def bodies(api_app: Flask) -> dict[str, str]:
    with api_app.app_context(), rolled_back(api_app):
        return _every_response(api_app.test_client())


def test_a_confidential_location_never_appears(api: FlaskClient, bodies: dict[str, str]) -> None:
    assert len(bodies) > 150  # every service record was read, not just the lists
    everything = "\n".join(bodies.values())
    # The test data is there: its service and public place are published.
    assert "Hushwater domestic abuse service" in everything and PUBLIC_PLACE["name"] in everything
    assert "5 Openway Street" in everything
    for field, value in CONFIDENTIAL.items():
        for text in {value, value.split(",")[0], value.upper(), value.replace(" ", "")}:
            leaks = [url for url, body in bodies.items() if text in body]
            assert not leaks, f"confidential {field} {text!r} in {leaks[:3]}"
    hidden_ids = [uid("location", "api-test-refuge", "refuge"), uid("service_at_location", "api-test-refuge", "refuge")]
    for value in hidden_ids:
        assert value not in everything
    assert api.get(f"/api/v1/service_at_locations/{hidden_ids[1]}").status_code == 404


def test_the_radius_around_a_confidential_place_does_not_name_it(api: FlaskClient) -> None:
    record = api.get(f"/api/v1/services/{uid('service', 'api-test-refuge')}").get_json()
    radius = [a for a in record["service_areas"] if a["name"].startswith("Within")]
    assert [a["name"] for a in radius] == ["Within 10 miles of its base (address not published)"]
    assert [p["location"]["name"] for p in record["service_at_locations"]] == [PUBLIC_PLACE["name"]]


def test_retired_inactive_and_hidden_listings_are_never_published(api: FlaskClient, bodies: dict[str, str]) -> None:
    everything = "\n".join(bodies.values())
    for slug in UNLISTED:
        assert f"Unlisted {slug}" not in everything
        assert f"1 {slug} Road" not in everything
        response = api.get(f"/api/v1/services/{uid('service', slug)}")
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
        sal = api.get(f"/api/v1/service_at_locations/{uid('service_at_location', slug, 'office')}")
        assert sal.status_code == 404
