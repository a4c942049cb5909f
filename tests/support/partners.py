"""Fixtures and helpers for the partner portal tests, which load this with `pytest_plugins = ["tests.support.partners"]`.

Each test gets an app with a database of its own, copied from a migrated and loaded template (a file copy
on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests may write. Email goes over real SMTP to an
aiosmtpd server on 127.0.0.1. CSRF stays on: every POST carries a token read from a page, and every HTML
page a test visits is checked with check_page().
"""

from __future__ import annotations

import email
import email.policy
import itertools
import re
import shutil
import socket
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote

import html5lib
import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher
from flask import Flask
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from signpost.accounts import passwords
from signpost.accounts.users import set_password
from signpost.clock import utcnow
from signpost.extensions import db
from signpost.models import AuditEvent, Organisation, Service, User
from tests.conftest import loaded_database_url, make_app
from tests.support.pages import check_page

PASSWORD = "lincoln cathedral bells at noon"
ADMIN = "admin@example.org"
MODERATOR = "moderator@example.org"
EDITOR_A = "editor.a@victimlincs.example"
EDITOR_B = "editor.b@edanlincs.example"
# Two organisations with one service each in Lincolnshire, and a results page that lists the first.
ORG_A, SERVICE_A = "victim-lincs", "lincolnshire-victim-lincs"
ORG_B, SERVICE_B = "edan-lincs", "lincolnshire-ldass"
RESULTS_URL = "/support/burglary/ln1-3"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# ---------------------------------------------------------------- email


class Mailbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def link(self, address: str, path: str) -> str:
        """The path of the one link to `path` in the latest message to `address` (bodies may be quoted-printable)."""
        messages = self.to(address)
        assert messages, f"no email to {address}"
        body = messages[-1].get_content()
        links = re.findall(r"http://localhost(/partners/" + path + r"/\S+)", body)
        assert len(links) == 1, body
        return str(links[0])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    mailbox.port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    yield mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    smtp_server.messages.clear()
    return smtp_server


# ---------------------------------------------------------------- apps with databases of their own


class _Template:
    def __init__(self, backend: str, url: str, directory: Path) -> None:
        self.backend, self.url, self.directory = backend, url, directory
        self.counter = itertools.count(1)
        self.admin: Engine | None = None
        if backend == "postgresql":
            self.admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")

    def copy(self) -> str:
        n = next(self.counter)
        if self.backend == "sqlite":
            path = self.directory / f"portal-{n}.db"
            shutil.copyfile(make_url(self.url).database or "", path)
            return f"sqlite:///{path}"
        assert self.admin is not None
        template = make_url(self.url)
        name = f"{template.database}_{n}"
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"'))
        return template.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        if self.admin is not None:
            with self.admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def portal_template(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Template]:
    directory = tmp_path_factory.mktemp(f"portal-{backend}")
    url = loaded_database_url(backend, "portal", directory)
    template = _Template(backend, url, directory)
    yield template
    template.drop(url)
    if template.admin is not None:
        template.admin.dispose()


class _SharedBytecode(BytecodeCache):
    """Compiled templates shared by every test app, so each new app does not compile them again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()
PortalFactory = Callable[..., Flask]


@pytest.fixture
def make_portal(
    portal_template: _Template, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PortalFactory]:
    """Build apps (config overrides as keyword arguments), each on a fresh copy of the loaded database."""
    # Argon2 still, with cheap parameters: the tests sign in a few hundred times.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    built: list[tuple[Flask, str]] = []

    def build(**overrides: object) -> Flask:
        url = portal_template.copy()
        config: dict[str, object] = {"SIGNPOST_SMTP_HOST": "127.0.0.1", "SIGNPOST_SMTP_PORT": smtp_server.port}
        app = make_app(url, **(config | overrides))
        app.jinja_env.bytecode_cache = _BYTECODE
        built.append((app, url))
        add_user(app, ADMIN, "admin")
        add_user(app, MODERATOR, "moderator")
        add_user(app, EDITOR_A, "editor", ORG_A)
        add_user(app, EDITOR_B, "editor", ORG_B)
        return app

    yield build
    for app, url in built:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        portal_template.drop(url)


@pytest.fixture
def portal(make_portal: PortalFactory) -> Flask:
    return make_portal()


def add_user(app: Flask, address: str, role: str, organisation: str | None = None, password: str = PASSWORD) -> int:
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.slug == organisation)) if organisation else None
        user = User(email=address, role=role, organisation=org, created_at=utcnow(), active=True, session_version=1)
        set_password(user, password)
        db.session.add(user)
        db.session.commit()
        return user.id


def service_id(app: Flask, slug: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(Service.id).where(Service.slug == slug))
        assert found is not None, slug
        return found


def user_id(app: Flask, address: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == address))
        assert found is not None, address
        return found


def organisation_id(app: Flask, slug: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(Organisation.id).where(Organisation.slug == slug))
        assert found is not None, slug
        return found


def change_service(app: Flask, slug: str, **values: object) -> None:
    """Change a listing directly, through the ORM (so searches see it, as they see every ORM change)."""
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.slug == slug))
        assert service is not None, slug
        for name, value in values.items():
            setattr(service, name, value)
        db.session.commit()


def audit_events(app: Flask, action: str | None = None) -> list[dict[str, Any]]:
    """Audit events (oldest first) as plain data, with the actor's email."""
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return [
            {
                "action": e.action,
                "actor": e.actor.email if e.actor else None,
                "entity_type": e.entity_type,
                "entity_id": e.entity_id,
                "before": e.before,
                "after": e.after,
            }
            for e in db.session.scalars(query)
        ]


# ---------------------------------------------------------------- a browser with CSRF and page checks


class Browser:
    """A test client that reads CSRF tokens from pages and checks every HTML page it is shown."""

    def __init__(self, app: Flask, ip: str = "192.0.2.10") -> None:
        self.app = app
        self.client = app.test_client()
        self.ip = ip

    def _check(self, url: str, response: TestResponse) -> TestResponse:
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            problems = check_page(response)
            assert problems == [], f"{url}: {problems}"
        return response

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self._check(url, self.client.get(url, environ_base={"REMOTE_ADDR": self.ip}, **kwargs))

    def token(self, url: str) -> str:
        page = self.get(url)
        match = TOKEN.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def post(
        self,
        url: str,
        data: dict[str, Any] | MultiDict[str, Any] | None = None,
        token_from: str | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        """POST with a CSRF token read from `token_from` (default: the same URL)."""
        # A dict, not a MultiDict, when given one: a MultiDict reads a (file, name) tuple as two values.
        form: dict[str, Any] | MultiDict[str, Any] = data.copy() if isinstance(data, MultiDict) else dict(data or {})
        form["csrf_token"] = self.token(token_from or url)
        return self.post_raw(url, form, **kwargs)

    def post_raw(self, url: str, data: Any = None, **kwargs: Any) -> TestResponse:
        return self._check(url, self.client.post(url, data=data, environ_base={"REMOTE_ADDR": self.ip}, **kwargs))

    def sign_in(self, address: str, password: str = PASSWORD, next_url: str | None = None) -> TestResponse:
        url = "/partners" + (f"?next={quote(next_url, safe='')}" if next_url else "")
        return self.post(url, {"email": address, "password": password}, token_from="/partners")

    def signed_in(self) -> bool:
        response = self.get("/partners/dashboard")
        return response.status_code == 200

    def sign_out(self) -> TestResponse:
        return self.post("/partners/sign-out", token_from="/partners/dashboard")


def signed_in_as(app: Flask, address: str, ip: str = "192.0.2.10") -> Browser:
    browser = Browser(app, ip)
    response = browser.sign_in(address)
    assert response.status_code == 302 and response.headers["Location"] == "/partners/dashboard", response.status_code
    return browser


def location(response: TestResponse) -> str:
    return response.headers.get("Location", "")


def is_sign_in_redirect(response: TestResponse) -> bool:
    return response.status_code == 302 and location(response).split("?")[0] in (
        "/partners",
        "http://localhost/partners",
    )


def edit_listing(browser: Browser, service: int, changes: dict[str, str | list[str]]) -> TestResponse:
    """Open a listing's edit page, change some fields as a person would, and send the form."""
    url = f"/partners/services/{service}/edit"
    page = browser.get(url)
    assert page.status_code == 200
    data = form_fields(page.get_data(as_text=True))
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return browser.post_raw(url, data)


def edit_section(browser: Browser, service: int, section: str, **changes: str) -> TestResponse:
    """Open one section of a listing's draft, change some fields and save it. A row's field is named with
    `__` for the `-` a keyword cannot hold: phones__1__number is phones-1-number."""
    url = f"/partners/services/{service}/changes/{section}"
    page = browser.get(url)
    assert page.status_code == 200
    data = form_fields(page.get_data(as_text=True))
    for name, value in changes.items():
        data.setlist(name.replace("__", "-"), [value])
    return browser.post_raw(url, data)


# ---------------------------------------------------------------- reading pages


def form_fields(html: str) -> MultiDict[str, str]:
    """What a browser would submit from the page's main (last) POST form, as the page shows it."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    form = [f for f in document.iter("form") if (f.get("method") or "").lower() == "post"][-1]
    data: MultiDict[str, str] = MultiDict()
    for element in form.iter():
        name = element.get("name")
        if not name:
            continue
        if element.tag == "input":
            kind = element.get("type", "text")
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    data.add(name, element.get("value", "y"))
            elif kind not in ("submit", "button", "file"):
                data.add(name, element.get("value", ""))
        elif element.tag == "textarea":
            data.add(name, element.text or "")
        elif element.tag == "select":
            options = list(element.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            data.add(name, chosen[0].get("value", ""))
    return data


def error_messages(html: str) -> dict[str, str]:
    """GOV.UK inline error messages by field id ({field: message})."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    out = {}
    for element in document.iter():
        element_id = element.get("id") or ""
        if element_id.endswith("-error") and "govuk-error-message" in (element.get("class") or ""):
            out[element_id.removesuffix("-error")] = "".join(element.itertext()).replace("Error:", "", 1).strip()
    return out


def summary_errors(html: str) -> list[str]:
    """The links in the GOV.UK error summary, in order."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    summary = [d for d in document.iter("div") if "govuk-error-summary" in (d.get("class") or "").split()]
    if not summary:
        return []
    return [" ".join("".join(a.itertext()).split()) for a in summary[0].iter("a")]


def page_text(response: TestResponse) -> str:
    """The visible text of a page, whitespace collapsed."""
    document = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)
    body = document.find("body")
    assert body is not None
    return " ".join(" ".join(body.itertext()).split())
