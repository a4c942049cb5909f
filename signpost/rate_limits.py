"""The page for a request over a rate limit (429): when to try again, and who to call meanwhile.

Someone who searched too often may still be in danger, so the page gives 999, 101 and every
nation's general helplines from the directory, and says when searching works again (also as
Retry-After, for clients that read it).
"""

from __future__ import annotations

import math
import time
from datetime import date

from dateutil.relativedelta import relativedelta
from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from signpost.directory.emergency import EMERGENCY, NON_EMERGENCY, SILENT_SOLUTION
from signpost.directory.helplines import Helpline, national_helplines
from signpost.extensions import current_session, limiter
from signpost.i18n import _

FEEDBACK_ENDPOINTS = {
    "public.report_a_problem": "reports and suggestions",
    "public.suggest_a_service": "reports and suggestions",
}


def retry_after(error: HTTPException) -> int:
    """Seconds until the breached limit lets a request through again (at least 1)."""
    current = limiter.current_limit
    if current is not None and current.breached:
        return max(1, math.ceil(current.window.reset_time - time.time()))
    if isinstance(error, RateLimitExceeded):
        return max(1, int(error.limit.limit.get_expiry()))
    return 60


def wait_text(seconds: int) -> str:
    # Welsh keeps the noun singular after a number ("5 munud"), so each form is its own message.
    if seconds < 60:
        return _("1 second") if seconds == 1 else _("%(num)s seconds", num=seconds)
    minutes = math.ceil(seconds / 60)
    return _("1 minute") if minutes == 1 else _("%(num)s minutes", num=minutes)


def _helplines() -> dict[str, list[Helpline]]:
    session = current_session()
    hide_before = date.today() - relativedelta(months=current_app.config["SIGNPOST_HIDE_AFTER_MONTHS"])
    try:
        return national_helplines(session, hide_before)
    except SQLAlchemyError:
        # The page must still answer with 999 and 101 when the directory cannot be read.
        session.rollback()
        current_app.logger.warning("Search-limit page without helplines: the directory could not be read")
        return {}


def init_app(app: Flask) -> None:
    @app.errorhandler(429)
    def too_many_requests(error: HTTPException) -> ResponseReturnValue:
        seconds = retry_after(error)
        page = render_template(
            "errors/429.html",
            title=_("Too many requests"),
            wait=wait_text(seconds),
            # The partner portal limits sign-in and password links; the public's feedback forms, what is sent;
            # everywhere else, searches.
            what="attempts"
            if request.blueprint == "partners"
            else FEEDBACK_ENDPOINTS.get(request.endpoint or "", "searches"),
            helplines=_helplines(),
            emergency=EMERGENCY,
            non_emergency=NON_EMERGENCY,
            silent_solution=SILENT_SOLUTION,
        )
        return page, 429, {"Retry-After": str(seconds)}
