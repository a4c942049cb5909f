"""One-time links sent by email, or handed to an admin to pass on when no email can be sent.

A fresh install has no mail server, and a mail server can refuse: an invitation or a reset must still
work, so the admin who asked is shown the link instead. A member of the public asking for a reset is
never shown it (that would hand the account to whoever typed the address). Either way the audit log
says what happened, never with the token.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from signpost.accounts.mail import MailNotSent, send
from signpost.audit import record
from signpost.models import User

INVITE_DAYS = 7


@dataclass(frozen=True)
class Delivery:
    email: str
    link: str
    sent: bool
    why_not: str | None = None  # why no email was sent, in words for an admin


def invitation(organisation_name: str | None, link: str) -> tuple[str, str]:
    where = f" for {organisation_name}" if organisation_name else ""
    return (
        "You have been invited to Signpost",
        f"You have been invited to manage listings on Signpost{where}.\n\n"
        f"To create your password, open this link within {INVITE_DAYS} days:\n{link}\n\n"
        "If you were not expecting this, you can ignore this email.",
    )


def reset(link: str) -> tuple[str, str]:
    return (
        "Reset your Signpost password",
        "Someone asked to reset the password for this Signpost account.\n\n"
        f"To choose a new password, open this link within 1 hour:\n{link}\n\n"
        "If you did not ask for this, you can ignore this email. Your password has not changed.",
    )


def deliver(
    session: Session,
    config: Mapping[str, Any],
    actor: User | None,
    user: User,
    purpose: str,
    link: str,
    message: tuple[str, str],
) -> Delivery:
    """Email `link` to `user`. If that fails, record it: `<purpose>_link_shown` when an admin (`actor`)
    will be shown the link to pass on, `<purpose>_email_failed` when nobody will. The caller commits."""
    subject, body = message
    try:
        send(config, user.email, subject, body)
    except MailNotSent as problem:
        action = f"{purpose}_link_shown" if actor is not None else f"{purpose}_email_failed"
        record(session, actor, action, "user", str(user.id), None, {"email": user.email, "why": str(problem)})
        return Delivery(user.email, link, sent=False, why_not=str(problem))
    return Delivery(user.email, link, sent=True)
