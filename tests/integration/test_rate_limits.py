"""Postcode searches are rate-limited per address, and the limit answers with a page that still helps:
999, 101 and every nation's helplines from the directory, and when to try again (Retry-After)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from flask import Flask
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import Service, ServiceArea
from tests.conftest import loaded_database_url, make_app
from tests.support.pages import check_page

NATIONS = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


@pytest.fixture(scope="module")
def limited_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_app(
        loaded_database_url("sqlite", "limits", tmp_path_factory.mktemp("limits")),
        SIGNPOST_SEARCH_RATE_LIMIT="3 per minute",
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def test_search_rate_limit_engages_with_a_friendly_page(limited_app: Flask) -> None:
    client = limited_app.test_client()
    statuses = [client.post("/where/burglary", data={"postcode": "LN1 3AA"}).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    page = client.post("/where/burglary", data={"postcode": "LN1 3AA"})
    assert page.status_code == 429
    assert "Too many requests" in page.get_data(as_text=True)
    # Reading pages is never limited: a victim can still see the help.
    assert client.get("/support/burglary/ln1-3").status_code == 200
    # Another address has its own allowance.
    other = client.post("/where/burglary", data={"postcode": "LN1 3AA"}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 303


def _expected_helplines(app: Flask) -> dict[str, set[str]]:
    """Per nation, the active general victim services (support after any crime) whose service area is that
    whole nation (from the database). A witness service or a line for people who harm is not one."""
    with app.app_context():
        rows = db.session.execute(
            select(ServiceArea.code, Service.name).join(Service)
            .where(
                ServiceArea.kind == "nation", Service.all_crime_types, Service.status == "active",
                Service.purpose == "victim-support",
            )
        ).all()  # fmt: skip
    expected: dict[str, set[str]] = {name: set() for name in NATIONS.values()}
    for code, name in rows:
        expected[NATIONS[str(code)]].add(name)
    return expected


def _sections(html: str) -> dict[str, str]:
    """The text under each <h3> of the page, by heading."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    main = document.find(".//main")
    assert main is not None
    out, current = {}, None
    for element in main.iter():
        if element.tag == "h3":
            current = "".join(element.itertext()).strip()
            out[current] = ""
        elif element.tag == "li" and current:
            out[current] += " ".join("".join(element.itertext()).split()) + "\n"
    return out


def test_the_limit_page_gives_999_101_every_nations_helplines_and_retry_after(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _ in range(3):
        client.post("/where/burglary", data={"postcode": "LN1 3AA"}, environ_base={"REMOTE_ADDR": "10.1.1.1"})
    page = client.post("/where/burglary", data={"postcode": "LN1 3AA"}, environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert page.status_code == 429
    assert 0 < int(page.headers["Retry-After"]) <= 60
    html = page.get_data(as_text=True)
    assert 'href="tel:999"' in html and 'href="tel:101"' in html and 'href="tel:18001101"' in html
    assert "too many searches from your connection" in html and "You can try again in " in html
    assert check_page(page) == []
    sections = _sections(html)
    expected = _expected_helplines(limited_app)
    assert set(sections) == set(NATIONS.values())
    for nation, names in expected.items():
        assert names, nation  # the curated data has a general helpline for every nation
        for name in names:
            assert name in sections[nation], (nation, name)
    assert "Victim Support Scotland" not in sections["England"]
    assert "Witness Service" not in sections["England"]
    assert "0808 168 9111" in sections["England"] and "0800 160 1985" in sections["Scotland"]


def test_the_helplines_come_from_the_directory(limited_app: Flask, tmp_path: Path) -> None:
    app = make_app(loaded_database_url("sqlite", "renamed", tmp_path), SIGNPOST_SEARCH_RATE_LIMIT="1 per minute")
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.slug == "victim-support-scotland-helpline"))
        assert service is not None
        service.name = "Scotland's renamed helpline"
        db.session.commit()
    client = app.test_client()
    client.post("/where/burglary/country", data={"nation": "scotland"})
    page = client.post("/where/burglary/country", data={"nation": "scotland"})
    assert page.status_code == 429
    assert "Scotland's renamed helpline" in _sections(page.get_data(as_text=True))["Scotland"]
    with app.app_context():
        db.engine.dispose()


def test_the_officer_form_is_limited_too(limited_app: Flask) -> None:
    client = limited_app.test_client()
    data = {"crime": "burglary", "area": "LN1", "language": "en"}
    statuses = [
        client.post("/officer", data=data, environ_base={"REMOTE_ADDR": "10.2.2.2"}).status_code for _ in range(4)
    ]
    assert statuses == [303, 303, 303, 429]
