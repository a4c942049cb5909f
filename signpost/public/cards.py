"""The parts of a service's results card that depend only on the service, rendered once per cached view.

A results page shows up to 35 services; rendering every card from its template was about a third of
the cost of a page nobody had asked for before. Views are cached per data version (see
signpost.directory.index), so a card part can never outlive the data it shows: it is kept only as
long as its view object is.

Whole cards are kept the same way when they carry no distance: a national helpline's card reads the
same on every page that shows it (for a given open-now message), so a page nobody has asked for before
renders only its local cards.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from flask import current_app
from markupsafe import Markup

from signpost.directory.search import ServiceResult
from signpost.directory.views import ServiceView
from signpost.i18n import current_language

TEMPLATE = "public/partials/service.html"


@dataclass(frozen=True, slots=True)
class CardParts:
    lead: Markup  # "Start here": name, one line on what they do, a call button, other contacts
    top: Markup  # name, description, who it is for, phones, email, website
    brief: Markup  # the same with only the first sentence of the description
    middle: Markup  # weekly hours and places to visit
    checked: Markup  # where the details came from and when they were checked


# By view, then by language: a card's words depend on the page's language too.
_parts: WeakKeyDictionary[ServiceView, dict[str, CardParts]] = WeakKeyDictionary()
_lock = threading.Lock()


def card_parts(view: ServiceView) -> CardParts:
    language = current_language()
    found = _parts.get(view, {}).get(language)
    if found is None:
        macros = current_app.jinja_env.get_template(TEMPLATE).module
        found = CardParts(
            Markup(macros.card_lead(view)),  # type: ignore[attr-defined]
            Markup(macros.card_top(view)),  # type: ignore[attr-defined]
            Markup(macros.card_top(view, True)),  # type: ignore[attr-defined]
            Markup(macros.card_middle(view)),  # type: ignore[attr-defined]
            Markup(macros.card_checked(view)),  # type: ignore[attr-defined]
        )
        with _lock:
            _parts.setdefault(view, {})[language] = found
    return found


MAX_CARDS_PER_VIEW = 16  # a few open-now messages times lead/other card: more means something varies, stop keeping


_cards: WeakKeyDictionary[ServiceView, dict[tuple[object, ...], Markup]] = WeakKeyDictionary()


def card(result: ServiceResult, lead: bool = False) -> Markup:
    """A service's card on the results page ("Start here" when `lead`), as the service.html macros render it."""
    if result.distance_miles is not None:  # differs from place to place: not worth keeping
        return _render(result, lead)
    status = result.open_status
    key = (current_language(), lead, result.local, status.state, status.message, result.stale)
    kept = _cards.get(result.service)
    found = kept.get(key) if kept is not None else None
    if found is None:
        found = _render(result, lead)
        with _lock:
            kept = _cards.setdefault(result.service, {})
            if len(kept) >= MAX_CARDS_PER_VIEW:
                kept.clear()
            kept[key] = found
    return found


def _render(result: ServiceResult, lead: bool) -> Markup:
    macros = current_app.jinja_env.get_template(TEMPLATE).module
    return Markup(macros.lead_card(result) if lead else macros.service_card(result))  # type: ignore[attr-defined]
