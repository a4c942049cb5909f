"""Officers print and share links: the paths in DESIGN.md's public URL contract are a contract. Each one is
requested here with real values, on every backend; removing or breaking one must fail here."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

# DESIGN.md "Public URL contract", row by row, as the rules the app registers.
SHARED_RULES = {
    "/",
    "/cy/",
    "/support/<crime>/<area>",
    "/advice/<crime>",
    "/rights",
    "/officer",
    "/partners",
    "/api/v1/",
    "/api/v1/services",
    "/api/v1/services/<id>",
    "/api/v1/openapi.json",
    "/healthcheck",
}
# ... and as links people follow: `<area>` is a sector, a district or `uk`; /cy/ has the same pages in Welsh.
SHARED_PAGES = [
    "/",
    "/cy/",
    "/support/burglary/ln1-3",
    "/support/burglary/ln1",
    "/support/domestic-abuse/uk",
    "/cy/support/burglary/ln1-3",
    "/advice/burglary",
    "/cy/advice/burglary",
    "/rights",
    "/cy/rights",
    "/officer",
    "/partners",
    "/api/v1/",
    "/api/v1/services",
    "/api/v1/openapi.json",
    "/healthcheck",
]


def test_shared_paths_still_exist(app: Flask) -> None:
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    missing = SHARED_RULES - rules
    assert not missing, f"shared paths removed: {missing}"


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_shared_paths_answer(client: FlaskClient, path: str) -> None:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200, path


def test_a_service_record_answers_at_its_shared_path(client: FlaskClient) -> None:
    listed = client.get("/api/v1/services?per_page=1").get_json()
    service_id = listed["contents"][0]["id"]
    response = client.get(f"/api/v1/services/{service_id}")
    assert response.status_code == 200 and response.get_json()["id"] == service_id
