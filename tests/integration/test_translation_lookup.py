"""signpost.i18n finds the translations once per context instead of through Flask-Babel on every message:
it must still give what Flask-Babel gives, follow each request's language and a force_locale block, and
fall back to English with no request."""

from __future__ import annotations

import flask_babel
from flask import Flask, render_template_string
from markupsafe import Markup

from signpost import i18n

MESSAGES = ("Start again", "Your rights", "Call %(number)s", "Help after %(crime)s")


def _both(app: Flask, path: str) -> list[tuple[str, str]]:
    with app.test_request_context(path):
        flask_babel.refresh()  # as before_request does: the app fixture's `g` outlives each request
        return [
            (i18n.gettext(m, number="101", crime="fraud"), flask_babel.gettext(m, number="101", crime="fraud"))
            for m in MESSAGES
        ]


def test_gettext_gives_what_flask_babel_gives_in_each_language(app: Flask) -> None:
    for path in ("/rights", "/cy/rights", "/cy/support/burglary/ln1-3", "/partners/"):
        for ours, theirs in _both(app, path):
            assert ours == theirs
    welsh = _both(app, "/cy/rights")
    assert welsh[0][0] != "Start again"  # really translated, so the comparison above means something


def test_templates_follow_the_language_and_a_forced_locale(app: Flask) -> None:
    template = "{{ _('Start again') }}|{{ _('Call %(number)s', number='<b>') }}|{{ current_language() }}"
    with app.test_request_context("/cy/rights"):
        flask_babel.refresh()
        welsh = render_template_string(template)
        assert i18n.translations() is i18n.translations()  # found once for the request
        with flask_babel.force_locale("en"):
            english = render_template_string(template)
            assert i18n.gettext("Start again") == "Start again"
        assert render_template_string(template) == welsh
    assert english == "Start again|Call &lt;b&gt;|en"  # autoescaped, as Jinja's own i18n callable does
    assert welsh.endswith("|cy") and not welsh.startswith("Start again")
    assert Markup("&lt;b&gt;") in welsh


def test_one_app_context_over_several_requests_changes_language_each_time(app: Flask) -> None:
    # The app fixture keeps one app context (and so one `g`) open across these requests.
    client = app.test_client()
    first = client.get("/cy/rights").get_data(as_text=True)
    second = client.get("/rights").get_data(as_text=True)
    third = client.get("/cy/rights").get_data(as_text=True)
    assert 'lang="cy"' in first and 'lang="en"' in second and 'lang="cy"' in third
    title = "<title>Your rights as a victim of crime"
    assert title in second and title not in first and title not in third


def test_no_request_means_english(app: Flask) -> None:
    assert i18n.gettext("Start again") == "Start again"
    assert i18n.current_language() == "en"
