"""The Welsh catalogue is complete and compiled: every message has a translation, none is fuzzy, the
placeholders match, and the committed .mo says what the .po says."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "signpost" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"<(\w+)")


def _catalog(language: str = "cy"):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    catalog = _catalog()
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []


def test_the_catalogue_has_every_message_the_code_uses() -> None:
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        template = read_po(f)
    catalog = _catalog()
    assert sorted(m.id for m in template if m.id and m.id not in catalog) == []


def test_translations_keep_placeholders_and_markup() -> None:
    for m in _catalog():
        if m.id:
            assert sorted(PLACEHOLDER.findall(m.string)) == sorted(PLACEHOLDER.findall(m.id)), m.id
            assert sorted(TAG.findall(m.string)) == sorted(TAG.findall(m.id)), m.id


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = {m.id: m.string for m in read_mo(f) if m.id}
    assert compiled == {m.id: m.string for m in _catalog() if m.id}, "run `make translations`"
