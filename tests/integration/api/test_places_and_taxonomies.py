"""/api/v1/service_at_locations (with proximity, as the HSDS spec has it), /taxonomies and /taxonomy_terms."""

from __future__ import annotations

from flask.testing import FlaskClient

from signpost.opendata.ids import uid
from signpost.opendata.taxonomy import CRIME_TYPES, LISTING_CHECKS, SECONDARY_SOURCES
from tests.integration.api.conftest import PUBLIC_PLACE

DROP_IN = uid("service_at_location", "api-test-refuge", "drop-in")


def _places(api: FlaskClient, query: str = "") -> list[str]:
    response = api.get(f"/api/v1/service_at_locations?per_page=200{query}")
    assert response.status_code == 200, response.get_json()
    return [item["location"]["name"] for item in response.get_json()["contents"]]


def test_places_are_listed_with_their_service(api: FlaskClient) -> None:
    page = api.get("/api/v1/service_at_locations").get_json()
    (item,) = [i for i in page["contents"] if i["id"] == DROP_IN]
    assert item["service"]["name"] == "Hushwater domestic abuse service"
    assert item["service_id"] == uid("service", "api-test-refuge") == item["service"]["id"]
    assert item["location"] == {
        "id": uid("location", "api-test-refuge", "drop-in"),
        "location_type": "physical",
        "name": PUBLIC_PLACE["name"],
        "latitude": 53.2345,
        "longitude": -0.5497,
    }
    record = api.get(f"/api/v1/service_at_locations/{DROP_IN}").get_json()
    assert record["location"]["addresses"][0]["postal_code"] == PUBLIC_PLACE["postcode"]
    assert record["service"]["phones"] and "service_at_locations" not in record["service"]


def test_proximity_keeps_places_within_that_many_metres_of_the_postcode(api: FlaskClient) -> None:
    # The drop-in is about 40 m from the centre of sector LN1 1 and about 1.7 km from LN2 5's. Real places
    # in the curated data (Lincoln's sexual assault referral centre, say) may be listed beside it.
    drop_in = PUBLIC_PLACE["name"]
    assert drop_in in _places(api, "&postcode=LN1%201&proximity=500")
    assert drop_in not in _places(api, "&postcode=LN2%205&proximity=1500")
    assert drop_in in _places(api, "&postcode=LN2%205&proximity=2500")
    assert drop_in in _places(api, "&postcode=LN1%201")  # the service area covers it
    assert drop_in not in _places(api, "&postcode=G1%201AA&proximity=1000000")  # in range, but not its area
    response = api.get("/api/v1/service_at_locations?proximity=100")
    assert response.status_code == 400 and response.get_json()["parameter"] == "proximity"
    for bad in ("0", "-5", "far", "nan", "2000000"):
        response = api.get(f"/api/v1/service_at_locations?postcode=LN1%201&proximity={bad}")
        assert response.status_code == 400 and response.get_json()["parameter"] == "proximity", bad


def test_taxonomies_and_their_terms(api: FlaskClient) -> None:
    taxonomies = api.get("/api/v1/taxonomies").get_json()
    assert [t["name"] for t in taxonomies["contents"]] == [CRIME_TYPES.name, LISTING_CHECKS.name]
    assert api.get(f"/api/v1/taxonomies/{CRIME_TYPES.id}").get_json()["id"] == CRIME_TYPES.id
    crimes = api.get(f"/api/v1/taxonomy_terms?per_page=200&taxonomy_id={CRIME_TYPES.id}").get_json()["contents"]
    assert "burglary" in [t["code"] for t in crimes] and SECONDARY_SOURCES.id not in [t["id"] for t in crimes]
    assert all(t["taxonomy_id"] == CRIME_TYPES.id for t in crimes)
    checks = api.get(f"/api/v1/taxonomy_terms?taxonomy_id={LISTING_CHECKS.id}").get_json()["contents"]
    assert [t["id"] for t in checks] == [SECONDARY_SOURCES.id]
    found = api.get("/api/v1/taxonomy_terms?search=broke%20into").get_json()["contents"]
    assert [t["code"] for t in found] == ["burglary"]
    term = api.get(f"/api/v1/taxonomy_terms/{uid('taxonomy_term', 'crime-types', 'burglary')}").get_json()
    assert term["name"] == "Burglary" and term["taxonomy"] == CRIME_TYPES.name
    assert api.get(f"/api/v1/taxonomy_terms/{uid('taxonomy_term', 'crime-types', 'nope')}").status_code == 404
    assert api.get(f"/api/v1/taxonomies/{uid('taxonomy', 'nope')}").status_code == 404
    paged = api.get("/api/v1/taxonomy_terms?per_page=4&page=2").get_json()
    assert paged["page_number"] == 2 and paged["size"] == 4 and paged["total_items"] == len(crimes) + 1
