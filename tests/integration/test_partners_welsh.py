"""A listing's Welsh (name, description, who can use it) in the partner editor: its own section, checked as the
English is, sent in the one change, shown in the review and the audit log, and on the /cy/ pages once approved."""

from __future__ import annotations

import html5lib
from flask import Flask
from sqlalchemy import select

from signpost.extensions import db
from signpost.models import ChangeRequest, Service
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    MODERATOR,
    SERVICE_A,
    Browser,
    change_service,
    edit_section,
    error_messages,
    form_fields,
    location,
    page_text,
    service_id,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]

WELSH = {
    "name_cy": "Dioddefwyr Swydd Lincoln",
    "description_cy": "Help am ddim a chyfrinachol i unrhyw un y mae trosedd wedi effeithio arno yn Swydd Lincoln.",
    "eligibility_cy": "Dioddefwyr a thystion unrhyw drosedd yn Swydd Lincoln",
}
WELSH_RESULTS_URL = "/cy/support/burglary/ln1-3"


def _send(browser: Browser, sid: int) -> None:
    sent = browser.post(f"/partners/services/{sid}/changes/send", token_from=f"/partners/services/{sid}/changes")
    assert sent.status_code == 302 and location(sent) == f"/partners/services/{sid}"


def _pending(app: Flask) -> ChangeRequest:
    with app.app_context():
        change = db.session.scalar(select(ChangeRequest).where(ChangeRequest.status == "pending"))
        assert change is not None
        db.session.expunge(change)
        return change


def _listing(app: Flask) -> Service:
    with app.app_context():
        found = db.session.scalar(select(Service).where(Service.slug == SERVICE_A))
        assert found is not None
        db.session.expunge(found)
        return found


def _drafts(app: Flask) -> int:
    with app.app_context():
        return len(list(db.session.scalars(select(ChangeRequest.id))))


def _langs(html: str, tag: str) -> dict[str, str | None]:
    """The lang attribute of each `tag` element with a name (inputs) or of each table cell (by its text)."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    if tag == "td":
        return {" ".join("".join(e.itertext()).split()): e.get("lang") for e in document.iter("td")}
    return {str(e.get("name")): e.get("lang") for tag_name in tag.split(",") for e in document.iter(tag_name)}


def test_the_welsh_section_saves_into_the_change_and_reaches_the_welsh_pages_once_approved(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    tasks = page_text(editor.get(f"/partners/services/{sid}/changes"))
    assert "Welsh language Not changed" in tasks

    page = editor.get(f"/partners/services/{sid}/changes/welsh")
    html = page.get_data(as_text=True)
    langs = _langs(html, "input,textarea")
    # The Welsh inputs say they hold Welsh; the page around them (and its other inputs) stays English.
    assert {name: langs[name] for name in WELSH} == dict.fromkeys(WELSH, "cy")
    assert langs["csrf_token"] is None and '<html lang="en"' in html
    assert "Service name in Welsh (optional) In English: Victim Lincs" in page_text(page)  # what to translate

    english = page_text(editor.get(WELSH_RESULTS_URL))  # seen before, so a cached page would show if kept
    assert "Victim Lincs" in english and WELSH["name_cy"] not in english

    saved = edit_section(editor, sid, "welsh", **WELSH)
    assert saved.status_code == 302 and location(saved) == f"/partners/services/{sid}/changes"
    assert "Welsh language Changed" in page_text(editor.get(f"/partners/services/{sid}/changes"))
    again = form_fields(editor.get(f"/partners/services/{sid}/changes/welsh").get_data(as_text=True))
    assert {name: again[name] for name in WELSH} == WELSH  # the section shows the draft when opened again
    assert _listing(portal).name_cy is None  # nothing published yet

    _send(editor, sid)
    change = _pending(portal)
    assert {name: change.after[name] for name in WELSH} == WELSH
    assert all(change.before.get(name) is None for name in WELSH)
    assert change.after["name"] == change.before["name"]  # the English is untouched

    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    review = moderator.get(f"/partners/review/{change.id}")
    text = page_text(review)
    assert f"Name in Welsh (none) {WELSH['name_cy']}" in text
    assert f"Description in Welsh (none) {WELSH['description_cy']}" in text
    assert f"Who can use it, in Welsh (none) {WELSH['eligibility_cy']}" in text
    cells = _langs(review.get_data(as_text=True), "td")
    assert cells[WELSH["name_cy"]] == "cy" and cells["(none)"] is None  # "(none)" is English
    assert moderator.post(f"/partners/review/{change.id}", {"decision": "approve"}).status_code == 302

    listing = _listing(portal)
    assert (listing.name_cy, listing.description_cy, listing.eligibility_cy) == tuple(WELSH.values())
    welsh_page = Browser(portal).get(WELSH_RESULTS_URL)
    assert WELSH["name_cy"] in page_text(welsh_page)
    assert WELSH["name_cy"] not in page_text(Browser(portal).get("/support/burglary/ln1-3"))

    # The readable audit log: each Welsh field before and after, marked as Welsh.
    admin = signed_in_as(portal, ADMIN, ip="192.0.2.13")
    log = admin.get(f"/partners/admin/audit?listing={sid}")
    log_text = page_text(log)
    assert f"Name in Welsh (none) {WELSH['name_cy']}" in log_text
    assert f"Who can use it, in Welsh (none) {WELSH['eligibility_cy']}" in log_text
    assert "Name cy" not in log_text
    assert _langs(log.get_data(as_text=True), "td")[WELSH["description_cy"]] == "cy"


def test_clearing_the_welsh_shows_the_english_on_the_welsh_pages(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    assert edit_section(editor, sid, "welsh", **WELSH).status_code == 302
    _send(editor, sid)
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    assert moderator.post(f"/partners/review/{_pending(portal).id}", {"decision": "approve"}).status_code == 302
    assert WELSH["name_cy"] in page_text(Browser(portal).get(WELSH_RESULTS_URL))

    assert edit_section(editor, sid, "welsh", name_cy="").status_code == 302
    _send(editor, sid)
    change = _pending(portal)
    assert change.after["name_cy"] is None and change.after["description_cy"] == WELSH["description_cy"]
    assert f"Name in Welsh {WELSH['name_cy']} (none)" in page_text(moderator.get(f"/partners/review/{change.id}"))
    assert moderator.post(f"/partners/review/{change.id}", {"decision": "approve"}).status_code == 302
    listing = _listing(portal)
    assert listing.name_cy is None and listing.description_cy == WELSH["description_cy"]
    html = Browser(portal).get(WELSH_RESULTS_URL).get_data(as_text=True)
    assert WELSH["name_cy"] not in html and '<span lang="en">Victim Lincs</span>' in html


def test_welsh_that_breaks_a_rule_is_refused_with_what_to_fix_and_keeps_what_was_typed(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    long_name = "Gwasanaeth " * 19  # 208 characters once trimmed: the English name allows 200, so does the Welsh
    response = edit_section(editor, sid, "welsh", name_cy=long_name, description_cy=WELSH["description_cy"])
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    message = "The Welsh service name must be 200 characters or fewer (it has 208)"
    assert error_messages(html) == {"name_cy": message}
    assert summary_errors(html) == [message]
    assert "<title>Error: Welsh language" in html
    fields = form_fields(html)
    assert (fields["name_cy"], fields["description_cy"]) == (long_name.strip(), WELSH["description_cy"])
    assert _drafts(portal) == 0  # nothing saved, not even a draft

    # A tab in the one-line name: the sanitiser takes it out, says so, and keeps the rest.
    response = edit_section(editor, sid, "welsh", name_cy="Dioddefwyr\tSwydd Lincoln")
    html = response.get_data(as_text=True)
    assert error_messages(html) == {
        "name_cy": "The Welsh service name must be on one line. We have taken out a tab: check it and try again"
    }
    assert form_fields(html)["name_cy"] == "Dioddefwyr Swydd Lincoln"
    assert _drafts(portal) == 0


def test_welsh_needs_its_english_beside_it(portal: Flask) -> None:
    """Who can use it is optional in English: Welsh for it alone is refused, in the section the editor is in,
    and a Welsh that was fine stops the English being cleared without a word about where to look."""
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    cleared = editor.get(f"/partners/services/{sid}/changes/audience")
    data = form_fields(cleared.get_data(as_text=True))
    data.setlist("eligibility", [""])
    assert editor.post_raw(f"/partners/services/{sid}/changes/audience", data).status_code == 302

    response = edit_section(editor, sid, "welsh", eligibility_cy=WELSH["eligibility_cy"])
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert error_messages(html) == {
        "eligibility_cy": "Enter who can use it in English too, in Who it is for, or delete the Welsh"
    }
    assert form_fields(html)["eligibility_cy"] == WELSH["eligibility_cy"]


def test_a_draft_started_before_the_welsh_section_keeps_the_listings_welsh(portal: Flask) -> None:
    """A draft saved before the form had Welsh fields holds no Welsh keys: sending it must not clear the Welsh."""
    change_service(portal, SERVICE_A, **WELSH)
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    cleared = editor.get(f"/partners/services/{sid}/changes/about")
    data = form_fields(cleared.get_data(as_text=True))
    data.setlist("description", ["Help after any crime, now on Saturdays too."])
    assert editor.post_raw(f"/partners/services/{sid}/changes/about", data).status_code == 302
    with portal.app_context():
        draft = db.session.scalar(select(ChangeRequest).where(ChangeRequest.status == "draft"))
        assert draft is not None
        draft.after = {k: v for k, v in draft.after.items() if k not in WELSH}  # as an older draft was saved
        db.session.commit()

    tasks = page_text(editor.get(f"/partners/services/{sid}/changes"))
    assert "About the service Changed" in tasks and "Welsh language Not changed" in tasks
    section = form_fields(editor.get(f"/partners/services/{sid}/changes/welsh").get_data(as_text=True))
    assert section["name_cy"] == WELSH["name_cy"]
    _send(editor, sid)
    change = _pending(portal)
    assert {name: change.after[name] for name in WELSH} == WELSH
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    assert "in Welsh" not in page_text(moderator.get(f"/partners/review/{change.id}"))
    assert moderator.post(f"/partners/review/{change.id}", {"decision": "approve"}).status_code == 302
    listing = _listing(portal)
    assert listing.description == "Help after any crime, now on Saturdays too."
    assert (listing.name_cy, listing.description_cy, listing.eligibility_cy) == tuple(WELSH.values())


def test_the_whole_listing_form_has_the_welsh_too(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    change_service(portal, SERVICE_A, name_cy=WELSH["name_cy"])
    page = editor.get(f"/partners/services/{sid}/edit")
    html = page.get_data(as_text=True)
    assert _langs(html, "input,textarea")["name_cy"] == "cy"
    data = form_fields(html)
    assert data["name_cy"] == WELSH["name_cy"]
    data.setlist("description_cy", [WELSH["description_cy"]])
    assert editor.post_raw(f"/partners/services/{sid}/edit", data).status_code == 302
    change = _pending(portal)
    assert change.after["name_cy"] == WELSH["name_cy"] and change.after["description_cy"] == WELSH["description_cy"]
    review = page_text(signed_in_as(portal, MODERATOR, ip="192.0.2.12").get(f"/partners/review/{change.id}"))
    assert f"Description in Welsh (none) {WELSH['description_cy']}" in review and "Name in Welsh" not in review


def test_welsh_changed_by_two_people_is_a_conflict_the_moderator_decides(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    assert edit_section(editor, sid, "welsh", name_cy=WELSH["name_cy"]).status_code == 302
    change_service(portal, SERVICE_A, name_cy="Cymorth i Ddioddefwyr Swydd Lincoln")  # someone else, meanwhile
    _send(editor, sid)
    change = _pending(portal)
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.12")
    review = moderator.get(f"/partners/review/{change.id}")
    document = html5lib.parse(review.get_data(as_text=True), namespaceHTMLElements=False)
    (table,) = [t for t in document.iter("table") if t.get("id") == "conflict-name_cy"]
    cells = {" ".join("".join(td.itertext()).split()): td.get("lang") for td in table.iter("td")}
    assert cells == {"(none)": None, "Cymorth i Ddioddefwyr Swydd Lincoln": "cy", WELSH["name_cy"]: "cy"}
    refused = moderator.post(f"/partners/review/{change.id}", {"decision": "approve"})
    assert error_messages(refused.get_data(as_text=True))["resolve_name_cy"] == (
        "Choose what to publish for name in Welsh"
    )
    decided = moderator.post(f"/partners/review/{change.id}", {"decision": "approve", "resolve_name_cy": "proposed"})
    assert decided.status_code == 302
    assert _listing(portal).name_cy == WELSH["name_cy"]
