"""Odd input gets a clear message, never a 500, on SQLite and PostgreSQL: NUL and other control characters
in forms and CSV cells, deeply nested or huge JSON, huge numbers, values longer than their column, and
requests, files and CSV files over their size limits."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import TestResponse, encode_multipart

from signpost.dataset.geo_tables import cached_geo_codes
from signpost.dataset.schema import validate_service
from signpost.extensions import db
from signpost.models import ChangeRequest, Service
from tests.conftest import DATA_DIR
from tests.integration.test_partners_csv import _export, _imported, _row, _table, _to_csv, _upload
from tests.support.pages import check_page
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    MODERATOR,
    SERVICE_A,
    Browser,
    PortalFactory,
    edit_listing,
    error_messages,
    form_fields,
    page_text,
    service_id,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]

NUL = "\x00"


def _changes(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ChangeRequest)) or 0


def _description(app: Flask) -> str:
    with app.app_context():
        return db.session.scalar(select(Service.description).where(Service.slug == SERVICE_A)) or ""


# ---------------------------------------------------------------- forms


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        (f"editor.a{NUL}@victimlincs.example", "whatever it is", "email", "must not contain a NUL character"),
        ("editor.a@victimlincs.example", f"pass{NUL}word", "password", "must not contain a NUL character"),
        ("editor.a@\nvictimlincs.example", "whatever it is", "email", "must be on one line"),
    ],
)
def test_sign_in_refuses_control_characters_with_a_message(
    portal: Flask, email: str, password: str, field: str, message: str
) -> None:
    response = Browser(portal).sign_in(email, password)
    assert response.status_code == 200
    assert message in error_messages(response.get_data(as_text=True))[field]


def test_a_nul_in_a_listing_field_is_refused_and_the_rest_is_kept(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sid = service_id(portal, SERVICE_A)
    typed = f"Free help after any crime.{NUL} Open on Saturdays."
    response = edit_listing(editor, sid, {"description": typed, "name": f"Victim{NUL} Lincs", "hours_note": "a\tb"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert NUL not in html
    assert error_messages(html) == {
        "description": "What the service does must not contain a NUL character. We have taken it out: "
        "check it and try again",
        "name": "Service name must not contain a NUL character. We have taken it out: check it and try again",
        "hours_note": "Anything else about opening hours must be on one line. We have taken out a tab: "
        "check it and try again",
    }
    shown = form_fields(html)
    assert shown["description"] == "Free help after any crime. Open on Saturdays."
    assert (shown["name"], shown["hours_note"]) == ("Victim Lincs", "a b")
    assert _changes(portal) == 0
    # Sent again as shown, it goes through.
    assert editor.post_raw(f"/partners/services/{sid}/edit", shown).status_code == 302
    assert _changes(portal) == 1


def test_line_breaks_are_fine_where_text_runs_over_lines(portal: Flask) -> None:
    editor = signed_in_as(portal, EDITOR_A)
    sent = edit_listing(editor, service_id(portal, SERVICE_A), {"description": "First line.\r\nSecond line."})
    assert sent.status_code == 302


def test_a_change_stored_with_a_nul_can_be_reviewed_instead_of_failing(portal: Flask) -> None:
    # Changes sent before the sanitiser existed may hold a NUL: approving one answered 500 on PostgreSQL.
    editor = signed_in_as(portal, EDITOR_A)
    assert edit_listing(editor, service_id(portal, SERVICE_A), {"description": "Clean for now."}).status_code == 302
    with portal.app_context():
        change = db.session.scalar(select(ChangeRequest))
        assert change is not None
        change.after = change.after | {"description": f"Has a{NUL}NUL"}
        db.session.commit()
        change_id = change.id
    before = _description(portal)
    moderator = signed_in_as(portal, MODERATOR)
    response = moderator.post(f"/partners/review/{change_id}", {"decision": "approve"})
    assert response.status_code == 200
    assert "description: must not contain a NUL character" in page_text(response)
    assert _description(portal) == before
    rejected = moderator.post(f"/partners/review/{change_id}", {"decision": "reject", "reason": "Has a NUL"})
    assert rejected.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phones-0-number": "0808 168 9111", "phones-0-note": "n" * 250}, "phones-0-note", "200 characters or fewer"),
        (
            {"website": "https://example.org/" + "p" * 300},
            "website",
            "The website address must be 300 characters or fewer (it has 320)",
        ),
        ({"languages": "en, " + "x" * 250}, "languages", "must be language codes like en, cy or pl"),
        ({"exceptions": "2026-12-25 closed " + "n" * 250}, "exceptions", "200 characters or fewer"),
        (
            {"radius_miles": "nan", "locations-0-name": "Hub", "locations-0-postcode": "LN1 3AA"},
            "radius_miles",
            "like 10",
        ),
        (
            {"radius_miles": "1e999", "locations-0-name": "Hub", "locations-0-postcode": "LN1 3AA"},
            "radius_miles",
            "like 10",
        ),
    ],
)
def test_values_longer_than_their_column_get_a_message(
    portal: Flask, changes: dict[str, str], field: str, message: str
) -> None:
    response = edit_listing(signed_in_as(portal, EDITOR_A), service_id(portal, SERVICE_A), changes)
    assert response.status_code == 200
    assert message in error_messages(response.get_data(as_text=True)).get(field, ""), error_messages(
        response.get_data(as_text=True)
    )
    assert _changes(portal) == 0


@pytest.mark.parametrize(
    "path",
    ["/support/burglary/ln1%00", "/support/bur%00glary/ln1-3", "/where/burglary%00", "/advice/burglary%00x"],
)
def test_a_nul_in_a_url_is_page_not_found(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert check_page(response) == []


def test_a_nul_in_the_postcode_gets_a_message(client: FlaskClient) -> None:
    response = client.post("/where/burglary", data={"postcode": f"LN1{NUL} 3AA"})
    assert response.status_code == 200
    assert "Your postcode must not contain a NUL character" in response.get_data(as_text=True)
    assert check_page(response) == []
    response = client.post("/officer", data={"crime": "burglary", "area": f"LN1{NUL}", "language": "en"})
    assert "The postcode or district must not contain a NUL character" in response.get_data(as_text=True)


# ---------------------------------------------------------------- request and file size


def test_a_request_over_the_size_limit_gets_the_413_page(client: FlaskClient, app: Flask) -> None:
    body = "postcode=" + "A" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/where/burglary", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "What you sent is too large" in html and 'href="tel:999"' in html
    assert "smaller than 5MB" in html
    assert response.headers["X-Frame-Options"] == "DENY" and "Set-Cookie" not in response.headers
    assert check_page(response) == []


def _upload_in_memory(browser: Browser, data: bytes) -> TestResponse:
    """An upload whose body is built in memory (the test client spools a large one to a file it never closes)."""
    fields = {"csrf_token": browser.token("/partners/admin/import"), "file": FileStorage(io.BytesIO(data), "big.csv")}
    boundary, body = encode_multipart(fields)
    return browser.post_raw("/partners/admin/import", body, content_type=f"multipart/form-data; boundary={boundary}")


def test_csv_files_over_the_size_limit_are_refused_with_a_message(make_portal: PortalFactory) -> None:
    app = make_portal(SIGNPOST_CSV_MAX_MB=1, MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    admin = signed_in_as(app, ADMIN)
    big = _export(admin) + b"\n" * (1024 * 1024)
    response = _upload_in_memory(admin, big)
    assert response.status_code == 200
    assert summary_errors(response.get_data(as_text=True)) == ["The selected file must be smaller than 1MB"]
    too_big = _upload_in_memory(admin, big * 2)
    assert too_big.status_code == 413 and "smaller than 1MB" in page_text(too_big)


def test_csv_files_with_too_many_rows_are_refused_with_a_message(make_portal: PortalFactory) -> None:
    app = make_portal(SIGNPOST_CSV_MAX_ROWS=5)
    admin = signed_in_as(app, ADMIN)
    rows = _table(_export(admin))
    assert len(rows) > 5
    response = _upload(admin, _to_csv(rows))
    assert summary_errors(response.get_data(as_text=True)) == [
        "Row 7, (file): is one row too many: Signpost imports at most 5 listings from one file. "
        "Split the file and import each part"
    ]
    assert _imported(_upload(admin, _to_csv(rows[:5])), admin).startswith("Import finished: 0 changed")


# ---------------------------------------------------------------- CSV cells


def _import_errors(portal: Flask, edits: dict[str, str]) -> list[str]:
    admin = signed_in_as(portal, ADMIN)
    original = _export(admin)
    rows = _table(original)
    _row(rows, SERVICE_A).update(edits)
    response = _upload(admin, _to_csv(rows))
    assert response.status_code == 200
    assert _export(admin) == original  # nothing written
    return summary_errors(response.get_data(as_text=True))


def _row_number(portal: Flask) -> int:
    admin = signed_in_as(portal, ADMIN, ip="192.0.2.99")
    return [r["slug"] for r in _table(_export(admin))].index(SERVICE_A) + 2


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"description": f"Help{NUL}"}, "description: must not contain a NUL character"),
        ({"name": "Victim\x1bLincs"}, "name: must not contain an invisible control character (U+001B)"),
        ({"phones": "voice:0808 168 9111\nvoice:0800 1111"}, "phones: must be on one line (it has a line break in it)"),
        ({"hours": "[" * 50_000}, "hours: '" + "[" * 60 + "...' is not opening hours we can read"),
        ({"hours": "note: " + "n" * 30_000}, "hours: note: must be 300 characters or fewer (it has 30000)"),
        (
            {"locations": "x: x | | | 5" + "5" * 5000 + ", 0"},
            "the position must be two numbers, like 53.2342, -0.5386",
        ),
        ({"locations": "x: x | | | 1e999, 0"}, "the position must be two numbers, like 53.2342, -0.5386"),
        ({"locations": "x: x | | | NaN, 0"}, "the position must be two numbers, like 53.2342, -0.5386"),
        ({"hours": "note: a\x00b"}, "hours: must not contain a NUL character"),
        ({"areas": "within " + "9" * 400 + " miles of hub"}, "the distance must be a number of miles"),
        ({"areas": "radius:hub:nan"}, "the distance must be a number of miles"),
    ],
)
def test_odd_csv_cells_are_listed_and_nothing_is_written(portal: Flask, edits: dict[str, str], message: str) -> None:
    number = _row_number(portal)
    errors = _import_errors(portal, edits)
    assert any(e.startswith(f"Row {number}, ") and message in e for e in errors), errors


def test_a_nul_in_the_csv_header_is_named(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    data = _export(admin).replace(b"slug,", b"slug\x00,", 1)
    response = _upload(admin, data)
    assert summary_errors(response.get_data(as_text=True)) == [
        "Row 1, column 1: has a name that must not contain a NUL character"
    ]


def test_a_nul_in_a_data_file_is_reported_like_any_other_problem() -> None:
    record: dict[str, Any] = {
        "id": "x",
        "organisation": "victim-lincs",
        "name": f"Name{NUL}",
        "description": "d",
        "website": "https://example.org",
        "crime_types": ["any"],
        "audience": ["victims"],
        "purpose": "victim-support",
        "areas": [{"kind": "uk"}],
        "verification": "verified",
        "source_url": "https://example.org",
        "checked_on": "2026-01-01",
    }
    record_, errors = validate_service(record, set(), cached_geo_codes(str(DATA_DIR / "geo")))
    assert record_ is None
    assert [(e.field, e.message) for e in errors] == [("name", "must not contain a NUL character")]
