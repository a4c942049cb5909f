"""Victim-facing pages. Views parse input and render; the directory and geo packages do the work."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from signpost import i18n
from signpost.directory.emergency import EMERGENCY, NON_EMERGENCY, SILENT_SOLUTION
from signpost.directory.reference import Crime
from signpost.directory.search import (
    Freshness,
    advice_for,
    find_support,
    helplines_for_people_who_harm,
    rights_charters,
    versions_in_use,
)
from signpost.directory.stats import count_search
from signpost.extensions import csrf, current_session, limiter
from signpost.fallback.offline import crime_type_or_curated, crime_types_or_curated
from signpost.geo.place_names import find_places
from signpost.geo.places import Level, NotFound, Place, Problem, resolve_parsed, resolve_slug
from signpost.geo.postcodes import PostcodeKind
from signpost.i18n import _, bilingual_route
from signpost.negotiation import accepts_gzip
from signpost.public import page_cache
from signpost.public.cards import (
    ReportLinks,
    card,
    card_parts,
    kept_advice,
    kept_contents,
    kept_emergency,
    kept_share,
)
from signpost.public.forms import NATION_CHOICES, CrimeForm, NationForm, PlaceChoiceForm, PlaceNameForm, PostcodeForm
from signpost.public.helplines_section import other_helplines
from signpost.public.results_page import results_page
from signpost.urls import public_url

bp = Blueprint("public", __name__)
i18n.init_blueprint(bp)
csrf.exempt(bp)  # a search changes nothing: no token, so no cookie (see signpost/forms.py); rate limited instead
AREA_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
bp.add_app_template_global(card_parts, "card_parts")
bp.add_app_template_global(card, "card")
bp.add_app_template_global(ReportLinks, "report_links")
bp.add_app_template_global(other_helplines, "other_helplines")
bp.add_app_template_global(kept_advice, "kept_advice")
bp.add_app_template_global(kept_emergency, "kept_emergency")
bp.add_app_template_global(kept_contents, "kept_contents")
bp.add_app_template_global(kept_share, "kept_share")
NATIONS = {choice.value: choice.label for choice in NATION_CHOICES if choice.value != "uk"}


def _search_limit() -> str:
    return str(current_app.config["SIGNPOST_SEARCH_RATE_LIMIT"])


def _crime_or_404(slug: str) -> Crime:
    crime = crime_type_or_curated(current_session(), slug)
    if crime is None:
        abort(404)
    return crime


@bilingual_route(bp, "/", methods=["GET"])
def start() -> ResponseReturnValue:
    return render_template("public/start.html", title=_("Get help after a crime"))


def _known_area(area: str | None) -> str | None:
    """An area slug from a Change link, if it is one a results page answers to (else it is ignored)."""
    if not area:
        return None
    if area == "uk" or area in NATIONS:
        return area
    place = resolve_slug(current_session(), area)
    return place.slug if place is not None else None


@bilingual_route(bp, "/what-happened", methods=["GET", "POST"])
def what_happened() -> ResponseReturnValue:
    crimes = crime_types_or_curated(current_session())
    # Changing what happened keeps where: the area comes back in the query string (a sector at most).
    # It is only checked against the places we know when it is used, so the question shows without the database.
    area = request.args.get("area") if AREA_SLUG.fullmatch(request.args.get("area") or "") else None
    form = CrimeForm([SelectChoice(c.slug, i18n.localised(c, "name")) for c in crimes])
    if request.method == "GET" and request.args.get("crime") in {c.slug for c in crimes}:
        form.crime.data = request.args["crime"]
    if form.validate_on_submit():
        if _known_area(area) is not None:
            return redirect(url_for("public.support", crime=form.crime.data, area=area), code=303)
        return redirect(url_for("public.where", crime=form.crime.data), code=303)
    back = url_for("public.support", crime=request.args["crime"], area=area) if area and form.crime.data else None
    return render_template(
        "public/what_happened.html", title=_("What happened?"), form=form, crimes=crimes, area=area, back_link_url=back
    )


@bilingual_route(bp, "/where/<crime>", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def where(crime: str) -> ResponseReturnValue:
    found_crime = _crime_or_404(crime)
    form = PostcodeForm()
    if form.validate_on_submit() and form.postcode.parsed is not None:
        session = current_session()
        typed = form.postcode.data or ""
        parsed = form.postcode.parsed  # parsed once, by the postcode field's check
        found = resolve_parsed(session, parsed)
        count_search(session, date.today(), crime, found.pfa_code if isinstance(found, Place) else None)
        if (
            isinstance(found, Place)
            and found.level is Level.DISTRICT
            and parsed.kind in (PostcodeKind.FULL, PostcodeKind.SECTOR)
        ):
            # A full postcode we cannot find in a district we know: show the district's help on this
            # response, and say so. The typed postcode is shown back, never put in the URL or stored.
            return _results_response(crime, found.slug, 1, datetime.now(UTC), not_found=typed.upper())
        if isinstance(found, Place):
            # Only the sector (or coarser) reaches the URL: the full postcode is forgotten here.
            return redirect(url_for("public.support", crime=crime, area=found.slug), code=303)
        return _not_found(found_crime, found)
    return render_template(
        "public/where.html",
        title=_("What is your postcode?"),
        form=form,
        crime=found_crime,
        back_link_url=url_for("public.what_happened"),
    )


@bilingual_route(bp, "/where/<crime>/place", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def place_name(crime: str) -> ResponseReturnValue:
    """For people who do not know their postcode: a town, city or council name."""
    found_crime = _crime_or_404(crime)
    session = current_session()
    choose = PlaceChoiceForm()
    if request.method == "POST" and "choice" in request.form:
        choose.choice.choices = [(c.slug, c.label) for c in find_places(session, request.form.get("place", ""))]
        if choose.validate():
            count_search(session, date.today(), crime, None)
            return redirect(url_for("public.support", crime=crime, area=choose.choice.data), code=303)
        return _choose_place(found_crime, choose, request.form.get("place", ""))
    form = PlaceNameForm()
    if form.validate_on_submit():
        choices = find_places(session, form.place.data or "")
        if len(choices) == 1:
            count_search(session, date.today(), crime, None)
            return redirect(url_for("public.support", crime=crime, area=choices[0].slug), code=303)
        if choices:
            choose.choice.choices = [(c.slug, c.label) for c in choices]
            return _choose_place(found_crime, choose, form.place.data or "")
        form.place.errors = [
            _(
                "We could not find a place called %(place)s. Check the spelling, or enter your council's name",
                place=form.place.data,
            )
        ]
    return render_template(
        "public/place_name.html",
        title=_("Which town, city or council area do you live in?"),
        form=form,
        crime=found_crime,
        back_link_url=url_for("public.where", crime=crime),
    )


def _choose_place(crime: Crime, form: PlaceChoiceForm, typed: str) -> ResponseReturnValue:
    return render_template(
        "public/choose_place.html",
        title=_("Which %(place)s do you mean?", place=typed),
        form=form,
        typed=typed,
        crime=crime,
        back_link_url=url_for("public.place_name", crime=crime.slug),
    )


@bilingual_route(bp, "/where/<crime>/country", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def which_nation(crime: str) -> ResponseReturnValue:
    found_crime = _crime_or_404(crime)
    form = NationForm()
    if form.validate_on_submit():
        count_search(current_session(), date.today(), crime, None)
        return redirect(url_for("public.support", crime=crime, area=form.nation.data), code=303)
    return render_template(
        "public/which_nation.html",
        title=_("Which country do you live in?"),
        form=form,
        crime=found_crime,
        back_link_url=url_for("public.place_name", crime=crime),
    )


def _not_found(crime: Crime, found: NotFound) -> ResponseReturnValue:
    """A well-formed postcode we cannot place, or one outside the UK: say so, and give the help that still applies."""
    template = "public/outside_uk.html" if found.problem is Problem.OUTSIDE_UK else "public/unknown_postcode.html"
    title = (
        _("This service covers the UK only")
        if found.problem is Problem.OUTSIDE_UK
        else _("We could not find that postcode")
    )
    # No search: these pages link to each nation's help, and 999/101 apply anywhere in the UK.
    return render_template(template, title=title, found=found, crime=crime, **_contacts())


def _freshness() -> Freshness:
    return Freshness(
        current_app.config["SIGNPOST_STALE_AFTER_MONTHS"], current_app.config["SIGNPOST_HIDE_AFTER_MONTHS"]
    )


def _contacts() -> dict[str, object]:
    return {"emergency": EMERGENCY, "non_emergency": NON_EMERGENCY, "silent_solution": SILENT_SOLUTION}


@bilingual_route(bp, "/support/<crime>/<area>", methods=["GET"])
def support(crime: str, area: str) -> ResponseReturnValue:
    page = request.args.get("page", default=1, type=int)
    return _results_response(crime, area, page, datetime.now(UTC))


def _results_response(
    crime: str, area: str, page: int, now: datetime, not_found: str | None = None
) -> ResponseReturnValue:
    if not_found is not None:
        # Says what the person typed, so it is never cached or shared.
        cached = page_cache.prepare(*_render_results(crime, area, page, now, not_found))
    else:
        # Unknown crimes and areas 404 on a miss, and nothing is cached for them. The versions are read once, for
        # the key and for the kept parts the page names by them.
        versions = versions_in_use(current_session())
        i18n.keep_page_query(f"page={page}" if page != 1 else "")  # the cache key's part of the query, no more
        cached = page_cache.get_or_render(
            _results_key(crime, area, page, versions),
            now,
            lambda: _render_results(crime, area, page, now, versions=versions),
            current_app.config["SIGNPOST_PAGE_CACHE_MB"] * 1024 * 1024,
        )
    if accepts_gzip(request.headers.get("Accept-Encoding")):
        response = Response(cached.gzip, mimetype="text/html")
        response.headers["Content-Encoding"] = "gzip"  # Flask-Compress leaves it alone
        response.headers["Vary"] = "Accept-Encoding"
        return response
    return Response(cached.html(), mimetype="text/html")


def _results_key(crime: str, area: str, page: int, versions: tuple[int, int, int]) -> tuple[object, ...]:
    """Everything a cached results page depends on besides the time (which its expiry covers): nothing about
    who asked. The share link on the page is built on the base URL; the page's language is in its URL."""
    return (
        i18n.current_language(),
        crime,
        area,
        page,
        current_app.config["SIGNPOST_BASE_URL"],
        versions,
    )


def _render_results(
    crime: str,
    area: str,
    page: int,
    now: datetime,
    not_found: str | None = None,
    versions: tuple[int, int, int] | None = None,
) -> tuple[str, datetime | None]:
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
    html = results_page(
        title=_("Help after %(crime)s", crime=i18n.localised(found_crime, "name").lower())
        if found_crime.slug != "something-else"
        else _("Help after a crime"),
        results=results,
        crime=found_crime,
        nation_name=NATIONS.get(results.nation or "") or _("the UK"),
        nations=NATIONS,
        area=area,
        not_found=not_found,
        versions=versions or versions_in_use(current_session()),
        share_url=public_url("public.support", crime=found_crime.slug, area=area, lang=i18n.current_language()),
        **_contacts(),
    )
    return html, results.changes_at


@bilingual_route(bp, "/advice/<crime>", methods=["GET"])
def advice(crime: str) -> ResponseReturnValue:
    found_crime = _crime_or_404(crime)
    session = current_session()
    next_steps, prevention, warnings = advice_for(session, found_crime)
    return render_template(
        "public/advice.html",
        title=_("Advice: %(crime)s", crime=i18n.localised(found_crime, "name")),
        crime=found_crime,
        next_steps=next_steps,
        prevention=prevention,
        warnings=warnings,
        # Lines for people worried about their own behaviour: here, never among the help for victims.
        own_behaviour=helplines_for_people_who_harm(session, found_crime),
    )


@bilingual_route(bp, "/rights", methods=["GET"])
def rights() -> ResponseReturnValue:
    charters = rights_charters(current_session())
    return render_template("public/rights.html", title=_("Your rights as a victim of crime"), charters=charters)


@bilingual_route(bp, "/staying-safe-online", methods=["GET"])
def staying_safe_online() -> ResponseReturnValue:
    return render_template("public/staying_safe_online.html", title=_("Staying safe online"))


@bilingual_route(bp, "/accessibility", methods=["GET"])
def accessibility() -> ResponseReturnValue:
    return render_template("public/accessibility.html", title=_("Accessibility statement"))


@bilingual_route(bp, "/privacy", methods=["GET"])
def privacy() -> ResponseReturnValue:
    return render_template("public/privacy.html", title=_("Privacy notice"))


@bilingual_route(bp, "/data-sources", methods=["GET"])
def data_sources() -> ResponseReturnValue:
    return render_template("public/data_sources.html", title=_("Where our information comes from"))
