"""Officer toolkit pages: pick what happened and where, then share a link, a QR code and printables.

Officers use these at the scene, on tablets and phones. What they type is used once, to find the
place, and then forgotten: every URL carries the crime type and at most the postcode sector, and
nothing is logged or stored. The card and the leaflet are printed for victims and neighbours, so
they keep Exit this page on screen (the print stylesheet hides it).

Welsh: the officer pages stay in English (they are for officers), but the officer chooses the language
of what the victim gets. The share page carries that choice as `?language=cy` (the officer's own page,
so still English); its link and QR code then open the /cy/ results page, and the card and leaflet are
Welsh pages under /cy/ like every other Welsh page (`/cy/officer/<crime>/<area>/card`), so their
language comes from the URL as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from wtforms.fields.choices import SelectChoice

from signpost import i18n
from signpost.directory.emergency import EMERGENCY, NON_EMERGENCY
from signpost.directory.reference import Crime
from signpost.directory.results import Results, ServiceResult
from signpost.directory.search import Freshness, advice_for, crime_type, crime_types, find_support
from signpost.extensions import csrf, current_session, limiter
from signpost.geo.places import Place, resolve_parsed, resolve_slug
from signpost.i18n import _, bilingual_route
from signpost.officer.forms import OfficerForm
from signpost.officer.qr import qr_svg
from signpost.urls import public_url

bp = Blueprint("officer", __name__)
csrf.exempt(bp)  # the form changes nothing: no token, so no cookie (see signpost/forms.py); rate limited instead

LEAFLET_CRIME = "burglary"
CARD_HELPLINES = 2


@dataclass(frozen=True)
class Shared:
    """What every page after the form needs: the crime, the place, the language the victim gets
    ("en" or "cy") and the results link the QR code holds (the /cy/ page for Welsh)."""

    crime: Crime
    place: Place
    language: str
    results_url: str

    @property
    def heading(self) -> str:
        """ "Help after burglary", in the language of the page being rendered."""
        if self.crime.slug == "something-else":
            return _("Help after a crime")
        return _("Help after %(crime)s", crime=str(i18n.localised(self.crime, "name")).lower())

    @property
    def language_args(self) -> dict[str, Any]:
        return language_query(self.language)


def language_query(language: str) -> dict[str, Any]:
    """The officer pages' query for the language: none for English, so English links stay as they were."""
    return {"language": language} if language != "en" else {}


def _search_limit() -> str:
    return str(current_app.config["SIGNPOST_SEARCH_RATE_LIMIT"])


def _freshness() -> Freshness:
    return Freshness(
        current_app.config["SIGNPOST_STALE_AFTER_MONTHS"], current_app.config["SIGNPOST_HIDE_AFTER_MONTHS"]
    )


def _shared_or_404(crime: str, area: str, language: str) -> Shared:
    found_crime = crime_type(current_session(), crime)
    place = resolve_slug(current_session(), area)
    if found_crime is None or place is None or language not in i18n.LANGUAGES:
        abort(404)
    results_url = public_url("public.support", crime=found_crime.slug, area=place.slug, lang=language)
    return Shared(found_crime, place, language, results_url)


def _qr(url: str) -> str:
    return qr_svg(url, title=_("QR code for %(url)s", url=url))


def _share_url(shared: Shared) -> str:
    return url_for("officer.share", crime=shared.crime.slug, area=shared.place.slug, **shared.language_args)


@bp.route("/officer", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def toolkit() -> ResponseReturnValue:
    session = current_session()
    crimes = crime_types(session)
    form = OfficerForm(
        [SelectChoice(c.slug, c.name) for c in crimes], lookup=lambda parsed: resolve_parsed(session, parsed)
    )
    if request.method == "GET":
        # The share page's Change link brings back what happened and the language (never the place typed).
        if request.args.get("crime") in {c.slug for c in crimes}:
            form.crime.data = request.args["crime"]
        if request.args.get("language") in i18n.LANGUAGES:
            form.language.data = request.args["language"]
    if form.validate_on_submit() and form.place is not None:
        # Only the place's slug (a sector at most) reaches the URL: the postcode typed is forgotten here.
        language = language_query(form.language.data)
        return redirect(url_for("officer.share", crime=form.crime.data, area=form.place.slug, **language), code=303)
    return render_template("officer/toolkit.html", title="Share help with a victim of crime", form=form)


@bp.get("/officer/<crime>/<area>")
def share(crime: str, area: str) -> ResponseReturnValue:
    shared = _shared_or_404(crime, area, request.args.get("language", "en"))
    # The text and email go to the victim: in their language, whatever the officer's page is in.
    with force_locale(shared.language):
        subject = shared.heading
        body = _("Who can help, what to do next and your rights: %(url)s", url=shared.results_url)
    return render_template(
        "officer/share.html",
        title=f"Share: {shared.heading}",
        shared=shared,
        qr=_qr(shared.results_url),
        message_subject=subject,
        message_body=body,
        has_leaflet=shared.crime.slug == LEAFLET_CRIME,
        back_link_url=url_for("officer.toolkit", crime=shared.crime.slug, **shared.language_args),
    )


@bilingual_route(bp, "/officer/<crime>/<area>/card", methods=["GET"])
def card(crime: str, area: str, lang: str) -> ResponseReturnValue:
    shared = _shared_or_404(crime, area, lang)
    results = find_support(current_session(), shared.crime, shared.place, datetime.now(UTC), freshness=_freshness())
    return render_template(
        "officer/card.html",
        title=_("Victim card: %(heading)s", heading=shared.heading),
        shared=shared,
        qr=_qr(shared.results_url),
        helplines=card_helplines(results),
        police_force=results.police_force,
        # The charter's after_reporting (or its Welsh) says what happens next in the user's nation.
        charter=next((c for c in results.rights if c.after_reporting), None),
        emergency=EMERGENCY[0],
        non_emergency=NON_EMERGENCY[0],
        back_link_url=_share_url(shared),
    )


@bilingual_route(bp, f"/officer/{LEAFLET_CRIME}/<area>/leaflet", methods=["GET"])
def leaflet(area: str, lang: str) -> ResponseReturnValue:
    # Neighbours get the advice written for them (never the victim's own steps), and the force to report to.
    shared = _shared_or_404(LEAFLET_CRIME, area, lang)
    session = current_session()
    _steps, prevention, warnings = advice_for(session, shared.crime, shared.place.nation, audience="neighbours")
    results = find_support(session, shared.crime, shared.place, datetime.now(UTC), freshness=_freshness())
    # The QR code opens the burglary page for this area at "Protect yourself".
    advice_url = f"{shared.results_url}#protect"
    return render_template(
        "officer/leaflet.html",
        title=_("A home near you was recently broken into"),
        shared=shared,
        advice_url=advice_url,
        qr=_qr(advice_url),
        prevention=prevention,
        warnings=warnings,
        police_force=results.police_force,
        emergency=EMERGENCY[0],
        non_emergency=NON_EMERGENCY[0],
        back_link_url=_share_url(shared),
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
