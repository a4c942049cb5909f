"""Welsh phone and opening-hours notes (`note_cy`): loaded from data/, shown on /cy/ results pages instead of
the English (English marked lang="en" where there is no Welsh), and kept by partner edits and CSV imports,
which cannot show them yet, while the English they translate is unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import html5lib
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import ChangeRequest, Service
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    MODERATOR,
    RESULTS_URL,
    SERVICE_A,
    Browser,
    edit_listing,
    location,
    service_id,
    signed_in_as,
)

pytest_plugins = ["tests.support.partners"]

WELSH_RESULTS_URL = "/cy" + RESULTS_URL
PHONE_NOTE, PHONE_NOTE_CY = "Free to call in Lincolnshire", "Am ddim i’w ffonio yn Swydd Lincoln"
HOURS_NOTE, HOURS_NOTE_CY = "You can also email at any time.", "Gallwch hefyd anfon e-bost unrhyw bryd."


def _lang_around(html: str, text: str) -> list[str | None]:
    """For each innermost element whose own text holds `text`, the lang it is in (nearest lang attribute)."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    parents = {child: parent for parent in document.iter() for child in parent}
    found = []
    for element in document.iter():
        own = (element.text or "") + "".join(child.tail or "" for child in element)
        if text in own:
            node, lang = element, None
            while node is not None and lang is None:
                lang, node = node.get("lang"), parents.get(node)
            found.append(lang)
    return found


def test_the_welsh_results_page_shows_the_curated_welsh_notes(client: FlaskClient) -> None:
    html = client.get("/cy/support/burglary/cf10-1").get_data(as_text=True)
    # Victim Support's Supportline (data/services/national.yaml): its phone note and its hours note.
    assert _lang_around(html, "Am ddim i’w ffonio") and set(_lang_around(html, "Am ddim i’w ffonio")) == {"cy"}
    assert _lang_around(html, "Mae’r sgwrs fyw ar y wefan hefyd ar agor 24 awr.") == ["cy"]
    assert "Live chat on the website is also open 24 hours." not in html
    assert ">Free to call<" not in html and "(Free to call." not in html


def test_the_english_results_page_shows_the_english_notes_only(client: FlaskClient) -> None:
    html = client.get("/support/burglary/cf10-1").get_data(as_text=True)
    assert '<p class="govuk-body-s">Free to call</p>' in html and "(Free to call. You do not" in html
    assert "Live chat on the website is also open 24 hours." in html
    assert "Am ddim" not in html and "sgwrs fyw" not in html
    assert '<span lang="en">' not in html


def _set_notes(app: Flask, *, phone_cy: str | None, hours_cy: str | None) -> None:
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.slug == SERVICE_A))
        assert service is not None
        service.phones[0].note, service.phones[0].note_cy = PHONE_NOTE, phone_cy
        service.hours_note, service.hours_note_cy = HOURS_NOTE, hours_cy
        db.session.commit()


def _notes(app: Flask) -> tuple[str | None, str | None, str | None, str | None]:
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.slug == SERVICE_A))
        assert service is not None
        return service.phones[0].note, service.phones[0].note_cy, service.hours_note, service.hours_note_cy


def test_a_note_without_welsh_shows_the_english_marked_english(portal: Flask) -> None:
    _set_notes(portal, phone_cy=None, hours_cy=HOURS_NOTE_CY)
    html = Browser(portal).get(WELSH_RESULTS_URL).get_data(as_text=True)
    assert f'<span lang="en">{PHONE_NOTE}</span>' in html
    assert _lang_around(html, PHONE_NOTE) and set(_lang_around(html, PHONE_NOTE)) == {"en"}
    assert _lang_around(html, HOURS_NOTE_CY) == ["cy"] and HOURS_NOTE not in html
    english = Browser(portal).get(RESULTS_URL).get_data(as_text=True)
    assert f">{PHONE_NOTE}<" in english and HOURS_NOTE in english and HOURS_NOTE_CY not in english


def test_a_partner_edit_keeps_the_welsh_notes_whose_english_it_leaves(portal: Flask) -> None:
    _set_notes(portal, phone_cy=PHONE_NOTE_CY, hours_cy=HOURS_NOTE_CY)
    assert _lang_around(Browser(portal).get(WELSH_RESULTS_URL).get_data(as_text=True), PHONE_NOTE_CY) == ["cy"]
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    # The phone note's English changes (its Welsh translated the old words, so it goes), the hours note
    # stays (its Welsh stays), the description changes and a second phone comes in.
    sent = edit_listing(
        editor,
        sid,
        {
            "description": "Free help after any crime in Lincolnshire, now on Saturdays too.",
            "phones-0-note": "Free to call from any phone",
            "phones-1-kind": "voice",
            "phones-1-number": "0300 123 4567",
            "phones-1-note": "Office",
        },
    )
    assert sent.status_code == 302 and location(sent) == f"/partners/services/{sid}"
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    with portal.app_context():
        change = db.session.scalar(select(ChangeRequest.id).where(ChangeRequest.status == "pending"))
    assert change is not None
    assert moderator.post(f"/partners/review/{change}", {"decision": "approve"}).status_code == 302
    assert _notes(portal) == ("Free to call from any phone", None, HOURS_NOTE, HOURS_NOTE_CY)
    with portal.app_context():
        service = db.session.scalar(select(Service).where(Service.slug == SERVICE_A))
        assert service is not None
        assert [(p.number, p.note_cy) for p in service.phones] == [("01522 947510", None), ("0300 123 4567", None)]
    html = Browser(portal).get(WELSH_RESULTS_URL).get_data(as_text=True)
    assert PHONE_NOTE_CY not in html and _lang_around(html, HOURS_NOTE_CY) == ["cy"]
    assert _lang_around(html, "Free to call from any phone") == ["en"] and _lang_around(html, "Office") == ["en"]


def test_a_csv_import_keeps_the_welsh_notes(portal: Flask) -> None:
    _set_notes(portal, phone_cy=PHONE_NOTE_CY, hours_cy=HOURS_NOTE_CY)
    admin = signed_in_as(portal, ADMIN)
    exported = admin.get("/partners/admin/export.csv").get_data().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(exported, newline=""))
    rows = list(reader)
    assert reader.fieldnames and not any("note_cy" in c for c in reader.fieldnames)
    (row,) = [r for r in rows if r["slug"] == SERVICE_A]
    assert row["phones"] == f"voice:01522 947510:{PHONE_NOTE}"
    row["description"] = "Free help after any crime in Lincolnshire, now on Saturdays too."
    row["phones"] = f"voice:01522 947510:{PHONE_NOTE}; voice:0300 123 4567:Office"  # a line added
    _import(admin, reader.fieldnames, rows)
    assert _notes(portal) == (PHONE_NOTE, PHONE_NOTE_CY, HOURS_NOTE, HOURS_NOTE_CY)
    # The English reworded: its Welsh translated the old words, so the Welsh page shows the new English.
    (row,) = [r for r in _exported(admin) if r["slug"] == SERVICE_A]
    row["phones"] = "voice:01522 947510:Free to call from any phone"
    _import(admin, list(row), [row])
    assert _notes(portal) == ("Free to call from any phone", None, HOURS_NOTE, HOURS_NOTE_CY)


def _exported(admin: FlaskClient) -> list[dict[str, str]]:
    exported = admin.get("/partners/admin/export.csv").get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(exported, newline="")))


def _import(admin: FlaskClient, fieldnames: Sequence[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    sent = admin.post("/partners/admin/import", {"file": (io.BytesIO(buffer.getvalue().encode()), "listings.csv")})
    assert sent.status_code == 302
    assert "1 updated" in admin.get(location(sent)).get_data(as_text=True)
