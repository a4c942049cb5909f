"""Signed-in sessions held on the server. The cookie carries a random token; only its SHA-256 is stored.

Signing out ends the session here, so a copy of the cookie taken before then opens nothing; so do a
password change, a long idle spell, and reaching the absolute lifetime however active the session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from signpost.models import PartnerSession, User

# Writing last_seen_at on every request would be a write per page; this often is precise enough.
TOUCH_EVERY = timedelta(seconds=60)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, now: datetime) -> str:
    """A new session for `user`; the token goes in the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(PartnerSession(user=user, token_hash=_digest(token), created_at=now, last_seen_at=now))
    return token


def check(
    session: Session, token: str | None, user_id: int, now: datetime, idle: timedelta, lifetime: timedelta
) -> tuple[PartnerSession | None, str | None]:
    """(the live session, None), or (None, why it is over: "ended", "idle" or "expired"). An idle or
    expired session is marked ended; a live one has its last_seen_at brought up to date. The caller commits."""
    if not token:
        return None, "ended"
    found = session.scalar(select(PartnerSession).where(PartnerSession.token_hash == _digest(token)))
    if found is None or found.user_id != user_id or found.ended_at is not None:
        return None, "ended"
    why = "expired" if now - found.created_at > lifetime else "idle" if now - found.last_seen_at > idle else None
    if why:
        found.ended_at, found.ended_why = now, why
        return None, why
    if now - found.last_seen_at >= TOUCH_EVERY:
        found.last_seen_at = now
    return found, None


def end(session: Session, token: str | None, now: datetime, why: str) -> None:
    if token:
        session.execute(
            update(PartnerSession)
            .where(PartnerSession.token_hash == _digest(token), PartnerSession.ended_at.is_(None))
            .values(ended_at=now, ended_why=why)
        )


def end_all(session: Session, user: User, now: datetime, why: str) -> None:
    """End every session of `user` (a password change or reset)."""
    session.execute(
        update(PartnerSession)
        .where(PartnerSession.user_id == user.id, PartnerSession.ended_at.is_(None))
        .values(ended_at=now, ended_why=why)
    )
