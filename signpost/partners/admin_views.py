"""Admins' pages: invitations, reset links, organisations and the audit log."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from signpost.accounts import links, tokens
from signpost.accounts import organisations as orgs
from signpost.accounts.users import AccountError, by_id, everyone, invite
from signpost.audit import record
from signpost.clock import utcnow
from signpost.extensions import current_session
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm, InviteForm
from signpost.urls import public_url


def _link_page(delivery: links.Delivery, purpose: str) -> ResponseReturnValue:
    """The one-time link for the admin to pass on, when no email could be sent. Never cached or flashed
    (a flash would put the token in the session cookie)."""
    page = render_template(
        "partners/link_to_pass_on.html",
        title="No email was sent",
        delivery=delivery,
        purpose=purpose,
        lasts=f"{links.INVITE_DAYS} days" if purpose == "invitation" else "1 hour",
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/admin/invite", methods=["GET", "POST"])
@role_required("admin")
def invite_user() -> ResponseReturnValue:
    session = current_session()
    choices = [SelectChoice(str(o.id), o.name) for o in orgs.all_organisations(session, active_only=True)]
    form = InviteForm(choices)
    if form.validate_on_submit():
        organisation = orgs.by_id(session, int(form.organisation.data)) if form.role.data == "editor" else None
        try:
            user, token = invite(session, form.email.data or "", form.role.data or "editor", organisation, utcnow())
        except AccountError as problem:
            form.email.errors = [str(problem)]
        else:
            record(
                session,
                current_user,
                "user_invited",
                "user",
                str(user.id),
                None,
                {"email": user.email, "role": user.role},
            )
            link = public_url("partners.accept_invitation", token=token)
            message = links.invitation(organisation.name if organisation else None, link)
            delivery = links.deliver(session, current_app.config, current_user, user, "invitation", link, message)
            if not delivery.sent:
                return _link_page(delivery, "invitation")
            flash(f"Invitation sent to {user.email}. The link works for {links.INVITE_DAYS} days.")
            return redirect(url_for("partners.users"))
    return render_template("partners/invite.html", title="Invite someone", form=form)


@bp.post("/admin/users/<int:user_id>/reset-link")
@role_required("admin")
def send_reset_link(user_id: int) -> ResponseReturnValue:
    session = current_session()
    user = by_id(session, user_id)
    if user is None or not user.active or user.password_hash is None:
        abort(404)  # an invited person who never set a password is invited again instead
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = tokens.issue(session, user, "reset", utcnow())
    record(session, current_user, "reset_link_issued", "user", str(user.id), None, {"email": user.email})
    link = public_url("partners.reset_password", token=token)
    delivery = links.deliver(session, current_app.config, current_user, user, "reset", link, links.reset(link))
    if not delivery.sent:
        return _link_page(delivery, "reset")
    flash(f"We have emailed {user.email} a link to choose a new password. The link works for 1 hour.")
    return redirect(url_for("partners.users"))


@bp.get("/admin/users")
@role_required("admin")
def users() -> ResponseReturnValue:
    people = everyone(current_session())
    return render_template("partners/users.html", title="Accounts", people=people)


@bp.route("/admin/organisations", methods=["GET"])
@role_required("admin")
def organisations() -> ResponseReturnValue:
    found = orgs.all_organisations(current_session())
    return render_template(
        "partners/organisations.html", title="Organisations", organisations=found, confirm=ConfirmForm()
    )


@bp.post("/admin/organisations/<int:organisation_id>/trusted")
@role_required("admin")
def toggle_trusted(organisation_id: int) -> ResponseReturnValue:
    session = current_session()
    organisation = orgs.by_id(session, organisation_id)
    if organisation is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    orgs.toggle_trusted(session, organisation, current_user)
    flash(f"{organisation.name} {'now publishes changes directly' if organisation.trusted else 'now needs review'}.")
    return redirect(url_for("partners.organisations"))
