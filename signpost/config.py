"""Settings from SIGNPOST_* environment variables, checked once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'signpost.db'}"


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(url: str) -> str:
    # Accept the common postgres:// spelling and use psycopg 3, the driver we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from the environment.

    Development (the default for `make run`) works with nothing set; production
    (`SIGNPOST_ENV=production`) refuses to start without a secret key.
    """
    env = os.environ if environ is None else environ
    mode = env.get("SIGNPOST_ENV", "development")
    if mode not in {"development", "production", "testing"}:
        raise ConfigError(f"SIGNPOST_ENV must be development, production or testing, not {mode!r}.")
    production = mode == "production"

    secret_key = env.get("SIGNPOST_SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigError(
                "SIGNPOST_SECRET_KEY is not set. Set it to a long random string, for example the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`, before starting in production."
            )
        secret_key = "development-only-not-secret"

    base_url = env.get("SIGNPOST_BASE_URL", "")
    if not base_url:
        if production:
            raise ConfigError(
                "SIGNPOST_BASE_URL is not set. Set it to the public address of the site, like "
                "https://signpost.example.org: emails, share links and QR codes are built from it."
            )
        base_url = f"http://127.0.0.1:{env.get('PORT') or '5000'}"  # what `make run` serves

    config: dict[str, Any] = {
        "SIGNPOST_ENV": mode,
        # Every absolute link the app writes; never the request's Host header (see signpost/urls.py).
        "SIGNPOST_BASE_URL": base_url,
        # Host names answered besides the base URL's (comma-separated); any other Host gets a 400 page.
        "SIGNPOST_TRUSTED_HOSTS": [h for h in env.get("SIGNPOST_TRUSTED_HOSTS", "").split(",") if h.strip()],
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("SIGNPOST_DATABASE_URL", DEFAULT_DATABASE_URL)),
        # Recycle connections rather than ping before every use: a ping is a round trip on every request.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 300},
        # Cookies: the victim journey sets none; partner sessions are secure by default.
        "SESSION_COOKIE_SECURE": production or _bool(env.get("SIGNPOST_SECURE_COOKIES", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_ENABLED": True,
        # Victim pages send no Referer (privacy), so the token alone protects forms, not a Referer check.
        "WTF_CSRF_SSL_STRICT": False,
        "RATELIMIT_STORAGE_URI": env.get("SIGNPOST_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("SIGNPOST_RATELIMIT_ENABLED", "1")),
        "SIGNPOST_SEARCH_RATE_LIMIT": env.get("SIGNPOST_SEARCH_RATE_LIMIT", "30 per minute"),
        # Problems reported with a listing and services suggested, together, per client address (only those sent).
        "SIGNPOST_FEEDBACK_RATE_LIMIT": env.get("SIGNPOST_FEEDBACK_RATE_LIMIT", "10 per hour"),
        # Requests to the open data API (/api/v1) per client address.
        "SIGNPOST_API_RATE_LIMIT": env.get("SIGNPOST_API_RATE_LIMIT", "300 per minute"),
        "SIGNPOST_DATA_DIR": env.get("SIGNPOST_DATA_DIR", str(PROJECT_ROOT / "data")),
        "SIGNPOST_STALE_AFTER_MONTHS": int(env.get("SIGNPOST_STALE_AFTER_MONTHS", "12")),
        "SIGNPOST_HIDE_AFTER_MONTHS": int(env.get("SIGNPOST_HIDE_AFTER_MONTHS", "24")),
        # Rendered results pages kept per worker process (see signpost/public/page_cache.py).
        "SIGNPOST_PAGE_CACHE_MB": int(env.get("SIGNPOST_PAGE_CACHE_MB", "128")),
        # Admins' CSV imports: the largest file and the most listings in one file.
        "SIGNPOST_CSV_MAX_MB": int(env.get("SIGNPOST_CSV_MAX_MB", "5")),
        "SIGNPOST_CSV_MAX_ROWS": int(env.get("SIGNPOST_CSV_MAX_ROWS", "10000")),
        "COMPRESS_ALGORITHM": ["gzip"],
        # signpost/negotiation.py runs Flask-Compress only for clients that accept gzip (it ignores q=0).
        "COMPRESS_REGISTER": False,
        "COMPRESS_MIN_SIZE": 500,
        # Level 4 costs half the CPU of the default 6 for about 5% more bytes on a results page.
        "COMPRESS_LEVEL": 4,
        # Partner sign-in: limits per address and per account, and how long an idle session lasts.
        "SIGNPOST_SIGNIN_RATE_LIMIT_IP": env.get("SIGNPOST_SIGNIN_RATE_LIMIT_IP", "20 per 15 minutes"),
        # Failed attempts at one account from one address (a short back-off), and from all addresses
        # (not counting a browser that has signed in to the account before): signpost/partners/signin_limits.py.
        "SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT": env.get("SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT", "5 per 5 minutes"),
        "SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT_TOTAL": env.get("SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT_TOTAL", "100 per hour"),
        "SIGNPOST_SESSION_IDLE_MINUTES": int(env.get("SIGNPOST_SESSION_IDLE_MINUTES", "30")),
        # However active, a partner signs in again after this long (OWASP ASVS 3.3.2).
        "SIGNPOST_SESSION_MAX_HOURS": int(env.get("SIGNPOST_SESSION_MAX_HOURS", "12")),
        # Email for invitations and password resets.
        "SIGNPOST_SMTP_HOST": env.get("SIGNPOST_SMTP_HOST", ""),
        "SIGNPOST_SMTP_PORT": int(env.get("SIGNPOST_SMTP_PORT", "25")),
        "SIGNPOST_SMTP_USERNAME": env.get("SIGNPOST_SMTP_USERNAME", ""),
        "SIGNPOST_SMTP_PASSWORD": env.get("SIGNPOST_SMTP_PASSWORD", ""),
        "SIGNPOST_SMTP_STARTTLS": _bool(env.get("SIGNPOST_SMTP_STARTTLS", "0")),
        "SIGNPOST_MAIL_FROM": env.get("SIGNPOST_MAIL_FROM", "Signpost <no-reply@localhost>"),
        # How many proxies (load balancer, CDN) sit in front of the app and set X-Forwarded-For/-Proto.
        "SIGNPOST_TRUSTED_PROXIES": int(env.get("SIGNPOST_TRUSTED_PROXIES", "0")),
        "SIGNPOST_LOG_LEVEL": env.get("SIGNPOST_LOG_LEVEL", "INFO"),
        # Fail open (signpost/fallback): where the prebuilt pages live, and how long to wait for PostgreSQL.
        "SIGNPOST_FALLBACK_DIR": env.get("SIGNPOST_FALLBACK_DIR", str(INSTANCE_DIR / "fallback")),
        "SIGNPOST_DATABASE_CONNECT_TIMEOUT": int(env.get("SIGNPOST_DATABASE_CONNECT_TIMEOUT", "3")),
        # Redis down: limits go on per process in memory instead of every limited request failing.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if production and config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        raise ConfigError(
            "SIGNPOST_RATELIMIT_STORAGE_URI must point at Redis in production (for example redis://127.0.0.1:6379/0); "
            "in-memory limits are per process and reset on restart."
        )
    # Any larger request gets the 413 page before anything reads it; the CSV upload is the largest there is.
    config["MAX_CONTENT_LENGTH"] = (config["SIGNPOST_CSV_MAX_MB"] + 1) * 1024 * 1024
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=config["SIGNPOST_SESSION_IDLE_MINUTES"])
    if mode == "testing":
        config["TESTING"] = True
    return config


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """SQLAlchemy engine options for the configured database, whatever else set them.

    SQL parameters never reach an error message or a log line (a postcode is one), and a PostgreSQL
    server that does not answer costs a request a few seconds, not a worker for minutes.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["hide_parameters"] = True
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", config.get("SIGNPOST_DATABASE_CONNECT_TIMEOUT", 3))
        options["connect_args"] = connect_args
    return options
