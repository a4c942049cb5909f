"""Absolute links the app writes, and which Host headers it answers.

Every link with a host name in it (password-reset and invitation emails, share links, QR codes) is
built from SIGNPOST_BASE_URL, never from the request: a request sent with `Host: attacker.example`
would otherwise email a reset link that hands the token to that host. TRUSTED_HOSTS (the base URL's
host plus SIGNPOST_TRUSTED_HOSTS) makes Flask answer any other Host with the 400 page.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import SplitResult, urlsplit

from flask import Flask, current_app
from flask.globals import request_ctx
from werkzeug.routing import Map, MapAdapter

from signpost.config import ConfigError

# Names a developer's browser uses for `make run`; never trusted in production unless configured.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def parse_base_url(value: str, *, https_only: bool = False) -> SplitResult:
    """SIGNPOST_BASE_URL, checked: a scheme and a host name, an optional path, nothing else."""
    parts = urlsplit(value.strip())
    problem = None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "must be an absolute http or https address, like https://signpost.example.org"
    elif https_only and parts.scheme != "https":
        problem = "must start with https:// in production (reset links carry one-time tokens)"
    elif parts.query or parts.fragment or parts.username or parts.password:
        problem = "must not have a query, a fragment or a user name"
    else:
        try:
            parts.hostname.encode("idna")
            _ = parts.port  # raises ValueError for a port that is not a number
        except (UnicodeError, ValueError):
            problem = "has a host name or port that is not valid"
    if problem:
        raise ConfigError(f"SIGNPOST_BASE_URL {problem} (got {value!r}).")
    return parts


def trusted_hosts(base_url: str, extra: Iterable[str], *, local: bool) -> list[str]:
    """The host names the app answers: the base URL's, any configured, and in development the local ones."""
    hosts = [urlsplit(base_url).hostname or "", *(h.strip().lower() for h in extra)]
    if local:
        hosts += LOCAL_HOSTS
    return list(dict.fromkeys(h for h in hosts if h))


@lru_cache(maxsize=16)
def _adapter(url_map: Map, base_url: str) -> MapAdapter:
    parts = urlsplit(base_url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return url_map.bind(netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme)


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` on the public site (SIGNPOST_BASE_URL), whatever Host the request had."""
    adapter = _adapter(current_app.url_map, current_app.config["SIGNPOST_BASE_URL"])
    return adapter.build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    base = app.config["SIGNPOST_BASE_URL"]
    parse_base_url(base, https_only=app.config["SIGNPOST_ENV"] == "production")
    extra = app.config.get("SIGNPOST_TRUSTED_HOSTS") or []
    app.config["TRUSTED_HOSTS"] = trusted_hosts(
        base, [extra] if isinstance(extra, str) else extra, local=app.config["SIGNPOST_ENV"] != "production"
    )
    # First of all before_request functions, so that even a request refused before its view (CSRF, a too
    # large body) gets an error page whose links work.
    app.before_request_funcs.setdefault(None, []).insert(0, _bind_links_for_a_bad_host)


def _bind_links_for_a_bad_host() -> None:
    """A foreign or malformed Host leaves the request without a URL adapter (Flask answers 400), so the
    400 page could not build a single link: build them against the public base URL instead."""
    if request_ctx.url_adapter is None:
        request_ctx.url_adapter = _adapter(current_app.url_map, current_app.config["SIGNPOST_BASE_URL"])
