"""The public's feedback: "Report a problem with this listing" from a service card, and "Suggest a service".

Like the rest of the journey these pages set no cookie (the forms carry a signed token instead, see
signpost.forms.CookielessForm) and are rate limited per address. What is stored has no address, no
postcode and no time of day (signpost.feedback); nothing typed is logged.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask.wrappers import Response
from wtforms.fields.choices import SelectChoice

from signpost import i18n
from signpost.directory.reference import Crime
from signpost.directory.search import crime_types
from signpost.extensions import current_session, limiter
from signpost.fallback.offline import crime_type_or_curated
from signpost.feedback.reports import Listing, report_problem, reportable
from signpost.feedback.suggestions import suggest_service
from signpost.geo.places import resolve_slug
from signpost.i18n import _, bilingual_route
from signpost.public.feedback_forms import ReportForm, SuggestionForm, character_count_text
from signpost.public.views import NATIONS, bp


def _feedback_limit() -> str:
    return str(current_app.config["SIGNPOST_FEEDBACK_RATE_LIMIT"])


def _sent(response: Response) -> bool:
    """Only what was stored counts towards the limit: someone correcting a form is not held back."""
    return response.status_code == 303


# One budget for both forms, per address (held by the rate-limit store, never in the database).
feedback_limit = limiter.shared_limit(_feedback_limit, scope="public-feedback", methods=["POST"], deduct_when=_sent)


def _listing_or_404(crime: str, area: str, service: str) -> tuple[Crime, Listing]:
    """The crime and place of the results page the report came from, and the listing; else 404."""
    session = current_session()
    found_crime = crime_type_or_curated(session, crime)
    if found_crime is None:
        abort(404)
    if area != "uk" and area not in NATIONS and resolve_slug(session, area) is None:
        abort(404)
    listing = reportable(session, service)
    if listing is None:
        abort(404)
    return found_crime, listing


@bilingual_route(bp, "/report-a-problem/<crime>/<area>/<service>", methods=["GET", "POST"])
@feedback_limit
def report_a_problem(crime: str, area: str, service: str) -> ResponseReturnValue:
    found_crime, listing = _listing_or_404(crime, area, service)
    form = ReportForm()
    if form.validate_on_submit():
        # Committed by the transaction boundary (signpost/transaction.py) once the redirect is answered.
        report_problem(current_session(), listing, form.problem.data or "", form.detail.data or "", date.today())
        return redirect(url_for("public.problem_reported", crime=crime, area=area, service=service), code=303)
    return render_template(
        "public/report_problem.html",
        title=_("Report a problem with %(service)s", service=i18n.localised(listing, "name")),
        form=form,
        character_count=character_count_text(),
        listing=listing,
        crime=found_crime,
        area=area,
        back_link_url=url_for("public.support", crime=crime, area=area),
    )


@bilingual_route(bp, "/report-a-problem/<crime>/<area>/<service>/sent", methods=["GET"])
def problem_reported(crime: str, area: str, service: str) -> ResponseReturnValue:
    found_crime, listing = _listing_or_404(crime, area, service)
    return render_template(
        "public/problem_reported.html",
        title=_("Thank you for your report"),
        listing=listing,
        crime=found_crime,
        results_url=url_for("public.support", crime=crime, area=area),
    )


def _crime_choices() -> list[SelectChoice]:
    # "Something else" is the journey's catch-all, not a kind of crime a service helps with.
    return [
        SelectChoice(c.slug, i18n.localised(c, "name"))
        for c in crime_types(current_session())
        if c.slug != "something-else"
    ]


@bilingual_route(bp, "/suggest-a-service", methods=["GET", "POST"])
@feedback_limit
def suggest_a_service() -> ResponseReturnValue:
    choices = _crime_choices()
    form = SuggestionForm(choices)
    if form.validate_on_submit():
        suggest_service(
            current_session(),
            form.name.data or "",
            form.website_url(),
            form.contact_email.data or "",
            form.areas.data or "",
            list(form.crime_types.data or []),
            {choice.value for choice in choices},
            date.today(),
        )
        return redirect(url_for("public.service_suggested"), code=303)
    return render_template("public/suggest_service.html", title=_("Suggest a service"), form=form)


@bilingual_route(bp, "/suggest-a-service/sent", methods=["GET"])
def service_suggested() -> ResponseReturnValue:
    return render_template("public/service_suggested.html", title=_("Thank you for your suggestion"))
