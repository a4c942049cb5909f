"""Reading the audit log for admins (signpost.audit writes it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.models import AuditEvent


def latest(session: Session, limit: int = 500) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))
