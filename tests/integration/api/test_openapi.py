"""/api/v1/openapi.json is a valid OpenAPI 3.1 document of exactly what is served, and the API keeps to it
(schemathesis, in-process, with a bounded number of generated requests per operation)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import OpenAPIV31SpecValidator
from schemathesis.specs.openapi.checks import positive_data_acceptance

from signpost.api import openapi, params


def _document(api: FlaskClient) -> dict[str, Any]:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.get_json()
    return document


def test_the_document_is_valid_openapi_3_1(api: FlaskClient) -> None:
    document = _document(api)
    assert document["openapi"] == "3.1.0"
    errors = [str(error.message) for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert not errors, errors[:5]
    broken = {key: value for key, value in document.items() if key != "info"}
    assert list(OpenAPIV31SpecValidator(broken).iter_errors())  # the validator can fail


def test_the_document_lists_exactly_the_routes_served(api_app: Flask, api: FlaskClient) -> None:
    document = _document(api)
    served = {
        rule.rule.removeprefix("/api/v1").replace("<id>", "{id}") or "/"
        for rule in api_app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert set(document["paths"]) == served
    for path, item in document["paths"].items():
        names = {p["$ref"].rsplit("/", 1)[-1] for p in item["get"].get("parameters", [])}
        endpoint = path.strip("/").split("/")[0] or "index"
        if "{id}" not in path and endpoint in params.ACCEPTED:
            assert names == set(params.ACCEPTED[endpoint]), path
        else:
            assert not names, path


# Every documented operation, known without an app (schemathesis' lazy pytest loader does not work with pytest 9).
OPERATIONS = sorted(openapi.document("")["paths"])


@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_keeps_to_its_document(api_app: Flask, path: str) -> None:
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    def keeps_to_it(case: Any) -> None:
        with api_app.app_context():
            # Positive-data acceptance is left out: a well-formed postcode or term id that names nothing we
            # know is refused with a 400 (documented), though the schema cannot say which values exist.
            # identity: the in-process WSGI transport does not undo gzip as an HTTP client would.
            case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance])

    keeps_to_it()
