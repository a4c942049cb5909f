"""Admins' CSV export and import: stable columns, no formulas, all-or-nothing imports with every error, audited."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from signpost.extensions import db
from signpost.listings.snapshot import snapshot
from signpost.models import AuditEvent, Service
from tests.support.partners import (
    ADMIN,
    EDITOR_A,
    MODERATOR,
    ORG_A,
    RESULTS_URL,
    SERVICE_A,
    SERVICE_B,
    Browser,
    audit_events,
    change_service,
    error_messages,
    location,
    page_text,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]

COLUMNS = [
    "slug",
    "organisation",
    "organisation_name",
    "name",
    "description",
    "website",
    "email",
    "eligibility",
    "languages",
    "accessibility",
    "crime_types",
    "audience",
    "purpose",
    "focus",
    "areas",
    "phones",
    "hours",
    "locations",
    "status",
    "verification",
    "source_url",
    "checked_on",
    "check_note",
    "version",
    # Added later, so at the end: every older column keeps its place.
    "name_cy",
    "description_cy",
    "eligibility_cy",
]
FORMULA = ("=", "+", "-", "@")


def _export(browser: Browser) -> bytes:
    response = browser.get("/partners/admin/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="signpost-listings-\d{4}-\d{2}-\d{2}\.csv"', response.headers["Content-Disposition"]
    )
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data()


def _table(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())  # so spreadsheets read UTF-8
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def _to_csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _upload(browser: Browser, data: bytes, filename: str = "listings.csv") -> TestResponse:
    return browser.post("/partners/admin/import", {"file": (io.BytesIO(data), filename)})


def _row(rows: list[dict[str, str]], slug: str) -> dict[str, str]:
    (found,) = [r for r in rows if r["slug"] == slug]
    return found


def _audit_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _snapshot(app: Flask, slug: str) -> dict[str, Any]:
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.slug == slug))
        assert service is not None
        return snapshot(service) | {
            "status": service.status,
            "origin": service.origin,
            "partner_edited_at": service.partner_edited_at,
            "checked_on": service.checked_on,
            "source_url": service.source_url,
            "verification": service.verification,
            "check_note": service.check_note,
        }


def _imported(response: TestResponse, browser: Browser) -> str:
    assert response.status_code == 302 and location(response) == "/partners/admin/import", response.status_code
    text = page_text(browser.get(location(response)))
    match = re.search(r"Import finished: [^.]*\.", text)
    assert match, text
    return match.group(0)


def test_admins_have_export_and_import_links(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    html = admin.get("/partners/dashboard").get_data(as_text=True)
    assert 'href="/partners/admin/export.csv">Export CSV</a>' in html
    assert 'href="/partners/admin/import">Import CSV</a>' in html
    page = admin.get("/partners/admin/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.get_data(as_text=True)
    for person, ip in ((MODERATOR, "192.0.2.12"), (EDITOR_A, "192.0.2.11")):
        other = signed_in_as(portal, person, ip=ip)
        assert "Export CSV" not in other.get("/partners/dashboard").get_data(as_text=True)
        assert other.get("/partners/admin/export.csv").status_code == 404
        assert other.get("/partners/admin/import").status_code == 404


def test_export_has_one_row_per_listing_in_stable_columns(portal: Flask) -> None:
    change_service(portal, SERVICE_B, status="retired")
    with portal.app_context():
        live = set(db.session.scalars(select(Service.slug).where(Service.status != "retired")))
    rows = _table(_export(signed_in_as(portal, ADMIN)))
    assert [r["slug"] for r in rows] == sorted(live)
    assert SERVICE_B not in live

    row = _row(rows, SERVICE_A)
    expected = _snapshot(portal, SERVICE_A)
    assert row["organisation"] == ORG_A and row["organisation_name"].startswith("Victim Lincs")
    assert (row["name"], row["description"], row["website"]) == (
        expected["name"],
        expected["description"],
        expected["website"],
    )
    assert row["crime_types"] == "any"
    assert row["areas"] == "Lincolnshire Police"
    assert row["phones"] == ";".join(f"{p['kind']}:{p['number']}" for p in expected["phones"])
    assert expected["hours"]["weekly"][0] == {"days": ["mon"], "opens": "08:00", "closes": "16:00"}
    assert row["hours"] == "Mon-Fri 08:00-16:00"
    assert row["locations"] == ""
    assert (row["status"], row["verification"], row["source_url"], row["checked_on"]) == (
        "active",
        expected["verification"],
        expected["source_url"],
        expected["checked_on"].isoformat(),
    )
    # Several crime types, and a phone number with a note.
    rape_crisis = _row(rows, "lincolnshire-rape-crisis")
    assert rape_crisis["phones"] == "voice:0800 334 5500:Free to call"
    rape_crisis_crimes = _snapshot(portal, "lincolnshire-rape-crisis")["crime_types"]
    assert rape_crisis["crime_types"] == ";".join(rape_crisis_crimes)


def test_export_guards_against_formulas_and_the_import_undoes_it(portal: Flask) -> None:
    hostile = {
        "name": '=HYPERLINK("https://evil.example","Click")',
        "description": "+44 is the UK's code. -2+3 =1",
        "eligibility": "-1+1",
        "accessibility": "@SUM(A1:A2)",
        "check_note": "'=already quoted",
    }
    change_service(portal, SERVICE_A, **hostile)
    admin = signed_in_as(portal, ADMIN)
    data = _export(admin)
    raw = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for cells in raw:
        for cell in cells:
            assert not cell.startswith(FORMULA), cell
    row = _row(_table(data), SERVICE_A)
    for column, value in hostile.items():
        assert row[column] == "'" + value, column
    before = _snapshot(portal, SERVICE_A)
    assert _imported(_upload(admin, data), admin).startswith("Import finished: 0 changed")
    assert _snapshot(portal, SERVICE_A) == before


def test_round_trip_changes_nothing(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    first = _export(admin)
    rows = _table(first)
    count = len(rows)
    # The real dataset's Welsh is in the file, so it makes the round trip too.
    supportline = _row(rows, "victim-support-supportline")
    assert supportline["name_cy"] == "Llinell Gymorth Cymorth i Ddioddefwyr"
    assert supportline["description_cy"].startswith("Help am ddim a phreifat")
    assert supportline["eligibility_cy"].startswith("Unrhyw un y mae trosedd")
    assert sum(1 for r in rows if r["name_cy"]) >= 4
    audit_before = _audit_count(portal)
    message = _imported(_upload(admin, first), admin)
    assert message == f"Import finished: 0 changed (0 new, 0 updated), {count} unchanged."
    assert _export(admin) == first
    assert _audit_count(portal) == audit_before
    with portal.app_context():
        assert db.session.scalar(select(func.count()).where(Service.partner_edited_at.is_not(None))) == 0


def test_an_import_with_bad_rows_writes_nothing_and_lists_every_error(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    original = _export(admin)
    rows = _table(original)
    audit_before = _audit_count(portal)
    slugs = [r["slug"] for r in rows]
    edits = {
        0: {"description": "A good change in a file with bad rows must not be applied."},
        1: {"website": "http://insecure.example"},
        2: {"phones": "voice:0800 12"},
        3: {"organisation": "no-such-organisation"},
        4: {"hours": "Mon-Fry 09:00-17:00"},
        5: {"areas": "police_force_area:E99999999;radius:nowhere:5"},
        6: {"crime_types": ""},
        7: {"checked_on": "last tuesday"},
        8: {"crime_types": "burglary;shoplifting-by-ghosts"},
        9: {"slug": slugs[10]},
        11: {"status": "paused", "verification": "probably"},
        12: {"hours": "Mon 25:00-17:00"},
    }
    for index, changes in edits.items():
        rows[index] |= changes
    rows[1]["phones"] = ""  # no website and no phone
    response = _upload(admin, _to_csv(rows))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html
    assert summary_errors(html) == [
        "Row 3, website: must start with https:// (got 'http://insecure.example')",
        "Row 3, phones: a service needs at least a confirmed phone number or a website",
        "Row 4, phones: item 1, number: '0800 12' is not a valid UK phone number",
        "Row 5, organisation: 'no-such-organisation' is not an organisation on Signpost",
        "Row 6, hours: 'Mon-Fry 09:00-17:00' is not opening hours we can read: write them like Mon-Fri 09:00-17:00, "
        "bank holidays closed, 2026-12-25 closed or note: by appointment",
        "Row 7, areas: item 1, code: 'E99999999' is not a known police force area code",
        "Row 7, areas: item 2, location: 'nowhere' is not one of this service's locations",
        "Row 8, crime_types: is required",
        "Row 9, checked_on: must be a date like 2026-11-25 (got 'last tuesday')",
        "Row 10, crime_types: 'shoplifting-by-ghosts' is not a crime type in data/crime_types.yaml (or use [any])",
        f"Row 12, slug: '{slugs[10]}' is already used in row 11",
        "Row 13, verification: must be one of verified, secondary (got 'probably')",
        "Row 13, status: must be one of active, inactive (got 'paused')",
        "Row 14, hours: weekly item 1, opens: must be a time like '08:00' (got '25:00')",
        "Row 14, hours: weekly: give weekly hours, always_open: true, or a note",
    ]
    assert error_messages(html) == {
        "file": "The file has 15 problems. Nothing was imported. Fix them and upload the file again"
    }
    assert _export(admin) == original
    assert _audit_count(portal) == audit_before


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (None, None, "Select a CSV file"),
        (b"slug,name\n", "listings.xlsx", "The selected file must be a CSV"),
        ("slug,name\nx,Caf\u00e9\n".encode("latin-1"), "listings.csv", "The selected file must be saved as CSV UTF-8"),
        (b"", "listings.csv", "Row 1, (file): is empty: the first row must name the columns"),
    ],
)
def test_the_import_form_explains_unusable_files(
    portal: Flask, data: bytes | None, filename: str | None, message: str
) -> None:
    admin = signed_in_as(portal, ADMIN)
    if data is None:
        response = admin.post("/partners/admin/import", {})
    else:
        assert filename is not None
        response = _upload(admin, data, filename)
    assert response.status_code == 200
    assert summary_errors(response.get_data(as_text=True)) == [message]


def test_an_import_names_unknown_and_missing_columns(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    header = [c for c in COLUMNS if c not in ("hours", "check_note")] + ["colour"]
    response = _upload(admin, (",".join(header) + "\r\n").encode())
    assert summary_errors(response.get_data(as_text=True)) == [
        f"Row 1, colour: is not a column Signpost knows (expected: {', '.join(COLUMNS)})",
        "Row 1, hours: column is missing",
    ]


def test_a_good_import_applies_every_row_in_one_go_and_audits_each_change(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    rows = _table(_export(admin))
    before_a = _snapshot(portal, SERVICE_A)
    new_description = "Free help after any crime in Lincolnshire. Drop in at our Lincoln hub on Saturdays."
    _row(rows, SERVICE_A)["description"] = new_description
    _row(rows, SERVICE_B)["phones"] += ";text:07860 077 333:Text us"
    hub = {
        "id": "lincoln-hub",
        "name": "Lincoln hub",
        "address": "1 Castle Square, Lincoln",
        "postcode": "LN1 3AA",
        "latitude": 53.2342,
        "longitude": -0.5386,
        "confidential": False,
    }
    hours = {
        "weekly": [{"days": ["sat"], "opens": "10:00", "closes": "13:00"}],
        "bank_holidays": "closed",
        "exceptions": [{"date": "2026-12-26", "closed": True, "note": "Boxing Day"}],
    }
    new = dict(_row(rows, SERVICE_A)) | {
        "slug": "lincoln-drop-in-hub",
        "name": "Lincoln drop-in hub",
        "description": "Walk in and talk to someone after a burglary or robbery.",
        "crime_types": "burglary;robbery",
        "areas": "LN1; within 7.5 miles of lincoln-hub",
        "phones": "voice:01522 947510:Ask for the hub",
        "hours": "Sat 10:00-13:00; bank holidays closed; 2026-12-26 closed Boxing Day",
        "locations": "lincoln-hub: Lincoln hub | 1 Castle Square, Lincoln | LN1 3AA | 53.2342, -0.5386",
        "check_note": "",
    }
    rows.append(new)
    audit_before = _audit_count(portal)

    message = _imported(_upload(admin, _to_csv(rows)), admin)
    assert message == f"Import finished: 3 changed (1 new, 2 updated), {len(rows) - 3} unchanged."

    after_a = _snapshot(portal, SERVICE_A)
    assert after_a["description"] == new_description and after_a["partner_edited_at"] is not None
    assert {k: v for k, v in after_a.items() if k not in ("description", "partner_edited_at")} == {
        k: v for k, v in before_a.items() if k not in ("description", "partner_edited_at")
    }
    assert _snapshot(portal, SERVICE_B)["phones"][-1] == {"kind": "text", "number": "07860 077333", "note": "Text us"}
    created = _snapshot(portal, "lincoln-drop-in-hub")
    assert created["origin"] == "partner" and created["partner_edited_at"] is not None
    assert created["areas"] == [
        {"kind": "postcode_district", "code": "LN1"},
        {"kind": "radius", "location": "lincoln-hub", "miles": 7.5},
    ]
    assert created["locations"] == [hub]
    assert created["hours"] == hours | {"always_open": False, "note": None}

    imported = [e for e in audit_events(portal) if e["action"].startswith("csv_import")]
    assert [(e["action"], e["actor"]) for e in imported] == [
        ("csv_import_updated", ADMIN),
        ("csv_import_updated", ADMIN),
        ("csv_import_created", ADMIN),
    ]
    updated_a = next(e for e in imported if e["before"] and e["before"]["name"] == before_a["name"])
    assert updated_a["before"]["description"] == before_a["description"]
    assert updated_a["after"]["description"] == new_description
    assert imported[-1]["before"] is None and imported[-1]["after"]["name"] == "Lincoln drop-in hub"
    assert _audit_count(portal) == audit_before + 3

    # Victims see the imported listings at once: the new hub for burglary, and Victim Lincs' new description
    # in full where it is listed among the local services (on the burglary page it leads Start here).
    assert "Lincoln drop-in hub" in page_text(Browser(portal).get(RESULTS_URL))
    assert new_description in page_text(Browser(portal).get("/support/domestic-abuse/ln1-3"))

    # The new listing exports in the same columns, and exporting and importing again changes nothing.
    again = _export(admin)
    row = _row(_table(again), "lincoln-drop-in-hub")
    assert row["areas"] == "LN1;within 7.5 miles of lincoln-hub"
    assert row["phones"] == "voice:01522 947510:Ask for the hub"
    assert row["locations"] == new["locations"]
    assert row["hours"] == "Sat 10:00-13:00;bank holidays closed;2026-12-26 closed Boxing Day"
    assert _imported(_upload(admin, again), admin).startswith("Import finished: 0 changed")


def test_semicolons_in_notes_survive_a_round_trip(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    rows = _table(_export(admin))
    _row(rows, SERVICE_B)["phones"] = "voice:01522 510041:Mon\\; Tue\\; and Wed; text:07860 077 333"
    assert _imported(_upload(admin, _to_csv(rows)), admin).startswith("Import finished: 1 changed")
    assert [p["note"] for p in _snapshot(portal, SERVICE_B)["phones"]] == ["Mon; Tue; and Wed", None]
    again = _export(admin)
    assert _row(_table(again), SERVICE_B)["phones"] == "voice:01522 510041:Mon\\; Tue\\; and Wed;text:07860 077333"
    assert _imported(_upload(admin, again), admin).startswith("Import finished: 0 changed")


def test_a_spreadsheets_empty_trailing_columns_and_blank_rows_are_ignored(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    table = list(csv.reader(io.StringIO(_export(admin).decode("utf-8-sig"), newline="")))
    padded = [cells + ["", ""] for cells in table] + [[""] * (len(COLUMNS) + 2)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(padded)
    message = _imported(_upload(admin, buffer.getvalue().encode()), admin)
    assert message == f"Import finished: 0 changed (0 new, 0 updated), {len(table) - 1} unchanged."
