"""The app factory and what every response carries: config checks, /healthcheck, error pages, security headers."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from signpost import create_app
from signpost.config import ConfigError, from_environment
from tests.conftest import make_app
from tests.support.pages import inline_script_hash

# --- configuration -------------------------------------------------------------------------------------------


def test_production_without_a_secret_key_refuses_to_start() -> None:
    with pytest.raises(ConfigError) as raised:
        from_environment({"SIGNPOST_ENV": "production"})
    message = str(raised.value)
    assert "SIGNPOST_SECRET_KEY is not set" in message
    assert "production" in message


def test_create_app_fails_fast_in_production_without_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNPOST_ENV", "production")
    monkeypatch.delenv("SIGNPOST_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SIGNPOST_SECRET_KEY"):
        create_app()


def test_production_needs_a_shared_rate_limit_store() -> None:
    with pytest.raises(ConfigError, match="SIGNPOST_RATELIMIT_STORAGE_URI"):
        from_environment(
            {
                "SIGNPOST_ENV": "production",
                "SIGNPOST_SECRET_KEY": "x" * 64,
                "SIGNPOST_BASE_URL": "https://signpost.example.org",
            }
        )


def test_production_with_everything_set_has_secure_cookies() -> None:
    config = from_environment(
        {
            "SIGNPOST_ENV": "production",
            "SIGNPOST_SECRET_KEY": "x" * 64,
            "SIGNPOST_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
            "SIGNPOST_DATABASE_URL": "postgres://signpost@db.internal/signpost",
            "SIGNPOST_BASE_URL": "https://signpost.example.org",
        }
    )
    assert config["SECRET_KEY"] == "x" * 64
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://signpost@db.internal/signpost"
    assert "TESTING" not in config


def test_unknown_environment_name_is_refused() -> None:
    with pytest.raises(ConfigError, match="SIGNPOST_ENV must be development, production or testing"):
        from_environment({"SIGNPOST_ENV": "prod"})


def test_development_works_with_nothing_set() -> None:
    config = from_environment({})
    assert config["SIGNPOST_ENV"] == "development"
    assert config["SECRET_KEY"]
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SESSION_COOKIE_SECURE"] is False


# --- health check --------------------------------------------------------------------------------------------


def test_healthcheck_ok(client: FlaskClient) -> None:
    response = client.get("/healthcheck")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"status": "ok", "database": "ok", "rate_limits": "ok", "fallback_pages": "ok"}


def test_healthcheck_reports_an_unreachable_sqlite_database(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'no-such-directory' / 'signpost.db'}")
    response = app.test_client().get("/healthcheck")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert body["database"] == "unavailable"
    assert str(tmp_path) not in response.get_data(as_text=True)  # no connection details leak


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # nothing listens once the socket is closed


def test_healthcheck_reports_an_unreachable_postgresql_server() -> None:
    app = make_app(f"postgresql+psycopg://postgres:secret-password@127.0.0.1:{closed_port()}/signpost")
    response = app.test_client().get("/healthcheck")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
    assert "secret-password" not in response.get_data(as_text=True)


# --- error pages ---------------------------------------------------------------------------------------------


def test_unknown_url_gets_the_friendly_404_page(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<title>Page not found" in html
    assert re.search(r'<a [^>]*href="/"[^>]*>Go to the start page</a>', html)
    assert 'href="tel:999"' in html
    assert "Traceback" not in html


def test_wrong_method_gets_a_friendly_page(client: FlaskClient) -> None:
    response = client.post("/healthcheck")
    assert response.status_code == 405
    html = response.get_data(as_text=True)
    assert "Go to the start page" in html


# --- security headers ----------------------------------------------------------------------------------------

PAGES = ["/", "/rights", "/advice/burglary", "/support/burglary/ln1-3", "/healthcheck", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_page(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404), path
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/]{43}=')+", directives["script-src"]), csp
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "http:" not in csp and "https:" not in csp  # nothing from another host
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_inline_script_is_allowed_by_its_hash_and_the_header_never_changes(client: FlaskClient) -> None:
    """The CSP's hash is worked out from GOV.UK's template at start-up; here it is checked against the scripts
    pages really carry (so a template that drifts from what start-up read fails), with no nonce anywhere."""
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    allowed = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", csp))
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.DOTALL)
    assert inline and "js-enabled" in inline[0]
    assert {inline_script_hash(script) for script in inline} == allowed
    assert "nonce" not in html and "nonce" not in csp
    for path in ("/", "/support/burglary/ln1-3", "/officer"):
        assert client.get(path).headers["Content-Security-Policy"] == csp, path
