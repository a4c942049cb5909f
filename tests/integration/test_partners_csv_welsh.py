"""The CSV's Welsh columns (name_cy, description_cy, eligibility_cy): imported and audited like the English,
checked cell by cell, and optional, so a file exported before they existed still imports."""

from __future__ import annotations

from flask import Flask

from tests.integration.test_partners_csv import COLUMNS, _export, _imported, _row, _snapshot, _table, _to_csv, _upload
from tests.support.partners import (
    ADMIN,
    RESULTS_URL,
    SERVICE_A,
    Browser,
    audit_events,
    change_service,
    page_text,
    signed_in_as,
    summary_errors,
)

pytest_plugins = ["tests.support.partners"]


def test_a_file_without_the_welsh_columns_keeps_each_listings_welsh(portal: Flask) -> None:
    """A file exported before the Welsh columns existed still imports, and leaves the Welsh as it is."""
    welsh = {"name_cy": "Dioddefwyr Swydd Lincoln", "description_cy": "Help am ddim i unrhyw un yn Swydd Lincoln."}
    change_service(portal, SERVICE_A, **welsh)
    admin = signed_in_as(portal, ADMIN)
    rows = [{k: v for k, v in r.items() if not k.endswith("_cy")} for r in _table(_export(admin))]
    _row(rows, SERVICE_A)["description"] = "Free help after any crime in Lincolnshire, now on Saturdays too."
    old_columns = [c for c in COLUMNS if not c.endswith("_cy")]
    assert "1 updated" in _imported(_upload(admin, _to_csv(rows, old_columns)), admin)
    after = _snapshot(portal, SERVICE_A)
    assert after["description"].endswith("now on Saturdays too.")
    assert (after["name_cy"], after["description_cy"]) == (welsh["name_cy"], welsh["description_cy"])


def test_welsh_columns_change_the_welsh_pages_and_are_audited(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    rows = _table(_export(admin))
    row = _row(rows, SERVICE_A)
    assert (row["name_cy"], row["description_cy"], row["eligibility_cy"]) == ("", "", "")
    row |= {
        "name_cy": "Dioddefwyr Swydd Lincoln",
        "description_cy": "Help am ddim i unrhyw un yn Swydd Lincoln.\nAr agor ar ddydd Sadwrn hefyd.",
        "eligibility_cy": "Dioddefwyr a thystion unrhyw drosedd yn Swydd Lincoln",
    }
    _row(rows, "victim-support-supportline")["eligibility_cy"] = ""  # an empty cell takes the Welsh away
    assert "2 updated" in _imported(_upload(admin, _to_csv(rows)), admin)

    after = _snapshot(portal, SERVICE_A)
    assert after["name_cy"] == "Dioddefwyr Swydd Lincoln"
    assert after["description_cy"] == "Help am ddim i unrhyw un yn Swydd Lincoln. Ar agor ar ddydd Sadwrn hefyd."
    assert _snapshot(portal, "victim-support-supportline").get("eligibility_cy") is None
    events = {e["after"]["name"]: e for e in audit_events(portal, "csv_import_updated")}
    assert events[after["name"]]["before"].get("name_cy") is None
    assert events[after["name"]]["after"]["name_cy"] == "Dioddefwyr Swydd Lincoln"
    log = page_text(admin.get("/partners/admin/audit"))
    assert "Who can use it, in Welsh Unrhyw un y mae trosedd wedi effeithio arno yng Nghymru a Lloegr" in log
    assert "Dioddefwyr Swydd Lincoln" in page_text(Browser(portal).get("/cy" + RESULTS_URL))

    again = _export(admin)
    assert _row(_table(again), SERVICE_A)["name_cy"] == "Dioddefwyr Swydd Lincoln"
    assert _imported(_upload(admin, again), admin).startswith("Import finished: 0 changed")


def test_a_bad_welsh_cell_names_its_row_and_column(portal: Flask) -> None:
    admin = signed_in_as(portal, ADMIN)
    original = _export(admin)
    rows = _table(original)
    rows[0]["name_cy"] = "Gwasanaeth " * 19
    rows[1] |= {"eligibility": "", "eligibility_cy": "Unrhyw un"}
    rows[2]["name_cy"] = "Dioddefwyr\tSwydd Lincoln"
    rows[3]["description_cy"] = "Help am ddim\x00"
    response = _upload(admin, _to_csv(rows))
    assert summary_errors(response.get_data(as_text=True)) == [
        "Row 2, name_cy: must be 200 characters or fewer (it has 208)",
        "Row 3, eligibility_cy: is Welsh for eligibility, which is empty: give the English too",
        "Row 4, name_cy: must be on one line (it has a tab in it)",
        "Row 5, description_cy: must not contain a NUL character",
    ]
    assert _export(admin) == original
