"""Aggregate search counts: day x crime type x police force area, and nothing else (DESIGN.md)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from signpost.models import SearchCount

UNKNOWN_AREA = "unknown"


def count_search(session: Session, day: date, crime_slug: str, pfa_code: str | None) -> None:
    """Add one to today's count for this crime type and force area (an upsert, safe under concurrency)."""
    values = {"day": day, "crime_type_slug": crime_slug, "pfa_code": pfa_code or UNKNOWN_AREA, "count": 1}
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(SearchCount).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["day", "crime_type_slug", "pfa_code"], set_={"count": SearchCount.count + 1}
    )
    session.execute(statement)


def counts(session: Session, day: date) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(SearchCount.crime_type_slug, SearchCount.pfa_code, SearchCount.count).where(SearchCount.day == day)
    )
    return {(crime, pfa): count for crime, pfa, count in rows}
