"""What the ORUK validator does, replayed in-process: read /, follow openapi_url, then for every list
endpoint the first, middle and last pages, then every id collected from them, each response checked
against the HSDS 3.0 schemas and the validator's own UK schemas (formats, UUIDs included)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from tests.support import oruk

HSDS = oruk.HSDS_BASE
UK = oruk.UK_BASE
# list path -> (HSDS item schema, UK page schema or None, by-id path, HSDS record schema, UK record schema or None)
LISTS = {
    "/services": (
        HSDS + "compiled/service_list.json",
        UK + "service_list.json",
        HSDS + "compiled/service.json",
        UK + "service.json",
    ),
    "/service_at_locations": (
        HSDS + "compiled/service_at_location_list.json",
        UK + "service_at_location_list.json",
        HSDS + "compiled/service_at_location.json",
        UK + "service_at_location.json",
    ),
    # The validator has no UK taxonomy schemas; HSDS's are the reference.
    "/taxonomies": (HSDS + "taxonomy.json", None, HSDS + "taxonomy.json", None),
    "/taxonomy_terms": (HSDS + "taxonomy_term.json", None, HSDS + "taxonomy_term.json", None),
}


def _get(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True))
    assert response.mimetype == "application/json", url
    return response.get_json()


def _check_record(record: Any, hsds_uri: str, uk_uri: str | None, where: str) -> None:
    problems = oruk.errors(record, hsds_uri) + (oruk.errors(record, uk_uri) if uk_uri else [])
    problems += [f"undefined in HSDS 3.0: {p}" for p in oruk.undefined_fields(record, oruk.schema(hsds_uri))]
    problems += [f"null or empty: {p}" for p in oruk.nulls_or_empties(record)]
    assert not problems, (where, problems[:10])


def test_the_format_checks_really_run() -> None:
    for name in oruk.CHECKED_FORMATS:
        assert name in oruk.FORMATS.checkers, f"format {name} would not be checked"
    assert oruk.errors({"id": "not-a-uuid", "name": "x", "status": "active"}, UK + "service.json")
    assert oruk.errors({"id": "0a96bc0d-eb2a-51b8-91fa-8f8929418b73", "name": "x", "url": "not a uri", "status": "active"}, HSDS + "compiled/service_list.json")  # fmt: skip


def test_replays_the_oruk_validator(api: FlaskClient) -> None:
    about = _get(api, "/api/v1/")
    assert not oruk.errors(about, UK + "api_details.json")
    assert Draft202012Validator(
        oruk.hsds_openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        format_checker=oruk.FORMATS,
    ).is_valid(about)
    assert about["version"] == "HSDS-UK-3.0"
    document = _get(api, urlsplit(about["openapi_url"]).path)
    paths = document["paths"]
    pages_seen: dict[str, list[int]] = {}
    for path, (item_uri, uk_page_uri, record_uri, uk_record_uri) in LISTS.items():
        assert "page" in [p["$ref"].rsplit("/", 1)[-1] for p in paths[path]["get"]["parameters"]], path
        first = _get(api, f"/api/v1{path}?page=1")
        pages = first["total_pages"]
        numbers = [1] + ([pages // 2] if pages > 2 else []) + ([pages] if pages > 1 else [])
        pages_seen[path] = numbers
        ids: list[str] = []
        for number in numbers:
            page = first if number == 1 else _get(api, f"/api/v1{path}?page={number}")
            assert page["page_number"] == number and page["total_pages"] == pages
            assert page["first_page"] is (number == 1) and page["last_page"] is (number == pages)
            assert page["size"] == len(page["contents"]) and not page["empty"]
            assert not oruk.page_errors(page, item_uri), (path, number, oruk.page_errors(page, item_uri)[:5])
            if uk_page_uri:
                assert not oruk.errors(page, uk_page_uri), (path, number, oruk.errors(page, uk_page_uri)[:5])
            for item in page["contents"]:
                _check_record(item, item_uri, None, f"{path}?page={number}")
            ids += [item["id"] for item in page["contents"]]
        assert ids and len(ids) == len(set(ids)), path
        for record_id in ids:
            record = _get(api, f"/api/v1{path}/{record_id}")
            assert record["id"] == record_id
            _check_record(record, record_uri, uk_record_uri, f"{path}/{record_id}")
    # The premise: the services list is long enough for the validator to ask for a middle page.
    assert len(pages_seen["/services"]) == 3, pages_seen


def test_every_bulk_download_line_is_a_valid_service(api: FlaskClient) -> None:
    response = api.get("/api/v1/services?format=ndjson")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == _get(api, "/api/v1/services")["total_items"]
    for line in lines:
        _check_record(json.loads(line), HSDS + "compiled/service.json", UK + "service.json", "ndjson")
