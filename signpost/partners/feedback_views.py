"""What the public sent: problems reported with listings (moderators, admins and the listing's own
organisation see and close them) and suggested services (the admins' queue). The rules are in
signpost.feedback; every close, done and decline is in the audit log."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from signpost.clock import utcnow
from signpost.directory.search import crime_types
from signpost.extensions import current_session
from signpost.feedback import reports, suggestions
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm

ANY_ROLE = ("editor", "moderator", "admin")
OUTCOME_DONE = {"done": "marked as done", "declined": "declined"}


def _user() -> Any:
    return current_user


@bp.app_template_global()
def open_problem_counts() -> dict[int, int]:
    """Open problem reports per listing id that the signed-in partner may see (for the listings pages)."""
    if not current_user.is_authenticated:
        return {}
    return reports.open_counts(current_session(), reports.visible_organisation(_user()))


def _service_filter() -> reports.Listing | None:
    """?service=<id>: one listing's reports, if this partner may see that listing (else 404)."""
    service_id = request.args.get("service", type=int)
    if service_id is None:
        return None
    service = reports.visible_listing(current_session(), service_id, reports.visible_organisation(_user()))
    if service is None:
        abort(404)
    return service


@bp.get("/reports")
@role_required(*ANY_ROLE)
def problem_reports() -> ResponseReturnValue:
    status = request.args.get("status", "open")
    if status not in reports.STATUSES:
        abort(404)
    service = _service_filter()
    session, organisation = current_session(), reports.visible_organisation(_user())
    groups = reports.reports_by_listing(session, organisation, status, service.id if service else None)
    counts = reports.open_counts(session, organisation)
    return render_template(
        "partners/reports.html",
        title="Problems reported",
        groups=groups,
        status=status,
        service=service,
        open_total=counts.get(service.id, 0) if service else sum(counts.values()),
        problems=reports.PROBLEMS,
    )


@bp.post("/reports/<int:report_id>/close")
@role_required(*ANY_ROLE)
def close_problem_report(report_id: int) -> ResponseReturnValue:
    session, user = current_session(), _user()
    report = reports.visible_report(session, report_id, reports.visible_organisation(user))
    if report is None:
        abort(404)  # another organisation's report is not there at all
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if reports.close_report(session, report, user, utcnow()):  # committed by signpost/transaction.py
        flash(f"The report about {report.service.name} is closed.")
    else:
        flash(f"The report about {report.service.name} was already closed.")
    back = request.args.get("service", type=int)
    return redirect(url_for("partners.problem_reports", service=back) if back else url_for("partners.problem_reports"))


@bp.get("/suggestions")
@role_required("admin")
def service_suggestions() -> ResponseReturnValue:
    status = request.args.get("status", "open")
    if status not in suggestions.STATUSES:
        abort(404)
    session = current_session()
    return render_template(
        "partners/suggestions.html",
        title="Suggested services",
        suggestions=suggestions.suggestions(session, status),
        status=status,
        open_total=suggestions.open_count(session),
        crime_names={c.slug: c.name for c in crime_types(session)},
    )


@bp.post("/suggestions/<int:suggestion_id>/<outcome>")
@role_required("admin")
def resolve_suggestion(suggestion_id: int, outcome: str) -> ResponseReturnValue:
    if outcome not in suggestions.OUTCOMES:
        abort(404)
    session = current_session()
    suggestion = suggestions.suggestion(session, suggestion_id)
    if suggestion is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if suggestions.resolve(session, suggestion, _user(), outcome, utcnow()):  # committed by signpost/transaction.py
        flash(f"{suggestion.name} is {OUTCOME_DONE[outcome]}.")
    else:
        flash(f"{suggestion.name} was already {suggestion.status}.")
    return redirect(url_for("partners.service_suggestions"))
