"""The results page joined from its kept skeleton (signpost/public/results_page.py) reads exactly as results.html
rendered in full: every shape of page (a sector, a district, a town, a nation, the UK; local services paged or not;
English and Welsh; another script root; an odd query string in the language links), with the skeletons cut
afresh and kept; a page the skeleton cannot hold is rendered in full; skeletons are kept by what they show."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime
from typing import Any

import flask_babel
import pytest
from flask import Flask

from signpost.public import marks, page_cache, results_page, views
from tests.integration.test_counts_and_pages import add_many_local_services

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
CRIMES = ("burglary", "fraud", "something-else", "hate-crime")
AREAS = ("ln1-3", "ln1", "lincoln", "cf10-1", "cardiff", "wales", "scotland", "uk")


def _render(app: Flask, path: str, root: str = "", page: int = 1, not_found: str | None = None) -> object:
    crime, area = path.split("?")[0].split("/")[-2:]
    with app.test_request_context(path, base_url=f"http://localhost{root}/"):
        flask_babel.refresh()  # as before_request does: the app fixture's `g` outlives each request
        try:
            return views._render_results(crime, area, page, NOW, not_found)
        except Exception as error:  # an area with no page for this crime: the same 404 both ways
            return int(getattr(error, "code", 500))


@pytest.fixture
def in_full(app: Flask) -> Any:
    """Render `paths` with the skeleton off, then on (cut afresh, then kept): each page's three readings."""

    def render(requests: list[tuple[str, str, int]]) -> list[tuple[object, object, object]]:
        app.config["SIGNPOST_KEEP_RESULTS_PAGE"] = False
        full = [_render(app, path, root, page) for path, root, page in requests]
        app.config["SIGNPOST_KEEP_RESULTS_PAGE"] = True
        results_page._skeletons.clear()
        page_cache.clear()
        cut = [_render(app, path, root, page) for path, root, page in requests]
        kept = [_render(app, path, root, page) for path, root, page in reversed(requests)][::-1]
        return list(zip(full, cut, kept, strict=True))

    yield render
    app.config["SIGNPOST_KEEP_RESULTS_PAGE"] = True


def test_results_pages_read_the_same_joined_from_the_skeleton_as_rendered_in_full(app: Flask, in_full: Any) -> None:
    requests = [
        (f"{lang}/support/{crime}/{area}{query}", root, 1)
        for lang, crime, area in itertools.product(("", "/cy"), CRIMES, AREAS)
        for query, root in (("", ""), ("?a=%3Cb%3E&c=%22d", "/here"))
    ]
    pages = in_full(requests)
    assert [r for r, (full, cut, kept) in zip(requests, pages, strict=True) if not full == cut == kept] == []
    assert sum(isinstance(full, tuple) for full, _, _ in pages) > len(requests) // 2  # mostly real pages
    assert results_page._skeletons and None not in results_page._skeletons.values()  # joined, not in full
    html = [str(full[0]) for full, _, _ in pages if isinstance(full, tuple)]
    assert any("/here/static/" in page for page in html) and any("?a=%3Cb%3E&amp;c=%22d" in page for page in html)
    assert any('id="start-here"' in page and "govuk-details__summary" in page for page in html)  # the UK page


def test_paged_local_services_read_the_same_joined_from_the_skeleton(app: Flask, in_full: Any) -> None:
    add_many_local_services(45)
    requests = [(f"{lang}/support/burglary/ln1-3?page={n}", "", n) for lang in ("", "/cy") for n in (1, 2, 5, 8)]
    pages = in_full(requests)
    assert [r for r, (full, cut, kept) in zip(requests, pages, strict=True) if not full == cut == kept] == []
    html = [str(full[0]) for full, _, _ in pages if isinstance(full, tuple)]
    assert len(html) == len(requests)
    assert sum('rel="prev"' in p for p in html) == 6 and sum('rel="next"' in p for p in html) == 8
    assert any("Showing 6 to 10 of" in p for p in html)


def test_a_skeleton_is_cut_once_for_each_shape_of_page(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    cuts: list[str] = []
    cut = results_page._cut
    monkeypatch.setattr(results_page, "_cut", lambda values, shape: cuts.append(values["area"]) or cut(values, shape))
    results_page._skeletons.clear()
    _render(app, "/support/burglary/ln1-3")
    _render(app, "/support/burglary/ln1-3?x=1")  # another query string (in the language links): the same skeleton
    assert cuts == ["ln1-3"] and len(results_page._skeletons) == 1
    _render(app, "/cy/support/burglary/ln1-3")  # Welsh: its own
    _render(app, "/support/fraud/ln1-3")  # another crime: its own
    _render(app, "/support/burglary/ln1-3")
    assert cuts == ["ln1-3"] * 3 and len(results_page._skeletons) == 3


def _values_for_results_page(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the results view passes results_page for burglary at LN1 3 (inside a request context)."""
    captured: dict[str, Any] = {}
    flask_babel.refresh()
    monkeypatch.setattr(views, "results_page", lambda **values: captured.update(values) or "")
    views._render_results("burglary", "ln1-3", 1, NOW)
    monkeypatch.undo()
    return captured


def test_skeletons_are_kept_by_the_crime_they_name_and_no_more_than_the_limit(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.test_request_context("/support/burglary/ln1-3"):
        captured = _values_for_results_page(monkeypatch)
        results_page._skeletons.clear()
        first = results_page.results_page(**captured)
        # Reference data changed the crime's name (a new Crime, by value): a new skeleton, the new name.
        renamed = dataclasses.replace(captured["crime"], name="Housebreaking <new>")
        again = results_page.results_page(**{**captured, "crime": renamed, "title": "Help after housebreaking"})
        app.config["SIGNPOST_KEEP_RESULTS_PAGE"] = False
        try:
            assert first == results_page.results_page(**captured)
            plain = results_page.results_page(**{**captured, "crime": renamed, "title": "Help after housebreaking"})
        finally:
            app.config["SIGNPOST_KEEP_RESULTS_PAGE"] = True
        assert again == plain and "Help after housebreaking" in again and len(results_page._skeletons) == 2
        monkeypatch.setattr(results_page, "MAX_SKELETONS", 3)
        for n in range(6):
            title = f"Help after {n}"
            assert results_page.results_page(**{**captured, "title": title}).count(title) == 2  # <title>, <h1>
            assert len(results_page._skeletons) <= 3


def test_pages_the_skeleton_cannot_hold_are_rendered_in_full(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    results_page._skeletons.clear()
    cuts: list[object] = []
    cut = results_page._cut
    monkeypatch.setattr(results_page, "_cut", lambda *args: cuts.append(args) or cut(*args))
    # A postcode we could not find (shown back to the person), an area slug url_for would change.
    page = _render(app, "/support/burglary/ln1", not_found="LN1 9ZZ")
    assert isinstance(page, tuple) and "LN1 9ZZ" in page[0] and cuts == []
    with app.test_request_context("/support/burglary/ln1-3"):
        captured = _values_for_results_page(monkeypatch)
        monkeypatch.setattr(results_page, "_cut", lambda *args: cuts.append(args) or cut(*args))
        odd = {**captured, "area": "Odd_Area"}
        assert results_page._shape(odd) is None and results_page._shape(captured) is not None
        assert "area=Odd_Area" in results_page.results_page(**odd) and cuts == []
    # A template that reads more of the stand-ins than this module gives: not cut, rendered in full each time.
    with pytest.raises(marks.UnexpectedRead):
        marks.Given(label="x").post_town  # noqa: B018
    monkeypatch.setattr(results_page, "_cut", lambda *args: cuts.append(args) and None)
    app.config["SIGNPOST_KEEP_RESULTS_PAGE"] = False
    full = _render(app, "/support/burglary/ln1-3")
    app.config["SIGNPOST_KEEP_RESULTS_PAGE"] = True
    assert _render(app, "/support/burglary/ln1-3") == full == _render(app, "/support/burglary/ln1-3")
    assert len(cuts) == 1 and None in results_page._skeletons.values()


def test_the_english_page_text_is_ascii(app: Flask) -> None:
    # A single character outside ASCII (the title's dash was one) makes Python hold the whole page at two bytes a
    # character: every join and the encoding of each never-seen page then cost more (templates/base.html).
    results_page._skeletons.clear()
    pages = [_render(app, f"/support/{crime}/{area}") for crime, area in itertools.product(CRIMES, AREAS)]
    assert all(isinstance(page, tuple) and page[0].isascii() for page in pages if not isinstance(page, int))
    english = [key for key in results_page._skeletons if key[0] == "en"]
    assert english and all(all(piece.isascii() for piece in results_page._skeletons[key][0]) for key in english)
