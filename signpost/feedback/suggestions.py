"""Services the public suggests we list: they wait in the admins' queue until an admin marks them done
(listed, or passed on) or declined."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from signpost.audit import record
from signpost.models import ServiceSuggestion, User

OUTCOMES = ("done", "declined")
STATUSES = ("open", *OUTCOMES)
NAME_MAX = 200
WEBSITE_MAX = 500
EMAIL_MAX = 254
AREAS_MAX = 500


class SuggestionRefused(ValueError):
    """A suggestion or outcome the rules do not allow; the form checks the same things first."""


def suggest_service(
    session: Session,
    name: str,
    website: str | None,
    contact_email: str,
    areas: str,
    crime_types: list[str],
    known_crime_types: set[str],
    today: date,
) -> ServiceSuggestion:
    """Store a suggestion (the caller commits)."""
    name, areas, contact_email = name.strip(), areas.strip(), contact_email.strip()
    if not name or not areas or not contact_email or not crime_types:
        raise SuggestionRefused("name, contact email, areas and crime types are all needed")
    if len(name) > NAME_MAX or len(areas) > AREAS_MAX or len(contact_email) > EMAIL_MAX:
        raise SuggestionRefused("too long")
    if website is not None and len(website) > WEBSITE_MAX:
        raise SuggestionRefused("website too long")
    unknown = set(crime_types) - known_crime_types
    if unknown:
        raise SuggestionRefused(f"unknown crime types {sorted(unknown)}")
    suggestion = ServiceSuggestion(
        name=name,
        website=(website or "").strip() or None,
        contact_email=contact_email,
        areas=areas,
        crime_types=list(dict.fromkeys(crime_types)),  # once each, in the order given
        suggested_on=today,
        status="open",
    )
    session.add(suggestion)
    return suggestion


def suggestions(session: Session, status: str = "open") -> list[ServiceSuggestion]:
    """Open ones oldest first (a queue); done and declined ones newest first."""
    if status not in STATUSES:
        raise SuggestionRefused(f"unknown status {status!r}")
    order = ServiceSuggestion.id.asc() if status == "open" else ServiceSuggestion.resolved_at.desc()
    query = (
        select(ServiceSuggestion)
        .options(joinedload(ServiceSuggestion.resolved_by))
        .where(ServiceSuggestion.status == status)
        .order_by(order, ServiceSuggestion.id)
    )
    return list(session.scalars(query))


def suggestion(session: Session, suggestion_id: int) -> ServiceSuggestion | None:
    return session.get(ServiceSuggestion, suggestion_id)


def open_count(session: Session) -> int:
    return session.scalar(select(func.count(ServiceSuggestion.id)).where(ServiceSuggestion.status == "open")) or 0


def resolve(session: Session, suggestion: ServiceSuggestion, actor: User, outcome: str, now: datetime) -> bool:
    """Mark an open suggestion done or declined, in the audit log (the caller commits). False if it was not open."""
    if outcome not in OUTCOMES:
        raise SuggestionRefused(f"unknown outcome {outcome!r}")
    if not actor.is_admin:
        raise SuggestionRefused("only admins handle suggestions")
    if suggestion.status != "open":
        return False
    suggestion.status, suggestion.resolved_at, suggestion.resolved_by_id = outcome, now, actor.id
    record(
        session,
        actor,
        f"service_suggestion_{outcome}",
        "service_suggestion",
        str(suggestion.id),
        {"status": "open"},
        {"status": outcome, "name": suggestion.name},
    )
    return True
