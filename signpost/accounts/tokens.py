"""One-time links for invitations and password resets. Only a SHA-256 of each token is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.models import OneTimeToken, User

LIFETIMES = {"invite": timedelta(days=7), "reset": timedelta(hours=1)}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, user: User, purpose: str, now: datetime) -> str:
    """A new link token for `user`; earlier unused tokens for the same purpose stop working."""
    for old in session.scalars(
        select(OneTimeToken).where(
            OneTimeToken.user_id == user.id, OneTimeToken.purpose == purpose, OneTimeToken.used_at.is_(None)
        )
    ):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        OneTimeToken(
            user=user,
            purpose=purpose,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def find(session: Session, token: str, purpose: str, now: datetime) -> OneTimeToken | None:
    """The unused, unexpired token record, or None."""
    record = session.scalar(select(OneTimeToken).where(OneTimeToken.token_hash == _digest(token)))
    if record is None or record.purpose != purpose or record.used_at is not None or record.expires_at <= now:
        return None
    return record
