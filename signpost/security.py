"""Security headers: a strict Content-Security-Policy with a per-request nonce, and privacy headers.

No page may load anything from another host, so every directive is 'self' (or none) and inline
scripts run only with the nonce. Victims' pages are never cached and never send a referrer.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, request

NONCE_KEY = "signpost.csp_nonce"


def csp_nonce() -> str:
    """This request's nonce. Kept in the WSGI environ, which, unlike `g`, never outlives the request."""
    nonce: str = request.environ.setdefault(NONCE_KEY, secrets.token_urlsafe(16))
    return nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
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
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
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
