"""Tests inside a transaction that is always rolled back, even when the code under test commits.

The session is bound to one connection with an outer transaction; `join_transaction_mode="create_savepoint"`
makes the code's commit() and rollback() act on a savepoint inside it (SQLAlchemy 2's "joining a session
into an external transaction"). Only the test's app gets the bound session: another app made during the
test keeps its own. On SQLite the driver must leave transactions to us (isolation_level None, and an
explicit BEGIN), or releasing the first savepoint would commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app
from flask_sqlalchemy.session import Session, _app_ctx_id
from sqlalchemy.engine import Connection
from sqlalchemy.orm import scoped_session, sessionmaker

from signpost.extensions import db


class _BoundSession(Session):
    """Flask-SQLAlchemy's session picks an engine itself; this one uses the connection it was given."""

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        return self.bind


@contextmanager
def rolled_back(app: Flask) -> Iterator[Connection]:
    """Inside an app context of `app`: everything done through db.session is undone at the end."""
    original = db.session
    connection = db.engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        driver = connection.connection.dbapi_connection
        assert driver is not None
        driver.isolation_level = None  # type: ignore[attr-defined]
    outer = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    bound = sessionmaker(class_=_BoundSession, db=db, bind=connection, join_transaction_mode="create_savepoint")

    def make() -> Session:
        return bound() if current_app._get_current_object() is app else original.session_factory()  # type: ignore[attr-defined]

    db.session = scoped_session(make, scopefunc=_app_ctx_id)
    try:
        yield connection
    finally:
        db.session.remove()
        db.session = original
        outer.rollback()
        if sqlite:
            driver.isolation_level = ""  # type: ignore[attr-defined]
        connection.close()
