"""Moderators' pages: pending changes with a field-by-field diff, decisions, and stale listings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from signpost.directory.coverage_report import coverage_report
from signpost.directory.search import crime_types
from signpost.extensions import current_session
from signpost.listings.changes import (
    ChangeConflicts,
    ChangeRejected,
    SavedAtTheSameTime,
    approve,
    change_by_id,
    open_conflicts,
    pending,
    reject,
)
from signpost.listings.freshness import stale_listings
from signpost.listings.merge import GROUP_LABELS, Conflict, changed
from signpost.listings.snapshot import WELSH_LABELS, as_text, diff, in_sentence, snapshot
from signpost.listings.types import ChangeRequest
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ReviewForm
from signpost.sanitise import without_control

REVIEWERS = ("moderator", "admin")


@bp.get("/review")
@role_required(*REVIEWERS)
def review_list() -> ResponseReturnValue:
    return render_template("partners/review_list.html", title="Changes to review", changes=pending(current_session()))


@bp.route("/review/<int:change_id>", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def review(change_id: int) -> ResponseReturnValue:
    session = current_session()
    change = change_by_id(session, change_id)
    if change is None or change.status == "draft":
        abort(404)  # an editor's unsent draft is theirs alone
    found = open_conflicts(change)
    form = _review_form(found)
    if change.status == "pending" and form.validate_on_submit() and _decided(form, found):
        form, found, done = _decide(change, form, found)
        if done:
            flash(
                "Change approved and published."
                if change.status == "approved"
                else "Change rejected. The editor can see your reason."
            )
            return redirect(url_for("partners.review_list"))
    return _review_page(change, form, found)


def _decide(change: ChangeRequest, form: ReviewForm, found: list[Conflict]) -> tuple[ReviewForm, list[Conflict], bool]:
    """Approve or reject as the form says: (form, conflicts, True) when done, else with the errors to show."""
    session = current_session()
    decisions = {c.key: str(form[f"resolve_{c.key}"].data) for c in found}
    try:
        if form.decision.data == "approve":
            geo_dir = Path(current_app.config["SIGNPOST_DATA_DIR"]) / "geo"
            approve(session, change, current_user, geo_dir, form.reason.data or None, decisions)
        else:
            reject(session, change, current_user, form.reason.data or "")
    except ChangeConflicts:  # the listing changed again since this page was shown: show it again
        form = _review_form(found := open_conflicts(change))
        form.decision.errors = [CHANGED_AGAIN]
    except ChangeRejected as rejected:
        form.decision.errors = [f"This change cannot be published: {rejected}"]
    except SavedAtTheSameTime:
        form.decision.errors = [CHANGED_AGAIN]
    else:
        return form, found, True
    return form, found, False


def _review_page(change: ChangeRequest, form: ReviewForm, found: list[Conflict]) -> ResponseReturnValue:
    names = {c.slug: c.name for c in crime_types(current_session())}
    before, after = change.before or {}, change.after or {}
    elsewhere: list[str] = []
    if change.status == "pending" and change.kind == "edit" and change.service is not None:
        current = snapshot(change.service)
        mine = set(changed(before, after))
        elsewhere = [in_sentence(GROUP_LABELS[key]) for key in changed(before, current) if key not in mine]
    return render_template(
        "partners/review.html",
        title="Review a change",
        change=change,
        rows=diff(before, after, names) if change.kind != "retire" else [],
        conflicts=[(c, _conflict_rows(c, names)) for c in found],
        elsewhere=elsewhere,
        form=form,
        welsh_labels=WELSH_LABELS,
    )


CHANGED_AGAIN = "Someone changed this listing again while you were deciding. Look at the changes below and decide again"
CHOICES = [
    SelectChoice("current", "Keep what is published now"),
    SelectChoice("proposed", "Publish the editor's change"),
]


def _review_form(found: list[Conflict]) -> ReviewForm:
    """The review form, with a choice for each field that conflicts."""
    if not found:
        return ReviewForm()
    # validate_choice off: _decided says which choice is missing, in words.
    fields = {
        f"resolve_{c.key}": RadioField(c.label, widget=GovRadioInput(), choices=CHOICES, validate_choice=False)
        for c in found
    }
    return type("ReviewConflictsForm", (ReviewForm,), fields)()  # type: ignore[no-any-return]


def _decided(form: ReviewForm, found: list[Conflict]) -> bool:
    """Approving needs a choice for every conflict; say which are missing."""
    if form.decision.data != "approve":
        return True
    missing = [c for c in found if form[f"resolve_{c.key}"].data not in ("current", "proposed")]
    for conflict in missing:
        form[f"resolve_{conflict.key}"].errors = [f"Choose what to publish for {in_sentence(conflict.label)}"]
    return not missing


def _conflict_rows(conflict: Conflict, names: dict[str, str]) -> list[tuple[str, str]]:
    """(heading, text) for the base, the current and the proposed value of one conflicting field."""

    def text(values: dict[str, Any]) -> str:
        return "\n".join(without_control(as_text(f, v, names), multiline=True) for f, v in values.items())

    return [
        ("When the editor started", text(conflict.base)),
        ("Published now", text(conflict.current)),
        ("The editor's change", text(conflict.proposed)),
    ]


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
