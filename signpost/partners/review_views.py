"""Moderators' pages: pending changes with a field-by-field diff, decisions, and stale listings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from signpost.directory.coverage_report import coverage_report
from signpost.directory.search import crime_types
from signpost.extensions import current_session
from signpost.listings.changes import ChangeRejected, approve, pending, reject
from signpost.listings.freshness import stale_listings
from signpost.listings.snapshot import diff
from signpost.models import ChangeRequest
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ReviewForm

REVIEWERS = ("moderator", "admin")


@bp.get("/review")
@role_required(*REVIEWERS)
def review_list() -> ResponseReturnValue:
    return render_template("partners/review_list.html", title="Changes to review", changes=pending(current_session()))


@bp.route("/review/<int:change_id>", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def review(change_id: int) -> ResponseReturnValue:
    session = current_session()
    change = session.get(ChangeRequest, change_id)
    if change is None:
        abort(404)
    form = ReviewForm()
    if change.status == "pending" and form.validate_on_submit():
        try:
            if form.decision.data == "approve":
                approve(
                    session,
                    change,
                    current_user,
                    Path(current_app.config["SIGNPOST_DATA_DIR"]) / "geo",
                    form.reason.data or None,
                )
            else:
                reject(session, change, current_user, form.reason.data or "")
        except ChangeRejected as rejected:
            form.decision.errors = [f"This change cannot be published: {rejected}"]
        else:
            session.commit()
            flash(
                "Change approved and published."
                if change.status == "approved"
                else "Change rejected. The editor can see your reason."
            )
            return redirect(url_for("partners.review_list"))
    names = {c.slug: c.name for c in crime_types(session)}
    return render_template(
        "partners/review.html",
        title="Review a change",
        change=change,
        rows=diff(change.before or {}, change.after or {}, names) if change.kind != "retire" else [],
        form=form,
    )


@bp.get("/stale")
@role_required(*REVIEWERS)
def stale() -> ResponseReturnValue:
    months = current_app.config["SIGNPOST_STALE_AFTER_MONTHS"]
    listings = stale_listings(current_session(), date.today(), months)
    return render_template(
        "partners/stale.html", title=f"Listings not checked in {months} months", listings=listings, months=months
    )


@bp.get("/coverage")
@role_required(*REVIEWERS)
def coverage() -> ResponseReturnValue:
    report = coverage_report(current_session())
    return render_template("partners/coverage.html", title="Local coverage by police force area", report=report)
