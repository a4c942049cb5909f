"""Shared fixtures: apps on SQLite and (when SIGNPOST_TEST_DATABASE_URL is set) PostgreSQL, with CSRF on."""

from __future__ import annotations

import fcntl
import functools
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from signpost import create_app
from signpost.config import PROJECT_ROOT
from signpost.data_version import Part
from signpost.dataset.geo_tables import load_geo_tables
from signpost.dataset.loader import load
from signpost.dataset.records import Dataset
from signpost.dataset.schema import read_dataset
from signpost.extensions import db
from signpost.fallback.build import build
from signpost.models import DirectoryVersion
from tests.support.client import CheckedClient
from tests.support.transactions import rolled_back

DATA_DIR = PROJECT_ROOT / "data"
POSTGRES_URL = os.environ.get("SIGNPOST_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def postgres_database(name: str, template: str | None = None, *, shared: bool = False) -> str:
    """A fresh database on the test server, named for this test worker (or for all of them, `shared`):
    empty, or a copy of `template`."""
    worker = "shared" if shared else os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    database = f"{url.database or 'signpost_test'}_{name}_{worker}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else "")))
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


@functools.cache
def curated_dataset() -> Dataset:
    """read_dataset(DATA_DIR), read once per test process (it takes seconds, and the files do not change)."""
    return read_dataset(DATA_DIR)


def migrate_and_load(app: Flask, data_dir: Path = DATA_DIR) -> None:
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        load_geo_tables(db.session, data_dir / "geo")
        load(db.session, curated_dataset() if data_dir == DATA_DIR else read_dataset(data_dir), data_dir / "geo")
        db.session.commit()


class _Templates:
    """Template databases, built once per test run and shared by its workers: per backend, one only migrated
    and one migrated and loaded with the curated data (by migrate_and_load itself).

    Migrating takes a second or more and loading several; copying the result (a file copy on SQLite, CREATE
    DATABASE ... TEMPLATE on PostgreSQL) takes a fraction of one, and gives the same database. The first
    worker to need a template builds it while holding a lock; the others wait, then read where it is.
    """

    def __init__(self) -> None:
        self.directory: Path | None = None  # shared by the run's workers (see _template_directory)
        self.urls: dict[tuple[str, bool], str] = {}

    def template(self, backend: str, loaded: bool) -> str:
        if (backend, loaded) not in self.urls:
            if self.directory is None:  # outside a pytest session
                self.directory = Path(tempfile.mkdtemp(prefix="signpost-templates-"))
            name = "template_loaded" if loaded else "template_migrated"
            marker = self.directory / f"{backend}-{name}.url"
            with (self.directory / "lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not marker.exists():
                    marker.write_text(self._build(backend, name, loaded))
                self.urls[backend, loaded] = marker.read_text()
        return self.urls[backend, loaded]

    def _build(self, backend: str, name: str, loaded: bool) -> str:
        assert self.directory is not None
        if backend == "sqlite":
            url = database_url(backend, name, self.directory)
        else:
            url = postgres_database(name, shared=True)  # left for the next run to drop and build again
        app = make_app(url)
        if loaded:
            migrate_and_load(app)
        with app.app_context():
            if not loaded:
                upgrade(directory=str(PROJECT_ROOT / "migrations"))
            db.engine.dispose()  # PostgreSQL copies a template only while nobody is connected to it
        return url

    def copy(self, backend: str, name: str, tmp_dir: Path, *, loaded: bool) -> str:
        template = make_url(self.template(backend, loaded))
        if backend == "sqlite":
            target = tmp_dir / f"{name}.db"
            shutil.copyfile(template.database or "", target)
            url = f"sqlite:///{target}"
        else:
            url = postgres_database(name, template=template.database)
        if loaded:
            _new_data_versions(url)
        return url


_TEMPLATES = _Templates()


def _new_data_versions(url: str) -> None:
    """Random data versions, as a load of its own would have given the copy (signpost.data_version.bump).

    Caches in the test process (pages, indexes) are keyed by these versions, not by database: copies that
    kept the template's versions would share cache entries once one of them changed without a bump.
    """
    engine = create_engine(url)
    with engine.begin() as connection:
        for part in Part:
            connection.execute(
                update(DirectoryVersion).where(DirectoryVersion.id == int(part)).values(version=secrets.randbits(31))
            )
    engine.dispose()


def loaded_database_url(backend: str, name: str, tmp_dir: Path) -> str:
    """Like database_url, but the database already holds what migrate_and_load puts there (the curated data)."""
    return _TEMPLATES.copy(backend, name, tmp_dir, loaded=True)


def migrated_database_url(backend: str, name: str, tmp_dir: Path) -> str:
    """Like database_url, but the database is migrated to the latest schema (and holds nothing else)."""
    return _TEMPLATES.copy(backend, name, tmp_dir, loaded=False)


@pytest.fixture(scope="session", autouse=True)
def _template_directory(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The template databases' folder: in the run's own temporary folder, which pytest-xdist's workers share."""
    root = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        root = root.parent  # each worker's folder is inside the run's
    _TEMPLATES.directory = root / "templates"
    _TEMPLATES.directory.mkdir(exist_ok=True)


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
    app = make_app(loaded_database_url(backend, "loaded", tmp_path_factory.mktemp(backend)))
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
    app = make_app(migrated_database_url(backend, "empty", tmp_path))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
