"""Editing a listing in sections: each section saved into one draft, sent once, with the usual review,
merging and errors on the right row."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import ChangeRequest, Service
from tests.support.partners import (
    EDITOR_A,
    MODERATOR,
    SERVICE_A,
    change_service,
    edit_section,
    error_messages,
    form_fields,
    location,
    page_text,
    service_id,
    signed_in_as,
)

pytest_plugins = ["tests.support.partners"]

NEW_PHONE = "01522 510041"


def _changes(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        return [(c.status, c.kind) for c in db.session.scalars(select(ChangeRequest).order_by(ChangeRequest.id))]


def _listing(app: Flask) -> Service:
    with app.app_context():
        found = db.session.scalar(select(Service).where(Service.slug == SERVICE_A))
        assert found is not None
        db.session.expunge(found)
        return found


def test_sections_are_saved_into_one_draft_and_sent_once(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    tasks = editor.get(f"/partners/services/{sid}/changes")
    assert tasks.status_code == 200 and page_text(tasks).count("Not changed") == 8
    assert "Send your changes" not in page_text(tasks)

    saved = edit_section(editor, sid, "about", description="Help after any crime, now on Saturdays too.")
    assert saved.status_code == 302 and location(saved) == f"/partners/services/{sid}/changes"
    saved = edit_section(editor, sid, "contact", phones__1__kind="voice", phones__1__number=NEW_PHONE)
    assert saved.status_code == 302
    text = page_text(editor.get(f"/partners/services/{sid}/changes"))
    assert text.count("Changed") == 2 and text.count("Not changed") == 6
    assert _changes(portal) == [("draft", "edit")]  # one draft, nothing for a moderator yet
    assert "Help after any crime" not in _listing(portal).description

    # The section shows the draft when opened again.
    again = form_fields(editor.get(f"/partners/services/{sid}/changes/contact").get_data(as_text=True))
    assert again["phones-1-number"] == NEW_PHONE

    sent = editor.post(f"/partners/services/{sid}/changes/send", token_from=f"/partners/services/{sid}/changes")
    assert sent.status_code == 302 and location(sent) == f"/partners/services/{sid}"
    assert _changes(portal) == [("pending", "edit")]
    with portal.app_context():
        change = db.session.scalar(select(ChangeRequest))
        assert change is not None
        assert change.after["description"] == "Help after any crime, now on Saturdays too."
        assert [p["number"] for p in change.after["phones"]][-1] == NEW_PHONE
        assert change.base_version == _listing(portal).version
        untouched = {k for k in change.before if change.before[k] == change.after[k]}
        assert {"hours", "areas", "crime_types", "name"} <= untouched  # sections not saved are not changed
    review = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    assert review.post(f"/partners/review/{change.id}", {"decision": "approve"}).status_code == 302
    assert _listing(portal).description == "Help after any crime, now on Saturdays too."


def test_a_section_error_lands_on_its_row_and_keeps_what_was_typed(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    response = edit_section(
        editor, sid, "contact", phones__0__number="", phones__1__kind="voice", phones__1__number="0800 12"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert error_messages(html) == {"phones-1-number": "Enter a real UK phone number, like 0808 168 9111"}
    assert form_fields(html)["phones-1-number"] == "0800 12"
    assert _changes(portal) == []  # nothing saved, not even a draft


def test_a_draft_sent_after_someone_else_changed_the_listing_keeps_both_changes(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    assert edit_section(editor, sid, "about", description="The editor's new description.").status_code == 302
    change_service(portal, SERVICE_A, email="new@victimlincs.example")  # someone else, meanwhile
    sent = editor.post(f"/partners/services/{sid}/changes/send", token_from=f"/partners/services/{sid}/changes")
    assert sent.status_code == 302
    with portal.app_context():
        change = db.session.scalar(select(ChangeRequest).where(ChangeRequest.status == "pending"))
        assert change is not None
        change_id = change.id
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    assert moderator.post(f"/partners/review/{change_id}", {"decision": "approve"}).status_code == 302
    listing = _listing(portal)
    assert (listing.description, listing.email) == ("The editor's new description.", "new@victimlincs.example")


def test_deleting_a_draft_leaves_the_listing_alone(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    before = _listing(portal).description
    assert edit_section(editor, sid, "about", description="Not sent.").status_code == 302
    gone = editor.post(f"/partners/services/{sid}/changes/discard", token_from=f"/partners/services/{sid}/changes")
    assert gone.status_code == 302 and _changes(portal) == []
    assert _listing(portal).description == before
    assert editor.get(f"/partners/services/{sid}/changes/nowhere").status_code == 404
