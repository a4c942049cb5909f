"""The audit log: every change is recorded with who, before and after, and nothing can change the record."""

from __future__ import annotations

from datetime import date, timedelta

import html5lib
import pytest
from flask import Flask
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from signpost.extensions import db
from signpost.models import AuditEvent, AuditLogIsAppendOnly, ChangeRequest, Service, User
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    MODERATOR,
    ORG_A,
    SERVICE_A,
    SERVICE_B,
    Mailbox,
    audit_events,
    edit_listing,
    organisation_id,
    page_text,
    service_id,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]


def _audit_rows(app: Flask) -> list[tuple[object, ...]]:
    with app.app_context():
        return [
            tuple(row)
            for row in db.session.execute(
                select(
                    AuditEvent.id,
                    AuditEvent.at,
                    AuditEvent.actor_id,
                    AuditEvent.action,
                    AuditEvent.entity_id,
                    AuditEvent.before,
                    AuditEvent.after,
                ).order_by(AuditEvent.id)
            )
        ]


def _latest_change(app: Flask) -> int:
    with app.app_context():
        change = db.session.scalar(select(func.max(ChangeRequest.id)))
        assert change is not None
        return change


def test_every_change_is_audited_with_actor_before_and_after(portal: Flask, mailbox: Mailbox) -> None:
    admin = signed_in_as(portal, ADMIN)
    editor = signed_in_as(portal, EDITOR_A, ip="192.0.2.11")
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    sid = service_id(portal, SERVICE_A)
    start = len(audit_events(portal))

    admin.post(
        "/partners/admin/invite",
        {"email": "new@victimlincs.example", "role": "editor", "organisation": str(organisation_id(portal, ORG_A))},
    )
    edit_listing(editor, sid, {"description": "First new description."})
    moderator.post(f"/partners/review/{_latest_change(portal)}", {"decision": "approve"})
    edit_listing(editor, sid, {"description": "Second new description."})
    moderator.post(f"/partners/review/{_latest_change(portal)}", {"decision": "reject", "reason": "Not right"})
    editor.post(f"/partners/services/{sid}/still-correct", token_from=f"/partners/services/{sid}")
    editor.post(f"/partners/services/{sid}/retire")
    moderator.post(f"/partners/review/{_latest_change(portal)}", {"decision": "approve"})
    admin.post(
        f"/partners/admin/organisations/{organisation_id(portal, ORG_A)}/trusted",
        token_from="/partners/admin/organisations",
    )

    events = [e for e in audit_events(portal)[start:] if e["action"] != "sign_in"]
    assert [(e["action"], e["actor"]) for e in events] == [
        ("user_invited", ADMIN),
        ("change_edit_submitted", EDITOR_A),
        ("change_edit_approved", MODERATOR),
        ("change_edit_submitted", EDITOR_A),
        ("change_edit_rejected", MODERATOR),
        ("confirmed_still_correct", EDITOR_A),
        ("change_retire_submitted", EDITOR_A),
        ("change_retire_approved", MODERATOR),
        ("organisation_trust_changed", ADMIN),
    ]
    by_action = {(e["action"], i): e for i, e in enumerate(events)}
    approved = by_action[("change_edit_approved", 2)]
    assert approved["before"]["description"] != "First new description."
    assert approved["after"]["description"] == "First new description."
    assert by_action[("change_edit_submitted", 3)]["before"]["description"] == "First new description."
    assert by_action[("change_edit_rejected", 4)]["after"] == {"reason": "Not right"}
    assert by_action[("confirmed_still_correct", 5)]["after"] == {"checked_on": date.today().isoformat()}
    retired = by_action[("change_retire_approved", 7)]
    assert retired["before"]["name"] == retired["after"]["name"] and retired["entity_id"] == str(sid)
    for event in events:
        assert event["after"], event["action"]
        if event["action"] not in ("user_invited", "change_edit_rejected"):
            assert event["before"] is not None, event["action"]

    page = admin.get("/partners/admin/audit")
    assert page.status_code == 200
    cards = _cards(page.get_data(as_text=True))
    name = approved["after"]["name"]
    assert f"Removed a listing: {name}" in cards[1][0] and f"by {MODERATOR}" in cards[1][1]
    published = next(c for c in cards if c[0] == f"Published changes to a listing: {name}")
    assert f"Description {approved['before']['description']} First new description." in published[1]
    assert any(c[0] == "Invited someone: new@victimlincs.example" for c in cards)
    assert any(c[0].startswith("Rejected changes to a listing") and "Reason (none) Not right" in c[1] for c in cards)
    assert "change_retire_approved" not in page_text(page)  # actions in words, not codes


def _cards(html: str) -> list[tuple[str, str]]:
    """(title, body text) of each event on the audit log page, newest first."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    out = []
    for card in document.iter("div"):
        if "govuk-summary-card" in (card.get("class") or "").split():
            title = next(e for e in card.iter("h3"))
            body = next(e for e in card.iter("div") if "govuk-summary-card__content" in (e.get("class") or ""))
            out.append((" ".join("".join(title.itertext()).split()), " ".join("".join(body.itertext()).split())))
    return out


def test_the_audit_log_filters_by_listing_person_and_date(portal: Flask, mailbox: Mailbox) -> None:
    admin = signed_in_as(portal, ADMIN)
    editor = signed_in_as(portal, EDITOR_A, ip="192.0.2.11")
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    sid, other = service_id(portal, SERVICE_A), service_id(portal, SERVICE_B)
    edit_listing(editor, sid, {"description": "A change to A."})
    edit_listing(moderator, other, {"description": "A change to B."})
    admin.post(
        "/partners/admin/invite",
        {"email": "new@victimlincs.example", "role": "editor", "organisation": str(organisation_id(portal, ORG_A))},
    )
    with portal.app_context():
        name_a = db.session.get(Service, sid).name  # type: ignore[union-attr]
        editor_id = db.session.scalar(select(User.id).where(User.email == EDITOR_A))

    by_listing = _cards(admin.get(f"/partners/admin/audit?listing={sid}").get_data(as_text=True))
    assert [c[0] for c in by_listing] == [f"Sent changes to a listing: {name_a}"]
    by_person = _cards(admin.get(f"/partners/admin/audit?person={editor_id}").get_data(as_text=True))
    assert by_person and all(f"by {EDITOR_A}" in c[1] for c in by_person)
    assert {c[0] for c in by_person} == {"Signed in", f"Sent changes to a listing: {name_a}"}
    today = date.today()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    dates = f"since={tomorrow.day}&since={tomorrow.month}&since={tomorrow.year}"
    assert _cards(admin.get(f"/partners/admin/audit?{dates}").get_data(as_text=True)) == []
    dates = f"since={yesterday.day}&since={yesterday.month}&since={yesterday.year}"
    assert len(_cards(admin.get(f"/partners/admin/audit?{dates}").get_data(as_text=True))) >= 5
    bad = admin.get("/partners/admin/audit?since=31&since=2&since=2026")
    assert bad.status_code == 200
    assert summary_errors(bad.get_data(as_text=True)) == ["Enter a real date for 'From', like 27 3 2026"]


def test_the_orm_refuses_to_change_or_delete_audit_events(portal: Flask) -> None:
    signed_in_as(portal, EDITOR_A)
    before = _audit_rows(portal)
    assert before
    with portal.app_context():
        event = db.session.scalars(select(AuditEvent)).first()
        assert event is not None
        event.action = "nothing_happened"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        event = db.session.scalars(select(AuditEvent)).first()
        db.session.delete(event)
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
    assert _audit_rows(portal) == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET action = 'nothing_happened'",
        "UPDATE audit_event SET after = NULL WHERE id = (SELECT MIN(id) FROM audit_event)",
        "DELETE FROM audit_event",
        "DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)",
    ],
)
def test_the_database_refuses_raw_sql_updates_and_deletes(portal: Flask, statement: str) -> None:
    signed_in_as(portal, EDITOR_A)
    before = _audit_rows(portal)
    assert before
    with portal.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert _audit_rows(portal) == before


def test_bulk_orm_statements_are_refused_by_the_database_too(portal: Flask) -> None:
    signed_in_as(portal, EDITOR_A)
    before = _audit_rows(portal)
    with portal.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(update(AuditEvent).values(action="nothing_happened"))
        db.session.rollback()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(delete(AuditEvent))
        db.session.rollback()
    assert _audit_rows(portal) == before


def test_no_route_can_edit_the_audit_log(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    # Only one partner route mentions the audit log, and it only reads.
    audit_rules = [r for r in portal.url_map.iter_rules() if "audit" in r.rule or "audit" in r.endpoint]
    assert [(r.endpoint, sorted(r.methods or ())) for r in audit_rules] == [
        ("partners.audit_log", ["GET", "HEAD", "OPTIONS"])
    ]
    before = _audit_rows(portal)
    token = admin.token("/partners/admin/audit")
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = admin.client.open("/partners/admin/audit", method=method, data={"csrf_token": token})
        assert response.status_code == 405, method
    # Reading it changes nothing either.
    assert admin.get("/partners/admin/audit").status_code == 200
    assert _audit_rows(portal) == before
    # Editors and moderators cannot read it.
    assert signed_in_as(portal, MODERATOR, ip="192.0.2.12").get("/partners/admin/audit").status_code == 404
    assert signed_in_as(portal, EDITOR_A, ip="192.0.2.11").get("/partners/admin/audit").status_code == 404


def test_changes_to_other_organisations_are_audited_under_the_right_service(portal: Flask) -> None:
    moderator = signed_in_as(portal, MODERATOR)
    other = service_id(portal, SERVICE_B)
    # A reviewer's own edit publishes at once, and is still recorded as submitted and approved by them.
    sent = edit_listing(moderator, other, {"description": "Checked by the moderator."})
    assert sent.status_code == 302
    submitted, approved = audit_events(portal)[-2:]
    assert (submitted["action"], approved["action"]) == ("change_edit_submitted", "change_edit_approved")
    assert submitted["actor"] == approved["actor"] == MODERATOR
    assert approved["entity_type"] == "service" and approved["entity_id"] == str(other)
