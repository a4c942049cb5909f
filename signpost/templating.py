"""Jinja filters and globals shared by every blueprint."""

from __future__ import annotations

from datetime import date

from flask import Flask, current_app
from markupsafe import Markup

# Parts of every page that never change: rendered once per process instead of on every request
# (the GOV.UK macros behind them were about a fifth of the cost of rendering a results page).
FRAGMENTS = {
    "exit_this_page": (
        '{% from "govuk_frontend_jinja/components/exit-this-page/macro.html" import govukExitThisPage %}'
        '{{ govukExitThisPage({"redirectUrl": "https://www.bbc.co.uk/weather"}) }}'
    ),
    "header": (
        '{% from "govuk_frontend_jinja/components/generic-header/macro.html" import govukGenericHeader %}'
        '{{ govukGenericHeader({"logoText": "Signpost", "url": "/"}) }}'
    ),
    "footer": '{% include "partials/footer.html" %}',
}
_rendered: dict[tuple[int, str], Markup] = {}


def fragment(name: str) -> Markup:
    """One of FRAGMENTS, rendered the first time this app's templates ask for it."""
    env = current_app.jinja_env
    key = (id(env), name)
    found = _rendered.get(key)
    if found is None:
        found = _rendered[key] = Markup(env.from_string(FRAGMENTS[name]).render())
    return found


def long_date(value: date | None) -> str:
    """GOV.UK style dates: 25 November 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["crime_hint"] = crime_hint
    app.jinja_env.globals["fragment"] = fragment


def crime_hint(hint: str | None) -> dict[str, object]:
    """Radio item params for one crime type's hint (govuk-frontend-wtf merges them by position)."""
    return {"hint": {"text": hint}} if hint else {}
