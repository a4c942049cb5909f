"""Listings nobody has checked for a while."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from signpost.models import Service


def stale_listings(session: Session, today: date, months: int, organisation_id: int | None = None) -> list[Service]:
    """Active listings last checked more than `months` ago (or never), oldest first."""
    cutoff = today - relativedelta(months=months)
    query = (
        select(Service)
        .where(Service.status == "active", or_(Service.checked_on.is_(None), Service.checked_on < cutoff))
        .options(selectinload(Service.organisation))
        .order_by(Service.checked_on.asc().nulls_first(), Service.name)
    )
    if organisation_id is not None:
        query = query.where(Service.organisation_id == organisation_id)
    return list(session.scalars(query))
