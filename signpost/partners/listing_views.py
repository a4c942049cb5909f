"""Editors' pages: their organisation's listings, edits, new listings, retiring and "still correct"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from signpost.directory.search import crime_types
from signpost.extensions import current_session
from signpost.geo.places import Place, resolve
from signpost.listings.changes import ChangeRejected, confirm_still_correct, history, submit
from signpost.listings.freshness import stale_listings
from signpost.listings.snapshot import snapshot
from signpost.models import ChangeRequest, LocalAuthority, Organisation, PoliceForce, PostcodeDistrict, Service, User
from signpost.partners.access import own_service_or_404, role_required
from signpost.partners.blueprint import bp
from signpost.partners.forms import ConfirmForm
from signpost.partners.listing_form import (
    AreaLookup,
    ListingForm,
    PlaceFinder,
    attach_errors,
    data_to_form,
    form_to_data,
)

ANY_ROLE = ("editor", "moderator", "admin")


def _user() -> User:
    return current_user  # type: ignore[no-any-return]


def _geo_dir() -> Path:
    return Path(current_app.config["SIGNPOST_DATA_DIR"]) / "geo"


def _area_lookup() -> AreaLookup:
    session = current_session()
    forces: dict[str, str] = {}
    for force in session.scalars(select(PoliceForce)):
        forces[force.code.lower()] = forces[force.name.lower()] = force.code
    councils: dict[str, str] = {}
    for council in session.scalars(select(LocalAuthority)):
        councils[council.code.lower()] = councils[council.name.lower()] = council.code
    districts = set(session.scalars(select(PostcodeDistrict.outcode)))
    return AreaLookup(forces, councils, districts)


def _area_names() -> dict[tuple[str, str], str]:
    session = current_session()
    names = {("police_force_area", f.code): f.name for f in session.scalars(select(PoliceForce))}
    names |= {("local_authority", la.code): la.name for la in session.scalars(select(LocalAuthority))}
    return names


def _find_place(postcode: str) -> tuple[float, float] | None:
    place = resolve(current_session(), postcode)
    if isinstance(place, Place) and place.latitude is not None and place.longitude is not None:
        return place.latitude, place.longitude
    return None


def _form() -> ListingForm:
    return ListingForm([SelectChoice(c.slug, c.name) for c in crime_types(current_session())])


@bp.get("/dashboard")
@role_required(*ANY_ROLE)
def dashboard() -> ResponseReturnValue:
    session, user = current_session(), _user()
    query = select(Service).where(Service.status != "retired").order_by(Service.name)
    if not user.is_reviewer:
        query = query.where(Service.organisation_id == user.organisation_id)
    services = list(session.scalars(query))
    stale_months = current_app.config["SIGNPOST_STALE_AFTER_MONTHS"]
    stale_ids = {
        s.id
        for s in stale_listings(session, date.today(), stale_months, None if user.is_reviewer else user.organisation_id)
    }
    pending = {c.service_id for c in session.scalars(select(ChangeRequest).where(ChangeRequest.status == "pending"))}
    return render_template(
        "partners/dashboard.html",
        title="Your listings" if not user.is_reviewer else "All listings",
        services=services,
        stale_ids=stale_ids,
        pending=pending,
        confirm=ConfirmForm(),
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
    data, form_errors = form_to_data(form, _area_lookup(), PlaceFinder(_find_place))
    if form_errors:
        attach_errors(form, [], form_errors)
        return None
    session = current_session()
    try:
        outcome = submit(session, _user(), organisation, existing, data, _geo_dir(), "edit" if existing else "create")
    except ChangeRejected as rejected:
        attach_errors(form, rejected.errors, {}, data)
        return None
    session.commit()
    flash("Your changes are live." if outcome.published else "Your changes have been sent for review.")
    target = outcome.change.service_id
    return redirect(url_for("partners.service", service_id=target) if target else url_for("partners.dashboard"))


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
        data_to_form(form, snapshot(found), _area_names())
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
    session.commit()
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
        session.commit()
        flash(
            "The listing has been removed."
            if outcome.published
            else "Your request to remove the listing has been sent for review."
        )
        return redirect(url_for("partners.dashboard"))
    return render_template("partners/retire_service.html", title=f"Remove {found.name}", form=form, service=found)
