"""No edit to a listing is silently lost (optimistic concurrency), on SQLite and PostgreSQL.

The four ways edits were lost: two editors of one organisation; a trusted organisation publishing
directly; a moderator's own edit undone by approving an older request; an admin importing an old CSV
export over a newer edit. Each keeps every edit when different fields changed, and shows the
moderator the conflict (what the editor started from, what is published, what they propose) when
the same field did.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import html5lib
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from signpost.extensions import db
from signpost.listings.changes import SavedAtTheSameTime, approve
from signpost.listings.snapshot import snapshot
from signpost.models import ChangeRequest, Service, User
from tests.integration.test_partners_csv import _export, _row, _table, _to_csv, _upload
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    MODERATOR,
    ORG_A,
    SERVICE_A,
    SERVICE_B,
    Browser,
    add_user,
    error_messages,
    form_fields,
    location,
    organisation_id,
    page_text,
    service_id,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]

EDITOR_A2 = "second.editor@victimlincs.example"
DESCRIPTION = "Free, private help after any crime in Lincolnshire. Now also on Saturday mornings."
OTHER_DESCRIPTION = "Free help after any crime in Lincolnshire, by phone or in person in Lincoln."
NEW_PHONE = "01522 510041"


def _listing(app: Flask, slug: str = SERVICE_A) -> dict[str, Any]:
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.slug == slug))
        assert service is not None
        return snapshot(service) | {"version": service.version}


def _numbers(listing: dict[str, Any]) -> list[str]:
    return [p["number"] for p in listing["phones"]]


def _open(browser: Browser, sid: int) -> MultiDict[str, str]:
    """The edit form as the browser shows it now (the editor starts from this)."""
    page = browser.get(f"/partners/services/{sid}/edit")
    assert page.status_code == 200
    return form_fields(page.get_data(as_text=True))


NEW_PHONE_ROW = {"phones-1-kind": "voice", "phones-1-number": NEW_PHONE}


def _send(browser: Browser, sid: int, fields: MultiDict[str, str], **changes: str) -> TestResponse:
    data = fields.copy()
    for name, value in changes.items():
        data.setlist(name, [value])
    return browser.post_raw(f"/partners/services/{sid}/edit", data)


def _pending(app: Flask) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ChangeRequest.id).where(ChangeRequest.status == "pending").order_by(ChangeRequest.id)
            )
        )


def _approve(moderator: Browser, change: int, **choices: str) -> TestResponse:
    return moderator.post(f"/partners/review/{change}", {"decision": "approve"} | choices)


def _trust(app: Flask) -> None:
    admin = signed_in_as(app, ADMIN, ip="192.0.2.30")
    org = organisation_id(app, ORG_A)
    assert admin.post(f"/partners/admin/organisations/{org}/trusted", token_from="/partners/admin/organisations")


def _conflict_table(html: str, key: str) -> dict[str, str]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    table = next(t for t in document.iter("table") if t.get("id") == f"conflict-{key}")
    return {
        "".join(row.find("th").itertext()).strip(): "".join(row.find("td").itertext()).strip()  # type: ignore[union-attr]
        for row in table.iter("tr")
    }


@pytest.fixture
def two_editors(portal: Flask) -> tuple[Browser, Browser, int]:
    add_user(portal, EDITOR_A2, "editor", ORG_A)
    return (
        signed_in_as(portal, EDITOR_A),
        signed_in_as(portal, EDITOR_A2, ip="192.0.2.11"),
        service_id(portal, SERVICE_A),
    )


# ---------------------------------------------------------------- 1. two editors of one organisation


def test_two_editors_of_one_organisation_keep_both_edits(
    portal: Flask, two_editors: tuple[Browser, Browser, int]
) -> None:
    first, second, sid = two_editors
    original = _listing(portal)
    form_1, form_2 = _open(first, sid), _open(second, sid)
    assert _send(first, sid, form_1, description=DESCRIPTION).status_code == 302
    assert _send(second, sid, form_2, **NEW_PHONE_ROW).status_code == 302
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.20")
    one, two = _pending(portal)
    # Each request changes only what its editor changed.
    review = moderator.get(f"/partners/review/{two}")
    assert "Phone numbers" in page_text(review) and DESCRIPTION not in page_text(review)
    assert _approve(moderator, one).status_code == 302
    assert _approve(moderator, two).status_code == 302
    after = _listing(portal)
    assert after["description"] == DESCRIPTION
    assert _numbers(after) == [*_numbers(original), NEW_PHONE]
    assert after["hours"] == original["hours"] and after["version"] > original["version"]


def test_two_editors_changing_the_same_field_is_a_conflict_the_moderator_decides(
    portal: Flask, two_editors: tuple[Browser, Browser, int]
) -> None:
    first, second, sid = two_editors
    original = _listing(portal)
    form_1, form_2 = _open(first, sid), _open(second, sid)
    _send(first, sid, form_1, description=DESCRIPTION)
    _send(second, sid, form_2, description=OTHER_DESCRIPTION, **NEW_PHONE_ROW)
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.20")
    one, two = _pending(portal)
    _approve(moderator, one)

    review = moderator.get(f"/partners/review/{two}")
    html = review.get_data(as_text=True)
    assert "Changed by someone else too" in html
    assert _conflict_table(html, "description") == {
        "When the editor started": original["description"],
        "Published now": DESCRIPTION,
        "The editor's change": OTHER_DESCRIPTION,
    }
    # Approving needs a choice; nothing is published until then.
    undecided = _approve(moderator, two)
    assert undecided.status_code == 200
    assert error_messages(undecided.get_data(as_text=True)) == {
        "resolve_description": "Choose what to publish for description"
    }
    assert _listing(portal)["description"] == DESCRIPTION
    assert _approve(moderator, two, resolve_description="proposed").status_code == 302
    after = _listing(portal)
    assert after["description"] == OTHER_DESCRIPTION and NEW_PHONE in _numbers(after)


# ---------------------------------------------------------------- 2. a trusted organisation publishing directly


def test_a_trusted_organisation_publishing_directly_keeps_both_edits(
    portal: Flask, two_editors: tuple[Browser, Browser, int]
) -> None:
    _trust(portal)
    first, second, sid = two_editors
    original = _listing(portal)
    form_1, form_2 = _open(first, sid), _open(second, sid)
    assert "Your changes are live." in page_text(
        first.get(location(_send(first, sid, form_1, description=DESCRIPTION)))
    )
    sent = _send(second, sid, form_2, **NEW_PHONE_ROW)
    assert "Your changes are live." in page_text(second.get(location(sent)))
    after = _listing(portal)
    assert after["description"] == DESCRIPTION and _numbers(after) == [*_numbers(original), NEW_PHONE]
    assert _pending(portal) == []


def test_a_trusted_edit_of_a_field_changed_meanwhile_waits_for_a_moderator(
    portal: Flask, two_editors: tuple[Browser, Browser, int]
) -> None:
    _trust(portal)
    first, second, sid = two_editors
    form_1, form_2 = _open(first, sid), _open(second, sid)
    _send(first, sid, form_1, description=DESCRIPTION)
    held = _send(second, sid, form_2, description=OTHER_DESCRIPTION)
    assert held.status_code == 302
    assert "Someone else changed the description while you were editing" in page_text(second.get(location(held)))
    assert _listing(portal)["description"] == DESCRIPTION  # not overwritten
    (change,) = _pending(portal)
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.20")
    assert (
        _conflict_table(moderator.get(f"/partners/review/{change}").get_data(as_text=True), "description")[
            "The editor's change"
        ]
        == OTHER_DESCRIPTION
    )


# ---------------------------------------------------------------- 3. a moderator's own edit and an older request


def test_approving_an_older_request_keeps_a_moderators_later_edit(portal: Flask) -> None:
    sid = service_id(portal, SERVICE_A)
    editor = signed_in_as(portal, EDITOR_A)
    _send(editor, sid, _open(editor, sid), description=DESCRIPTION)
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.20")
    direct = _send(moderator, sid, _open(moderator, sid), **NEW_PHONE_ROW)
    assert direct.status_code == 302 and NEW_PHONE in _numbers(_listing(portal))
    (older,) = _pending(portal)
    assert _approve(moderator, older).status_code == 302
    after = _listing(portal)
    assert after["description"] == DESCRIPTION and NEW_PHONE in _numbers(after)


def test_an_older_request_for_a_field_the_moderator_changed_shows_the_conflict(portal: Flask) -> None:
    sid = service_id(portal, SERVICE_A)
    editor = signed_in_as(portal, EDITOR_A)
    _send(editor, sid, _open(editor, sid), description=DESCRIPTION)
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.20")
    _send(moderator, sid, _open(moderator, sid), description=OTHER_DESCRIPTION)
    (older,) = _pending(portal)
    review = moderator.get(f"/partners/review/{older}").get_data(as_text=True)
    assert _conflict_table(review, "description")["Published now"] == OTHER_DESCRIPTION
    assert _approve(moderator, older, resolve_description="current").status_code == 302
    assert _listing(portal)["description"] == OTHER_DESCRIPTION  # the moderator chose to keep their own


def test_a_moderators_edit_from_an_old_page_goes_to_review_instead_of_overwriting(portal: Flask) -> None:
    _trust(portal)
    sid = service_id(portal, SERVICE_A)
    moderator = signed_in_as(portal, MODERATOR, ip="192.0.2.20")
    stale_form = _open(moderator, sid)
    editor = signed_in_as(portal, EDITOR_A)
    _send(editor, sid, _open(editor, sid), description=DESCRIPTION)
    sent = _send(moderator, sid, stale_form, description=OTHER_DESCRIPTION)
    (change,) = _pending(portal)
    assert location(sent) == f"/partners/review/{change}"
    assert "Choose what to publish" in page_text(moderator.get(location(sent)))
    assert _listing(portal)["description"] == DESCRIPTION


# ---------------------------------------------------------------- 4. an old CSV export over a newer edit


def test_importing_an_old_export_over_a_newer_edit_is_refused_and_writes_nothing(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    old = _table(_export(admin))
    _trust(portal)
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    _send(editor, sid, _open(editor, sid), description=DESCRIPTION)
    newer = _listing(portal)
    other_before = _listing(portal, SERVICE_B)

    _row(old, SERVICE_B)["description"] = "An admin's change to another listing, in the same old file."
    response = _upload(admin, _to_csv(old))
    assert response.status_code == 200
    row = [r["slug"] for r in old].index(SERVICE_A) + 2
    assert summary_errors(response.get_data(as_text=True)) == [
        f"Row {row}, version: Victim Lincs was changed on Signpost after this file was exported "
        f"(version {_row(old, SERVICE_A)['version']} in the file, {newer['version']} now). Nothing was imported. "
        "Export the listings again and make your changes in the new file"
    ]
    assert _listing(portal) == newer and _listing(portal, SERVICE_B) == other_before

    # Exported again, the same change goes in and keeps the editor's edit.
    fresh = _table(_export(admin))
    _row(fresh, SERVICE_B)["description"] = "An admin's change to another listing, in the same old file."
    assert _upload(admin, _to_csv(fresh)).status_code == 302
    assert _listing(portal)["description"] == DESCRIPTION
    assert _listing(portal, SERVICE_B)["description"].startswith("An admin's change")


def test_a_row_for_an_existing_listing_needs_its_version(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    rows = _table(_export(admin))
    _row(rows, SERVICE_B)["version"] = ""
    _row(rows, SERVICE_A)["version"] = "latest"
    errors = summary_errors(_upload(admin, _to_csv(rows)).get_data(as_text=True))
    assert any("version: is empty. Nothing was imported." in e for e in errors)
    assert any("version: must be the number the export wrote (got 'latest')" in e for e in errors)


# ---------------------------------------------------------------- two saves at the same moment


def test_a_listing_changed_by_another_transaction_mid_approval_is_not_overwritten(portal: Flask) -> None:
    sid = service_id(portal, SERVICE_A)
    editor = signed_in_as(portal, EDITOR_A)
    _send(editor, sid, _open(editor, sid), description=DESCRIPTION)
    (change_id,) = _pending(portal)
    with portal.app_context():
        change = db.session.get(ChangeRequest, change_id)
        moderator = db.session.scalar(select(User).where(User.email == MODERATOR))
        assert change is not None and change.service is not None and moderator is not None
        snapshot(change.service)  # this transaction has read the listing...
        with Session(db.engine) as other:  # ...when another one changes it and commits
            service = other.get(Service, sid)
            assert service is not None
            service.description = OTHER_DESCRIPTION
            other.commit()
        with pytest.raises(SavedAtTheSameTime):  # raised after rolling the session back
            approve(db.session, change, moderator, Path(portal.config["SIGNPOST_DATA_DIR"]) / "geo")
    assert _listing(portal)["description"] == OTHER_DESCRIPTION
    assert _pending(portal) == [change_id]
