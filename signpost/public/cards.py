"""The parts of a service's results card that depend only on the service, rendered once per cached view.

A results page shows up to 35 services; rendering every card from its template was about a third of
the cost of a page nobody had asked for before. Views are cached per data version (see
signpost.directory.index), so a card part can never outlive the data it shows: it is kept only as
long as its view object is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from flask import current_app
from markupsafe import Markup

from signpost.directory.views import ServiceView

TEMPLATE = "public/partials/service.html"


@dataclass(frozen=True, slots=True)
class CardParts:
    lead: Markup  # "Start here": name, one line on what they do, a call button, other contacts
    top: Markup  # name, description, who it is for, phones, email, website
    brief: Markup  # the same with only the first sentence of the description
    middle: Markup  # weekly hours and places to visit
    checked: Markup  # where the details came from and when they were checked


_parts: WeakKeyDictionary[ServiceView, CardParts] = WeakKeyDictionary()
_lock = threading.Lock()


def card_parts(view: ServiceView) -> CardParts:
    found = _parts.get(view)
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
            _parts[view] = found
    return found
