"""The partner dashboard's listings: searched and filtered, with what needs doing for each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from signpost.models import ChangeRequest, Organisation, Service

STATUSES = ("active", "inactive", "pending")  # pending: a change waits for review


@dataclass(frozen=True)
class Filters:
    text: str = ""
    organisation: int | None = None
    status: str = ""
    needs_checking: bool = False


@dataclass(frozen=True)
class Listing:
    service: Service
    pending: bool
    stale: bool


def listings(
    session: Session, filters: Filters, today: date, stale_months: int, organisation_id: int | None = None
) -> list[Listing]:
    """Listings that are not retired, by name; only `organisation_id`'s when given (an editor's own)."""
    cutoff = today - relativedelta(months=stale_months)
    pending_ids = select(ChangeRequest.service_id).where(ChangeRequest.status == "pending")
    query = (
        select(Service)
        .where(Service.status != "retired")
        .options(selectinload(Service.organisation))
        .order_by(Service.name)
    )
    if organisation_id is not None:
        query = query.where(Service.organisation_id == organisation_id)
    if filters.organisation is not None:
        query = query.where(Service.organisation_id == filters.organisation)
    if filters.text:
        words = f"%{filters.text.lower()}%"
        query = query.where(or_(func.lower(Service.name).like(words), func.lower(Service.slug).like(words)))
    if filters.status in ("active", "inactive"):
        query = query.where(Service.status == filters.status)
    elif filters.status == "pending":
        query = query.where(Service.id.in_(pending_ids))
    stale = or_(Service.checked_on.is_(None), Service.checked_on < cutoff)
    if filters.needs_checking:
        query = query.where(Service.status == "active", stale)
    pending = set(session.scalars(pending_ids))
    return [
        Listing(s, s.id in pending, s.status == "active" and (s.checked_on is None or s.checked_on < cutoff))
        for s in session.scalars(query)
    ]


def organisations_with_listings(session: Session) -> list[tuple[int, str]]:
    query = (
        select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(select(Service.organisation_id).where(Service.status != "retired")))
        .order_by(Organisation.name)
    )
    return [(i, name) for i, name in session.execute(query)]
