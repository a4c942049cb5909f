"""Admins' pages: invitations, organisations and the audit log."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from signpost.accounts.mail import send
from signpost.accounts.users import AccountError, invite
from signpost.audit import record
from signpost.clock import utcnow
from signpost.extensions import current_session
from signpost.models import AuditEvent, Organisation, User
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm, InviteForm
from signpost.urls import public_url


@bp.route("/admin/invite", methods=["GET", "POST"])
@role_required("admin")
def invite_user() -> ResponseReturnValue:
    session = current_session()
    organisations = list(
        session.scalars(select(Organisation).where(Organisation.status == "active").order_by(Organisation.name))
    )
    form = InviteForm([SelectChoice(str(o.id), o.name) for o in organisations])
    if form.validate_on_submit():
        organisation = session.get(Organisation, int(form.organisation.data)) if form.role.data == "editor" else None
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
            where = f" for {organisation.name}" if organisation else ""
            send(
                current_app.config,
                user.email,
                "You have been invited to Signpost",
                f"You have been invited to manage listings on Signpost{where}.\n\n"
                f"To create your password, open this link within 7 days:\n{link}\n\n"
                "If you were not expecting this, you can ignore this email.",
            )
            session.commit()
            flash(f"Invitation sent to {user.email}. The link works for 7 days.")
            return redirect(url_for("partners.users"))
    return render_template("partners/invite.html", title="Invite someone", form=form)


@bp.get("/admin/users")
@role_required("admin")
def users() -> ResponseReturnValue:
    people = list(current_session().scalars(select(User).order_by(User.email)))
    return render_template("partners/users.html", title="Accounts", people=people)


@bp.route("/admin/organisations", methods=["GET"])
@role_required("admin")
def organisations() -> ResponseReturnValue:
    orgs = list(current_session().scalars(select(Organisation).order_by(Organisation.name)))
    return render_template(
        "partners/organisations.html", title="Organisations", organisations=orgs, confirm=ConfirmForm()
    )


@bp.post("/admin/organisations/<int:organisation_id>/trusted")
@role_required("admin")
def toggle_trusted(organisation_id: int) -> ResponseReturnValue:
    session = current_session()
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    before = {"trusted": organisation.trusted}
    organisation.trusted = not organisation.trusted
    record(
        session,
        current_user,
        "organisation_trust_changed",
        "organisation",
        str(organisation.id),
        before,
        {"trusted": organisation.trusted},
    )
    session.commit()
    flash(f"{organisation.name} {'now publishes changes directly' if organisation.trusted else 'now needs review'}.")
    return redirect(url_for("partners.organisations"))


@bp.get("/admin/audit")
@role_required("admin")
def audit_log() -> ResponseReturnValue:
    events = list(current_session().scalars(select(AuditEvent).order_by(AuditEvent.at.desc()).limit(500)))
    return render_template("partners/audit.html", title="Audit log", events=events)
