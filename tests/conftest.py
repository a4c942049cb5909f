"""Shared fixtures: apps on SQLite and (when SIGNPOST_TEST_DATABASE_URL is set) PostgreSQL, with CSRF on."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from signpost import create_app
from signpost.config import PROJECT_ROOT
from signpost.dataset.geo_tables import load_geo_tables
from signpost.dataset.loader import load
from signpost.dataset.schema import read_dataset
from signpost.extensions import db
from signpost.fallback.build import build
from tests.support.client import CheckedClient
from tests.support.transactions import rolled_back

DATA_DIR = PROJECT_ROOT / "data"
POSTGRES_URL = os.environ.get("SIGNPOST_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def postgres_database(name: str) -> str:
    """A fresh, empty database on the test server, named for this test worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    database = f"{url.database or 'signpost_test'}_{name}_{worker}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


def database_url(backend: str, name: str, tmp_dir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / f'{name}.db'}"
    return postgres_database(name)


def make_app(url: str, **overrides: object) -> Flask:
    config = {
        "TESTING": True,
        "SIGNPOST_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Tests post many searches a minute; test_rate_limits.py sets a low limit on its own app.
        "SIGNPOST_SEARCH_RATE_LIMIT": "10000 per minute",
        "SERVER_NAME": "localhost",
        # Links in emails, share pages and QR codes are built from this, never from the request's Host.
        "SIGNPOST_BASE_URL": "http://localhost",
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = CheckedClient  # every HTML page a test receives is checked
    return app


def migrate_and_load(app: Flask, data_dir: Path = DATA_DIR) -> None:
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        load_geo_tables(db.session, data_dir / "geo")
        load(db.session, read_dataset(data_dir), data_dir / "geo")
        db.session.commit()


@pytest.fixture(scope="session", autouse=True)
def fallback_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Fallback pages built once for the session, where every test app looks for them (not instance/)."""
    directory = tmp_path_factory.mktemp("fallback")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIGNPOST_FALLBACK_DIR", str(directory))
        with make_app("sqlite://").app_context():
            build(DATA_DIR, directory)
        yield directory


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def loaded_app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app whose database holds the real curated dataset. Tests must not change it."""
    app = make_app(database_url(backend, "loaded", tmp_path_factory.mktemp(backend)))
    migrate_and_load(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(loaded_app: Flask) -> Iterator[Flask]:
    """The loaded app inside a transaction that is rolled back after the test, whatever it commits."""
    with loaded_app.app_context(), rolled_back(loaded_app):
        yield loaded_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def empty_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    """An app with a migrated, empty database of its own, for tests that write."""
    app = make_app(database_url(backend, "empty", tmp_path))
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        yield app
        db.session.remove()
        db.engine.dispose()
