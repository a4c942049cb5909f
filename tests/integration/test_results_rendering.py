"""The results page's rendering caches (signpost/public/cards.py, signpost/templating.py, the translations
found once per request) change no byte of a page: the same pages rendered with every cache empty, then
again with them full (in another order), are identical; cards joined from their kept pieces and the "Report a
problem" links cut from one rendering of the macro read exactly as the macros do."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime

import flask_babel
import pytest
from flask import Flask, current_app
from markupsafe import Markup, escape
from sqlalchemy import select

from signpost.directory import index as directory_index
from signpost.directory.coverage import RANK
from signpost.directory.hours import OpenStatus, State
from signpost.directory.results import HelplineGroup
from signpost.extensions import db
from signpost.models import Service
from signpost.public import cards, helplines_section, page_cache, views

CRIMES = ("burglary", "domestic-abuse", "fraud", "something-else", "hate-crime")
AREAS = ("ln1-3", "ln1", "lincoln", "cf10-1", "cardiff", "wales", "scotland", "uk")
TIMES = (
    datetime(2026, 11, 25, 12, tzinfo=UTC),  # a Wednesday at noon
    datetime(2026, 11, 28, 22, 30, tzinfo=UTC),  # a Saturday night
    datetime(2026, 7, 1, 7, 59, 30, tzinfo=UTC),  # just before 9am in summer time
)


def _render(app: Flask, language: str, crime: str, area: str, now: datetime) -> tuple[str, datetime | None] | int:
    prefix = "/cy" if language == "cy" else ""
    with app.test_request_context(f"{prefix}/support/{crime}/{area}"):
        flask_babel.refresh()  # as before_request does: the app fixture's `g` outlives each request
        try:
            return views._render_results(crime, area, 1, now)
        except Exception as error:  # an area with no page for this crime: the same 404 both times
            return int(getattr(error, "code", 500))


def _empty_caches() -> None:
    cards._parts.clear()
    cards._frames.clear()
    cards._bits.clear()
    helplines_section._sections.clear()
    helplines_section._last.clear()
    cards._report_samples.clear()
    cards._advice.clear()
    cards._emergency.clear()
    cards._contents.clear()
    cards._share.clear()
    page_cache.clear()
    _forget_views()


def _forget_views() -> None:
    """As a directory change does (a new index has no views, and no parts of searches kept from them)."""
    index = directory_index.current(db.session)
    index.views.clear()
    index._kept.clear()


def test_pages_read_the_same_with_caches_empty_and_full(app: Flask) -> None:
    pages = list(itertools.product(("en", "cy"), CRIMES, AREAS, TIMES))
    cold = {}
    for page in pages:
        _empty_caches()
        cold[page] = _render(app, *page)
    warm = {page: _render(app, *page) for page in reversed(pages)}
    assert sum(isinstance(v, tuple) for v in cold.values()) > len(pages) // 2  # mostly real pages
    assert [p for p in pages if warm[p] != cold[p]] == []


def test_the_other_helplines_section_is_kept_and_used_only_with_the_views_it_was_rendered_from(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = []
    section = helplines_section._section
    monkeypatch.setattr(helplines_section, "_section", lambda *args: rendered.append(args[0]) or section(*args))
    _empty_caches()
    now = TIMES[0]
    pages = {area: _render(app, "en", "burglary", area, now) for area in ("ln1-3", "ln1", "lincoln")}
    assert len(rendered) == 1  # one rendering, then kept for the other pages of the nation
    for area, page in pages.items():
        assert isinstance(page, tuple)
        helplines = page[0].split('id="helplines"')[1].split('id="next-steps"')[0]
        # Each card's report link names its own page's area, not the one the section was first kept for.
        assert helplines.count("<!--report-->") == 0 and f"/{area}/" in helplines
        assert all(f"/{other}/" not in helplines for other in pages if other != area)
    assert _render(app, "cy", "burglary", "ln1", now) != pages["ln1"] and len(rendered) == 2  # Welsh: its own
    _forget_views()  # new view objects
    assert _render(app, "en", "burglary", "ln1", now) == pages["ln1"] and len(rendered) == 3


def test_advice_and_rights_are_kept_per_language_crime_nation_and_reference_version(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    _empty_caches()
    now = TIMES[0]
    for area in ("ln1-3", "ln1", "lincoln"):
        _render(app, "en", "burglary", area, now)
    assert len(cards._advice) == 1
    _render(app, "cy", "burglary", "ln1", now)
    _render(app, "en", "burglary", "cf10-1", now)  # Wales
    _render(app, "en", "fraud", "ln1", now)
    assert len(cards._advice) == 4
    (language, _root, version, crime, nation), kept = next(iter(cards._advice.items()))
    assert (language, crime, nation) == ("en", "burglary", "england") and 'id="rights"' in kept
    # Reference data changed (a new version): rendered again, not the kept one.
    monkeypatch.setattr(cards, "_advice", {key: Markup("stale") for key in cards._advice})
    page = _render(app, "en", "burglary", "ln1", now)
    assert isinstance(page, tuple) and "stale" in page[0]  # the kept one is used while the version stands
    with app.test_request_context("/support/burglary/ln1"):
        results = views.find_support(db.session, views._crime_or_404("burglary"), None, now, nation="england")
        assert cards.kept_advice(results, (0, 0, version + 1)) == kept  # rendered again: the same as first kept


def test_report_links_read_as_the_macro_does(app: Flask) -> None:
    ids = list(db.session.scalars(select(Service.id).limit(12)))
    shown = list(directory_index.current(db.session).service_views(db.session, ids).values())
    odd = dataclasses.replace(shown[0], slug="Odd_Slug.é", name='<b>"Names" & co</b>')
    # A listing with a Welsh name: Welsh pages name it in Welsh, English ones in English.
    welsh = dataclasses.replace(shown[1], name_cy="Gwasanaeth <Cymraeg> & co")
    shown.append(welsh)
    # Areas and crimes that url_for or escaping would change, or that hold a mark: the macro's own links.
    areas = ("ln1-3", "cardiff", "signpost-slug-mark", "signpost-area-mark", "signpost-crime-mark", "Odd_Area")
    cards._report_samples.clear()
    for language, crime, area in itertools.product(("", "/cy"), ("burglary", "signpost-area-mark"), areas):
        with app.test_request_context(f"{language}/support/{crime}/{area}"):
            flask_babel.refresh()
            macro = current_app.jinja_env.get_template(cards.TEMPLATE).module.report_link  # type: ignore[attr-defined]
            links = cards.ReportLinks(crime, area)
            for view in [*shown, odd]:
                assert links.link(view) == Markup(macro(view, crime, area))
            card = Markup("<p>Checked<!--report--></p>")
            assert links(card, shown[0]) == card.replace("<!--report-->", links.link(shown[0]))
            assert ('lang="en"' in links.link(shown[0])) == (language == "/cy")
            named = "Gwasanaeth &lt;Cymraeg&gt; &amp; co" if language == "/cy" else str(escape(welsh.name))
            assert f"{named}</span></a>" in links.link(welsh) and 'lang="en"' not in links.link(welsh)
    assert len(cards._report_samples) == 2  # one marked rendering for each language, kept


def test_the_kept_helplines_section_reads_as_the_macro_does_for_every_page(app: Flask) -> None:
    now = TIMES[0]
    with app.test_request_context("/support/burglary/ln1"):
        found = views.find_support(db.session, views._crime_or_404("burglary"), None, now, nation="england")
    groups = found.groups
    odd = dataclasses.replace(groups[0].services[0].service, slug="Odd_Slug.é")  # its link by the macro
    with_odd = [HelplineGroup(groups[0].key, [dataclasses.replace(groups[0].services[0], service=odd)]), *groups]
    areas = ("ln1-3", "lincoln", "Odd_Area", "signpost-area-mark", "ln1-3")  # the last again: from what was kept
    for shown in (groups, with_odd):
        _empty_caches()
        for language, area in itertools.product(("", "/cy"), areas):
            with app.test_request_context(f"{language}/support/burglary/{area}"):
                flask_babel.refresh()
                crime = views._crime_or_404("burglary")
                report = cards.ReportLinks("burglary", area)
                section = helplines_section.other_helplines(shown, crime, report)
                assert section == helplines_section._section(shown, crime, report), (language, area)
                assert section.count("/report-a-problem/") == sum(len(g.services) for g in shown)
    assert len(helplines_section._sections) == 2  # English and Welsh, each kept once


def test_a_kept_open_now_status_is_what_working_it_out_again_gives(app: Flask) -> None:
    import random
    from datetime import timedelta

    from signpost.directory import search
    from signpost.directory.hours import open_status

    ids = list(db.session.scalars(select(Service.id)))
    shown = [v for v in directory_index.current(db.session).service_views(db.session, ids).values() if v.hours.sessions]
    assert len(shown) > 10
    start = datetime(2026, 3, 27, 0, 3, tzinfo=UTC)  # over the spring clock change and a week either side
    moments = [start + timedelta(minutes=17 * i) for i in range(1200)]
    rng = random.Random(4)
    reused = 0
    for order in (moments, rng.sample(moments, len(moments))):  # forwards, then jumping about in time
        for now in order:
            view = rng.choice(shown)
            nation = rng.choice(("england", "wales", "scotland", "northern-ireland"))
            before = search._statuses.get(view, {}).get(nation)
            kept = search._open_status(view, now, nation)
            fresh = open_status(view.hours, now, nation)
            reused += before is not None and kept is before[1]
            assert (kept, kept.message_cy, kept.changes_at) == (fresh, fresh.message_cy, fresh.changes_at), now
    assert reused > 100  # the kept status really was used, not worked out again each time


STATUSES = (
    OpenStatus(State.OPEN, "Open now, until 8pm", message_cy="Ar agor nawr, tan 8pm"),
    OpenStatus(State.CLOSED, "Closed now. Opens at 9am <tomorrow> & later", message_cy="Ar gau nawr. Yn agor am 9am"),
    OpenStatus(State.OPEN, "Open 24 hours"),  # no Welsh: a Welsh page shows none
    OpenStatus(State.UNKNOWN, ""),  # no tag
)


def test_joined_cards_read_as_the_macros_do(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    with app.test_request_context("/support/burglary/ln1-3"):
        place = views.resolve_slug(db.session, "ln1-3")
        results = views.find_support(db.session, views._crime_or_404("burglary"), place, TIMES[0])
    shown = [*results.start_here, *results.more_local, *(r for group in results.groups for r in group.services)]
    first = shown[0]
    # The same view with and without a website (the report slot moves), and one with a Welsh name.
    views_ = [
        first.service,
        dataclasses.replace(first.service, website=None),
        dataclasses.replace(first.service, website="https://example.org/a?b=1&c=2", name_cy="Gwasanaeth <Cymraeg>"),
    ]
    variants = [
        dataclasses.replace(first, service=view, rank=rank, distance_miles=miles, open_status=status, stale=stale)
        for rank in (RANK["postcode_district"], RANK["nation"])  # a local service and a helpline
        for view in views_
        for miles in (None, 0.04, 2.25, 13.0)
        for status in STATUSES
        for stale in (False, True)
    ]
    # Then with a table of bits so small that it is emptied many times over: still the same cards.
    for max_bits in (cards.MAX_BITS, 5):
        monkeypatch.setattr(cards, "MAX_BITS", max_bits)
        _empty_caches()
        for language, r, lead in itertools.product(("", "/cy"), [*variants, *shown], (False, True)):
            with app.test_request_context(f"{language}/support/burglary/ln1-3"):
                flask_babel.refresh()
                joined = cards.card(r, lead)
                assert joined == cards._render(r, lead), (language, r, lead)
                assert joined.count("<!--report-->") == 1 and len(cards._bits) <= max_bits
    assert cards._frames[False] is not None and cards._frames[True] is not None  # joined, not the macros


def test_kept_page_parts_read_as_their_templates_do(app: Flask) -> None:
    """Who to call now, On this page and Save or share: kept, and the same as rendering them in the page."""
    from signpost.directory.reference import Force

    forces = [
        Force(
            "LINCOLNSHIRE", "Lincolnshire Police", "england", "https://lincs.example", "https://lincs.example/r?a=1&b"
        ),
        Force("DYFED", "Heddlu Dyfed-Powys & co", "wales", "https://dyfed.example", None, name_cy="Heddlu <Dyfed>"),
        Force("NOWEB", "No Website Police", "england", None, None),
    ]
    emergency = app.jinja_env.from_string(
        '{% with force = f, other_forces = o %}{% include "public/partials/emergency.html" %}{% endwith %}'
    )
    parts = '{% from "public/partials/results_parts.html" import contents, share %}'
    contents = app.jinja_env.from_string(parts + "{{ contents(results) }}")
    share = app.jinja_env.from_string(parts + "{{ share(u, u | urlencode, t | urlencode) }}")
    with app.test_request_context("/support/burglary/ln1-3"):
        place = views.resolve_slug(db.session, "ln1-3")
        results = views.find_support(db.session, views._crime_or_404("burglary"), place, TIMES[0])
    variants = [
        dataclasses.replace(results, place=p, local_total=total, groups=groups, next_steps=steps, prevention=steps)
        for p in (place, None)
        for total in (0, 1, 27)
        for groups in (results.groups, results.groups[:1], [])
        for steps in (results.next_steps, [])
    ]
    links = ("https://signpost.example/support/burglary/ln1-3", 'https://x.example/cy/support/a b/c&d?e="ŵ"')
    _empty_caches()
    for _round in ("rendered", "kept"):
        for language in ("", "/cy"):
            with app.test_request_context(f"{language}/support/burglary/ln1-3"):
                flask_babel.refresh()
                for force, others in ((None, []), (forces[0], []), (forces[0], forces[1:]), (forces[1], forces[::2])):
                    assert cards.kept_emergency(force, others) == emergency.render(f=force, o=others)
                for r in variants:
                    assert cards.kept_contents(r) == contents.render(results=r)
                for title, link in itertools.product(("Help after burglary", "Help & <more> 'ŵ'"), links):
                    assert cards.kept_share(title, link) == share.render(u=link, t=title)
    assert len(cards._emergency) == 8 and len(cards._share) == 2  # four boxes and a share section a language
    assert len(cards._contents) == 2**5  # languages x place, local, helplines and advice or not (counts filled in)
