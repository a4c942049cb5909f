"""HTTP behaviour under /api/: CORS, caching that wins over the security headers' no-store, ETag and 304,
the API's own rate limit, and JSON errors only (never an HTML page), whatever goes wrong."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import Service
from signpost.opendata import feed
from tests.conftest import database_url, make_app

URLS = [
    "/api/v1/",
    "/api/v1/services",
    "/api/v1/service_at_locations",
    "/api/v1/taxonomies",
    "/api/v1/taxonomy_terms",
    "/api/v1/openapi.json",
]


def _is_problem(response: object, status: int) -> None:
    assert getattr(response, "status_code") == status  # noqa: B009
    assert getattr(response, "mimetype") == "application/problem+json"  # noqa: B009
    body = getattr(response, "get_data")(as_text=True)  # noqa: B009
    assert not body.lstrip().startswith("<") and "<html" not in body.lower()
    assert getattr(response, "get_json")()["status"] == status  # noqa: B009


@pytest.mark.parametrize("url", URLS)
def test_success_is_public_cacheable_cors_json_with_an_etag(api: FlaskClient, url: str) -> None:
    response = api.get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=300"  # not the security headers' no-store
    assert response.headers["ETag"].startswith('W/"')
    assert "Set-Cookie" not in response.headers


def test_a_conditional_get_answers_304_until_the_data_changes(api: FlaskClient) -> None:
    first = api.get("/api/v1/services")
    tag = first.headers["ETag"]
    again = api.get("/api/v1/services", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == tag and again.headers["Cache-Control"] == "public, max-age=300"
    assert api.get("/api/v1/services/0a96bc0d-eb2a-51b8-91fa-8f8929418b73", headers={"If-None-Match": '"other"'}).status_code == 404  # fmt: skip
    service = db.session.scalars(select(Service).where(Service.slug == "api-test-refuge")).one()
    service.name = "Renamed"
    db.session.flush()  # a change in this session is seen at once (other processes within a second)
    changed = api.get("/api/v1/services", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag


def test_errors_are_json_everywhere_under_api(api: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    _is_problem(api.get("/api/v1/services?page=x"), 400)
    _is_problem(api.get("/api/v1/services/0a96bc0d-eb2a-51b8-91fa-8f8929418b73"), 404)
    _is_problem(api.get("/api/v1/services/not-a-uuid"), 404)
    _is_problem(api.get("/api/v1/no-such-thing"), 404)
    _is_problem(api.get("/api/v2/services"), 404)
    not_allowed = api.post("/api/v1/services", data={"name": "x"})
    _is_problem(not_allowed, 405)
    assert set(not_allowed.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    _is_problem(api.delete("/api/v1/services/0a96bc0d-eb2a-51b8-91fa-8f8929418b73"), 405)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(feed, "services_page", broken)
    failed = api.get("/api/v1/services")
    _is_problem(failed, 500)
    assert "fire" not in failed.get_data(as_text=True)
    for response in (not_allowed, failed, api.get("/api/v1/nothing")):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cache-Control"] == "no-store"


def test_other_pages_keep_the_security_headers(api: FlaskClient) -> None:
    assert api.get("/").headers["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in api.get("/").headers
    assert api.get("/no-such-page").mimetype == "text/html"  # only /api/ answers errors in JSON


def test_head_and_a_cors_preflight_work(api: FlaskClient) -> None:
    head = api.head("/api/v1/services")
    assert head.status_code == 200 and head.get_data() == b""
    preflight = api.options(
        "/api/v1/services", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


@pytest.fixture
def limited_app(backend: str, tmp_path: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from signpost.config import PROJECT_ROOT

    app = make_app(database_url(backend, "api_limit", tmp_path), SIGNPOST_API_RATE_LIMIT="3 per minute")  # type: ignore[arg-type]
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        yield app
        db.session.remove()
        db.engine.dispose()


def test_the_api_has_its_own_rate_limit(limited_app: Flask) -> None:
    client = limited_app.test_client()
    assert [client.get("/api/v1/taxonomies").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/services")
    _is_problem(refused, 429)
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    assert "3 per 1 minute" in refused.get_json()["detail"]
    assert client.get("/").status_code == 200  # the victim pages are not counted against it


def test_the_data_sources_page_credits_open_referral(api: FlaskClient) -> None:
    page = api.get("/data-sources").get_data(as_text=True)
    assert "Open Referral / HSDS" in page and "CC BY-SA 4.0" in page and "/api/v1/" in page
