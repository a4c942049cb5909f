"""Rendering a template once with marks in place of a page's values, and keeping the text cut at them.

The kept results page skeleton (results_page.py) and card parts (card_skeleton.py) are rendered for stand-in
values whose text is a mark: letters and hyphens, which url_for, urlencode and escaping leave as they are. The
text is cut at the marks; each page or service puts its own values in, as the template would have.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

MARK = "signpostmark-{}-"
MARKS = re.compile("signpostmark-([a-z0-9]+)-")
Cut = tuple[tuple[str, ...], tuple[str, ...]]  # the text between the marks, and the name of each mark
NOT_CUT: Cut = ((), ())  # a table's answer for a key it does not hold (None: cut, and found not to hold a page)
_lock = threading.Lock()


class UnexpectedRead(Exception):
    """A template read something of a stand-in value that it was not given (not an AttributeError, which Jinja
    would turn into an empty Undefined, and getattr with a default into that default)."""


class Given:
    """A stand-in with exactly the given attributes: reading any other raises UnexpectedRead."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        raise UnexpectedRead(name)


def mark(name: str) -> Markup:
    return Markup(MARK.format(name))


def cut_at_marks(text: str, known: set[str]) -> Cut | None:
    """`text` cut at its marks, and the name of each; None if a mark is not one of `known`."""
    pieces = MARKS.split(text)
    slots = tuple(pieces[1::2])
    return (tuple(pieces[0::2]), slots) if set(slots) <= known else None


def filled(cut: Cut, values: dict[str, Any]) -> str:
    """The text with each mark's value in its place: values[name]() for a mark called `name`."""
    texts, slots = cut
    out = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=True):
        out += (values[slot](), text)
    return "".join(out)


def between(pieces: Sequence[str], values: Iterable[str]) -> Markup:
    """Text cut at its slots, each slot filled: pieces[0], values[0], pieces[1], values[1], ..., pieces[-1]."""
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        out += (value, piece)
    return Markup("".join(out))


def keep(store: dict[Any, Any], key: object, value: object, limit: int) -> None:
    """Keep `value` under `key`, the oldest entry out once `store` holds `limit`."""
    with _lock:
        if len(store) >= limit:
            del store[next(iter(store))]
        store[key] = value
