"""Officer toolkit pages: pick what happened and where, then share a link, a QR code and printables.

Officers use these at the scene, on tablets and phones. What they type is used once, to find the
place, and then forgotten: every URL carries the crime type and at most the postcode sector, and
nothing is logged or stored. The card and the leaflet are printed for victims and neighbours, so
they keep Exit this page on screen (the print stylesheet hides it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from signpost.directory.emergency import EMERGENCY, NON_EMERGENCY
from signpost.directory.reference import Crime
from signpost.directory.search import (
    Freshness,
    Results,
    ServiceResult,
    advice_for,
    crime_type,
    crime_types,
    find_support,
)
from signpost.extensions import csrf, current_session, limiter
from signpost.geo.places import Place, resolve_parsed, resolve_slug
from signpost.officer.forms import OfficerForm
from signpost.officer.qr import qr_svg
from signpost.urls import public_url

bp = Blueprint("officer", __name__)
csrf.exempt(bp)  # the form changes nothing: no token, so no cookie (see signpost/forms.py); rate limited instead

LEAFLET_CRIME = "burglary"
CARD_HELPLINES = 2


@dataclass(frozen=True)
class Shared:
    """What every page after the form needs: the crime, the place and the results link the QR code holds."""

    crime: Crime
    place: Place
    results_url: str

    @property
    def heading(self) -> str:
        return "Help after a crime" if self.crime.slug == "something-else" else f"Help after {self.crime.name.lower()}"


def _search_limit() -> str:
    return str(current_app.config["SIGNPOST_SEARCH_RATE_LIMIT"])


def _freshness() -> Freshness:
    return Freshness(
        current_app.config["SIGNPOST_STALE_AFTER_MONTHS"], current_app.config["SIGNPOST_HIDE_AFTER_MONTHS"]
    )


def _shared_or_404(crime: str, area: str) -> Shared:
    found_crime = crime_type(current_session(), crime)
    place = resolve_slug(current_session(), area)
    if found_crime is None or place is None:
        abort(404)
    results_url = public_url("public.support", crime=found_crime.slug, area=place.slug)
    return Shared(found_crime, place, results_url)


def _qr(shared: Shared) -> str:
    return qr_svg(shared.results_url, title=f"QR code for {shared.results_url}")


@bp.route("/officer", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def toolkit() -> ResponseReturnValue:
    session = current_session()
    crimes = crime_types(session)
    form = OfficerForm(
        [SelectChoice(c.slug, c.name) for c in crimes], lookup=lambda parsed: resolve_parsed(session, parsed)
    )
    if form.validate_on_submit() and form.place is not None:
        # Only the place's slug (a sector at most) reaches the URL: the postcode typed is forgotten here.
        return redirect(url_for("officer.share", crime=form.crime.data, area=form.place.slug), code=303)
    return render_template("officer/toolkit.html", title="Share help with a victim of crime", form=form)


@bp.get("/officer/<crime>/<area>")
def share(crime: str, area: str) -> ResponseReturnValue:
    shared = _shared_or_404(crime, area)
    return render_template(
        "officer/share.html",
        title=f"Share: {shared.heading}",
        shared=shared,
        qr=_qr(shared),
        has_leaflet=shared.crime.slug == LEAFLET_CRIME,
        back_link_url=url_for("officer.toolkit"),
    )


@bp.get("/officer/<crime>/<area>/card")
def card(crime: str, area: str) -> ResponseReturnValue:
    shared = _shared_or_404(crime, area)
    results = find_support(current_session(), shared.crime, shared.place, datetime.now(UTC), freshness=_freshness())
    return render_template(
        "officer/card.html",
        title=f"Victim card: {shared.heading}",
        shared=shared,
        qr=_qr(shared),
        helplines=card_helplines(results),
        police_force=results.police_force,
        after_reporting=next((c.after_reporting for c in results.rights if c.after_reporting), None),
        emergency=EMERGENCY[0],
        non_emergency=NON_EMERGENCY[0],
        back_link_url=url_for("officer.share", crime=shared.crime.slug, area=shared.place.slug),
    )


@bp.get(f"/officer/{LEAFLET_CRIME}/<area>/leaflet")
def leaflet(area: str) -> ResponseReturnValue:
    # Neighbours get the advice written for them (never the victim's own steps), and the force to report to.
    shared = _shared_or_404(LEAFLET_CRIME, area)
    session = current_session()
    _, prevention, warnings = advice_for(session, shared.crime, shared.place.nation, audience="neighbours")
    results = find_support(session, shared.crime, shared.place, datetime.now(UTC), freshness=_freshness())
    # The QR code opens the burglary page for this area at "Protect yourself".
    advice_url = f"{shared.results_url}#protect"
    return render_template(
        "officer/leaflet.html",
        title="A home near you was recently broken into",
        shared=shared,
        advice_url=advice_url,
        qr=qr_svg(advice_url, title=f"QR code for {advice_url}"),
        prevention=prevention,
        warnings=warnings,
        police_force=results.police_force,
        emergency=EMERGENCY[0],
        non_emergency=NON_EMERGENCY[0],
        back_link_url=url_for("officer.share", crime=shared.crime.slug, area=shared.place.slug),
    )


def _has_voice(result: ServiceResult) -> bool:
    return any(phone.kind == "voice" for phone in result.service.phones)


def card_helplines(results: Results, limit: int = CARD_HELPLINES) -> list[ServiceResult]:
    """The services a card has room for, chosen as the results page chooses "Start here": the local
    service for this crime and place, and one national line (for this crime, else the nation's general
    victim line). Those with a phone number come first."""
    local = [r for r in results.start_here if r.local]
    national = [r for r in results.start_here if not r.local]
    if not national and results.general_line is not None:
        national = [results.general_line]
    chosen = local[:1] + national[:1]
    chosen += [r for r in results.start_here if r not in chosen]
    return sorted(chosen, key=lambda r: not _has_voice(r))[:limit]
