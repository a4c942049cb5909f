"""Friendly error pages: every error offers a way back to the start, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from signpost.extensions import db
from signpost.fallback.offline import rollback_quietly
from signpost.fallback.serve import is_victim_request, log_failed_request, victim_fallback
from signpost.i18n import _

HANDLED = (400, 403, 404, 405, 413, 429, 500, 503)


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        # A Host we do not trust says nothing about who is asking: it gets the site's page, with 999.
        if _is_partner_request() and not isinstance(error, SecurityError):
            return _partner_page(code, code), code
        template = f"errors/{code}.html" if code in HANDLED else "errors/generic.html"
        return render_template(template, error=error, title=_title(code)), code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        if _is_partner_request():
            return _partner_page("csrf", 400, "Your answers could not be sent"), 400
        return render_template("errors/csrf.html", title=_("Your answers could not be sent")), 400

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> ResponseReturnValue:
        # One line, no message or traceback: a database error's text can quote what a victim typed.
        log_failed_request(error)
        rollback_quietly(db.session())
        if is_victim_request():
            # 999, 101 and the nation's helplines, built ahead of time: never a dead end for a victim.
            return victim_fallback()
        if _is_partner_request():
            return _partner_page(500, 500), 500
        return render_template("errors/500.html", error=InternalServerError(), title=_title(500)), 500


def _is_partner_request() -> bool:
    # By path, not blueprint: an unknown /partners/... address has no blueprint but is still the portal's.
    return request.path == "/partners" or request.path.startswith("/partners/")


def _partner_page(code: int | str, status: int, title: str | None = None) -> str:
    """The partner portal's own error page (its layout and links, not the victims' helplines)."""
    try:
        return render_template("partners/errors/error.html", code=code, title=title or _title(status))
    except Exception:  # noqa: BLE001 - the portal's layout asks who is signed in, which needs the database
        rollback_quietly(db.session())
        return render_template("errors/500.html", error=InternalServerError(), title=_title(500))


def _title(code: int) -> str:
    return {
        400: _("Sorry, there is a problem with that request"),
        403: _("You do not have permission to see this page"),
        404: _("Page not found"),
        405: _("Sorry, there is a problem with that request"),
        413: _("What you sent is too large"),
        429: _("Too many requests"),
        500: _("Sorry, there is a problem with the service"),
        503: _("Sorry, the service is unavailable"),
    }.get(code) or _("Sorry, there is a problem")
