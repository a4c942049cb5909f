"""Organisations that partners belong to: listing them for admins and whether their edits need review."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.audit import record
from signpost.models import Organisation, User


def all_organisations(session: Session, *, active_only: bool = False) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.name)
    if active_only:
        query = query.where(Organisation.status == "active")
    return list(session.scalars(query))


def by_id(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def toggle_trusted(session: Session, organisation: Organisation, admin: User) -> None:
    """Trusted organisations publish their edits at once; the others wait for review. Audited."""
    before = {"trusted": organisation.trusted}
    organisation.trusted = not organisation.trusted
    record(
        session,
        admin,
        "organisation_trust_changed",
        "organisation",
        str(organisation.id),
        before,
        {"trusted": organisation.trusted},
    )
