"""The open data API's test app: the real curated dataset plus listings that must, or must never, be published."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.api.http import london_today
from signpost.dataset.loader import _area
from signpost.extensions import db
from signpost.models import CrimeType, Location, OpeningHours, Organisation, Phone, ScheduleException, Service
from tests.conftest import loaded_database_url, make_app
from tests.support.transactions import rolled_back

# Never in any API response, on any backend.
CONFIDENTIAL = {
    "name": "Willow House refuge",
    "address": "17 Hushwater Close, Lincoln",
    "postcode": "LN2 5QT",
    "latitude": "53.2297731",
    "longitude": "-0.5239917",
}
PUBLIC_PLACE = {"name": "Lincoln drop-in", "address": "5 Openway Street, Lincoln", "postcode": "LN1 1DA"}
UNLISTED = ("api-test-retired", "api-test-inactive", "api-test-hidden")
BULK = 60  # extra national services, so the services list has at least three pages of 50
FIXED_TIME = datetime(2026, 6, 1, 12, 0, 0)


@pytest.fixture(scope="session")
def api_app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Tests must not change it (or must roll back)."""
    url = loaded_database_url(backend, "api", tmp_path_factory.mktemp(f"api-{backend}"))
    app = make_app(url, SIGNPOST_API_RATE_LIMIT="100000 per minute")
    with app.app_context():
        add_test_listings(db.session, london_today())
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def api(api_app: Flask) -> Iterator[FlaskClient]:
    with api_app.app_context(), rolled_back(api_app):
        yield api_app.test_client()


def add_test_listings(session: Session, today: date) -> None:
    crimes = {c.slug: c for c in session.scalars(select(CrimeType))}
    org = Organisation(slug="api-test-org", name="Hushwater Trust", website="https://hushwater.example.org")
    session.add(org)
    refuge = Service(
        slug="api-test-refuge", organisation=org, name="Hushwater domestic abuse service",
        description="Safe housing and advice for people escaping domestic abuse.", website="https://hushwater.example.org/help",
        email="help@hushwater.example.org", eligibility="Women and men in Lincolnshire", languages="en,cy",
        accessibility="Step-free entrance", closed_on_bank_holidays=True, hours_note="Out of hours, call the national line",
        verification="secondary", source_url="https://news.example.org/hushwater", checked_on=today - timedelta(days=10),
        crime_types=[crimes["domestic-abuse"], crimes["stalking"]], updated_at=FIXED_TIME,
    )  # fmt: skip
    refuge.phones = [
        Phone(kind="voice", number="01522 000000", dial="01522000000", note="Staffed 9am to 5pm", position=0),
        Phone(kind="textphone", number="18001 01522 000000", dial="18001 01522000000", position=1),
    ]
    refuge.opening_hours = [OpeningHours(weekday=d, opens=time(9), closes=time(17)) for d in range(5)] + [
        OpeningHours(weekday=5, opens=time(18), closes=time(2))
    ]
    refuge.exceptions = [
        ScheduleException(day=today + timedelta(days=30), closed=True, note="Staff training"),
        ScheduleException(day=today - timedelta(days=30), closed=True, note="Long gone"),
    ]
    hidden = Location(slug="refuge", confidential=True, position=0, **_place(CONFIDENTIAL))
    public = Location(
        slug="drop-in", confidential=False, position=1, latitude=53.2345, longitude=-0.5497, **PUBLIC_PLACE
    )
    refuge.locations = [hidden, public]
    session.add(refuge)
    session.flush()
    refuge.areas = [
        _area("police_force_area", "E23000020", None, None),
        _area("local_authority", "E07000138", None, None),
        _area("postcode_district", "LN1", None, None),
        _area("radius", None, hidden, 10.0),
    ]
    for slug, status, checked in (
        ("api-test-retired", "retired", today),
        ("api-test-inactive", "inactive", today),
        ("api-test-hidden", "active", date(2001, 1, 1)),
    ):
        gone = Service(slug=slug, organisation=org, name=f"Unlisted {slug}", description="Must never be published.",
                       status=status, checked_on=checked, all_crime_types=True, verification="verified")  # fmt: skip
        gone.locations = [Location(slug="office", name=f"Office of {slug}", address=f"1 {slug} Road, Lincoln",
                                   postcode="LN1 1DA", latitude=53.2345, longitude=-0.5497)]  # fmt: skip
        session.add(gone)
        session.flush()
        gone.areas = [_area("uk", None, None, None)]
    for number in range(BULK):
        bulk = Service(slug=f"api-test-bulk-{number:02d}", organisation=org, name=f"Zz bulk helpline {number:02d}",
                       description="A national helpline for testing paging.", all_crime_types=True,
                       checked_on=today, verification="verified", always_open=number == 0)  # fmt: skip
        session.add(bulk)
        session.flush()
        bulk.areas = [_area("uk", None, None, None)]


def _place(values: dict[str, str]) -> dict[str, object]:
    return {
        "name": values["name"],
        "address": values["address"],
        "postcode": values["postcode"],
        "latitude": float(values["latitude"]),
        "longitude": float(values["longitude"]),
    }
