"""Separate versions for the directory, geography and reference data: a change to one part rebuilds only
its caches, and a rebuilt directory index is swapped in while requests go on using the old one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, select, text

from signpost import data_version
from signpost.directory import index as directory_index
from signpost.directory import reference as reference_data
from signpost.extensions import db
from signpost.geo.gazetteer import gazetteer
from signpost.models import Organisation, Service
from tests.conftest import loaded_database_url, make_app

SUPPORTLINE = "victim-support-supportline"


def test_a_listing_change_keeps_the_gazetteer_and_reference_data(app: Flask) -> None:
    places, reference = gazetteer(db.session), reference_data.current(db.session)
    index = directory_index.current(db.session)
    service = db.session.scalar(select(Service).where(Service.slug == SUPPORTLINE))
    assert service is not None
    before = data_version.current_versions(db.session)
    service.checked_on = date(2026, 11, 30)  # "still correct"
    db.session.flush()
    after = data_version.current_versions(db.session)
    assert after.directory != before.directory
    assert (after.geography, after.reference) == (before.geography, before.reference)
    assert directory_index.current(db.session) is not index  # the writer sees its own change at once
    assert gazetteer(db.session) is places and reference_data.current(db.session) is reference


def test_an_organisations_trusted_flag_changes_no_version(app: Flask) -> None:
    organisation = db.session.scalar(select(Organisation).limit(1))
    assert organisation is not None
    before = data_version.current_versions(db.session)
    organisation.trusted = not organisation.trusted  # decides who reviews edits; no page shows it
    db.session.flush()
    assert data_version.current_versions(db.session) == before
    organisation.name = organisation.name + " (renamed)"
    db.session.flush()
    assert data_version.current_versions(db.session).directory != before.directory


def test_the_question_page_never_builds_the_directory_index(
    app: Flask, client: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_index(*_args: object) -> None:
        raise AssertionError("the directory index was built")

    service = db.session.scalar(select(Service).where(Service.slug == SUPPORTLINE))
    assert service is not None
    service.name = "Renamed for this test"
    db.session.flush()  # the directory's version changes: its index is out of date
    monkeypatch.setattr(directory_index._indexes, "_build", no_index)
    page = client.get("/what-happened")  # type: ignore[attr-defined]
    assert page.status_code == 200 and "Burglary" in page.get_data(as_text=True)


@pytest.fixture
def served_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    """A loaded database of its own, and a session that has not itself changed anything (as a victim's)."""
    app = make_app(loaded_database_url(backend, "served", tmp_path))
    with app.app_context():
        yield app
        directory_index._indexes.wait()
        db.session.remove()
        db.engine.dispose()


def test_a_request_during_an_index_rebuild_is_served_from_the_old_index(
    served_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = served_app.test_client()
    old_name = db.session.scalar(select(Service.name).where(Service.slug == SUPPORTLINE))
    assert old_name and old_name in client.get("/support/burglary/ln1-3").get_data(as_text=True)
    db.session.remove()
    # Another worker renames the service and commits.
    other = create_engine(db.engine.url)
    with other.begin() as connection:
        connection.execute(text("UPDATE service SET name = 'Renamed elsewhere' WHERE slug = :s"), {"s": SUPPORTLINE})
        connection.execute(text("UPDATE directory_version SET version = version + 1 WHERE id = 1"))
    other.dispose()
    started, release = threading.Event(), threading.Event()
    real_build = directory_index._indexes._build

    def slow_build(session: object, version: int) -> directory_index.DirectoryIndex:
        started.set()
        assert release.wait(30)
        return real_build(session, version)  # type: ignore[arg-type]

    monkeypatch.setattr(directory_index._indexes, "_build", slow_build)
    later = data_version.clock() + data_version.VERSION_TTL_SECONDS + 0.01
    monkeypatch.setattr(data_version, "clock", lambda: later)  # this worker notices the change
    try:
        during = client.get("/support/burglary/ln1")  # never rendered before: built from an index
        assert started.wait(30)  # a rebuild is under way, and that request did not wait for it
        assert during.status_code == 200
        assert old_name in during.get_data(as_text=True)
        assert "Renamed elsewhere" not in during.get_data(as_text=True)
    finally:
        release.set()
        directory_index._indexes.wait()
    after = client.get("/support/burglary/ln1").get_data(as_text=True)
    assert "Renamed elsewhere" in after
