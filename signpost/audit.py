"""Writing the audit log: every change, who made it, and the values before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from signpost.clock import utcnow
from signpost.models import AuditEvent, User


def record(
    session: Session,
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.id if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
    )
    session.add(event)
    return event
