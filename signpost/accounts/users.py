"""Invitations, sign-in and password changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from signpost.accounts import tokens
from signpost.accounts.passwords import hash_password, verify_password
from signpost.models import Organisation, User


class AccountError(ValueError):
    """A problem the person can fix; the message says how."""


def everyone(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def invite(
    session: Session, email: str, role: str, organisation: Organisation | None, now: datetime
) -> tuple[User, str]:
    """Create (or re-invite) an account and return it with its invitation token."""
    if role == "editor" and organisation is None:
        raise AccountError("Select the organisation this editor works for")
    user = by_email(session, email)
    if user is not None and user.password_hash is not None:
        raise AccountError("This person already has an account")
    if user is None:
        user = User(
            email=normalise_email(email),
            role=role,
            organisation=organisation,
            created_at=now,
            active=True,
            session_version=1,
        )
        session.add(user)
    else:
        user.role, user.organisation = role, organisation
    session.flush()
    return user, tokens.issue(session, user, "invite", now)


def authenticate(session: Session, email: str, password: str, now: datetime) -> User | None:
    user = by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        return None
    user.last_sign_in_at = now
    return user


def set_password(user: User, password: str) -> None:
    """Set a new password and end every other session of this user."""
    user.password_hash = hash_password(password)
    user.session_version = (user.session_version or 0) + 1
