"""Jinja filters and globals shared by every blueprint."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask, current_app
from markupsafe import Markup, escape

from signpost.directory.phone_text import split_numbers
from signpost.i18n import current_language
from signpost.translatable import N_

# Parts of every page that never change: rendered once per process instead of on every request
# (the GOV.UK macros behind them were about a fifth of the cost of rendering a results page).
FRAGMENTS = {
    "exit_this_page": (
        '{% from "govuk_frontend_jinja/components/exit-this-page/macro.html" import govukExitThisPage %}'
        '{% set exitHtml %}<span class="govuk-visually-hidden">{{ _("Emergency") }}</span> {{ _("Exit this page") }}'
        "{% endset %}"
        '{{ govukExitThisPage({"redirectUrl": "https://www.bbc.co.uk/weather", "html": exitHtml,'
        ' "activatedText": _("Loading."), "timedOutText": _("Exit this page expired."),'
        ' "pressTwoMoreTimesText": _("Shift, press 2 more times to exit."),'
        ' "pressOneMoreTimeText": _("Shift, press 1 more time to exit.")}) }}'
    ),
    "header": (
        '{% from "govuk_frontend_jinja/components/generic-header/macro.html" import govukGenericHeader %}'
        '{{ govukGenericHeader({"logoText": "Signpost", "url": "/cy/" if current_language() == "cy" else "/"}) }}'
    ),
    "footer": '{% include "partials/footer.html" %}',
}
# The messages in FRAGMENTS, for `make translations` (which does not read Jinja inside Python strings).
FRAGMENT_MESSAGES = (
    N_("Emergency"),
    N_("Exit this page"),
    N_("Loading."),
    N_("Exit this page expired."),
    N_("Shift, press 2 more times to exit."),
    N_("Shift, press 1 more time to exit."),
)
_rendered: dict[tuple[int, str, str], Markup] = {}


def fragment(name: str) -> Markup:
    """One of FRAGMENTS in the page's language, rendered the first time this app's templates ask for it."""
    env = current_app.jinja_env
    key = (id(env), name, current_language())
    found = _rendered.get(key)
    if found is None:
        found = _rendered[key] = Markup(env.from_string(FRAGMENTS[name]).render())
    return found


WELSH_MONTHS = (
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
    "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
)  # fmt: skip


def long_date(value: date | None) -> str:
    """GOV.UK style dates: 25 November 2026 (25 Tachwedd 2026 on a Welsh page)."""
    if value is None:
        return ""
    if current_language() == "cy":
        return f"{value.day} {WELSH_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {value:%B %Y}"


def localised_phone_links(record: object, field: str) -> Markup:
    """A record's text in the page's language with its phone numbers as links; English on a Welsh page is
    marked lang="en"."""
    if current_language() == "cy":
        welsh = getattr(record, f"{field}_cy", None)
        if welsh:
            return phone_links(welsh)
        return Markup('<span lang="en">%s</span>') % phone_links(getattr(record, field))
    return phone_links(getattr(record, field))


def phone_links(text: str) -> Markup:
    """Text with every phone number in it as a link: tel: to call, sms: for text-only numbers."""
    parts = []
    for segment in split_numbers(text):
        if segment.dial is None:
            parts.append(str(escape(segment.text)))
        else:
            scheme = "sms" if segment.kind == "text" else "tel"
            parts.append(
                f'<a class="govuk-link signpost-tel" href="{scheme}:{segment.dial}">{escape(segment.text)}</a>'
            )
    return Markup("".join(parts))


def first_sentence(text: str) -> str:
    """The first sentence of a description: the one line "Start here" shows."""
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return match.group(1) if match else text


NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def nations_text(nations: tuple[str, ...]) -> str:
    """("england", "wales") -> "England and Wales"."""
    names = [NATION_NAMES.get(n, n) for n in nations]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def init_app(app: Flask) -> None:
    app.jinja_env.filters["nations_text"] = nations_text
    app.jinja_env.filters["first_sentence"] = first_sentence
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["phone_links"] = phone_links
    app.jinja_env.filters["cy_phone_links"] = localised_phone_links
    app.jinja_env.filters["crime_hint"] = crime_hint
    app.jinja_env.globals["fragment"] = fragment
    app.jinja_env.globals["first_sentence"] = first_sentence


def crime_hint(hint: str | None) -> dict[str, object]:
    """Radio item params for one crime type's hint (govuk-frontend-wtf merges them by position)."""
    return {"hint": {"text": hint}} if hint else {}
