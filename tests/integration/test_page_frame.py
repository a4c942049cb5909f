"""The kept page frame (signpost/frame.py) changes no byte of any page: every kind of page reads the same with
the frame kept (when it is first cut, and after) as rendered in full through GOV.UK's template, in English and
Welsh, with form errors, back links, odd paths and a script root; pages that change the frame never use it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import flask_babel
import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from jinja2 import pass_context
from jinja2.runtime import Context

from signpost import frame
from signpost.frame import Frame
from signpost.public import page_cache, views

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
FORM_TOKEN = re.compile(r'(?<=name="form_token" type="hidden" value=")[^"]+')
Request = tuple[str, str, dict[str, str] | None]
# (method, path, form): victims' pages, forms with errors, back links, error pages, officer pages.
REQUESTS: list[Request] = [
    ("GET", "/", None),
    ("GET", "/privacy", None),
    ("GET", "/privacy?a=%3Cb%3E&c=%22d", None),
    ("GET", "/rights", None),
    ("GET", "/advice/burglary", None),
    ("GET", "/what-happened", None),
    ("GET", "/what-happened?crime=burglary&area=ln1-3", None),  # a back link to the results
    ("POST", "/what-happened", {}),  # "Error:" in the title and the error summary
    ("GET", "/where/burglary", None),
    ("POST", "/where/burglary", {"postcode": "not a postcode"}),
    ("POST", "/where/burglary", {"postcode": "ZZ9 9ZZ"}),
    ("GET", "/suggest-a-service", None),
    ("GET", "/no-such-page", None),
    ("GET", "/x%22y%3Cz%3E", None),  # a 404 whose path needs escaping in the language links
    ("GET", "/support/burglary/zz9-9", None),
]
OFFICER: list[Request] = [("GET", "/officer", None), ("POST", "/officer", {}), ("GET", "/officer/burglary/ln1-3", None)]
NOT_KEPT: list[Request] = [
    ("GET", "/officer/burglary/ln1-3/card", None),  # the printables add a stylesheet to the head
    ("GET", "/partners", None),  # partner pages have no Exit this page and their own menu
]


@pytest.fixture
def kept(app: Flask) -> Iterator[list[bool]]:
    """Whether each page rendered since used a kept frame (base.html asks once a page)."""
    used: list[bool] = []

    @pass_context
    def spy(context: Context) -> Frame | None:
        found = frame.kept_frame(context)
        used.append(found is not None)
        return found

    app.jinja_env.globals["kept_frame"] = spy
    app.extensions.pop("signpost.frame", None)
    yield used
    app.jinja_env.globals["kept_frame"] = frame.kept_frame
    app.config["SIGNPOST_KEEP_FRAME"] = True


def _get(client: FlaskClient, method: str, path: str, form: dict[str, str] | None) -> tuple[int, str]:
    page_cache.clear()
    response = client.open(path, method=method, data=form)
    # The signed form token carries the time it was made: the only part that may differ.
    return response.status_code, FORM_TOKEN.sub("", response.get_data(as_text=True))


def _in_full(app: Flask, client: FlaskClient, requests: list[Request], kept: list[bool]) -> list[tuple[int, str]]:
    app.config["SIGNPOST_KEEP_FRAME"] = False
    pages = [_get(client, *request) for request in requests]
    app.config["SIGNPOST_KEEP_FRAME"] = True
    kept.clear()
    return pages


def _welsh(requests: list[Request]) -> list[Request]:
    return [(method, "/cy" + path, form) for method, path, form in requests]


def test_pages_read_the_same_with_the_frame_kept_as_rendered_in_full(
    app: Flask, client: FlaskClient, kept: list[bool]
) -> None:
    requests = REQUESTS + _welsh(REQUESTS) + OFFICER
    in_full = _in_full(app, client, requests, kept)
    first = [_get(client, *request) for request in requests]  # each language's frame cut by its first page
    again = [_get(client, *request) for request in reversed(requests)][::-1]
    assert [r for r, a, b, c in zip(requests, in_full, first, again, strict=True) if not a == b == c] == []
    assert kept.count(False) == 2 and kept.count(True) >= 2 * len(requests)  # the two cuts render in full
    assert len(app.extensions["signpost.frame"].frames) == 2
    assert any("Error: " in page for _, page in first) and any("govuk-back-link" in page for _, page in first)


def test_results_pages_read_the_same_with_the_frame_kept(
    app: Flask, kept: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rendered from results.html each time, not joined from a kept skeleton (see test_results_skeleton.py).
    monkeypatch.setitem(app.config, "SIGNPOST_KEEP_RESULTS_PAGE", False)

    def render(path: str) -> tuple[str, datetime | None] | int:
        with app.test_request_context(path):
            flask_babel.refresh()  # as before_request does: the app fixture's `g` outlives each request
            try:
                return views._render_results(*path.split("/")[-2:], 1, NOW)
            except Exception as error:  # an area with no page for this crime: the same 404 both times
                return int(getattr(error, "code", 500))

    areas = ("ln1-3", "cardiff", "wales", "uk")
    paths = [
        f"{lang}/support/{crime}/{area}" for lang in ("", "/cy") for crime in ("burglary", "fraud") for area in areas
    ]
    app.config["SIGNPOST_KEEP_FRAME"] = False
    in_full = [render(path) for path in paths]
    app.config["SIGNPOST_KEEP_FRAME"] = True
    kept.clear()
    assert [path for path, page in zip(paths, in_full, strict=True) if render(path) != page] == []
    assert sum(isinstance(page, tuple) for page in in_full) > len(paths) // 2
    assert kept.count(False) == 2 and kept.count(True) > len(paths) // 2  # cut once for each language


def test_pages_that_change_the_frame_render_it_in_full(app: Flask, client: FlaskClient, kept: list[bool]) -> None:
    in_full = _in_full(app, client, NOT_KEPT, kept)
    assert [_get(client, *request) for request in NOT_KEPT] == in_full
    assert not any(kept)


@pytest.mark.parametrize(
    "page",
    [
        '{% extends "base.html" %}{% set bodyClasses = "odd" %}',  # one of GOV.UK's template options
        '{% extends "base.html" %}{% block bodyStart %}<p>odd</p>{% endblock %}',  # a block of the frame
        '{% extends "base.html" %}{% block headIcons %}<link rel="icon" href="/odd.ico">{% endblock %}',
    ],
)
def test_a_page_that_sets_a_frame_option_or_block_is_rendered_in_full(app: Flask, kept: list[bool], page: str) -> None:
    with app.test_request_context("/privacy"):
        flask_babel.refresh()
        html = render_template_string(page + "{% block content %}<h1>Odd</h1>{% endblock %}", title="Odd")
        assert not any(kept) and "odd" in html
        app.config["SIGNPOST_KEEP_FRAME"] = False
        assert render_template_string(page + "{% block content %}<h1>Odd</h1>{% endblock %}", title="Odd") == html


def test_a_page_may_change_the_blocks_it_renders_itself(app: Flask, kept: list[bool]) -> None:
    page = (
        '{% extends "base.html" %}{% block back_link %}<a href="/odd">Odd</a>{% endblock %}'
        '{% block bodyEnd %}{{ super() }}<script src="/odd.js"></script>{% endblock %}'
        "{% block content %}<h1>{{ title }}</h1>{% endblock %}"
    )
    with app.test_request_context("/cy/privacy"):
        flask_babel.refresh()
        html = render_template_string(page, title="Odd <b>")
        app.config["SIGNPOST_KEEP_FRAME"] = False
        assert render_template_string(page, title="Odd <b>") == html
    assert kept == [False, True, False]  # the cut, then this page with the frame kept, then in full
    assert '<a href="/odd">Odd</a>' in html and '<script src="/odd.js"></script>' in html and "Odd &lt;b&gt;" in html


def test_frames_are_kept_per_language_and_script_root_and_no_more(app: Flask, kept: list[bool]) -> None:
    def page(path: str, root: str) -> str:
        with app.test_request_context(path, base_url=f"http://localhost{root}/"):
            flask_babel.refresh()
            return render_template_string('{% extends "base.html" %}{% block content %}<h1>x</h1>{% endblock %}')

    assert 'href="/here/static/css/signpost.css"' in page("/privacy", "/here")
    assert 'href="/static/css/signpost.css"' in page("/privacy", "")
    assert '<html lang="cy"' in page("/cy/privacy", "") and '<html lang="en"' in page("/privacy", "")
    for n in range(frame.MAX_FRAMES + 5):
        page("/privacy", f"/root{n}")
    assert 0 < len(app.extensions["signpost.frame"].frames) <= frame.MAX_FRAMES
    html = page("/privacy", "/root0")  # dropped when the frames were full, so cut again: still right
    assert 'href="/root0/static/css/signpost.css"' in html and "/root1/" not in html


def test_the_frame_is_cut_once_at_each_block_a_page_renders_itself() -> None:
    marks = [f"<{n}>{frame._mark(name)}" for n, name in enumerate(frame.LIVE_BLOCKS)]
    cut = frame.cut_at("".join(marks) + "</html>")
    assert cut is not None
    assert cut.texts == (*(f"<{n}>" for n in range(len(marks))), "</html>")
    assert frame.cut_at("".join(marks[1:]) + "</html>") is None  # a block missing
    assert frame.cut_at("".join(marks + marks[-1:])) is None  # a block twice
    assert frame.cut_at("".join(reversed(marks))) is None  # out of order


def test_the_kept_frame_template_puts_the_live_blocks_between_the_pieces_in_order(app: Flask) -> None:
    assert tuple(app.jinja_env.get_template(frame.KEPT).blocks) == frame.LIVE_BLOCKS
    source = app.jinja_env.loader.get_source(app.jinja_env, frame.KEPT)[0]  # type: ignore[union-attr]
    pieces = re.findall(r"texts\[(\d)\]", source)
    assert pieces == [str(n) for n in range(len(frame.LIVE_BLOCKS) + 1)]


def test_the_frame_reads_govuk_options_and_globals_but_not_what_pages_set_for_the_live_blocks(app: Flask) -> None:
    names = set(frame.frame_reads(app.jinja_env))
    assert {"bodyClasses", "cspNonce", "htmlClasses", "serviceName", "url_for", "fragment", "_"} <= names
    assert not names & {"title", "form", "back_link_url", "mainClasses", "languages", "htmlLang", "themeColor"}
    assert not any(re.fullmatch(r"govuk[A-Z]\w+|_govuk\w+", name) for name in names)  # imported after the page's
