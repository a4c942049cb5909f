"""Sign-in limits that slow an attacker down without locking the real partner out.

Three limits apply to sign-in attempts (configured in SIGNPOST_SIGNIN_RATE_LIMIT_*):

- per address, every attempt: one address cannot try many accounts;
- per account *and* address, failed attempts only, over a short window: guessing one account from
  one place backs off for minutes, while the same account from any other address is unaffected (a
  limit per account alone let anyone lock a partner out from everywhere);
- per account from all addresses, failed attempts only (OWASP ASVS 2.2.1: at most 100 an hour), not
  counted for a browser that has signed in to that account before: it holds a signed "known device"
  cookie (path /partners only, never on a victim's page), so a spread-out attack on the account does
  not keep its owner out on their usual browser.

Limiter keys and the cookie hold a SHA-256 of the email address, never the address itself.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

DEVICE_COOKIE = "signpost_device"
DEVICE_LIFETIME = timedelta(days=90)
_SALT = "signpost.known-device"


def account_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _submitted() -> str:
    return account_hash(request.form.get("email") or "")


def address_limit() -> str:
    return str(current_app.config["SIGNPOST_SIGNIN_RATE_LIMIT_IP"])


def account_and_address_limit() -> str:
    return str(current_app.config["SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT"])


def account_limit() -> str:
    return str(current_app.config["SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT_TOTAL"])


def account_and_address_key() -> str:
    return f"signin:{_submitted()}:{get_remote_address()}"


def account_key() -> str:
    return f"signin-total:{_submitted()}"


def failed(response: Response) -> bool:
    """Only failed attempts count against an account: signing in often is not an attack."""
    return response.status_code != 302


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def known_device() -> bool:
    """True if this browser has signed in to the account being tried (within DEVICE_LIFETIME)."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return False
    try:
        remembered = _serializer().loads(cookie, max_age=int(DEVICE_LIFETIME.total_seconds()))
    except BadSignature:
        return False
    return bool(remembered == _submitted())


def remember_device(response: Response, email: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(account_hash(email)),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        path="/partners",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )
