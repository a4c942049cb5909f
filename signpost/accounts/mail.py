"""Sending email over SMTP, configured from SIGNPOST_SMTP_* settings."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any


class MailNotConfigured(RuntimeError):
    pass


def send(config: Mapping[str, Any], to: str, subject: str, body: str) -> None:
    host = config.get("SIGNPOST_SMTP_HOST")
    if not host:
        raise MailNotConfigured("SIGNPOST_SMTP_HOST is not set, so email cannot be sent.")
    message = EmailMessage()
    message["From"] = config["SIGNPOST_MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(host, int(config.get("SIGNPOST_SMTP_PORT", 25)), timeout=10) as smtp:
        if config.get("SIGNPOST_SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SIGNPOST_SMTP_USERNAME"):
            smtp.login(config["SIGNPOST_SMTP_USERNAME"], config.get("SIGNPOST_SMTP_PASSWORD", ""))
        smtp.send_message(message)
