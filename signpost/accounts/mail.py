"""Sending email over SMTP, configured from SIGNPOST_SMTP_* settings."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any


class MailNotSent(RuntimeError):
    """No email went out: the caller shows or records the link another way. The message says why, in words
    an admin can act on; it never holds the recipient or the body."""


class MailNotConfigured(MailNotSent):
    pass


def send(config: Mapping[str, Any], to: str, subject: str, body: str) -> None:
    """Send one message, or raise MailNotSent (never a raw socket or SMTP error)."""
    host = config.get("SIGNPOST_SMTP_HOST")
    if not host:
        raise MailNotConfigured("no mail server is set up (SIGNPOST_SMTP_HOST)")
    message = EmailMessage()
    message["From"] = config.get("SIGNPOST_MAIL_FROM") or "signpost@localhost"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(host, int(config.get("SIGNPOST_SMTP_PORT") or 25), timeout=10) as smtp:
            if config.get("SIGNPOST_SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SIGNPOST_SMTP_USERNAME"):
                smtp.login(config["SIGNPOST_SMTP_USERNAME"], config.get("SIGNPOST_SMTP_PASSWORD", ""))
            smtp.send_message(message)
    except smtplib.SMTPException as refused:
        raise MailNotSent(f"the mail server refused the message ({type(refused).__name__})") from None
    except OSError as unreachable:
        raise MailNotSent(f"the mail server could not be reached ({type(unreachable).__name__})") from None
