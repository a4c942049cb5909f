"""Sign in and out, accept an invitation, reset a password."""

from __future__ import annotations

import hashlib

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from signpost.accounts import tokens
from signpost.accounts.mail import send
from signpost.accounts.passwords import password_problem
from signpost.accounts.users import authenticate, by_email, set_password
from signpost.audit import record
from signpost.clock import utcnow as now
from signpost.extensions import current_session, limiter
from signpost.partners.access import safe_next
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm, ResetRequestForm, SetPasswordForm, SignInForm
from signpost.urls import public_url


def _ip_limit() -> str:
    return str(current_app.config["SIGNPOST_SIGNIN_RATE_LIMIT_IP"])


def _account_limit() -> str:
    return str(current_app.config["SIGNPOST_SIGNIN_RATE_LIMIT_ACCOUNT"])


def _account_key() -> str:
    # Hash the address so the limiter's storage never holds email addresses.
    email = (request.form.get("email") or "").strip().lower()
    return "signin:" + hashlib.sha256(email.encode()).hexdigest()


def _failed(response: Response) -> bool:
    # Only failed attempts count against an account: signing in often is not an attack.
    return response.status_code != 302


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def sign_in() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("partners.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        session = current_session()
        user = authenticate(session, form.email.data or "", form.password.data or "", now())
        if user is not None:
            login_user(user)
            record(session, user, "sign_in", "user", str(user.id), None, None)
            session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("partners.dashboard"))
        form.email.errors = ["Enter the email address and password for your account"]
    return render_template("partners/sign_in.html", title="Sign in to manage your listings", form=form)


@bp.post("/sign-out")
def sign_out() -> Response:
    if ConfirmForm().validate_on_submit():
        logout_user()
        flash("You have signed out.")
    return redirect(url_for("partners.sign_in"))


def _set_password_page(purpose: str, token: str, title: str) -> ResponseReturnValue:
    session = current_session()
    found = tokens.find(session, token, purpose, now())
    if found is None:
        return render_template(
            "partners/link_expired.html", title="This link has expired or been used", purpose=purpose
        ), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.password.data or "", found.user.email)
        if problem:
            form.password.errors = [problem]
        else:
            set_password(found.user, form.password.data or "")
            found.used_at = now()
            record(session, found.user, f"{purpose}_password_set", "user", str(found.user.id), None, None)
            session.commit()
            logout_user()
            flash("Your password is saved. Sign in with it now.")
            return redirect(url_for("partners.sign_in"))
    return render_template("partners/set_password.html", title=title, form=form, email=found.user.email)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
def accept_invitation(token: str) -> ResponseReturnValue:
    return _set_password_page("invite", token, "Create your password")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    return _set_password_page("reset", token, "Choose a new password")


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
def request_reset() -> ResponseReturnValue:
    form = ResetRequestForm()
    if form.validate_on_submit():
        session = current_session()
        user = by_email(session, form.email.data or "")
        # The same answer whether or not the account exists, so the form cannot be used to find accounts.
        if user is not None and user.is_active:
            token = tokens.issue(session, user, "reset", now())
            session.commit()
            link = public_url("partners.reset_password", token=token)
            send(
                current_app.config,
                user.email,
                "Reset your Signpost password",
                f"Someone asked to reset the password for this Signpost account.\n\n"
                f"To choose a new password, open this link within 1 hour:\n{link}\n\n"
                "If you did not ask for this, you can ignore this email. Your password has not changed.",
            )
        return render_template("partners/reset_sent.html", title="Check your email", email=form.email.data)
    return render_template("partners/request_reset.html", title="Reset your password", form=form)
