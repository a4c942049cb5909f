"""Onboarding without mail: invitations and resets when no mail server is set up, when it refuses, and when it
works; and the portal's own error pages."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from signpost.partners import admin_views
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    ORG_A,
    Browser,
    Mailbox,
    PortalFactory,
    audit_events,
    location,
    organisation_id,
    page_text,
    signed_in_as,
)

pytest_plugins = ["tests.support.partners"]

NEWCOMER = "newcomer@example.org"
NEW_PASSWORD = "otters under the brayford bridge"
LINK = re.compile(r"http://localhost(/partners/(?:invitation|reset-password)/[A-Za-z0-9_-]+)")


class Refusing:
    """An SMTP server that refuses every recipient."""

    async def handle_RCPT(self, server: object, session: object, envelope: Any, address: str, options: Any) -> str:
        return "550 5.1.1 No such mailbox here"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def refusing_port() -> Iterator[int]:
    port = _free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def _mail_settings(how: str, refusing_port: int) -> dict[str, object]:
    if how == "not configured":
        return {"SIGNPOST_SMTP_HOST": ""}
    if how == "refused":
        return {"SIGNPOST_SMTP_HOST": "127.0.0.1", "SIGNPOST_SMTP_PORT": refusing_port}
    return {"SIGNPOST_SMTP_HOST": "127.0.0.1", "SIGNPOST_SMTP_PORT": _free_port()}  # nothing listens there


def _invite(app: Flask) -> tuple[Browser, Any]:
    admin = signed_in_as(app, ADMIN)
    response = admin.post(
        "/partners/admin/invite",
        {"email": NEWCOMER, "role": "editor", "organisation": str(organisation_id(app, ORG_A))},
    )
    return admin, response


def _no_token_in_audit(app: Flask, link: str) -> None:
    token = link.rsplit("/", 1)[1]
    assert token not in json.dumps(audit_events(app))


@pytest.mark.parametrize("how", ["not configured", "refused", "closed port"])
def test_invitation_without_mail_shows_the_admin_the_link(
    make_portal: PortalFactory, mailbox: Mailbox, refusing_port: int, how: str
) -> None:
    portal = make_portal(**_mail_settings(how, refusing_port))
    _, response = _invite(portal)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = page_text(response)
    assert f"No email was sent. Copy this link and send it to {NEWCOMER}" in text
    links = LINK.findall(response.get_data(as_text=True))
    assert len(links) == 1 and links[0].startswith("/partners/invitation/")
    assert mailbox.messages == []
    shown = audit_events(portal, "invitation_link_shown")
    assert [(e["actor"], e["after"]["email"]) for e in shown] == [(ADMIN, NEWCOMER)]
    assert audit_events(portal, "user_invited")[-1]["after"] == {"email": NEWCOMER, "role": "editor"}
    _no_token_in_audit(portal, links[0])

    # The link the admin passed on works: the newcomer sets a password and signs in.
    newcomer = Browser(portal, ip="192.0.2.40")
    done = newcomer.post(links[0], {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and location(done) == "/partners"
    assert location(newcomer.sign_in(NEWCOMER, NEW_PASSWORD)) == "/partners/dashboard"


def test_invitation_with_working_mail_sends_it_and_shows_no_link(portal: Flask, mailbox: Mailbox) -> None:
    _, response = _invite(portal)
    assert response.status_code == 302 and location(response) == "/partners/admin/users"
    (message,) = mailbox.to(NEWCOMER)
    assert LINK.search(message.get_content())
    assert audit_events(portal, "invitation_link_shown") == []


def test_admin_reset_link_is_shown_when_mail_fails_and_emailed_when_it_works(
    make_portal: PortalFactory, mailbox: Mailbox
) -> None:
    for settings, emailed in (({"SIGNPOST_SMTP_HOST": ""}, False), ({}, True)):
        portal = make_portal(**settings)
        admin = signed_in_as(portal, ADMIN)
        page = admin.get("/partners/admin/users")
        action = re.search(
            r'action="(/partners/admin/users/\d+/reset-link)"[^>]*>\s*<input[^>]*>\s*<button[^>]*>'
            r"Send a password reset link<span[^>]*> to " + re.escape(EDITOR_A),
            page.get_data(as_text=True),
        )
        assert action, "no reset button for the editor"
        response = admin.post(action.group(1), token_from="/partners/admin/users")
        if emailed:
            assert response.status_code == 302
            assert LINK.search(mailbox.to(EDITOR_A)[-1].get_content())
            continue
        assert response.status_code == 200
        assert f"No email was sent. Copy this link and send it to {EDITOR_A}" in page_text(response)
        (link,) = LINK.findall(response.get_data(as_text=True))
        assert link.startswith("/partners/reset-password/")
        assert [e["actor"] for e in audit_events(portal, "reset_link_shown")] == [ADMIN]
        _no_token_in_audit(portal, link)
        assert Browser(portal).get(link).status_code == 200


@pytest.mark.parametrize("how", ["not configured", "refused"])
def test_public_reset_without_mail_never_shows_the_link_nor_whether_the_account_exists(
    make_portal: PortalFactory, refusing_port: int, how: str
) -> None:
    portal = make_portal(**_mail_settings(how, refusing_port))
    known = Browser(portal).post("/partners/reset-password", {"email": EDITOR_A})
    unknown = Browser(portal).post("/partners/reset-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert page_text(known).replace(EDITOR_A, "X") == page_text(unknown).replace("nobody@example.org", "X")
    assert not LINK.search(known.get_data(as_text=True))
    failed = audit_events(portal, "reset_email_failed")
    assert [(e["actor"], e["after"]["email"]) for e in failed] == [(None, EDITOR_A)]
    assert audit_events(portal, "reset_link_shown") == []


# ---------------------------------------------------------------- the portal's own error pages


def _is_partner_error(html: str) -> bool:
    return 'aria-label="Partner menu"' in html and "18000" not in html  # no victims' 999 block


def test_portal_errors_use_the_portal_layout(portal: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = signed_in_as(portal, ADMIN)
    missing = admin.get("/partners/no-such-page")
    assert missing.status_code == 404 and _is_partner_error(missing.get_data(as_text=True))
    assert "Go to your listings" in page_text(missing)

    no_token = Browser(portal).post_raw("/partners/reset-password", {"email": EDITOR_A})
    assert no_token.status_code == 400 and _is_partner_error(no_token.get_data(as_text=True))
    assert "Your answers could not be sent" in page_text(no_token)

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(admin_views, "everyone", broken)
    failed = admin.get("/partners/admin/users")
    assert failed.status_code == 500 and _is_partner_error(failed.get_data(as_text=True))
    assert "Nothing you were changing has been saved" in page_text(failed)

    victims = Browser(portal).get("/no-such-page")
    assert victims.status_code == 404 and not _is_partner_error(victims.get_data(as_text=True))
