"""English and Welsh. The language comes from the URL alone: every victim page has a Welsh twin under
/cy/ (same crime and area slugs, so a shared link can be switched). Never a cookie or Accept-Language:
a cookie is a trace on a shared or watched device, and a page must read the same for everyone who
opens its link (the page cache and officers' shared links depend on it).

Each victim route is registered twice on the same endpoint, with a `lang` URL default of "en" or "cy";
url_for() then builds the /cy/ form whenever the current page is Welsh (see `_add_language`), so no
template or view names a language to link within it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from babel import Locale
from babel.support import NullTranslations
from flask import Blueprint, Flask, has_request_context, request
from flask.globals import _cv_app
from flask_babel import Babel, get_locale, get_translations, refresh
from flask_babel import lazy_gettext as _lazy_gettext
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

LANGUAGES = ("en", "cy")
WELSH_PREFIX = "/cy"
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
# Paths with no language link. The officer's Welsh card and leaflet (/cy/officer/...) are Welsh pages, but
# the officer chose their language on /officer: a link to switch it would only sit on the printout.
NOT_VICTIM_PAGES = ("/officer", "/cy/officer", "/partners", "/api/", "/healthcheck", "/static/")

F = TypeVar("F", bound=Callable[..., Any])
babel = Babel()


def _babel_namespace() -> Any:
    """The namespace Flask-Babel keeps on `g` for this context (None before it first looks or with no app)."""
    app_context = _cv_app.get(None)
    return getattr(app_context.g, "_flask_babel", None) if app_context is not None else None


def _locale() -> Locale | None:
    """Flask-Babel's get_locale(), reading the locale it keeps for this context directly when it has one.

    A results page asks for its language and translations some 400 times; Flask-Babel finds its context
    again through three context-local lookups on every call, which was about a tenth of a first render."""
    locale: Locale | None = getattr(_babel_namespace(), "babel_locale", None)
    return locale if locale is not None else get_locale()


def translations() -> NullTranslations:
    """get_translations() for the locale in use, remembered beside that locale (a force_locale block
    sets a new locale object, so it gets its own)."""
    locale = _locale()
    kept = _babel_namespace()
    remembered: tuple[Locale, NullTranslations] | None = getattr(kept, "signpost_translations", None)
    if remembered is not None and remembered[0] is locale:
        return remembered[1]
    found: NullTranslations = get_translations()
    if kept is not None and locale is not None:
        kept.signpost_translations = (locale, found)
    return found


def gettext(message: str, **variables: Any) -> str:
    """Flask-Babel's gettext, with the translations found once per context."""
    text = translations().ugettext(message)
    return text if not variables else text % variables


@pass_context
def _template_gettext(context: Context, message: str, **variables: Any) -> str:
    """`_()` and `gettext()` in templates: what Jinja's i18n extension does with Flask-Babel's callable
    (newstyle: autoescaped, always formatted), without resolving `gettext` through the context each call."""
    text = translations().ugettext(message)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def lazy_gettext(message: str, **variables: Any) -> Any:
    """A message translated when it is shown (form labels and error messages built at import time)."""
    return _lazy_gettext(message, **variables)


_ = gettext


# Place names as Welsh public bodies write them (Welsh Government, Senedd).
NATION_NAMES_CY = {
    "England": "Lloegr",
    "Wales": "Cymru",
    "Scotland": "Yr Alban",
    "Northern Ireland": "Gogledd Iwerddon",
}


def nation_label(name: str) -> str:
    """An English nation name ("Wales") in the page's language."""
    return NATION_NAMES_CY.get(name, name) if current_language() == "cy" else name


def localised(record: Any, field: str) -> Any:
    """A record's `field` in the page's language: its `field`_cy on a Welsh page when it has one."""
    if current_language() == "cy":
        welsh = getattr(record, f"{field}_cy", None)
        if welsh:
            return welsh
    return getattr(record, field)


def localised_html(record: Any, field: str, transform: Callable[[str], str] | None = None) -> Markup:
    """Like `localised`, for a page: English shown on a Welsh page is marked lang="en" (screen readers
    then read it with English pronunciation). `transform` (first_sentence) is applied to the text first."""
    value = getattr(record, field)
    english = True
    if current_language() == "cy":
        welsh = getattr(record, f"{field}_cy", None)
        if welsh:
            value, english = welsh, False
    if value is None:
        return Markup("")
    if transform is not None:
        value = transform(value)
    if english and current_language() == "cy" and value:
        return Markup(Markup('<span lang="en">%s</span>') % value)
    return escape(value)


# "In Wales and England:" before advice that holds in some nations only. Welsh mutates the name after
# "yn" (in) and "a" (and): yng Nghymru, a Chymru, a'r Alban.
_IN_CY = {
    "england": "yn Lloegr",
    "wales": "yng Nghymru",
    "scotland": "yn yr Alban",
    "northern-ireland": "yng Ngogledd Iwerddon",
}
_AND_CY = {
    "england": "a Lloegr",
    "wales": "a Chymru",
    "scotland": "a’r Alban",
    "northern-ireland": "a Gogledd Iwerddon",
}
_LIST_CY = {"england": "Lloegr", "wales": "Cymru", "scotland": "yr Alban", "northern-ireland": "Gogledd Iwerddon"}


def in_nations(nations: tuple[str, ...], lower: bool = False) -> str:
    """("england", "wales") -> "In England and Wales", or "Yn Lloegr a Chymru" on a Welsh page
    ("in England and Wales", "yn Lloegr a Chymru" with `lower`, inside a sentence)."""
    if current_language() != "cy":
        words = "in " + nations_text(nations)
    elif len(nations) == 1:
        words = _IN_CY[nations[0]]
    else:
        words = ", ".join([_IN_CY[nations[0]], *(_LIST_CY[n] for n in nations[1:-1])]) + " " + _AND_CY[nations[-1]]
    return words if lower else words[0].upper() + words[1:]


def nations_text(nations: tuple[str, ...]) -> str:
    """("england", "wales") -> "England and Wales" (English only: Welsh needs `in_nations`' mutations)."""
    names = [ENGLISH_NATIONS.get(n, n) for n in nations]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


ENGLISH_NATIONS = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}


def path_language(path: str) -> str:
    return "cy" if path == WELSH_PREFIX or path.startswith(WELSH_PREFIX + "/") else "en"


def _select_locale() -> str:
    return path_language(request.path) if has_request_context() else "en"


def current_language() -> str:
    """The language being rendered: the URL's, or the one a `force_locale` block chose (fallback pages)."""
    locale = _locale()
    return locale.language if locale is not None else "en"


def bilingual_route(bp: Blueprint, rule: str, **options: Any) -> Callable[[F], F]:
    """Like bp.route, for a victim page: the same view at `rule` and at /cy`rule`."""

    def decorator(view: F) -> F:
        endpoint = options.pop("endpoint", view.__name__)
        for lang in LANGUAGES:
            prefix = WELSH_PREFIX if lang == "cy" else ""
            bp.add_url_rule(prefix + rule, endpoint, view, defaults={"lang": lang}, **options)
        return view

    return decorator


def other_language_path(path: str) -> str:
    """The same page in the other language: /support/x/y <-> /cy/support/x/y, / <-> /cy/."""
    if path_language(path) == "cy":
        return path[len(WELSH_PREFIX) :] or "/"
    return WELSH_PREFIX + path


def is_victim_path(path: str) -> bool:
    return not any(path == p.rstrip("/") or path.startswith(p) for p in NOT_VICTIM_PAGES)


PAGE_QUERY = "signpost.page_query"  # a key of the request's environ: `g` can outlive a request (a test's app context)


def keep_page_query(query: str) -> None:
    """Name the query string that is part of this page (a results page's `page=2`) for its language links, in
    place of the request's: a page cached for everyone must not carry what its first visitor added to the link."""
    request.environ[PAGE_QUERY] = query


def language_links() -> dict[str, Any] | None:
    """For the page chrome: the link to this page in the other language and the hreflang alternates.
    None on pages that have no Welsh twin (officer, partners)."""
    if not has_request_context() or not is_victim_path(request.path):
        return None
    here = current_language()
    other = "en" if here == "cy" else "cy"
    query = request.environ.get(PAGE_QUERY)
    if query is None:
        query = request.query_string.decode("ascii", "replace")
    suffix = f"?{query}" if query else ""
    # Paths, not absolute URLs: a page names no other host, not even its own (tests check every <link>).
    # Quoted again: request.path is decoded, and a 404 page's path may hold anything (a NUL, a quote).
    path = quote(request.path, safe="/:@!$&'()*+,;=-._~")
    urls = {here: request.script_root + path + suffix}
    urls[other] = request.script_root + other_language_path(path) + suffix
    return {
        "here": here,
        "other": other,
        "other_name": LANGUAGE_NAMES[other],
        "other_url": urls[other],
        "alternates": [(lang, urls[lang]) for lang in LANGUAGES],
    }


def init_blueprint(bp: Blueprint) -> None:
    """The `lang` URL value: taken out of the view's arguments, and added to every url_for for this
    blueprint's pages so links stay in the language of the page they are on."""

    @bp.url_value_preprocessor
    def _drop_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values is not None:
            values.pop("lang", None)

    @bp.url_defaults
    def _add_language(endpoint: str, values: dict[str, Any]) -> None:
        values.setdefault("lang", current_language())


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=_select_locale, default_domain="messages")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = _template_gettext
    # Flask-Babel keeps the locale on `g`, which outlives a request when an app context was already
    # pushed (tests, CLI): choose it again from each request's URL.
    app.before_request_funcs.setdefault(None, []).insert(0, refresh)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["language_links"] = language_links
    app.jinja_env.filters["nation_label"] = nation_label
    app.jinja_env.filters["cy"] = localised_html
    app.jinja_env.filters["cy_text"] = localised
    app.jinja_env.filters["in_nations"] = in_nations
