"""Victim-facing pages. Views parse input and render; the directory and geo packages do the work."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from signpost.data_version import current_version
from signpost.directory.emergency import EMERGENCY, NON_EMERGENCY, SILENT_SOLUTION
from signpost.directory.reference import Crime
from signpost.directory.search import Freshness, advice_for, crime_type, crime_types, find_support, rights_charters
from signpost.directory.stats import count_search
from signpost.extensions import csrf, current_session, limiter
from signpost.geo.places import NotFound, Place, Problem, resolve, resolve_slug
from signpost.negotiation import accepts_gzip
from signpost.public import page_cache
from signpost.public.cards import card_parts
from signpost.public.forms import NATION_CHOICES, CrimeForm, NationForm, PostcodeForm
from signpost.security import NONCE_KEY, csp_nonce
from signpost.urls import public_url

bp = Blueprint("public", __name__)
csrf.exempt(bp)  # a search changes nothing: no token, so no cookie (see signpost/forms.py); rate limited instead
bp.add_app_template_global(card_parts, "card_parts")
NATIONS = {choice.value: choice.label for choice in NATION_CHOICES if choice.value != "uk"}


def _search_limit() -> str:
    return str(current_app.config["SIGNPOST_SEARCH_RATE_LIMIT"])


def _crime_or_404(slug: str) -> Crime:
    crime = crime_type(current_session(), slug)
    if crime is None:
        abort(404)
    return crime


@bp.get("/")
def start() -> ResponseReturnValue:
    return render_template("public/start.html", title="Get help after a crime")


@bp.route("/what-happened", methods=["GET", "POST"])
def what_happened() -> ResponseReturnValue:
    crimes = crime_types(current_session())
    form = CrimeForm([SelectChoice(c.slug, c.name) for c in crimes])
    if form.validate_on_submit():
        return redirect(url_for("public.where", crime=form.crime.data), code=303)
    return render_template("public/what_happened.html", title="What happened?", form=form, crimes=crimes)


@bp.route("/where/<crime>", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def where(crime: str) -> ResponseReturnValue:
    found_crime = _crime_or_404(crime)
    form = PostcodeForm()
    if form.validate_on_submit():
        session = current_session()
        found = resolve(session, form.postcode.data or "")
        count_search(session, date.today(), crime, found.pfa_code if isinstance(found, Place) else None)
        session.commit()
        if isinstance(found, Place):
            # Only the sector (or coarser) reaches the URL: the full postcode is forgotten here.
            return redirect(url_for("public.support", crime=crime, area=found.slug), code=303)
        return _not_found(found_crime, found)
    return render_template(
        "public/where.html",
        title="What is your postcode?",
        form=form,
        crime=found_crime,
        back_link_url=url_for("public.what_happened"),
    )


@bp.route("/where/<crime>/country", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def which_nation(crime: str) -> ResponseReturnValue:
    found_crime = _crime_or_404(crime)
    form = NationForm()
    if form.validate_on_submit():
        session = current_session()
        count_search(session, date.today(), crime, None)
        session.commit()
        return redirect(url_for("public.support", crime=crime, area=form.nation.data), code=303)
    return render_template(
        "public/which_nation.html",
        title="Which country do you live in?",
        form=form,
        crime=found_crime,
        back_link_url=url_for("public.where", crime=crime),
    )


def _not_found(crime: Crime, found: NotFound) -> ResponseReturnValue:
    """A well-formed postcode we cannot place, or one outside the UK: say so, and give the help that still applies."""
    template = "public/outside_uk.html" if found.problem is Problem.OUTSIDE_UK else "public/unknown_postcode.html"
    title = (
        "This service covers the UK only" if found.problem is Problem.OUTSIDE_UK else "We could not find that postcode"
    )
    # No search: these pages link to each nation's help, and 999/101 apply anywhere in the UK.
    return render_template(template, title=title, found=found, crime=crime, **_contacts())


def _freshness() -> Freshness:
    return Freshness(
        current_app.config["SIGNPOST_STALE_AFTER_MONTHS"], current_app.config["SIGNPOST_HIDE_AFTER_MONTHS"]
    )


def _contacts() -> dict[str, object]:
    return {"emergency": EMERGENCY, "non_emergency": NON_EMERGENCY, "silent_solution": SILENT_SOLUTION}


@bp.get("/support/<crime>/<area>")
def support(crime: str, area: str) -> ResponseReturnValue:
    session = current_session()
    page = request.args.get("page", default=1, type=int)
    now = datetime.now(UTC)
    # Everything the page depends on (its share link is on the base URL); nothing about who asked.
    # Unknown crimes and areas 404 on a miss.
    key = (crime, area, page, current_app.config["SIGNPOST_BASE_URL"], current_version(session))
    cached = page_cache.get_or_render(
        key,
        now,
        lambda: _render_results(crime, area, page, now),
        current_app.config["SIGNPOST_PAGE_CACHE_MB"] * 1024 * 1024,
    )
    nonce = csp_nonce()
    if accepts_gzip(request.headers.get("Accept-Encoding")):
        response = Response(cached.gzip(nonce), mimetype="text/html")
        response.headers["Content-Encoding"] = "gzip"  # Flask-Compress leaves it alone
        response.headers["Vary"] = "Accept-Encoding"
        return response
    return Response(cached.html(nonce), mimetype="text/html")


def _render_results(crime: str, area: str, page: int, now: datetime) -> tuple[str, datetime | None]:
    found_crime = _crime_or_404(crime)
    place: Place | None = None
    nation: str | None = None
    if area in NATIONS:
        nation = area
    elif area != "uk":
        place = resolve_slug(current_session(), area)
        if place is None:
            abort(404)
    results = find_support(
        current_session(), found_crime, place, now, nation=nation, freshness=_freshness(), local_page=page
    )
    if page < 1 or page > results.local_pages:
        abort(404)
    request.environ[NONCE_KEY] = page_cache.PLACEHOLDER  # the cached page carries a placeholder nonce
    try:
        html = render_template(
            "public/results.html",
            title=f"Help after {found_crime.name.lower()}"
            if found_crime.slug != "something-else"
            else "Help after a crime",
            results=results,
            crime=found_crime,
            nation_name=NATIONS.get(results.nation or "", "the UK"),
            nations=NATIONS,
            share_url=public_url("public.support", crime=found_crime.slug, area=area),
            **_contacts(),
        )
        return html, results.changes_at
    finally:
        del request.environ[NONCE_KEY]


@bp.get("/advice/<crime>")
def advice(crime: str) -> ResponseReturnValue:
    found_crime = _crime_or_404(crime)
    next_steps, prevention = advice_for(current_session(), found_crime)
    return render_template(
        "public/advice.html",
        title=f"Advice: {found_crime.name}",
        crime=found_crime,
        next_steps=next_steps,
        prevention=prevention,
    )


@bp.get("/rights")
def rights() -> ResponseReturnValue:
    charters = rights_charters(current_session())
    return render_template("public/rights.html", title="Your rights as a victim of crime", charters=charters)


@bp.get("/staying-safe-online")
def staying_safe_online() -> ResponseReturnValue:
    return render_template("public/staying_safe_online.html", title="Staying safe online")


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    return render_template("public/accessibility.html", title="Accessibility statement")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template("public/privacy.html", title="Privacy notice")


@bp.get("/data-sources")
def data_sources() -> ResponseReturnValue:
    return render_template("public/data_sources.html", title="Where our information comes from")
