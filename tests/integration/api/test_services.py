"""/api/v1/services: paging, the filters (each alone and combined with AND), and what a record holds."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from signpost.directory import index as directory_index
from signpost.directory.candidates import area_keys
from signpost.directory.search import crime_types, find_support
from signpost.extensions import db
from signpost.geo.places import Place, resolve
from signpost.models import Service
from signpost.opendata.ids import uid
from signpost.opendata.taxonomy import SECONDARY_SOURCES
from tests.integration.api.conftest import FIXED_TIME

REFUGE = uid("service", "api-test-refuge")


def _all(api: FlaskClient, query: str = "") -> list[dict[str, Any]]:
    """Every service the query matches, following the pages."""
    contents: list[dict[str, Any]] = []
    number = 1
    while True:
        response = api.get(f"/api/v1/services?per_page=200&page={number}{query}")
        assert response.status_code == 200, response.get_json()
        page = response.get_json()
        contents += page["contents"]
        if page["last_page"] or page["empty"]:
            return contents
        number += 1


def _names(items: list[dict[str, Any]]) -> set[str]:
    return {item["name"] for item in items}


def test_pages_follow_the_envelope(api: FlaskClient) -> None:
    every = _all(api)
    first = api.get("/api/v1/services").get_json()  # per_page defaults to 50
    assert first["total_items"] == len(every) and first["total_pages"] == -(-len(every) // 50)
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"]) == (1, 50, True, False)
    last = api.get(f"/api/v1/services?page={first['total_pages']}").get_json()
    assert last["last_page"] and last["size"] == len(every) - 50 * (first["total_pages"] - 1)
    paged = [s["id"] for n in range(1, first["total_pages"] + 1) for s in api.get(f"/api/v1/services?page={n}").json["contents"]]  # fmt: skip
    assert paged == [s["id"] for s in every]  # every service once, in a stable order
    beyond = api.get(f"/api/v1/services?page={first['total_pages'] + 1}").get_json()
    assert beyond["contents"] == [] and beyond["empty"] and beyond["size"] == 0 and beyond["last_page"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=two", "page"),
        ("per_page=201", "per_page"),
        ("per_page=", "per_page"),
        ("modified_after=yesterday", "modified_after"),
        ("taxonomy_term_id=burglary", "taxonomy_term_id"),
        ("taxonomy_term_id=00000000-0000-0000-0000-000000000000", "taxonomy_term_id"),
        ("postcode=not-a-postcode", "postcode"),
        ("postcode=ZZ99", "postcode"),
        ("postcode=IM1%201AA", "postcode"),
        ("format=csv", "format"),
        ("search=" + "x" * 201, "search"),
        ("organization_id=abc", "organization_id"),
    ],
)
def test_a_bad_parameter_gets_a_400_naming_it(api: FlaskClient, query: str, parameter: str) -> None:
    response = api.get(f"/api/v1/services?{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["parameter"] == parameter and body["status"] == 400 and parameter in body["detail"]


def test_ids_are_uuid5_of_the_slug_and_survive_a_reload(api: FlaskClient) -> None:
    ids = {uid("service", slug) for slug in db.session.scalars(select(Service.slug))}
    served = [item["id"] for item in _all(api)]
    assert served and set(served) <= ids and len(served) == len(set(served))
    # A reload renumbers rows: the same slug under a new primary key keeps its id.
    refuge = db.session.scalars(select(Service).where(Service.slug == "api-test-refuge")).one()
    before = api.get(f"/api/v1/services/{REFUGE}").get_json()
    refuge.slug = "moved-away"
    db.session.flush()
    assert api.get(f"/api/v1/services/{REFUGE}").status_code == 404
    db.session.add(
        Service(slug="api-test-refuge", organisation=refuge.organisation, name="Reloaded", checked_on=refuge.checked_on)
    )
    db.session.flush()
    after = api.get(f"/api/v1/services/{REFUGE}").get_json()
    assert after["id"] == before["id"] == REFUGE and after["name"] == "Reloaded"


def test_search_is_case_insensitive_over_names_descriptions_and_organisations(api: FlaskClient) -> None:
    assert _names(_all(api, "&search=HUSHWATER DOMESTIC")) == {"Hushwater domestic abuse service"}
    assert "Hushwater domestic abuse service" in _names(_all(api, "&search=escaping domestic"))
    by_org = _names(_all(api, "&search=hushwater trust"))  # the organisation's name
    assert "Hushwater domestic abuse service" in by_org and "Zz bulk helpline 00" in by_org
    assert _all(api, "&search=100%25") == []  # LIKE wildcards are literal


def test_taxonomy_term_selects_the_crime_types_a_service_helps_with(api: FlaskClient) -> None:
    terms = api.get("/api/v1/taxonomy_terms?per_page=200").get_json()["contents"]
    stalking = next(t for t in terms if t["code"] == "stalking")
    chosen = _all(api, f"&taxonomy_term_id={stalking['id']}")
    assert "Hushwater domestic abuse service" in _names(chosen) and "Zz bulk helpline 00" in _names(chosen)
    for item in chosen:  # every one is linked to the term through its attributes
        record = api.get(f"/api/v1/services/{item['id']}").get_json()
        assert stalking["id"] in {a["taxonomy_term_id"] for a in record["attributes"]}
    burglary = next(t for t in terms if t["code"] == "burglary")
    assert "Hushwater domestic abuse service" not in _names(_all(api, f"&taxonomy_term_id={burglary['id']}"))


def test_secondary_source_listings_are_flagged_and_can_be_selected(api: FlaskClient) -> None:
    flagged = _all(api, f"&taxonomy_term_id={SECONDARY_SOURCES.id}")
    secondary = set(db.session.scalars(select(Service.name).where(Service.verification == "secondary")))
    assert flagged and _names(flagged) <= secondary and "Hushwater domestic abuse service" in _names(flagged)
    record = api.get(f"/api/v1/services/{REFUGE}").get_json()
    flag = [a for a in record["attributes"] if a["link_type"] == "verification"]
    assert [a["taxonomy_term"]["name"] for a in flag] == [SECONDARY_SOURCES.name]
    verified = api.get(f"/api/v1/services/{uid('service', 'api-test-bulk-01')}").get_json()
    assert not [a for a in verified["attributes"] if a["link_type"] == "verification"]


def test_modified_after_uses_the_listing_modification_time(api: FlaskClient) -> None:
    assert api.get(f"/api/v1/services/{REFUGE}").get_json()["last_modified"] == f"{FIXED_TIME:%Y-%m-%dT%H:%M:%S}.000Z"
    every = _names(_all(api))
    assert _names(_all(api, "&modified_after=2026-06-01T12:00:00Z")) == every
    assert "Hushwater domestic abuse service" not in _names(_all(api, "&modified_after=2026-06-01T12:00:01%2B00:00"))
    assert _names(_all(api, "&modified_after=2026-06-01T13:00:00%2B01:00")) == every  # an offset is honoured
    # A partner edit (through apply_service) moves the time on.
    refuge = db.session.scalars(select(Service).where(Service.slug == "api-test-refuge")).one()
    refuge.updated_at = datetime(2099, 1, 1)
    db.session.flush()
    assert _names(_all(api, "&modified_after=2098-12-31")) == {"Hushwater domestic abuse service"}


def _covering(app: Flask, place: Place) -> set[str]:
    """Every service that covers this place for some crime type, by the results page's coverage rules
    (the results page itself leaves out lines for people who harm; the open data lists every service)."""
    session = db.session()
    index = directory_index.current(session)
    here = (place.latitude, place.longitude) if place.latitude is not None and place.longitude is not None else None
    hidden_before = datetime.now().date() - relativedelta(months=app.config["SIGNPOST_HIDE_AFTER_MONTHS"])
    covering: set[int] = set()
    for crime in crime_types(session):
        found = index.covering(crime.slug, area_keys(place, place.nation), here)
        covering |= {i for i in found if (index.services[i].checked_on or date.max) >= hidden_before}
        shown = find_support(session, crime, place, datetime.now(UTC), local_limit=100_000)
        assert {r.service.id for r in shown.national + shown.local} <= covering
    return {index.services[i].name for i in covering}


def test_postcode_uses_the_results_page_coverage_rules_at_sector_level(api_app: Flask, api: FlaskClient) -> None:
    sector = resolve(db.session(), "LN1 3")
    assert isinstance(sector, Place)
    found = _names(_all(api, "&postcode=LN1%203"))
    assert found == _covering(api_app, sector)
    assert "Hushwater domestic abuse service" in found  # Lincolnshire force area
    assert _names(_all(api, "&postcode=ln13aa")) == found  # a full postcode is cut to its sector
    glasgow = _names(_all(api, "&postcode=G1%201AA"))
    assert "Hushwater domestic abuse service" not in glasgow and "Zz bulk helpline 00" in glasgow


def test_a_full_postcode_never_reaches_the_database_or_a_log(
    api: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        statements.append(f"{statement} {parameters!r}")

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        with caplog.at_level(logging.DEBUG):
            for query in ("postcode=LN1%203AA", "postcode=LN1%203AA&search=x", "postcode=zz9%209zz"):
                api.get(f"/api/v1/services?{query}")
                api.get(f"/api/v1/service_at_locations?{query}&proximity=100")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    for text in ("LN1 3AA", "LN13AA", "ZZ9 9ZZ", "zz9 9zz"):
        assert not [s for s in statements if text in s]
        assert text not in caplog.text
    response = api.get("/api/v1/services?postcode=LN1%203AA")
    assert response.headers["Cache-Control"] == "no-store"


def test_filters_combine_with_and(api: FlaskClient) -> None:
    terms = api.get("/api/v1/taxonomy_terms?per_page=200").get_json()["contents"]
    stalking = next(t for t in terms if t["code"] == "stalking")["id"]
    by_search = _names(_all(api, "&search=domestic"))
    by_term = _names(_all(api, f"&taxonomy_term_id={stalking}"))
    by_place = _names(_all(api, "&postcode=LN1%203"))
    combined = _names(_all(api, f"&search=domestic&taxonomy_term_id={stalking}&postcode=LN1%203"))
    assert combined == by_search & by_term & by_place and "Hushwater domestic abuse service" in combined
    assert combined != by_search and combined != by_term


def test_a_record_maps_phones_hours_areas_and_checks_to_hsds(api: FlaskClient) -> None:
    record = api.get(f"/api/v1/services/{REFUGE}").get_json()
    refuge = db.session.scalars(select(Service).where(Service.slug == "api-test-refuge")).one()
    assert record["assured_date"] == refuge.checked_on.isoformat()
    assert [(p["type"], p["number"]) for p in record["phones"]] == [
        ("voice", "01522 000000"),
        ("textphone", "18001 01522 000000"),
    ]
    weekly = [s for s in record["schedules"] if s.get("freq") == "WEEKLY"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        ("MO,TU,WE,TH,FR", "09:00", "17:00"),
        ("SA", "18:00", "02:00"),  # past midnight
    ]
    assert all("Europe/London" in s["notes"] and "bank holidays" in s["notes"] for s in weekly)
    one_off = [s for s in record["schedules"] if "valid_from" in s]
    assert len(one_off) == 1 and "Staff training" in one_off[0]["description"]  # the past one is left out
    areas = {a["name"]: a for a in record["service_areas"]}
    force = areas["Lincolnshire Police area"]
    assert force["uri"] == "http://statistics.data.gov.uk/id/statistical-geography/E23000020"
    assert areas["Lincoln"]["uri"].endswith("/E07000138")
    assert "uri" not in areas["LN1 postcode district"]
    assert {(lang["code"], lang.get("name")) for lang in record["languages"]} == {("en", "English"), ("cy", "Welsh")}
    (place,) = record["service_at_locations"]
    assert place["location"]["addresses"][0] | {"id": None, "location_id": None} == {
        "id": None, "location_id": None, "address_1": "5 Openway Street", "city": "Lincoln",
        "state_province": "Lincoln", "postal_code": "LN1 1DA", "country": "GB", "address_type": "physical",
    }  # fmt: skip
    assert place["location"]["accessibility"][0]["description"] == "Step-free entrance"
    always = api.get(f"/api/v1/services/{uid('service', 'api-test-bulk-00')}").get_json()
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in always["schedules"]] == [
        ("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")
    ]
