"""Fail open: with the database unreachable, every victim page still answers (503) with 999, 101 and the
right nation's helplines; the app recovers by itself when the database returns; no postcode is logged."""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from signpost import data_version
from signpost.extensions import db
from signpost.fallback.areas import NATIONS
from signpost.fallback.build import NGINX_MAP, page_path
from signpost.fallback.content import covers
from tests.conftest import POSTGRES_URL, curated_dataset, loaded_database_url, make_app
from tests.integration.test_app import closed_port
from tests.support.pages import check_page

DATASET = curated_dataset()
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Victim pages that need the database, and the nation whose helplines each must show when it is down.
VICTIM_PAGES = {
    "/support/burglary/eh1-1": "scotland",
    "/support/domestic-abuse/g1": "scotland",
    "/support/fraud/scotland": "scotland",
    "/support/burglary/cf10-1": "wales",
    "/support/burglary/ln1-3": "england",
    "/support/burglary/bt1": "northern-ireland",
    "/support/burglary/uk": "uk",
    "/advice/burglary": "uk",
    "/rights": "uk",
}
CAPTIONS = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def numbers_only_for_others(nation: str) -> set[str]:
    """Phone numbers of lines that cover other nations but not this one (nor the whole UK)."""
    here = {p.number for s in DATASET.services if covers(s, nation) for p in s.phones}
    elsewhere = {
        p.number
        for s in DATASET.services
        if not covers(s, nation) and any(covers(s, other) for other in NATIONS)
        for p in s.phones
    }
    return elsewhere - here


def assert_fallback_page(html: str, nation: str) -> None:
    for needed in ('href="tel:999"', 'href="tel:18000"', "press 55", 'href="tel:101"', 'href="tel:18001101"'):
        assert needed in html, needed
    assert "Exit this page" in html and 'href="https://www.bbc.co.uk/weather"' in html
    assert "<script" not in html
    assert 'href="/static/css/signpost.css"' in html
    caption = re.search(r'<span class="govuk-caption-l">([^<]*)</span>', html)
    assert caption is not None and caption.group(1) == CAPTIONS.get(nation, "The UK")
    if nation in NATIONS:
        general = next(
            s for s in DATASET.services if s.all_crime_types and covers(s, nation) and len(s.areas) <= 2 and s.phones
        )
        assert general.phones[0].number in html  # the nation's own victim line
        leaked = {n for n in numbers_only_for_others(nation) if f">{n}<" in html}
        assert not leaked, f"{nation} page shows other nations' lines: {leaked}"
    assert "Checked on " in html


# ---------------------------------------------------------------- the built pages


def test_build_command_writes_a_page_per_nation_and_the_web_servers_area_map(tmp_path: Path) -> None:
    app = make_app("sqlite://", SIGNPOST_FALLBACK_DIR=str(tmp_path))
    result = app.test_cli_runner().invoke(args=["fallback", "build"])
    assert result.exit_code == 0, result.output
    assert "10 pages" in result.output  # 5 in English, 5 in Welsh
    for area in (*NATIONS, "uk"):
        html = page_path(tmp_path, area).read_text()
        assert_fallback_page(html, area)
        html5lib.HTMLParser(strict=True).parse(html)  # well formed
    area_lines = (tmp_path / NGINX_MAP).read_text().splitlines()
    assert "cf10-1 wales;" in area_lines and "eh1 scotland;" in area_lines and "bt1 northern-ireland;" in area_lines


def test_a_data_load_that_commits_rebuilds_the_pages(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'load.db'}", SIGNPOST_FALLBACK_DIR=str(tmp_path / "pages"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    dry = runner.invoke(args=["data", "load"])
    assert dry.exit_code == 0 and not (tmp_path / "pages").exists()  # a dry run changes nothing
    result = runner.invoke(args=["data", "load", "--commit"])
    assert result.exit_code == 0, result.output
    assert "Fallback pages: 10 pages" in result.output
    assert_fallback_page(page_path(tmp_path / "pages", "wales").read_text(), "wales")


def test_the_welsh_pages_are_built_in_welsh(tmp_path: Path) -> None:
    app = make_app("sqlite://", SIGNPOST_FALLBACK_DIR=str(tmp_path))
    assert app.test_cli_runner().invoke(args=["fallback", "build"]).exit_code == 0
    html = page_path(tmp_path, "wales", "cy").read_text()
    assert '<html lang="cy"' in html
    assert "<title>Help ar ôl trosedd yng Nghymru – Signpost</title>" in html
    assert "Gadael y dudalen hon" in html and "Exit this page" not in html
    assert 'href="tel:999"' in html and 'href="tel:101"' in html
    assert "Llinell Gymorth Cymorth i Ddioddefwyr" in html  # Welsh where the data has it
    assert '<h3 class="govuk-heading-s"><span lang="en">' in html  # English, marked, where it does not
    assert 'href="/" hreflang="en" lang="en">English</a>' in html
    html5lib.HTMLParser(strict=True).parse(html)


# ---------------------------------------------------------------- the database unreachable


def unreachable_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-directory' / 'signpost.db'}"
    return f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/signpost"


@pytest.fixture
def down_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(unreachable_url(backend, tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(("url", "nation"), VICTIM_PAGES.items())
def test_every_victim_page_answers_503_with_999_101_and_the_nations_helplines(
    down_app: Flask, url: str, nation: str
) -> None:
    response = down_app.test_client().get(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    assert check_page(response) == []
    assert_fallback_page(response.get_data(as_text=True), nation)


def test_a_welsh_page_gets_the_welsh_fallback(down_app: Flask) -> None:
    response = down_app.test_client().get("/cy/support/burglary/cf10-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert '<html lang="cy"' in html and "Llinellau cymorth i bobl yng Nghymru" in html
    assert check_page(response) == []


def test_the_questions_are_asked_without_the_database(down_app: Flask) -> None:
    client = down_app.test_client()
    for url in ("/", "/what-happened", "/where/burglary", "/where/burglary/country"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert check_page(response) == []
    crimes = client.get("/what-happened").get_data(as_text=True)
    assert all(f'value="{c.slug}"' in crimes for c in DATASET.crime_types)
    assert client.get("/where/no-such-crime").status_code == 404


def test_a_postcode_search_during_an_outage_lands_on_the_nations_page(down_app: Flask) -> None:
    client = down_app.test_client()
    # A search changes nothing, so the form carries no CSRF token (and the journey sets no cookie).
    response = client.post("/where/burglary", data={"postcode": "EH1 1YZ"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/support/burglary/eh1-1"  # the sector, never the postcode
    landed = client.get(response.headers["Location"])
    assert landed.status_code == 503
    assert_fallback_page(landed.get_data(as_text=True), "scotland")
    # Input the form refuses is refused as usual, with what was typed kept
    bad = client.post("/where/burglary", data={"postcode": "EH1 1Y"})
    assert bad.status_code == 200 and "Enter a real postcode" in bad.get_data(as_text=True)
    # The country question during an outage still goes to that country's results URL
    chosen = client.post("/where/burglary/country", data={"nation": "wales"})
    assert chosen.status_code == 303 and chosen.headers["Location"] == "/support/burglary/wales"


def test_partner_pages_keep_their_own_error_page(down_app: Flask) -> None:
    client = down_app.test_client()
    page = client.get("/partners")
    token = TOKEN.search(page.get_data(as_text=True))
    assert token is not None
    response = client.post("/partners", data={"csrf_token": token.group(1), "email": "a@example.org", "password": "x"})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in html
    assert "Help after a crime" not in html


def test_without_built_pages_the_app_renders_them_itself(tmp_path: Path) -> None:
    app = make_app(unreachable_url("sqlite", tmp_path), SIGNPOST_FALLBACK_DIR=str(tmp_path / "never-built"))
    response = app.test_client().get("/support/burglary/cf10-1")
    assert response.status_code == 503
    assert_fallback_page(response.get_data(as_text=True), "wales")


# ---------------------------------------------------------------- recovery


def test_the_app_recovers_by_itself_when_a_sqlite_database_returns(loaded_app: Flask, tmp_path: Path) -> None:
    if not loaded_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite: the file appears; PostgreSQL: see the next test")
    home = tmp_path / "db"
    app = make_app(f"sqlite:///{home / 'signpost.db'}")
    client = app.test_client()
    assert client.get("/support/burglary/eh1-1").status_code == 503
    home.mkdir()
    shutil.copy(make_url(loaded_app.config["SQLALCHEMY_DATABASE_URI"]).database or "", home / "signpost.db")
    response = client.get("/support/burglary/eh1-1")
    assert response.status_code == 200
    assert "Near EH1 1" in response.get_data(as_text=True)


@pytest.mark.skipif(not POSTGRES_URL, reason="needs SIGNPOST_TEST_DATABASE_URL")
def test_the_app_recovers_by_itself_when_postgresql_lets_it_back_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = loaded_database_url("postgresql", "outage", tmp_path)
    app = make_app(url)
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    client = app.test_client()
    try:
        assert client.get("/support/burglary/eh1-1").status_code == 200
        with admin.connect() as c:
            c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
        # Past the one second a worker trusts its cached data version (until then it needs no database).
        monkeypatch.setattr(data_version, "clock", lambda: time.monotonic() + 10)
        for _ in range(3):  # the pooled connection was killed, and no new one is let in
            down = client.get("/support/burglary/eh1-2")
            assert down.status_code == 503
            assert_fallback_page(down.get_data(as_text=True), "scotland")
        with admin.connect() as c:
            c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        back = client.get("/support/burglary/eh1-2")
        assert back.status_code == 200 and "Near EH1 2" in back.get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()
        with admin.connect() as c:
            c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ---------------------------------------------------------------- nothing private in the logs

POSTCODE_FORMS = ("KT24 5DU", "KT245DU", "kt24 5du", "kt245du", "kt24-5du")


@pytest.fixture
def failing_postcode_lookup(app: Flask) -> Iterator[list[str]]:
    """Make the full-postcode lookup fail inside the database, as a real fault would (the statement is sent,
    with the postcode as its parameter, to a table that is not there)."""
    seen: list[str] = []

    def break_it(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> Any:
        if re.search(r"\bFROM postcode\b", statement):
            seen.append(statement)
            statement = re.sub(r"\bFROM postcode\b", "FROM no_such_table", statement)
        return statement, parameters

    event.listen(db.engine, "before_cursor_execute", break_it, retval=True)
    yield seen
    event.remove(db.engine, "before_cursor_execute", break_it)


def test_no_postcode_reaches_any_log_line_when_the_database_fails_during_a_search(
    app: Flask, failing_postcode_lookup: list[str], caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    assert db.engine.hide_parameters is True
    client = app.test_client()
    caplog.set_level(logging.DEBUG)  # everything, SQLAlchemy's statement log included
    response = client.post("/where/burglary", data={"postcode": "KT24 5DU"})
    assert failing_postcode_lookup, "the postcode lookup never ran"
    assert response.status_code == 303 and response.headers["Location"] == "/support/burglary/kt24-5"
    captured = "\n".join(r.getMessage() for r in caplog.records) + caplog.text + "".join(capfd.readouterr())
    for form in POSTCODE_FORMS:
        assert form.lower() not in captured.lower(), form
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1  # one line for the failed request, not a traceback
    line = errors[0].getMessage()
    assert errors[0].exc_info is None and "Traceback" not in caplog.text
    assert line.startswith("POST /where/burglary failed: ProgrammingError at ") or line.startswith(
        "POST /where/burglary failed: OperationalError at "
    ), line


def test_a_full_postcode_typed_into_a_url_is_blanked_in_the_log_line(
    down_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = down_app.test_client().get("/support/burglary/kt24-5du", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 503
    assert "kt24-5du" not in caplog.text.lower()
    assert "GET /support/burglary/[postcode] failed: OperationalError at " in caplog.text
    assert "(request abc-123)" in caplog.text
