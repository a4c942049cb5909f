"""Editors' pages: their organisation's listings, edits, new listings, retiring and "still correct"."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput, GovTextInput
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from signpost.accounts.types import User
from signpost.directory.search import crime_types
from signpost.extensions import current_session
from signpost.forms import SearchForm
from signpost.geo.places import Place, resolve
from signpost.listings import dashboard as dashboard_query
from signpost.listings.areas import AreaLookup, area_lookup
from signpost.listings.changes import (
    Base,
    ChangeRejected,
    Outcome,
    SavedAtTheSameTime,
    confirm_still_correct,
    history,
    submit,
)
from signpost.listings.dashboard import organisations_with_listings
from signpost.listings.merge import touched
from signpost.listings.snapshot import in_sentence, snapshot
from signpost.listings.types import Organisation, Service
from signpost.partners.access import own_service_or_404, role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm
from signpost.partners.listing_convert import data_to_form, form_to_data
from signpost.partners.listing_errors import place_errors, schema_problems
from signpost.partners.listing_form import ListingForm

ANY_ROLE = ("editor", "moderator", "admin")
_AUTO = object()  # the form reads the request's data
STALE_FORM = "This page is out of date. Copy what you typed, open the listing again and make your change there"
SAVED_AT_THE_SAME_TIME = (
    "Someone saved a change to this listing at the same moment. Nothing was saved: send the form again"
)


def _user() -> User:
    return current_user  # type: ignore[no-any-return]


def _geo_dir() -> Path:
    return Path(current_app.config["SIGNPOST_DATA_DIR"]) / "geo"


def _areas() -> AreaLookup:
    return area_lookup(str(_geo_dir()))


def _find_place(postcode: str) -> tuple[float, float] | None:
    place = resolve(current_session(), postcode)
    if isinstance(place, Place) and place.latitude is not None and place.longitude is not None:
        return place.latitude, place.longitude
    return None


def _crime_choices() -> list[SelectChoice]:
    return [SelectChoice(c.slug, c.name) for c in crime_types(current_session())]


def _form(formdata: object = _AUTO) -> ListingForm:
    choices = _crime_choices()
    return ListingForm(choices) if formdata is _AUTO else ListingForm(choices, formdata=formdata)


def _base_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="signpost.listing-base")


def sign_base(service: Service) -> str:
    """The listing as the editor starts from it, for the form to carry (signed, so it cannot be altered)."""
    return str(_base_signer().dumps({"version": service.version, "snapshot": snapshot(service)}))


def read_base(token: str) -> Base | None:
    try:
        found = _base_signer().loads(token)
        return Base(int(found["version"]), dict(found["snapshot"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def _as_sent(base: dict[str, Any], lookup: AreaLookup) -> dict[str, Any]:
    """The base put through the form, so what an editor did not touch compares equal to what they sent."""
    form = _form(formdata=None)
    data_to_form(form, base, lookup)
    return form_to_data(form, lookup, _find_place).data


class DashboardFilters(SearchForm):
    q = StringField("Search by name", widget=GovTextInput(), filters=[lambda v: v.strip() if isinstance(v, str) else v])
    organisation = SelectField("Organisation", widget=GovSelect(), validate_choice=False)
    status = SelectField(
        "Status",
        widget=GovSelect(),
        validate_choice=False,
        choices=[
            SelectChoice("", "Any status"),
            SelectChoice("active", "Active"),
            SelectChoice("inactive", "Inactive"),
            SelectChoice("pending", "Change waiting for review"),
        ],
    )
    needs_checking = BooleanField("Only listings that need checking", widget=GovCheckboxInput())
    submit = SubmitField("Show listings", widget=GovSubmitInput())


@bp.get("/dashboard")
@role_required(*ANY_ROLE)
def dashboard() -> ResponseReturnValue:
    session, user = current_session(), _user()
    form = DashboardFilters(formdata=request.args or None)
    form.organisation.choices = [SelectChoice("", "Any organisation")] + [
        SelectChoice(str(i), name) for i, name in organisations_with_listings(session)
    ]
    form.validate()
    allowed = {str(c.value) for c in form.organisation.choices if c.value}
    filters = dashboard_query.Filters(
        text=(form.q.data or "")[:100],
        organisation=int(form.organisation.data) if user.is_reviewer and form.organisation.data in allowed else None,
        status=form.status.data if form.status.data in dashboard_query.STATUSES else "",
        needs_checking=bool(form.needs_checking.data),
    )
    found = dashboard_query.listings(
        session,
        filters,
        date.today(),
        current_app.config["SIGNPOST_STALE_AFTER_MONTHS"],
        None if user.is_reviewer else user.organisation_id,
    )
    return render_template(
        "partners/dashboard.html",
        title="Your listings" if not user.is_reviewer else "All listings",
        listings=found,
        filters=form,
        filtered=bool(request.args),
        user=user,
    )


@bp.get("/services/<int:service_id>")
@role_required(*ANY_ROLE)
def service(service_id: int) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    return render_template(
        "partners/service.html",
        title=found.name,
        service=found,
        changes=history(current_session(), found),
        confirm=ConfirmForm(),
    )


def _save(form: ListingForm, organisation: Organisation, existing: Service | None) -> ResponseReturnValue | None:
    """Validate and submit; on any error, put the messages on the form and keep what was typed."""
    lookup = _areas()
    converted = form_to_data(form, lookup, _find_place)
    if converted.problems:
        place_errors(form, converted.problems)
        return None
    data = converted.data
    base = None
    if existing is not None:
        base = read_base(form.base.data or "")
        if base is None:
            form.base.errors = [STALE_FORM]
            return None
        # Only what the editor changed: the rest stays as it is when published, whoever changed it since.
        data = touched(base.snapshot, data, _as_sent(base.snapshot, lookup))
    session = current_session()
    try:
        outcome = submit(
            session, _user(), organisation, existing, data, _geo_dir(), "edit" if existing else "create", base
        )
    except ChangeRejected as rejected:
        place_errors(form, schema_problems(rejected.errors, converted.rows, data))
        return None
    except SavedAtTheSameTime:
        form.base.errors = [SAVED_AT_THE_SAME_TIME]
        return None
    if outcome.conflicts:
        return _held(outcome)
    flash("Your changes are live." if outcome.published else "Your changes have been sent for review.")
    target = outcome.change.service_id
    return redirect(url_for("partners.service", service_id=target) if target else url_for("partners.dashboard"))


def _held(outcome: Outcome) -> ResponseReturnValue:
    """A change that would have gone live, but someone else changed some of the same fields meanwhile."""
    what = " and ".join(in_sentence(c.label) for c in outcome.conflicts)
    if _user().is_reviewer:
        flash(f"Someone else changed the {what} since you opened this listing. Choose what to publish.")
        return redirect(url_for("partners.review", change_id=outcome.change.id))
    flash(
        f"Someone else changed the {what} while you were editing, so your changes have been sent to a "
        "moderator, who will decide what to keep."
    )
    return redirect(url_for("partners.service", service_id=outcome.change.service_id))


@bp.route("/services/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(*ANY_ROLE)
def edit_service(service_id: int) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    form = _form()
    if form.validate_on_submit():
        done = _save(form, found.organisation, found)
        if done is not None:
            return done
    elif not form.is_submitted():
        data_to_form(form, snapshot(found), _areas())
        form.base.data = sign_base(found)
    return render_template("partners/edit_service.html", title=f"Edit {found.name}", form=form, service=found)


@bp.route("/services/new", methods=["GET", "POST"])
@role_required(*ANY_ROLE)
def new_service() -> ResponseReturnValue:
    user = _user()
    organisation = user.organisation
    if organisation is None:
        abort(404)  # reviewers add listings through an organisation's editor, or the data files
    form = _form()
    if form.validate_on_submit():
        done = _save(form, organisation, None)
        if done is not None:
            return done
    return render_template("partners/edit_service.html", title="Add a service", form=form, service=None)


@bp.post("/services/<int:service_id>/still-correct")
@role_required(*ANY_ROLE)
def still_correct(service_id: int) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = current_session()
    confirm_still_correct(session, found, _user(), date.today())
    flash(f"Thank you. {found.name} is marked as checked today.")
    return redirect(url_for("partners.service", service_id=found.id))


@bp.route("/services/<int:service_id>/retire", methods=["GET", "POST"])
@role_required(*ANY_ROLE)
def retire_service(service_id: int) -> ResponseReturnValue:
    found = own_service_or_404(service_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        session = current_session()
        outcome = submit(session, _user(), found.organisation, found, {"status": "retired"}, _geo_dir(), kind="retire")
        flash(
            "The listing has been removed."
            if outcome.published
            else "Your request to remove the listing has been sent for review."
        )
        return redirect(url_for("partners.dashboard"))
    return render_template("partners/retire_service.html", title=f"Remove {found.name}", form=form, service=found)
