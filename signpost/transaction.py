"""The one transaction boundary: a request's writes are committed after it succeeds, in one place.

Views and domain functions add, change and execute through `current_session()` and never commit. After
each request this hook commits if the request wrote anything and answered below 500; otherwise it rolls
back. A 4xx still commits: a partner's session stamp or a failed sign-in is a deliberate record even
when the page says no. An exception (a 500) rolls everything back. A read-only request only rolls back
(ends its read transaction), so a victim's page never fails on a COMMIT it did not need.
"""

from __future__ import annotations

from flask import Flask, Response
from sqlalchemy import event, literal_column, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from signpost.extensions import db

WROTE = "signpost_wrote"


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, flush_context: UOWTransaction) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    # Core statements (an upsert, a text() UPDATE) through the session count as writes; only SELECTs do not.
    if not state.is_select:
        state.session.info[WROTE] = True


def wrote(session: Session) -> bool:
    """True when the session holds changes not yet committed (flushed, executed, or pending a flush)."""
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


def finish(session: Session, *, succeeded: bool) -> None:
    """Commit the session's writes if the work succeeded, else roll back. The one commit for a request."""
    try:
        if succeeded and wrote(session):
            session.commit()
        elif session.in_transaction():
            session.rollback()
    finally:
        session.info.pop(WROTE, None)


def database_error() -> str | None:
    """None when the database answers a trivial query, else the error's class name (for /healthcheck)."""
    session = db.session()
    try:
        session.execute(select(literal_column("1")))
    except SQLAlchemyError as exc:
        _rollback_quietly(session)
        return type(exc).__name__
    return None


def _rollback_quietly(session: Session) -> None:
    try:
        session.rollback()
    except SQLAlchemyError:
        pass  # the connection may already be gone


def init_app(app: Flask) -> None:
    # Registered before every other after_request hook, so it runs after them all (Flask runs them in
    # reverse): whatever they write is committed too.
    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        finish(db.session(), succeeded=response.status_code < 500)
        return response

    @app.teardown_request
    def roll_back_after_an_exception(error: BaseException | None) -> None:
        # An exception that escaped the error handlers (PROPAGATE_EXCEPTIONS) skips after_request.
        if error is not None:
            session = db.session()
            session.info.pop(WROTE, None)
            _rollback_quietly(session)
