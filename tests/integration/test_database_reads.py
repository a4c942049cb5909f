"""What a results page asks the database: a never-seen page reads the services it shows for the first time
in one statement, outside any transaction, and leaves nothing for the request's end to roll back; a
session with a change of its own reads through its own transaction (it must see the change)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from signpost import data_version
from signpost.data_version import reading
from signpost.directory import index as directory_index
from signpost.directory.views import _statement, load_views
from signpost.extensions import db
from signpost.models import Service
from signpost.public import page_cache

PAGES = ["/support/burglary/ln1-3", "/support/fraud/cf10-1", "/cy/support/assault/ln1-3"]


def _in_transaction(dbapi_connection: Any) -> bool:
    """Whether the driver's connection is inside a transaction on the database itself."""
    if hasattr(dbapi_connection, "in_transaction"):  # sqlite3
        return bool(dbapi_connection.in_transaction)
    return str(dbapi_connection.info.transaction_status.name) != "IDLE"  # psycopg


class Recorded:
    """Each statement run through the engine (and whether it ran inside a database transaction), and each
    transaction a session began."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, bool]] = []
        self.session_begins = 0

    def statement(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append((statement, _in_transaction(conn.connection.dbapi_connection)))

    def began(self, *args: Any) -> None:
        self.session_begins += 1


@pytest.fixture
def recorded(loaded_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorded]:
    """Statements of requests to `loaded_app` (read only: nothing here writes), with the data versions kept
    fresh so that their once-a-second read does not land in the middle of what is counted."""
    monkeypatch.setattr(data_version, "clock", lambda: 1_000_000.0)
    with loaded_app.app_context():
        engine = db.engine
    found = Recorded()
    event.listen(engine, "after_cursor_execute", found.statement)
    event.listen(Session, "after_begin", found.began)
    try:
        yield found
    finally:
        event.remove(engine, "after_cursor_execute", found.statement)
        event.remove(Session, "after_begin", found.began)


def _settled() -> None:
    """Wait for cache rebuilds that an earlier test's change started in this process: one swapped in between
    two requests brings an index with no service views (and its statements would be recorded here)."""
    for cache in data_version._caches:
        cache.wait()


def _forget_views(app: Flask) -> None:
    """Empty the page cache and the index's cache of service views: every page is never-seen again."""
    page_cache.clear()
    with app.app_context():
        directory_index.current(db.session()).views.clear()
        db.session.remove()


@pytest.mark.parametrize("path", PAGES)
def test_a_never_seen_page_reads_the_database_once_outside_a_transaction(
    loaded_app: Flask, recorded: Recorded, path: str
) -> None:
    client = loaded_app.test_client()
    assert client.get("/support/burglary/ln1").status_code == 200  # builds the index, reads the versions
    _settled()
    _forget_views(loaded_app)
    recorded.statements.clear()
    recorded.session_begins = 0
    response = client.get(path)
    assert response.status_code == 200
    assert len(recorded.statements) == 1, [s for s, _ in recorded.statements]
    statement, inside = recorded.statements[0]
    assert statement.lstrip().upper().startswith("SELECT")
    assert not inside  # no BEGIN before it, so no ROLLBACK after the request
    assert recorded.session_begins == 0  # the request's session never began a transaction


def test_a_page_whose_services_were_all_shown_before_reads_nothing(loaded_app: Flask, recorded: Recorded) -> None:
    client = loaded_app.test_client()
    assert client.get("/support/burglary/ln1-3").status_code == 200
    _settled()
    page_cache.clear()
    assert client.get("/support/burglary/ln1-3").status_code == 200  # the views, in the index now in use
    page_cache.clear()  # the page is rendered again, from the service views kept in the index
    recorded.statements.clear()
    recorded.session_begins = 0
    assert client.get("/support/burglary/ln1-3").status_code == 200
    assert recorded.statements == []
    assert recorded.session_begins == 0


def test_the_views_read_outside_a_transaction_are_the_services_as_stored(loaded_app: Flask) -> None:
    with loaded_app.app_context():
        expected = {
            s.id: (s.slug, s.name, s.organisation.name, [p.number for p in s.phones], [loc.name for loc in s.locations])
            for s in db.session.scalars(select(Service).where(Service.status == "active").limit(40))
        }
        db.session.remove()
        session = db.session()
        views = load_views(session, [*expected, -1])
        assert not session.in_transaction()  # read outside the session's transaction: nothing to end
        assert {
            v.id: (v.slug, v.name, v.organisation.name, [p.number for p in v.phones], [loc.name for loc in v.locations])
            for v in views.values()
        } == expected
        db.session.remove()


def test_a_session_with_a_change_of_its_own_reads_it(app: Flask) -> None:
    # `app` binds the session to a connection holding a transaction that the test rolls back.
    session = db.session()
    service = session.scalar(select(Service).where(Service.status == "active").limit(1))
    assert service is not None
    service.name = "A name only this transaction has"
    session.flush()
    assert load_views(session, [service.id])[service.id].name == "A name only this transaction has"
    with reading(session) as connection:
        assert connection is session.connection()


def test_a_session_in_a_transaction_reads_through_it(empty_app: Flask) -> None:
    session = db.session()
    session.execute(select(1))  # begins the session's transaction
    with reading(session) as connection:
        assert connection is session.connection()
    session.rollback()
    with reading(session) as connection:  # none under way: one of the engine's own, outside a transaction
        assert connection is not session.connection()
        assert not _in_transaction(connection.connection.dbapi_connection)
        assert connection.scalar(select(1)) == 1
        assert not _in_transaction(connection.connection.dbapi_connection)
    session.rollback()


def test_postgresql_plans_the_views_statement_once(loaded_app: Flask, backend: str) -> None:
    """psycopg prepares a statement run five times on a connection; the server then keeps to one generic plan
    unless it judges planning each run's values worth it (it always did for `= ANY(:ids)`: 0.6 ms a run)."""
    if backend != "postgresql":
        pytest.skip("prepared statements and plans are PostgreSQL's")
    with loaded_app.app_context():
        ids = list(db.session.scalars(select(Service.id).where(Service.status == "active").limit(2)))
        db.session.remove()
        with db.engine.connect() as connection:
            for _ in range(20):
                connection.execute(_statement(), {"ids": ids}).all()
            plans = connection.exec_driver_sql(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%%FROM schedule_exception%%'"
            ).all()
    assert plans, "the statement was not prepared"
    # About the first ten runs are not prepared yet or planned for their values; every later one is generic.
    assert sum(generic for generic, _ in plans) >= 5
    assert sum(custom for _, custom in plans) <= 5
