"""Aggregate search counts (the only trace a search leaves) and paging through many local services."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from signpost.directory.results import LOCAL_LIMIT
from signpost.directory.stats import counts
from signpost.extensions import db
from signpost.models import Organisation, SearchCount, Service, ServiceArea
from tests.conftest import loaded_database_url, make_app
from tests.support.pages import check_page

LINCOLNSHIRE = "E23000020"


def test_searches_are_counted_by_day_crime_and_force_only(tmp_path: Path) -> None:
    app = make_app(loaded_database_url("sqlite", "counts", tmp_path))
    client = app.test_client()
    for postcode in ("LN1 3AA", "ln2 1aa", "EH1 1YZ", "LN99 9ZZ"):
        client.post("/where/burglary", data={"postcode": postcode})
    client.post("/where/fraud/country", data={"nation": "wales"})
    with app.app_context():
        today = counts(db.session, date.today())
        assert today == {
            ("burglary", LINCOLNSHIRE): 2,
            ("burglary", "S23000009"): 1,
            ("burglary", "unknown"): 1,
            ("fraud", "unknown"): 1,
        }
        # Nothing else is kept: the table has exactly these columns.
        assert {c.name for c in SearchCount.__table__.columns} == {"day", "crime_type_slug", "pfa_code", "count"}


def add_many_local_services(count: int) -> None:
    organisation = Organisation(slug="paging-org", name="Paging test organisation", status="active")
    for n in range(count):
        db.session.add(
            Service(
                slug=f"paging-{n:02d}", organisation=organisation, name=f"Paging service {n:02d}",
                description="A temporary test service.", status="active", verification="verified",
                all_crime_types=True, checked_on=date(2026, 11, 1),
                areas=[ServiceArea(kind="police_force_area", code=LINCOLNSHIRE)],
            )
        )  # fmt: skip
    db.session.flush()


def test_many_local_services_are_shown_a_phone_screen_at_a_time(app: Flask, client: FlaskClient) -> None:
    add_many_local_services(45)
    first = client.get("/support/burglary/ln1-3")
    page = first.get_data(as_text=True)
    # "Start here" leads with one local service; the others are paged, LOCAL_LIMIT at a time.
    more = int(re.search(rf"Showing 1 to {LOCAL_LIMIT} of (\d+) more services", page).group(1))
    assert more >= 45
    assert 'rel="next"' in page and 'rel="prev"' not in page
    assert check_page(first) == []
    second = client.get("/support/burglary/ln1-3?page=2").get_data(as_text=True)
    assert f"Showing {LOCAL_LIMIT + 1} to {2 * LOCAL_LIMIT} of {more} more services" in second
    assert 'rel="prev"' in second
    # The page number is part of the page, so its language links keep it (and page 1's do not name it).
    assert '<link rel="alternate" hreflang="cy" href="/cy/support/burglary/ln1-3?page=2">' in second
    assert '<link rel="alternate" hreflang="cy" href="/cy/support/burglary/ln1-3">' in page
    shown_first = {line for line in page.split("\n") if "Paging service" in line}
    shown_second = {line for line in second.split("\n") if "Paging service" in line}
    assert shown_first and shown_second and not shown_first & shown_second
    last_page = (more + LOCAL_LIMIT - 1) // LOCAL_LIMIT
    assert "Showing" in client.get(f"/support/burglary/ln1-3?page={last_page}").get_data(as_text=True)
    assert client.get(f"/support/burglary/ln1-3?page={last_page + 1}").status_code == 404
    assert client.get("/support/burglary/ln1-3?page=0").status_code == 404
