"""What a results page asks the database: a never-seen page reads the services it shows for the first time
in one statement, outside any transaction, and leaves nothing for the request's end to roll back; a
session with a change of its own reads through its own transaction (it must see the change)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from signpost import data_version
from signpost.data_version import reading
from signpost.directory import index as directory_index
from signpost.directory.views import ServiceView, _rows, load_views
from signpost.extensions import db
from signpost.models import ScheduleException, Service
from signpost.public import page_cache

PAGES = ["/support/burglary/ln1-3", "/support/fraud/cf10-1", "/cy/support/assault/ln1-3"]


def _in_transaction(dbapi_connection: Any) -> bool:
    """Whether the driver's connection is inside a transaction on the database itself."""
    if hasattr(dbapi_connection, "in_transaction"):  # sqlite3
        return bool(dbapi_connection.in_transaction)
    return str(dbapi_connection.info.transaction_status.name) != "IDLE"  # psycopg


class Recorded:
    """Each statement the database driver ran (and whether it ran inside a database transaction), and each
    transaction a session began. Recorded at the driver, below SQLAlchemy: the views' statement runs on the
    driver's own cursor."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, bool]] = []
        self.session_begins = 0

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
    if engine.dialect.name == "sqlite":
        # sqlite3 reports each statement as it starts (its own BEGINs too); new connections from here on.
        def traced(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.set_trace_callback(
                lambda sql: found.statements.append((sql, _in_transaction(dbapi_connection)))
            )

        engine.dispose()
        event.listen(engine, "connect", traced)
    else:
        import psycopg

        execute = psycopg.Cursor.execute

        def recorded_execute(cursor: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
            result = execute(cursor, query, *args, **kwargs)
            # After it: a statement outside autocommit has begun a transaction by now.
            found.statements.append((str(query), _in_transaction(cursor.connection)))
            return result

        monkeypatch.setattr(psycopg.Cursor, "execute", recorded_execute)
    event.listen(Session, "after_begin", found.began)
    try:
        yield found
    finally:
        if engine.dialect.name == "sqlite":
            event.remove(engine, "connect", traced)
            engine.dispose()
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


def _read(
    record: Service | ServiceView, sessions: list[tuple[object, ...]], changes: list[tuple[object, ...]]
) -> tuple[object, ...]:
    """What a view and its stored service must agree on: the fields both have, then the hours each keeps its way."""
    return (
        record.slug,
        record.name,
        record.organisation.name,
        [p.number for p in record.phones],
        [(loc.name, loc.latitude, loc.confidential) for loc in record.locations],
        record.checked_on,  # a date: SQLite's driver gives the text SQLAlchemy stored
        sorted(sessions),  # times, likewise
        sorted(changes),
        (record.all_crime_types, record.always_open, record.closed_on_bank_holidays),
    )


def _as_stored(service: Service) -> tuple[object, ...]:
    return _read(
        service,
        [(h.weekday, h.opens, h.closes) for h in service.opening_hours],
        [(e.day, e.closed, e.opens, e.closes) for e in service.exceptions],
    )


def _as_viewed(view: ServiceView) -> tuple[object, ...]:
    return _read(
        view,
        [(s.weekday, s.opens, s.closes) for s in view.hours.sessions],
        [(c.day, c.closed, c.opens, c.closes) for c in view.hours.changes],
    )


def test_the_views_read_outside_a_transaction_are_the_services_as_stored(loaded_app: Flask) -> None:
    with loaded_app.app_context():
        services = select(Service).where(Service.status == "active").order_by(Service.id)
        chosen = [*db.session.scalars(services.limit(40))]
        assert any(s.opening_hours for s in chosen) and any(s.locations for s in chosen)
        expected = {s.id: _as_stored(s) for s in chosen}
        db.session.remove()
        session = db.session()
        for ids in ([*expected, -1], list(expected)[:1], list(expected)[3:10]):  # a statement for each number
            views = load_views(session, ids)
            assert not session.in_transaction()  # read outside the session's transaction: nothing to end
            assert {v.id: _as_viewed(v) for v in views.values()} == {i: expected[i] for i in ids if i in expected}
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


def test_changed_days_are_read_as_stored(app: Flask) -> None:
    # The curated data has no changed days: two, in `app`'s transaction (rolled back), read through it.
    service = db.session.scalar(select(Service).where(Service.status == "active").order_by(Service.id).limit(1))
    assert service is not None
    service.exceptions.append(ScheduleException(day=date(2026, 12, 25), closed=True))
    service.exceptions.append(
        ScheduleException(day=date(2026, 12, 24), closed=False, opens=time(9), closes=time(12, 30))
    )
    db.session.flush()
    db.session.expire(service)
    assert _as_viewed(load_views(db.session(), [service.id])[service.id]) == _as_stored(service)


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
                _rows(connection, ids)  # as load_views runs it: on the driver's own cursor
            plans = connection.exec_driver_sql(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%%FROM schedule_exception%%'"
            ).all()
    assert plans, "the statement was not prepared"
    # About the first ten runs are not prepared yet or planned for their values; every later one is generic.
    assert sum(generic for generic, _ in plans) >= 5
    assert sum(custom for _, custom in plans) <= 5


def test_postgresql_prepares_one_views_statement_for_ids_of_any_size(loaded_app: Flask, backend: str) -> None:
    """psycopg sends an int as the smallest type that holds it (int2 under 32,768): the ids go as int4, so
    two ids make one prepared statement whatever their sizes, not one for each mix (which overflowed
    psycopg's 100 prepared statements, each planned again by the server)."""
    if backend != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    with loaded_app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            for ids in ([5, 7], [5, 70_000], [70_000, 5], [70_000, 80_000], [40_000, 300]) * 6:
                _rows(connection, ids)
            prepared = (
                connection.exec_driver_sql(
                    "SELECT parameter_types::text FROM pg_prepared_statements WHERE statement LIKE '%%FROM schedule_exception%%'"
                )
                .scalars()
                .all()
            )
    assert prepared == ["{integer,integer}"]
