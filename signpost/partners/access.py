"""Who is signed in, for how long, and what they may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, g, session
from flask_login import current_user, login_user, logout_user

from signpost.accounts import sessions
from signpost.accounts.types import User
from signpost.accounts.users import by_id
from signpost.clock import utcnow
from signpost.extensions import current_session, login_manager
from signpost.listings.changes import service_by_id
from signpost.listings.types import Service

COOKIE_GRACE = timedelta(days=1)
SESSION_TOKEN = "sid"  # the key in Flask's session cookie of the server-side session's token
MESSAGES = {
    "idle": "You were signed out because you were inactive for a while. Sign in again to continue.",
    "expired": "You were signed out because you signed in a long time ago. Sign in again to continue.",
}
P = ParamSpec("P")
R = TypeVar("R")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        id_, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = by_id(current_session(), id_)
    if user is None or user.session_version != version or not user.is_active:
        return None
    if _session_over(id_) is not None:
        return None  # signed out, idle or expired on the server, whatever the cookie says
    return user


def begin_session(user: User) -> None:
    """Sign `user` in: a new session on the server, its token in the cookie."""
    session[SESSION_TOKEN] = sessions.start(current_session(), user, utcnow())
    login_user(user)


def end_session(why: str = "signed_out") -> None:
    """Sign out: the session ends on the server, so a copy of the cookie opens nothing."""
    sessions.end(current_session(), session.get(SESSION_TOKEN), utcnow(), why)
    logout_user()
    session.pop(SESSION_TOKEN, None)


def _session_over(user_id: int) -> str | None:
    """None while this request's session is live on the server; else why not. Checked once per request."""
    if "signpost_session_over" not in g:
        config = current_app.config
        _, g.signpost_session_over = sessions.check(
            current_session(),
            session.get(SESSION_TOKEN),
            user_id,
            utcnow(),
            idle=timedelta(minutes=config["SIGNPOST_SESSION_IDLE_MINUTES"]),
            lifetime=timedelta(hours=config["SIGNPOST_SESSION_MAX_HOURS"]),
        )
    over: str | None = g.signpost_session_over
    return over


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    # SIGNPOST_SESSION_IDLE_MINUTES decides, however it was given (environment or config). The cookie outlives
    # it by a day so that the server, not the browser, ends an idle session and can say why.
    app.config["PERMANENT_SESSION_LIFETIME"] = (
        timedelta(minutes=app.config["SIGNPOST_SESSION_IDLE_MINUTES"]) + COOKIE_GRACE
    )

    @app.before_request
    def end_finished_sessions() -> None:
        if "_user_id" not in session:
            return  # never on a victim's page: no cookie, no session
        try:
            user_id = int(str(session["_user_id"]).split(":")[0])
        except ValueError:
            user_id = 0
        over = _session_over(user_id)  # its last use, or its end, is committed after the request
        if over is None:
            session.permanent = True
            return
        logout_user()
        session.pop(SESSION_TOKEN, None)
        if over in MESSAGES:
            flash(MESSAGES[over])


def role_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Signed-in users with one of `roles`; anyone else gets the sign-in page, or 404 if signed in."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()  # type: ignore[no-any-return]
            if current_user.role not in roles:
                abort(404)  # do not confirm that the page exists
            return view(*args, **kwargs)

        return wrapped

    return decorator


def own_service_or_404(service_id: int) -> Service:
    """A service the signed-in user may edit: their organisation's, or any for a moderator or admin."""
    service = service_by_id(current_session(), service_id)
    if service is None:
        abort(404)
    user: User = current_user
    if not user.is_reviewer and service.organisation_id != user.organisation_id:
        abort(404)
    return service


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, a scheme, or a protocol-relative URL."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
