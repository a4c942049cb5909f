"""The results page joined from a kept skeleton: results.html rendered once with marks, cut at them, filled per page.

With the frame, the cards and the sections kept (signpost/frame.py, signpost/public/cards.py), what was left of a
never-seen results page's rendering was mostly Jinja's own work around them: a context for the page, the context
processors, the calls to the kept parts, url_for and gettext for text that is the same on every page of a crime
in a language. That text is rendered once for each shape of page (the branches results.html takes) with a mark
wherever a page puts something of its own (the language links, the area and place, the counts, the cards and the
kept parts), and kept cut at those marks; a page is then its values between the pieces.

A skeleton is kept by everything results.html and the frame read that is not a mark: the language and script root,
the title, the crime (its name, by value: reference data), the nation and its name, which branches the page takes
and the page number (the pagination links name the pages before and after). So it never outlives the data it
shows. The marks are letters and hyphens, which url_for and escaping leave as they are; each page's values go in
as the template would put them (escaped; a slug only if url_for would leave it as it is, else the page is
rendered in full). Anything results.html reads of the stand-in values that this module does not give it stops
the cut (and the page is rendered in full), rather than being read as empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask import current_app, render_template, request
from markupsafe import escape

from signpost.directory.reference import Crime
from signpost.directory.results import Results, ServiceResult
from signpost.i18n import current_language, language_links
from signpost.public.cards import (
    SAFE_SLUG,
    ReportLinks,
    card,
    kept_advice,
    kept_contents,
    kept_emergency,
    kept_share,
)
from signpost.public.helplines_section import other_helplines
from signpost.public.marks import MARK, NOT_CUT, Cut, Given, UnexpectedRead, cut_at_marks, filled, keep, mark

TEMPLATE = "public/results.html"
MAX_SKELETONS = 256  # languages x crimes x nations and place shapes in use: some dozens; under 10 KB each
_skeletons: dict[tuple[object, ...], Cut | None] = {}


class _Count(int):
    """A count that compares as its number and reads as its mark."""

    def __new__(cls, value: int, mark: str) -> _Count:
        count = super().__new__(cls, value)
        count.mark = mark  # type: ignore[attr-defined]
        return count

    def __str__(self) -> str:
        return self.mark  # type: ignore[attr-defined,no-any-return]


def results_page(**values: Any) -> str:
    """render_template(TEMPLATE, **values), joined from the kept skeleton for this page's shape when it can be."""
    shape = _shape(values) if current_app.config.get("SIGNPOST_KEEP_RESULTS_PAGE", True) else None
    if shape is None:
        return render_template(TEMPLATE, **values)
    languages = shape[1]
    key = (current_language(), request.script_root, *shape[0], languages)
    cut = _skeletons.get(key, NOT_CUT)  # one lookup: another thread may drop the key between two
    if cut is NOT_CUT:
        cut = _cut(values, shape)
        keep(_skeletons, key, cut, MAX_SKELETONS)
    if cut is None:  # a skeleton with a mark it cannot fill: rendered in full, each time
        return render_template(TEMPLATE, **values)
    return filled(cut, _fillers(values, shape[2]))


class PageShape(NamedTuple):
    """What a skeleton reads of a page that is not a mark: the text it shows and the branches it takes."""

    title: str
    crime: Crime  # by value: its name, from reference data
    nation_name: str
    nations: tuple[tuple[str, str], ...] | None  # the nations' names, on a page for the whole UK
    nation: str | None
    has_place: bool
    town: bool  # a post town after the place's name
    start_here: bool
    by_nation: tuple[tuple[str, bool], ...]  # each nation, and whether it has a Start here
    more_local: bool
    counted: bool  # "Showing 1 to 5 of 12"
    has_local_help: bool
    page: int
    paged: bool
    has_next: bool
    groups: bool


Shape = tuple[PageShape, object, dict[str, Any]]


def _shape(values: dict[str, Any]) -> Shape | None:
    """What the skeleton reads that is not a mark (the key), the language links' shape, and the page's own values
    that go in at marks; None for a page rendered in full (a postcode not found, a slug url_for would change)."""
    results: Results = values["results"]
    area, place = values["area"], results.place
    if values.get("not_found") is not None or not SAFE_SLUG.fullmatch(area):
        return None
    links = language_links()
    own: dict[str, Any] = {"area": area, "links": links}
    town = False
    if place is not None:
        town = bool(place.post_town and place.post_town != place.label)
        if type(place.label) is not str or (town and type(place.post_town) is not str):
            return None  # where_text joins them with `~`, which would escape them if they were Markup
        if not SAFE_SLUG.fullmatch(place.slug):
            return None
        own["place"] = place
    by_nation = tuple((help.nation, bool(help.start_here)) for help in results.by_nation)
    key = PageShape(
        values["title"],
        values["crime"],
        values["nation_name"],
        tuple(values["nations"].items()) if by_nation else None,
        results.nation,
        place is not None,
        town,
        bool(results.start_here),
        by_nation,
        bool(results.more_local),
        results.local_total > len(results.more_local),
        results.has_local_help,
        results.local_page,
        results.local_pages > 1,
        results.local_page < results.local_pages,
        bool(results.groups),
    )
    shown = None if links is None else (links["here"], links["other"], links["other_name"], len(links["alternates"]))
    return key, shown, own


def _cut(values: dict[str, Any], shape: Shape) -> Cut | None:
    """results.html rendered for this shape with marks for the page's own values, cut at them (None if a mark
    is not one this module fills, or the template read a stand-in value it was not given)."""
    key = shape[0]
    page = key.page
    links = language_links()
    item = Given(service=None, mark=mark("start"))
    local = [Given(service=None, mark=mark("local"))] if key.more_local else []
    marked_results = Given(
        place=Given(label=mark("label"), post_town=mark("town") if key.town else None, slug=mark("slug"))
        if key.has_place
        else None,
        nation=key.nation,
        start_here=[item] if key.start_here else [],
        by_nation=[
            Given(nation=name, start_here=[Given(service=None, mark=mark(f"nation{n}"))] if shown else [])
            for n, (name, shown) in enumerate(key.by_nation)
        ],
        police_force=None,
        other_forces=[],
        local_total=_Count(len(local) + 1 if key.counted else len(local), MARK.format("total")),
        more_local=local,
        local_first=mark("first"),
        local_last=mark("last"),
        local_page=page,
        local_pages=page + 1 if key.has_next else page,  # so local_pages > 1 as `paged` says: page <= local_pages
        has_local_help=key.has_local_help,
        groups=[None] if key.groups else [],
    )
    marked_links = None
    if links is not None:
        marked_links = {
            **links,
            "other_url": mark("other"),
            "alternates": [(lang, mark(f"alternate{n}")) for n, (lang, _) in enumerate(links["alternates"])],
        }
    try:
        html = render_template(
            TEMPLATE,
            **{
                **values,
                "title": key.title,
                "crime": key.crime,
                "nation_name": key.nation_name,
                "results": marked_results,
                "area": mark("area"),
                "versions": None,
                "share_url": None,
                "language_links": lambda: marked_links,
                "report_links": lambda crime, area: lambda html, service: html,
                "card": lambda result, lead=False: result.mark,
                "kept_emergency": lambda force, others: mark("emergency"),
                "kept_contents": lambda results: mark("contents"),
                "other_helplines": lambda groups, crime, report: mark("helplines"),
                "kept_advice": lambda results, versions: mark("advice"),
                "kept_share": lambda title, url: mark("share"),
            },
        )
    except UnexpectedRead:
        return None
    return cut_at_marks(html, FILLED)


FILLED = {
    "other",
    "alternate0",
    "alternate1",
    "area",
    "label",
    "town",
    "slug",
    "first",
    "last",
    "total",
    "start",
    "local",
    "emergency",
    "contents",
    "helplines",
    "advice",
    "share",
    *(f"nation{n}" for n in range(8)),
}


def _fillers(values: dict[str, Any], own: dict[str, Any]) -> dict[str, Callable[[], str]]:
    """Each mark's value for this page, as results.html would put it there."""
    results: Results = values["results"]
    crime = values["crime"]
    report = ReportLinks(crime.slug, own["area"])
    links, place = own["links"], own.get("place")

    def cards(shown: list[ServiceResult], lead: bool) -> str:
        return "".join([report(card(r, lead), r.service) for r in shown])

    filled: dict[str, Callable[[], str]] = {
        "area": lambda: own["area"],
        "emergency": lambda: kept_emergency(results.police_force, results.other_forces),
        "start": lambda: cards(results.start_here, True),
        "contents": lambda: kept_contents(results),
        "first": lambda: str(results.local_first),
        "last": lambda: str(results.local_last),
        "total": lambda: str(results.local_total),
        "local": lambda: cards(results.more_local, False),
        "helplines": lambda: other_helplines(results.groups, crime, report),
        "advice": lambda: kept_advice(results, values["versions"]),
        "share": lambda: kept_share(values["title"], values["share_url"]),
    }
    for n, help in enumerate(results.by_nation):
        filled[f"nation{n}"] = lambda shown=help.start_here: cards(shown, True)  # type: ignore[misc]
    if links is not None:
        filled["other"] = lambda: str(escape(links["other_url"]))
        for n, (_, href) in enumerate(links["alternates"]):
            filled[f"alternate{n}"] = lambda href=href: str(escape(href))  # type: ignore[misc]
    if place is not None:
        filled["label"] = lambda: str(escape(place.label))
        filled["town"] = lambda: str(escape(place.post_town))
        filled["slug"] = lambda: place.slug
    return filled
