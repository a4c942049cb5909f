"""Sign in and out, accept an invitation, reset a password."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response

from signpost.accounts import links, tokens
from signpost.accounts.passwords import password_problem
from signpost.accounts.sessions import end_all as end_all_sessions
from signpost.accounts.users import authenticate, by_email, set_password
from signpost.audit import record
from signpost.clock import utcnow as now
from signpost.extensions import current_session, limiter
from signpost.partners import signin_limits
from signpost.partners.access import begin_session, end_session, safe_next
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm, ResetRequestForm, SetPasswordForm, SignInForm
from signpost.urls import public_url


# See signpost/partners/signin_limits.py: per address; per account and address; per account, not for a known device.
@bp.route("", methods=["GET", "POST"])
@limiter.limit(signin_limits.address_limit, methods=["POST"])
@limiter.limit(
    signin_limits.account_and_address_limit,
    methods=["POST"],
    key_func=signin_limits.account_and_address_key,
    deduct_when=signin_limits.failed,
)
@limiter.limit(
    signin_limits.account_limit,
    methods=["POST"],
    key_func=signin_limits.account_key,
    deduct_when=signin_limits.failed,
    exempt_when=signin_limits.known_device,
)
def sign_in() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("partners.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        session = current_session()
        user = authenticate(session, form.email.data or "", form.password.data or "", now())
        if user is not None:
            begin_session(user)
            record(session, user, "sign_in", "user", str(user.id), None, None)
            response = redirect(safe_next(request.args.get("next")) or url_for("partners.dashboard"))
            signin_limits.remember_device(response, user.email)
            return response
        # Logged for spotting attacks; the account only as a short hash, never the password.
        current_app.logger.info(
            "Partner sign-in failed (account %s)", signin_limits.account_hash(form.email.data or "")[:12]
        )
        form.email.errors = ["Enter the email address and password for your account"]
    return render_template("partners/sign_in.html", title="Sign in to manage your listings", form=form)


@bp.post("/sign-out")
def sign_out() -> Response:
    if ConfirmForm().validate_on_submit():
        end_session()
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
            end_all_sessions(session, found.user, now(), "password")  # every device signs in again
            end_session("password")
            flash("Your password is saved. Sign in with it now.")
            return redirect(url_for("partners.sign_in"))
    return render_template("partners/set_password.html", title=title, form=form, email=found.user.email)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(signin_limits.address_limit, methods=["POST"])
def accept_invitation(token: str) -> ResponseReturnValue:
    return _set_password_page("invite", token, "Create your password")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(signin_limits.address_limit, methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    return _set_password_page("reset", token, "Choose a new password")


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(signin_limits.address_limit, methods=["POST"])
def request_reset() -> ResponseReturnValue:
    form = ResetRequestForm()
    if form.validate_on_submit():
        session = current_session()
        user = by_email(session, form.email.data or "")
        # The same answer whether or not the account exists, so the form cannot be used to find accounts.
        if user is not None and user.is_active:
            token = tokens.issue(session, user, "reset", now())
            link = public_url("partners.reset_password", token=token)
            # Nobody is shown the link here (it would hand the account to whoever typed the address); a
            # failure is logged and audited, and the page says the same as for an unknown address.
            delivery = links.deliver(session, current_app.config, None, user, "reset", link, links.reset(link))
            if not delivery.sent:
                current_app.logger.warning("Password reset email not sent: %s", delivery.why_not)
        return render_template("partners/reset_sent.html", title="Check your email", email=form.email.data)
    return render_template("partners/request_reset.html", title="Reset your password", form=form)
