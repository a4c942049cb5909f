"""Admins' audit log."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from signpost.extensions import current_session
from signpost.listings.audit_log import latest
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp


@bp.get("/admin/audit")
@role_required("admin")
def audit_log() -> ResponseReturnValue:
    events = latest(current_session())
    return render_template("partners/audit.html", title="Audit log", events=events)
