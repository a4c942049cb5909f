"""The app served on 127.0.0.1 for the browser tests, and apps on loaded databases of their own.

A browser test module that writes (feedback, partner edits) serves its own app so the other modules' shared
server stays as loaded; `site_with_accounts` and `serving` keep those fixtures to a few lines:

    @pytest.fixture(scope="module")
    def partner_app(tmp_path_factory):
        with site_with_accounts(tmp_path_factory, "partners", {ADMIN: ("admin", None)}) as app:
            yield app

    @pytest.fixture(scope="module")
    def live_server(partner_app):
        with serving(partner_app) as url:
            yield url
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from signpost.accounts.users import invite, set_password
from signpost.clock import utcnow
from signpost.extensions import current_session, db
from signpost.models import Organisation
from tests.conftest import loaded_database_url, make_app

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

LOCAL_HOST = "127.0.0.1"
PASSWORD = "lincoln cathedral bells at noon"


class _QuietHandler(WSGIRequestHandler):
    """Keep the test output readable: no access log line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _buffered(app: WSGIApplication) -> WSGIApplication:
    """`app` with each response read in full (and closed) before the server writes it. When a browser drops a
    connection mid-response (it leaves a page while a script is still loading), Werkzeug's development server
    can fail reading the socket before it closes the response, so a static file's handle was left to the
    garbage collector: a ResourceWarning in the server thread, raised at some later test (filterwarnings =
    error). Nothing is left open this way."""

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return wsgi


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """`app` on 127.0.0.1 and a free port, in a thread, for as long as the block runs."""
    server = make_server(LOCAL_HOST, 0, _buffered(app), threaded=True, request_handler=_QuietHandler)
    url = f"http://{LOCAL_HOST}:{server.server_port}"
    # Share links and QR codes point at the public base URL: here, this server.
    app.config["SIGNPOST_BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="signpost-live-server", daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def loaded_site(tmp_path_factory: pytest.TempPathFactory, name: str, **config: object) -> Iterator[Flask]:
    """An app for a browser (any Host, as a browser sends 127.0.0.1:port) on a SQLite copy of the loaded data."""
    app = make_app(loaded_database_url("sqlite", name, tmp_path_factory.mktemp(name)), SERVER_NAME=None, **config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def site_with_accounts(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    accounts: Mapping[str, tuple[str, str | None]],
    **config: object,
) -> Iterator[Flask]:
    """loaded_site with partner accounts added by the app's own functions, each with PASSWORD.

    `accounts` maps an email address to (role, the slug of the organisation it edits for, or None).
    """
    with loaded_site(tmp_path_factory, name, **config) as app:
        with app.app_context():
            session = current_session()
            for address, (role, slug) in accounts.items():
                organisation = session.scalar(select(Organisation).where(Organisation.slug == slug)) if slug else None
                assert slug is None or organisation is not None, slug
                user, _token = invite(session, address, role, organisation, utcnow())
                set_password(user, PASSWORD)
            session.commit()
        yield app
