"""Card parts joined from a kept skeleton for the service's shape (signpost/public/card_skeleton.py) read exactly as
service.html's macros give them: every service in the test directory and variants of them (Welsh text or none,
phones of each kind with and without notes, no phones, no email or website, text that needs escaping), in English
and Welsh, with the tables kept and emptied many times over; phones with a keyword are left to the macro."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

import flask_babel
import pytest
from flask import Flask, current_app
from markupsafe import Markup
from sqlalchemy import select

from signpost.directory import index as directory_index
from signpost.directory.views import PhoneView, ServiceView
from signpost.extensions import db
from signpost.models import Service
from signpost.public import card_skeleton, cards

MACROS = ("card_lead", "card_top", "card_checked")


def _views() -> list[ServiceView]:
    ids = list(db.session.scalars(select(Service.id)))
    shown = list(directory_index.current(db.session).service_views(db.session, ids).values())
    first = shown[0]
    phones = [
        PhoneView("voice", "0800 123 4567", "08001234567", None),
        PhoneView("text", "07700 900 123", "07700900123", "Free & <private>", note_cy="Am ddim"),
        PhoneView("textphone", "18001 0800 1", "1800108001", "For deaf people"),
        PhoneView("voice", '0300 "odd" & <b>', "0300&1", None, note_cy="Nodyn <cy>"),
    ]
    variants = [
        dataclasses.replace(
            first,
            name='Help & <b>"Quoted"</b>',
            description="One sentence. Two! Three? Four & <more>",
            eligibility=eligibility,
            email=email,
            website=website,
            phones=list(chosen),
            name_cy=name_cy,
            description_cy=name_cy and "Un frawddeg. Dau.",
            eligibility_cy=name_cy and "Pawb <oll>",
            checked_on=checked,
            verification=verification,
        )
        for eligibility, email, website in (
            (None, None, None),
            ("Anyone & <all>", "a&b@example.org", "https://x.example/?a=1&b='2'"),
        )
        for chosen in ((), phones[:1], phones[1:3], phones, phones[::-1])
        for name_cy in (None, "Gwasanaeth <Cymraeg>")
        for checked, verification in ((None, "primary"), (date(2026, 3, 1), "secondary"))
    ]
    return shown + variants


def _macro(macro: str, view: ServiceView) -> Markup:
    return Markup(getattr(current_app.jinja_env.get_template(card_skeleton.TEMPLATE).module, macro)(view))


@pytest.mark.parametrize("limits", [(card_skeleton.MAX_SKELETONS, card_skeleton.MAX_CHECKED), (2, 3)])
def test_card_parts_joined_from_skeletons_read_as_the_macros_do(
    app: Flask, monkeypatch: pytest.MonkeyPatch, limits: tuple[int, int]
) -> None:
    monkeypatch.setattr(card_skeleton, "MAX_SKELETONS", limits[0])
    monkeypatch.setattr(card_skeleton, "MAX_CHECKED", limits[1])
    card_skeleton._skeletons.clear()
    card_skeleton._checked.clear()
    views = _views()
    joined = 0
    for _round, language in itertools.product(("cut", "kept"), ("", "/cy")):
        with app.test_request_context(f"{language}/support/burglary/ln1-3"):
            flask_babel.refresh()
            for view, macro in itertools.product(views, MACROS):
                kept = card_skeleton.kept_part(macro, view)
                assert kept is not None or any(p.keyword for p in view.phones), (macro, view)
                assert kept is None or kept == _macro(macro, view), (language, macro, view)
                joined += kept is not None
            assert len(card_skeleton._skeletons) <= limits[0] and len(card_skeleton._checked) <= limits[1]
    assert joined > len(views) * 4
    assert None not in card_skeleton._skeletons.values()


def test_a_phone_with_a_keyword_is_left_to_the_macro_and_other_macros_too(app: Flask) -> None:
    view = dataclasses.replace(_views()[0], phones=[PhoneView("text", "85258", "85258", None, keyword="SHOUT")])
    with app.test_request_context("/support/burglary/ln1-3"):
        flask_babel.refresh()
        assert card_skeleton.kept_part("card_lead", view) is None
        assert card_skeleton.kept_part("card_top", view) is None
        assert card_skeleton.kept_part("card_middle", view) is None
        # Card parts still read as the macros do: CardParts calls them itself.
        parts = cards.CardParts(view)
        assert (parts.lead, parts.top, parts.middle) == tuple(
            _macro(m, view) for m in ("card_lead", "card_top", "card_middle")
        )
        assert "body=SHOUT" in parts.lead


def test_a_skeleton_holds_no_service_s_text(app: Flask) -> None:
    card_skeleton._skeletons.clear()
    views = _views()
    with app.test_request_context("/cy/support/burglary/ln1-3"):
        flask_babel.refresh()
        for view in views:
            card_skeleton.kept_part("card_top", view)
    text = "".join("".join(cut[0]) for cut in card_skeleton._skeletons.values() if cut)
    assert not any(view.name in text or view.phones and view.phones[0].dial in text for view in views)
