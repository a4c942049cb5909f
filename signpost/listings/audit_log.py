"""The audit log read back for admins: who did what to which listing and when, in words, with each
changed field before and after. (signpost.audit writes it.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, or_, select
from sqlalchemy.orm import Session

from signpost.listings.snapshot import LABELS, diff
from signpost.models import AuditEvent, ChangeRequest, CrimeType, Organisation, Service, User

LIMIT = 500
DONE = {
    "sign_in": "Signed in",
    "admin_created": "Created an admin account (command line)",
    "change_edit_submitted": "Sent changes to a listing",
    "change_create_submitted": "Proposed a new listing",
    "change_retire_submitted": "Asked to remove a listing",
    "change_edit_approved": "Published changes to a listing",
    "change_create_approved": "Published a new listing",
    "change_retire_approved": "Removed a listing",
    "change_edit_rejected": "Rejected changes to a listing",
    "change_create_rejected": "Rejected a new listing",
    "change_retire_rejected": "Refused to remove a listing",
    "change_held_for_conflicts": "Changes held for a moderator: someone else had changed the same fields",
    "change_conflicts_decided": "Decided between two people's changes",
    "confirmed_still_correct": "Confirmed a listing is still correct",
    "csv_import_updated": "Changed a listing by CSV import",
    "csv_import_created": "Added a listing by CSV import",
    "user_invited": "Invited someone",
    "invitation_link_shown": "Was shown an invitation link to pass on (no email was sent)",
    "reset_link_issued": "Asked for a password reset link for someone",
    "reset_link_shown": "Was shown a password reset link to pass on (no email was sent)",
    "reset_email_failed": "A password reset email could not be sent",
    "invite_password_set": "Accepted an invitation and created a password",
    "reset_password_set": "Chose a new password",
    "organisation_trust_changed": "Changed whether an organisation publishes without review",
    "listing_report_closed": "Closed a problem the public reported with a listing",
    "service_suggestion_done": "Marked a suggested service as done",
    "service_suggestion_declined": "Declined a suggested service",
}


@dataclass(frozen=True)
class Filters:
    listing: int | None = None
    person: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass
class Entry:
    at: datetime
    who: str
    what: str
    listing: tuple[int, str] | None = None  # (service id, name)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


def _query(filters: Filters) -> Any:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(LIMIT)
    if filters.listing is not None:
        changes = select(cast(ChangeRequest.id, String)).where(ChangeRequest.service_id == filters.listing)
        query = query.where(
            or_(
                and_(AuditEvent.entity_type == "service", AuditEvent.entity_id == str(filters.listing)),
                and_(AuditEvent.entity_type == "change_request", AuditEvent.entity_id.in_(changes)),
            )
        )
    if filters.person is not None:
        query = query.where(AuditEvent.actor_id == filters.person)
    if filters.since is not None:
        query = query.where(AuditEvent.at >= datetime.combine(filters.since, time()))
    if filters.until is not None:
        query = query.where(AuditEvent.at < datetime.combine(filters.until + timedelta(days=1), time()))
    return query


def search(session: Session, filters: Filters) -> list[Entry]:
    """The newest LIMIT events matching `filters`, each described in words."""
    events = list(session.scalars(_query(filters)))
    listings = _listings(session, events)
    crime_names = {c.slug: c.name for c in session.scalars(select(CrimeType))}
    subjects = _subjects(session, events)
    return [_entry(e, listings.get((e.entity_type, e.entity_id)), subjects, crime_names) for e in events]


def _listings(session: Session, events: list[AuditEvent]) -> dict[tuple[str, str], tuple[int, str]]:
    """(entity type, id) -> the listing it concerns, for services and change requests."""
    change_ids = [int(e.entity_id) for e in events if e.entity_type == "change_request" and e.entity_id.isdigit()]
    service_ids = {int(e.entity_id) for e in events if e.entity_type == "service" and e.entity_id.isdigit()}
    by_change = {
        change: service
        for change, service in session.execute(
            select(ChangeRequest.id, ChangeRequest.service_id).where(ChangeRequest.id.in_(change_ids))
        )
    }
    service_ids |= {s for s in by_change.values() if s is not None}
    names = {
        i: name for i, name in session.execute(select(Service.id, Service.name).where(Service.id.in_(service_ids)))
    }
    out = {("service", str(s)): (s, names[s]) for s in service_ids if s in names}
    out |= {("change_request", str(c)): (s, names[s]) for c, s in by_change.items() if s in names}
    return out


def _subjects(session: Session, events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """Names for the people and organisations events are about."""
    users = [int(e.entity_id) for e in events if e.entity_type == "user" and e.entity_id.isdigit()]
    orgs = [int(e.entity_id) for e in events if e.entity_type == "organisation" and e.entity_id.isdigit()]
    out = {
        ("user", str(i)): email for i, email in session.execute(select(User.id, User.email).where(User.id.in_(users)))
    }
    out |= {
        ("organisation", str(i)): name
        for i, name in session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(orgs)))
    }
    return out


def _entry(
    event: AuditEvent, listing: tuple[int, str] | None, subjects: dict[tuple[str, str], str], crimes: dict[str, str]
) -> Entry:
    what = DONE.get(event.action, event.action.replace("_", " ").capitalize())
    subject = subjects.get((event.entity_type, event.entity_id))
    if subject and not (event.entity_type == "user" and str(event.actor_id) == event.entity_id):  # not "you: you"
        what = f"{what}: {subject}"
    who = event.actor.email if event.actor else "Someone at the command line or a member of the public"
    return Entry(event.at, who, what, listing, _changes(event, crimes))


def _changes(event: AuditEvent, crimes: dict[str, str]) -> list[tuple[str, str, str]]:
    before, after = event.before or {}, event.after or {}
    if "name" in after:  # a listing as it was and as it became: its fields in words
        rows = diff(before, after, crimes)
        rest = sorted(k for k in {*before, *after} if k not in LABELS)
    else:
        rows, rest = [], sorted({*before, *after})
    for key in rest:
        old, new = _word(before.get(key)), _word(after.get(key))
        if old != new:
            rows.append((key.replace("_", " ").capitalize(), old, new))
    return rows


def _word(value: Any) -> str:
    if value is None or value in ("", []):
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_word(v)}" for k, v in value.items())
    return str(value)


def people(session: Session) -> list[tuple[int, str]]:
    return [(i, email) for i, email in session.execute(select(User.id, User.email).order_by(User.email))]


def listings(session: Session) -> list[tuple[int, str]]:
    return [(i, name) for i, name in session.execute(select(Service.id, Service.name).order_by(Service.name))]
