"""The one commit point (signpost.transaction): views never commit; a request's writes are kept when it
answers below 500 and dropped when it fails, and a read-only request issues no COMMIT."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask, abort
from flask_migrate import upgrade
from sqlalchemy import event, func, select

from signpost.config import PROJECT_ROOT
from signpost.directory.stats import count_search
from signpost.extensions import current_session, db
from signpost.models import SearchCount
from tests.conftest import database_url, make_app

DAY = date(2024, 8, 1)


@pytest.fixture(scope="module")
def tx_app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    # Exceptions become 500 pages here, as in production (tests otherwise propagate them).
    app = make_app(database_url(backend, "transaction", tmp_path_factory.mktemp("tx")), PROPAGATE_EXCEPTIONS=False)

    @app.get("/write/<int:status>")
    def write(status: int) -> tuple[str, int]:
        count_search(current_session(), DAY, f"status-{status}", None)
        if status == 404:
            abort(404)
        return "written", status

    @app.get("/write-then-fail")
    def write_then_fail() -> str:
        count_search(current_session(), DAY, "failed", None)
        raise RuntimeError("the view failed after writing")

    @app.get("/add-then-fail")
    def add_then_fail() -> str:
        current_session().add(SearchCount(day=DAY, crime_type_slug="added", pfa_code="x", count=1))
        raise RuntimeError("the view failed with an object pending")

    @app.get("/read")
    def read() -> str:
        return str(current_session().scalar(select(func.count()).select_from(SearchCount)))

    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def stored(app: Flask, crime: str) -> int:
    """The count as another connection sees it: only what was committed."""
    with app.app_context(), db.engine.connect() as connection:
        found = connection.scalar(
            select(SearchCount.count).where(SearchCount.crime_type_slug == crime, SearchCount.day == DAY)
        )
    return found or 0


@pytest.mark.parametrize("status", [200, 303, 404])
def test_a_request_that_answers_below_500_keeps_its_writes(tx_app: Flask, status: int) -> None:
    before = stored(tx_app, f"status-{status}")
    response = tx_app.test_client().get(f"/write/{status}")
    assert response.status_code == status
    assert stored(tx_app, f"status-{status}") == before + 1


@pytest.mark.parametrize("path", ["/write/500", "/write-then-fail", "/add-then-fail"])
def test_a_failed_request_rolls_back_its_writes(tx_app: Flask, path: str) -> None:
    assert tx_app.test_client().get(path).status_code == 500
    for crime in ("status-500", "failed", "added"):
        assert stored(tx_app, crime) == 0


def test_a_read_only_request_issues_no_commit(tx_app: Flask) -> None:
    commits: list[object] = []

    def note(connection: object) -> None:
        commits.append(connection)

    with tx_app.app_context():
        engine = db.engine
    event.listen(engine, "commit", note)
    try:
        client = tx_app.test_client()
        assert client.get("/read").status_code == 200
        assert commits == []
        assert client.get("/write/200").status_code == 200
        assert len(commits) == 1  # the listener sees commits, so the empty list above means something
    finally:
        event.remove(engine, "commit", note)
