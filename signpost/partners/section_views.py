"""Editing a listing a section at a time (a GOV.UK task list): each section a short form saved into one
draft change, sent once. Sending goes through the same merge, version checks and review as any edit."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from signpost.clock import utcnow
from signpost.extensions import current_session
from signpost.listings import drafts
from signpost.listings.changes import Base, ChangeRejected, SavedAtTheSameTime, submit, validate
from signpost.listings.merge import touched
from signpost.listings.snapshot import snapshot
from signpost.partners.access import own_service_or_404, role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm
from signpost.partners.listing_convert import data_to_form, form_to_data
from signpost.partners.listing_errors import message_for, place_errors, schema_problems
from signpost.partners.listing_form import (
    AboutSection,
    AreasSection,
    AudienceSection,
    ContactSection,
    CrimesSection,
    HoursSection,
    PlacesSection,
    WelshSection,
)
from signpost.partners.listing_views import (
    ANY_ROLE,
    SAVED_AT_THE_SAME_TIME,
    _areas,
    _as_sent,
    _crime_choices,
    _find_place,
    _geo_dir,
    _held,
    _user,
)

FORMS: dict[str, type[Any]] = {
    "about": AboutSection,
    "contact": ContactSection,
    "hours": HoursSection,
    "places": PlacesSection,
    "areas": AreasSection,
    "crimes": CrimesSection,
    "audience": AudienceSection,
    "welsh": WelshSection,
}


@bp.get("/services/<int:service_id>/changes")
@role_required(*ANY_ROLE)
def task_list(service_id: int) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    draft = drafts.find(current_session(), found, _user())
    return _task_list_page(found, draft, {})


def _task_list_page(found: Any, draft: Any, problems: dict[str, str]) -> ResponseReturnValue:
    changed = drafts.changed_sections(draft, _as_sent(snapshot(found), _areas())) if draft else set()
    return render_template(
        "partners/task_list.html",
        title=f"Change {found.name}",
        service=found,
        sections=drafts.SECTIONS,
        changed=changed,
        problems=problems,
        confirm=ConfirmForm(),
    )


@bp.route("/services/<int:service_id>/changes/<section>", methods=["GET", "POST"])
@role_required(*ANY_ROLE)
def edit_section(service_id: int, section: str) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    if section not in FORMS:
        abort(404)
    session, user = current_session(), _user()
    draft = drafts.find(session, found, user)
    lookup = _areas()
    as_sent = _as_sent(snapshot(found), lookup)
    working = drafts.working(draft, as_sent) if draft else as_sent
    form = FORMS[section](_crime_choices())
    if form.validate_on_submit():
        converted = form_to_data(form, lookup, _find_place, locations=working.get("locations"))
        merged = working | converted.data
        errors = validate(session, merged, found.organisation, _geo_dir(), found.slug)
        mine = [e for e in errors if drafts.section_of(e) == section]
        if converted.problems:
            place_errors(form, converted.problems)
        elif mine:
            place_errors(form, schema_problems(mine, converted.rows, merged))
        else:
            if draft is None:
                draft = drafts.start(session, found, user, working, utcnow())
            drafts.save_section(draft, section, converted.data, utcnow())
            flash(f"{drafts.SECTION_HEADINGS[section]} saved. Send your changes when you have finished.")
            return redirect(url_for("partners.task_list", service_id=found.id))
    elif not form.is_submitted():
        data_to_form(form, working, lookup)
    return render_template(
        "partners/edit_section.html",
        title=drafts.SECTION_HEADINGS[section],
        form=form,
        service=found,
        section=section,
        english=working,  # beside the Welsh boxes: the English they translate
        back_link_url=url_for("partners.task_list", service_id=found.id),
    )


@bp.post("/services/<int:service_id>/changes/send")
@role_required(*ANY_ROLE)
def send_changes(service_id: int) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session, user = current_session(), _user()
    draft = drafts.find(session, found, user)
    if draft is None:
        return redirect(url_for("partners.task_list", service_id=found.id))
    base = Base(draft.base_version or found.version, dict(draft.before))
    # Only what the editor changed: the rest stays as it is when published, whoever changed it since.
    base_as_sent = _as_sent(base.snapshot, _areas())
    data = touched(base.snapshot, drafts.working(draft, base_as_sent), base_as_sent)
    try:
        outcome = submit(session, user, found.organisation, found, data, _geo_dir(), "edit", base)
    except ChangeRejected as rejected:
        problems: dict[str, str] = {}
        for error in rejected.errors:
            problems.setdefault(drafts.section_of(error) or "contact", message_for(error))
        return _task_list_page(found, draft, problems)
    except SavedAtTheSameTime:
        flash(SAVED_AT_THE_SAME_TIME)
        return redirect(url_for("partners.task_list", service_id=found.id))
    drafts.discard(session, draft)
    if outcome.conflicts:
        return _held(outcome)
    flash("Your changes are live." if outcome.published else "Your changes have been sent for review.")
    return redirect(url_for("partners.service", service_id=found.id))


@bp.post("/services/<int:service_id>/changes/discard")
@role_required(*ANY_ROLE)
def discard_changes(service_id: int) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = current_session()
    draft = drafts.find(session, found, _user())
    if draft is not None:
        drafts.discard(session, draft)
        flash("Your unsent changes have been deleted.")
    return redirect(url_for("partners.service", service_id=found.id))
