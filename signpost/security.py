"""Security headers: a strict Content-Security-Policy with no per-request value, and privacy headers.

No page may load anything from another host, so every directive is 'self' (or none). The only inline
script is GOV.UK Frontend's constant `js-enabled` line in its page template; it is allowed by its
SHA-256 hash, worked out at start-up from the template's own bytes, so an upgrade that changes the line
changes the hash with it (and `tests/integration/test_app.py` checks every inline script a page carries
against the header). With no nonce, a page is the same bytes for everyone who asks, which is what lets
the results page cache store finished, compressed pages. Victims' pages are never cached and never send
a referrer.
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, request
from jinja2 import Environment

TEMPLATE = "govuk_frontend_jinja/template.html"
# An inline script: a <script> tag without src (its attributes may be Jinja, as the nonce once was).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?:[^>]|\{%.*?%\})*>(.*?)</script>", re.DOTALL)


def script_hash(script: str) -> str:
    """A CSP source for one inline script's text, exactly as the browser hashes it (UTF-8)."""
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def inline_script_hashes(env: Environment) -> tuple[str, ...]:
    """The hashes of the inline scripts in GOV.UK's page template, read from its source."""
    source, _, _ = env.loader.get_source(env, TEMPLATE)  # type: ignore[union-attr]
    scripts = _INLINE_SCRIPT.findall(source)
    if not scripts or any("{{" in s or "{%" in s for s in scripts):
        raise RuntimeError(f"{TEMPLATE}: expected constant inline scripts, found {scripts!r}")
    return tuple(dict.fromkeys(script_hash(s) for s in scripts))


def content_security_policy(script_hashes: tuple[str, ...]) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(("script-src 'self'", *script_hashes)),
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    policy = content_security_policy(inline_script_hashes(app.jinja_env))

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = policy
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(), interest-cohort=()"
        if app.config.get("SIGNPOST_ENV") == "production":
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Pages may hold what a victim looked for: never store them in a cache or the back-forward history.
        if request.endpoint != "static":
            headers["Cache-Control"] = "no-store"
        return response
