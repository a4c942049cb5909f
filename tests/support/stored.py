"""Privacy checks on what the database holds."""

from __future__ import annotations

from sqlalchemy import String, Text, or_, select
from sqlalchemy.orm import Session

from signpost.models import Base


def columns_holding(session: Session, *patterns: str, skip: tuple[str, ...] = ("postcode",)) -> list[str]:
    """Every text column (as "table.column") with a value matching any of the ILIKE `patterns`.

    `skip` leaves out tables that hold such values by design: the reference table of every UK postcode.
    """
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name in skip:
            continue
        for column in [c for c in table.columns if isinstance(c.type, String | Text)]:
            match = or_(*(column.ilike(pattern) for pattern in patterns))
            if session.scalar(select(column).where(match).limit(1)) is not None:
                found.append(f"{table.name}.{column.name}")
    return found
