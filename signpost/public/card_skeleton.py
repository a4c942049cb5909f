"""Card parts for a service no page has shown yet, without calling their macros.

A never-seen results page shows a few services no page has shown before, and rendering their card parts
(cards.CardParts) through service.html's macros was about 0.4 ms of it: some 200 us for a "Start here" or
plain card top, 70 for the "Checked on" line. Those macros take the same branches for many services: the
"Start here" part and the plain top are rendered once for each shape of service (which of eligibility, email and
website it has, and each phone's kind and whether it has a note) with a mark in place of each of its values, kept
cut at the marks, and each service's values go in as the macro puts them (the same filters: localised_html for
what has a Welsh version, escaping for the rest). A phone with a text keyword (put in twice, escaped and
urlencoded) is rendered by the macro. The "Checked on" line reads only the date, the kind of check and the
language, so it is kept by those. Skeletons hold template text alone, no service's data; each table is bounded.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from markupsafe import Markup, escape

from signpost.directory.views import PhoneView, ServiceView
from signpost.i18n import current_language, localised_html
from signpost.public.marks import NOT_CUT, Cut, Given, UnexpectedRead, cut_at_marks, filled, keep, mark
from signpost.templating import first_sentence

TEMPLATE = "public/partials/service.html"
SKELETON_MACROS = ("card_lead", "card_top")
MAX_SKELETONS = 512  # macros x languages x shapes of service: a few dozen in use
MAX_CHECKED = 2048  # languages x dates x kinds of check: a few hundred in use
_skeletons: dict[tuple[object, ...], Cut | None] = {}
_checked: dict[tuple[object, ...], Markup] = {}


def kept_part(macro: str, view: ServiceView) -> Markup | None:
    """service.html's `macro` for `view`, as the macro gives it, from what is kept; None: call the macro."""
    if macro == "card_checked":
        return _kept_checked(view)
    if macro not in SKELETON_MACROS:
        return None
    shape = _shape(view)
    if shape is None:
        return None
    key = (macro, current_language(), shape)
    cut = _skeletons.get(key, NOT_CUT)  # one lookup: another thread may drop the key between two
    if cut is NOT_CUT:
        cut = _cut(macro, shape)
        keep(_skeletons, key, cut, MAX_SKELETONS)
    if cut is None:
        return None
    return Markup(filled(cut, _fillers(macro, view)))


Shape = tuple[bool, bool, bool, tuple[tuple[str, bool], ...]]


def _shape(view: ServiceView) -> Shape | None:
    """The branches the macros take for `view`; None if a phone has a keyword."""
    if any(phone.keyword for phone in view.phones):
        return None
    phones = tuple((phone.kind, bool(phone.note)) for phone in view.phones)
    return bool(view.eligibility), bool(view.email), bool(view.website), phones


def _cut(macro: str, shape: Shape) -> Cut | None:
    """The macro rendered for a stand-in service of this shape, cut at its marks."""
    eligibility, email, website, phones = shape
    service = Given(
        name=mark("name"),
        name_cy=mark("name"),  # so a Welsh page's `cy` filter gives the bare mark too: the fill is the filter's
        description=mark("description"),
        description_cy=mark("description"),
        eligibility=mark("eligibility") if eligibility else None,
        eligibility_cy=mark("eligibility"),
        email=mark("email") if email else None,
        website=mark("website") if website else None,
        phones=[
            Given(
                kind=kind,
                number=mark(f"number{n}"),
                dial=mark(f"dial{n}"),
                note=mark(f"note{n}") if note else None,
                note_cy=mark(f"note{n}"),
                keyword=None,
            )
            for n, (kind, note) in enumerate(phones)
        ],
    )
    known = {"name", "description", "eligibility", "email", "website"}
    known |= {f"{field}{n}" for n in range(len(phones)) for field in ("number", "dial", "note")}
    try:
        text = getattr(current_app.jinja_env.get_template(TEMPLATE).module, macro)(service)
    except UnexpectedRead:
        return None
    return cut_at_marks(str(text), known)


def _fillers(macro: str, view: ServiceView) -> dict[str, Callable[[], str]]:
    """Each mark's value for `view`, as the macro puts it there."""
    brief = first_sentence if macro == "card_lead" else None
    values: dict[str, Callable[[], str]] = {
        "name": lambda: localised_html(view, "name"),
        "description": lambda: localised_html(view, "description", brief),
        "eligibility": lambda: localised_html(view, "eligibility"),
        "email": lambda: str(escape(view.email)),
        "website": lambda: str(escape(view.website)),
    }
    for n, phone in enumerate(view.phones):
        values |= _phone_fillers(n, phone)
    return values


def _phone_fillers(n: int, phone: PhoneView) -> dict[str, Callable[[], str]]:
    return {
        f"number{n}": lambda: str(escape(phone.number)),
        f"dial{n}": lambda: str(escape(phone.dial)),
        f"note{n}": lambda: localised_html(phone, "note"),
    }


def _kept_checked(view: ServiceView) -> Markup:
    """card_checked reads the date, the kind of check and (for its words and date) the language: kept by those."""
    key = (current_language(), view.checked_on, view.verification)
    found = _checked.get(key)
    if found is None:
        macros = current_app.jinja_env.get_template(TEMPLATE).module
        found = Markup(macros.card_checked(view))  # type: ignore[attr-defined]
        keep(_checked, key, found, MAX_CHECKED)
    return found
