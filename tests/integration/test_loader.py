"""The curated-data loader through `flask data load`: dry run, commit, idempotency, updates, retirement,
validation errors and partner-edit conflicts. Small data directories are written in tmp_path."""

from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select

from signpost.config import PROJECT_ROOT
from signpost.dataset.errors import DatasetInvalid
from signpost.dataset.schema import read_dataset
from signpost.directory.reference import CharterNote, load_reference
from signpost.directory.search import crime_type, find_support
from signpost.extensions import db
from signpost.geo.places import Place, resolve
from signpost.models import (
    Advice,
    CrimeType,
    Organisation,
    PoliceForce,
    PostcodeDistrict,
    RightsCharter,
    RightsNote,
    Service,
)

REAL_DATA = PROJECT_ROOT / "data"
CHECKED = date(2026, 11, 1)
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)

CRIME_TYPES: dict[str, Any] = {
    "crime_types": [
        {"slug": "burglary", "name": "Burglary", "hint": "Someone broke into your home", "sensitive": False},
        {"slug": "domestic-abuse", "name": "Domestic abuse", "sensitive": True},
    ]
}
POLICE_FORCES: dict[str, Any] = {
    "police_forces": [
        {
            "code": "E23000020",
            "name": "Lincolnshire Police",
            "nation": "england",
            "website": "https://www.lincs.police.uk",
            "report_online_url": "https://www.lincs.police.uk/ro/report/",
            "source_url": "https://www.lincs.police.uk/",
            "checked_on": CHECKED,
            "verification": "verified",
        }
    ]
}
SERVICES: dict[str, Any] = {
    "organisations": [
        {
            "id": "test-charity",
            "name": "Test Charity",
            "website": "https://www.test-charity.org.uk",
            "source_url": "https://www.test-charity.org.uk/about",
            "checked_on": CHECKED,
        }
    ],
    "services": [
        {
            "id": "test-helpline",
            "organisation": "test-charity",
            "name": "Test Helpline",
            "description": "Free support for anyone affected by crime.",
            "website": "https://www.test-charity.org.uk/helpline",
            "crime_types": ["any"],
            "audience": ["victims"],
            "purpose": "victim-support",
            "areas": [{"kind": "nation", "code": "england"}, {"kind": "nation", "code": "wales"}],
            "phones": [{"kind": "voice", "number": "0808 168 9111", "note": "Free"}],
            "hours": {"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "08:00", "closes": "20:00"}]},
            "verification": "verified",
            "source_url": "https://www.test-charity.org.uk/helpline",
            "checked_on": CHECKED,
        },
        {
            "id": "test-lincoln-burglary",
            "organisation": "test-charity",
            "name": "Lincoln Burglary Support",
            "description": "Help after a burglary in Lincoln.",
            "crime_types": ["burglary"],
            "audience": ["victims"],
            "purpose": "specialist-support",
            "areas": [
                {"kind": "police_force_area", "code": "E23000020"},
                {"kind": "radius", "location": "lincoln-office", "miles": 10},
            ],
            "phones": [{"kind": "voice", "number": "01522 532222"}],
            "locations": [
                {
                    "id": "lincoln-office",
                    "name": "Lincoln office",
                    "address": "1 Example Street, Lincoln",
                    "postcode": "LN1 1AA",
                    "latitude": 53.2343,
                    "longitude": -0.5361,
                }
            ],
            "verification": "secondary",
            "source_url": "https://www.test-charity.org.uk/lincoln",
            "checked_on": CHECKED,
        },
    ],
}
ADVICE: dict[str, Any] = {
    "crime_type": "burglary",
    "checked_on": CHECKED,
    "next_steps": [
        {"text": "Call 999 if the burglar is still there.", "source_url": "https://www.police.uk/a", "nations": ["uk"]}
    ],
    "prevention": [{"text": "Lock doors and windows.", "source_url": "https://www.police.uk/b", "nations": ["uk"]}],
}
RIGHTS: dict[str, Any] = {
    "rights": [
        {
            "jurisdiction": "england-wales",
            "title": "The Victims' Code",
            "source_url": "https://www.gov.uk/victims-code",
            "checked_on": CHECKED,
            "items": [{"title": "To be understood", "text": "Help to understand and be understood."}],
        }
    ]
}


def write_yaml(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return small_data_dir(tmp_path)


def small_data_dir(tmp_path: Path) -> Path:
    """A small, valid data directory named `data`, using the real geography tables."""
    root = tmp_path / "data"
    root.mkdir()
    (root / "geo").symlink_to(REAL_DATA / "geo", target_is_directory=True)
    write_yaml(root / "crime_types.yaml", CRIME_TYPES)
    write_yaml(root / "police_forces.yaml", POLICE_FORCES)
    write_yaml(root / "services" / "x.yaml", SERVICES)
    write_yaml(root / "advice" / "burglary.yaml", ADVICE)
    write_yaml(root / "rights.yaml", RIGHTS)
    return root


@pytest.fixture
def app(empty_app: Flask, data_dir: Path, tmp_path: Path) -> Flask:
    """The empty app (its own migrated database) reading the small data directory. A committed load rebuilds
    the fallback pages: from this small dataset they go to a directory of the test's own, never to the
    session's pages that other tests read."""
    empty_app.config["SIGNPOST_DATA_DIR"] = str(data_dir)
    empty_app.config["SIGNPOST_FALLBACK_DIR"] = str(tmp_path / "fallback")
    return empty_app


def run_load(app: Flask, *args: str) -> Result:
    db.session.rollback()  # start from what is committed, as a separate `flask data load` process would
    result = app.test_cli_runner().invoke(args=["data", "load", *args])
    db.session.rollback()
    return result


def counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (CrimeType, PoliceForce, Organisation, Service, Advice, RightsCharter, PostcodeDistrict)
    }


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = [tuple(row) for row in rows]
    return out


def service(slug: str) -> Service:
    found = db.session.scalar(select(Service).where(Service.slug == slug))
    assert found is not None, slug
    return found


def lincoln() -> Place:
    found = resolve(db.session, "LN1 3AA")
    assert isinstance(found, Place)
    return found


def summary(result: Result) -> str:
    return next(line for line in result.output.splitlines() if " created, " in line)


# --- dry run and commit ----------------------------------------------------------------------------------


def test_dry_run_reports_what_would_change_and_writes_nothing(app: Flask) -> None:
    result = run_load(app)
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was saved" in result.output
    assert "created: service test-helpline" in result.output
    assert "created: service test-lincoln-burglary" in result.output
    assert all(n == 0 for n in counts().values()), counts()


def test_commit_writes_everything(app: Flask) -> None:
    result = run_load(app, "--commit")
    assert result.exit_code == 0, result.output
    assert "Committed." in result.output
    written = counts()
    assert written.pop("PostcodeDistrict") == 3117  # every UK postcode district in data/geo
    assert written == {
        "CrimeType": 2,
        "PoliceForce": 1,
        "Organisation": 1,
        "Service": 2,
        "Advice": 2,
        "RightsCharter": 1,
    }
    helpline = service("test-helpline")
    assert helpline.status == "active"
    assert helpline.all_crime_types
    assert [(p.number, p.dial) for p in helpline.phones] == [("0808 168 9111", "08081689111")]
    assert [(h.weekday, h.opens.hour, h.closes.hour) for h in helpline.opening_hours] == [
        (day, 8, 20) for day in range(5)
    ]
    local = service("test-lincoln-burglary")
    assert [c.slug for c in local.crime_types] == ["burglary"]
    assert local.verification == "secondary"
    assert sorted(a.kind for a in local.areas) == ["police_force_area", "radius"]
    radius = next(a for a in local.areas if a.kind == "radius")
    assert radius.location_id == local.locations[0].id
    assert (radius.latitude, radius.longitude) == (local.locations[0].latitude, local.locations[0].longitude)
    force = db.session.get(PoliceForce, "E23000020")
    assert force is not None and force.name == "Lincolnshire Police" and force.police_uk_id == "lincolnshire"


def test_loaded_services_are_found_by_search(app: Flask) -> None:
    assert run_load(app, "--commit").exit_code == 0
    burglary = crime_type(db.session, "burglary")
    assert burglary is not None
    results = find_support(db.session, burglary, lincoln(), NOW)
    assert [r.service.slug for r in results.national] == ["test-helpline"]
    assert [r.service.slug for r in results.local] == ["test-lincoln-burglary"]
    assert results.police_force is not None and results.police_force.code == "E23000020"
    assert [a.text for a in results.next_steps] == ["Call 999 if the burglar is still there."]


# --- idempotency and changes -----------------------------------------------------------------------------


def test_loading_twice_changes_nothing(app: Flask) -> None:
    assert run_load(app, "--commit").exit_code == 0
    before = snapshot()
    again = run_load(app, "--commit")
    assert again.exit_code == 0, again.output
    assert summary(again).startswith("0 created, 0 updated, ")
    assert summary(again).endswith(" 0 retired, 0 conflicts")
    assert "geo/" not in again.output  # the geography files did not change either
    assert snapshot() == before


def test_changing_a_record_updates_it_in_place(app: Flask, data_dir: Path) -> None:
    assert run_load(app, "--commit").exit_code == 0
    original_id = service("test-helpline").id
    changed = copy.deepcopy(SERVICES)
    changed["services"][0]["name"] = "Test Helpline (renamed)"
    changed["services"][0]["phones"] = [{"kind": "voice", "number": "+44 808 168 9112"}]
    write_yaml(data_dir / "services" / "x.yaml", changed)

    result = run_load(app, "--commit")
    assert result.exit_code == 0, result.output
    assert summary(result).startswith("0 created, 1 updated, ")
    assert "updated: service test-helpline" in result.output
    assert "test-lincoln-burglary" not in result.output
    helpline = service("test-helpline")
    assert helpline.id == original_id
    assert helpline.name == "Test Helpline (renamed)"
    assert [p.number for p in helpline.phones] == ["0808 168 9112"]


def test_a_dry_run_of_a_change_leaves_the_old_record(app: Flask, data_dir: Path) -> None:
    assert run_load(app, "--commit").exit_code == 0
    changed = copy.deepcopy(SERVICES)
    changed["services"][0]["name"] = "Not saved"
    write_yaml(data_dir / "services" / "x.yaml", changed)
    result = run_load(app)
    assert "updated: service test-helpline" in result.output
    assert service("test-helpline").name == "Test Helpline"


def test_removing_a_service_retires_it_and_search_never_shows_it(app: Flask, data_dir: Path) -> None:
    assert run_load(app, "--commit").exit_code == 0
    changed = copy.deepcopy(SERVICES)
    changed["services"] = [s for s in changed["services"] if s["id"] != "test-lincoln-burglary"]
    write_yaml(data_dir / "services" / "x.yaml", changed)

    result = run_load(app, "--commit")
    assert result.exit_code == 0, result.output
    assert "retired: service test-lincoln-burglary" in result.output
    assert " 1 retired, " in summary(result)
    retired = service("test-lincoln-burglary")  # the row is still there
    assert retired.status == "retired"
    assert [p.number for p in retired.phones] == ["01522 532222"]

    burglary = crime_type(db.session, "burglary")
    assert burglary is not None
    results = find_support(db.session, burglary, lincoln(), NOW)
    shown = {r.service.slug for r in results.national + results.local}
    assert shown == {"test-helpline"}
    for nation in ("england", "wales", None):
        by_nation = find_support(db.session, burglary, None, NOW, nation=nation)
        assert "test-lincoln-burglary" not in {r.service.slug for r in by_nation.national + by_nation.local}

    # Loading again leaves it retired and reports nothing new.
    again = run_load(app, "--commit")
    assert summary(again).startswith("0 created, 0 updated, ")
    assert service("test-lincoln-burglary").status == "retired"


def test_a_retired_service_put_back_in_the_file_comes_back(app: Flask, data_dir: Path) -> None:
    assert run_load(app, "--commit").exit_code == 0
    without = copy.deepcopy(SERVICES)
    without["services"] = without["services"][:1]
    write_yaml(data_dir / "services" / "x.yaml", without)
    assert run_load(app, "--commit").exit_code == 0
    write_yaml(data_dir / "services" / "x.yaml", SERVICES)
    result = run_load(app, "--commit")
    assert "updated: service test-lincoln-burglary" in result.output
    assert service("test-lincoln-burglary").status == "active"


# --- validation errors -----------------------------------------------------------------------------------


def test_a_file_with_several_errors_loads_nothing_and_names_every_bad_field(app: Flask, data_dir: Path) -> None:
    broken = copy.deepcopy(SERVICES)
    bad = broken["services"][1]
    bad["phones"] = [{"kind": "voice", "number": "0808 168 911"}]  # a digit short
    bad["website"] = "http://www.test-charity.org.uk/lincoln"  # not https
    bad["crime_types"] = ["burglary", "teleportation"]  # unknown crime type
    del bad["checked_on"]  # missing
    bad["areas"] = [{"kind": "police_force_area", "code": "E23999999"}]  # unknown area code
    write_yaml(data_dir / "services" / "x.yaml", broken)
    duplicate = {"organisations": [], "services": [copy.deepcopy(SERVICES["services"][0])]}
    write_yaml(data_dir / "services" / "y.yaml", duplicate)

    result = run_load(app, "--commit")
    assert result.exit_code != 0
    output = result.output
    expected = [
        "ERROR data/services/x.yaml: test-lincoln-burglary > phones[1]: number: '0808 168 911' is not a valid UK",
        "ERROR data/services/x.yaml: test-lincoln-burglary: website: must start with https://",
        "ERROR data/services/x.yaml: test-lincoln-burglary: crime_types: 'teleportation' is not a crime type",
        "ERROR data/services/x.yaml: test-lincoln-burglary: checked_on: is required",
        "ERROR data/services/x.yaml: test-lincoln-burglary > areas[1]: code: 'E23999999' is not a known",
        "ERROR data/services/y.yaml: test-helpline: id: service id 'test-helpline' is used more than once",
    ]
    for line in expected:
        assert line in output, f"{line!r} not in:\n{output}"
    assert re.search(r"Error: \d+ error\(s\) found; nothing was loaded\.", output)
    assert "Committed." not in output
    assert all(n == 0 for n in counts().values()), counts()


def test_who_and_what_a_service_is_for_are_checked_against_the_vocabulary(app: Flask, data_dir: Path) -> None:
    broken = copy.deepcopy(SERVICES)
    helpline, local = broken["services"]
    del helpline["audience"]
    helpline["purpose"] = "cheering-up"
    helpline["phones"] = [{"kind": "voice", "number": "0808 168 9111", "keyword": "HELP"}]
    local["audience"] = ["victims", "ghosts"]
    local["focus"] = ["aliens"]
    write_yaml(data_dir / "services" / "x.yaml", broken)
    advice = copy.deepcopy(ADVICE)
    del advice["next_steps"][0]["nations"]
    advice["prevention"][0]["nations"] = ["england", "narnia"]
    advice["prevention"][0]["audience"] = ["burglars"]
    write_yaml(data_dir / "advice" / "burglary.yaml", advice)

    result = run_load(app, "--commit")
    assert result.exit_code != 0
    for line in [
        "ERROR data/services/x.yaml: test-helpline: audience: is required",
        "ERROR data/services/x.yaml: test-helpline: purpose: must be one of victim-support, specialist-support",
        "ERROR data/services/x.yaml: test-helpline > phones[1]: keyword: is only for text message numbers",
        "ERROR data/services/x.yaml: test-lincoln-burglary: audience: must be a list of victims, witnesses",
        "(got ['ghosts'])",
        "ERROR data/services/x.yaml: test-lincoln-burglary: focus: must be a list of women, men",
        "ERROR data/advice/burglary.yaml: next_steps[1]: nations: is required",
        "ERROR data/advice/burglary.yaml: prevention[1]: nations: must be a list of england, wales",
        "ERROR data/advice/burglary.yaml: prevention[1]: audience: must be a list of victims, neighbours",
    ]:
        assert line in result.output, f"{line!r} not in:\n{result.output}"
    assert all(n == 0 for n in counts().values()), counts()


def test_relevance_fields_and_text_keywords_are_loaded(app: Flask, data_dir: Path) -> None:
    content = copy.deepcopy(SERVICES)
    content["services"][0] |= {
        "audience": ["victims", "witnesses"],
        "focus": ["older-people"],
        "phones": [{"kind": "text", "number": "85258", "keyword": "SHOUT"}],
    }
    write_yaml(data_dir / "services" / "x.yaml", content)
    advice = copy.deepcopy(ADVICE)
    advice["prevention"][0] |= {"nations": ["scotland", "wales"], "audience": ["victims", "neighbours"]}
    write_yaml(data_dir / "advice" / "burglary.yaml", advice)
    assert run_load(app, "--commit").exit_code == 0
    helpline = service("test-helpline")
    assert (helpline.audience, helpline.purpose, helpline.focus) == (
        "victims,witnesses",
        "victim-support",
        "older-people",
    )
    assert [(p.kind, p.dial, p.keyword) for p in helpline.phones] == [("text", "85258", "SHOUT")]
    assert service("test-lincoln-burglary").focus is None
    prevention = db.session.scalars(select(Advice).where(Advice.kind == "prevention")).one()
    assert (prevention.nations, prevention.audience) == ("scotland,wales", "victims,neighbours")
    next_step = db.session.scalars(select(Advice).where(Advice.kind == "next_step")).one()
    assert (next_step.nations, next_step.audience) == ("england,wales,scotland,northern-ireland", "victims")


def test_errors_in_other_files_name_them(app: Flask, data_dir: Path) -> None:
    crimes = copy.deepcopy(CRIME_TYPES)
    crimes["crime_types"].append({"slug": "Bad Slug", "name": "Bad"})
    write_yaml(data_dir / "crime_types.yaml", crimes)
    forces = copy.deepcopy(POLICE_FORCES)
    forces["police_forces"][0]["website"] = "https://"
    write_yaml(data_dir / "police_forces.yaml", forces)
    advice = copy.deepcopy(ADVICE)
    advice["prevention"][0]["colour"] = "red"
    write_yaml(data_dir / "advice" / "burglary.yaml", advice)
    rights = copy.deepcopy(RIGHTS)
    rights["rights"][0]["jurisdiction"] = "wales"
    write_yaml(data_dir / "rights.yaml", rights)

    result = run_load(app)
    assert result.exit_code != 0
    for line in [
        "ERROR data/crime_types.yaml: Bad Slug: slug: must be lower-case words",
        "ERROR data/police_forces.yaml: E23000020: website: is not a well-formed web address",
        "ERROR data/advice/burglary.yaml: prevention[1]: colour: is not a known field",
        "ERROR data/rights.yaml: wales: jurisdiction: must be one of",
    ]:
        assert line in result.output, f"{line!r} not in:\n{result.output}"


def test_a_duplicate_id_in_the_same_file_is_reported(data_dir: Path) -> None:
    doubled = copy.deepcopy(SERVICES)
    doubled["services"].append(copy.deepcopy(SERVICES["services"][0]))
    write_yaml(data_dir / "services" / "x.yaml", doubled)
    with pytest.raises(DatasetInvalid) as raised:
        read_dataset(data_dir)
    assert [(e.file, e.record, e.field) for e in raised.value.errors] == [
        ("data/services/x.yaml", "test-helpline", "id")
    ]


def test_data_check_reports_ok_for_a_valid_directory(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["data", "check"])
    assert result.exit_code == 0, result.output
    assert "OK: 2 crime types, 1 police forces, 1 organisations, 2 services" in result.output
    assert counts()["Service"] == 0


# --- rights: "also good to know" notes ---------------------------------------------------------------------

NOTE = {
    "title": "You can get support even if you do not report the crime",
    "text": "Support services can help you, even if you never tell the police.",
    "source_url": "https://www.example.org/victims-code",
}


def rights_with(*notes: dict[str, Any]) -> dict[str, Any]:
    rights = copy.deepcopy(RIGHTS)
    rights["rights"][0]["also"] = [dict(n) for n in notes]
    return rights


def test_a_rights_note_is_loaded_apart_from_the_rights(app: Flask, data_dir: Path) -> None:
    write_yaml(data_dir / "rights.yaml", rights_with(NOTE))
    assert run_load(app, "--commit").exit_code == 0

    charter = db.session.get(RightsCharter, "england-wales")
    assert charter is not None
    assert [r.title for r in charter.items] == ["To be understood"]  # never counted as a right
    assert [(n.position, n.title, n.text, n.source_url) for n in charter.also] == [
        (0, NOTE["title"], NOTE["text"], NOTE["source_url"])
    ]
    shown = load_reference(db.session).charters["england-wales"]
    assert len(shown.items) == 1
    assert shown.also == (CharterNote(NOTE["title"], NOTE["text"], NOTE["source_url"]),)

    page = app.test_client().get("/rights").get_data(as_text=True)
    rights_list = page.split('<ol class="govuk-list govuk-list--number">', 1)[1].split("</ol>", 1)
    assert NOTE["title"] not in rights_list[0]
    assert "Also good to know" in rights_list[1] and NOTE["text"] in rights_list[1]


def test_rights_notes_reload_idempotently_and_follow_the_file(app: Flask, data_dir: Path) -> None:
    write_yaml(data_dir / "rights.yaml", rights_with(NOTE))
    run_load(app, "--commit")
    again = run_load(app, "--commit")
    assert "rights england-wales" not in again.output, again.output

    write_yaml(data_dir / "rights.yaml", rights_with({**NOTE, "text": "New wording."}))
    changed = run_load(app, "--commit")
    assert "updated: rights england-wales" in changed.output, changed.output
    charter = db.session.get(RightsCharter, "england-wales")
    assert charter is not None and [n.text for n in charter.also] == ["New wording."]

    write_yaml(data_dir / "rights.yaml", RIGHTS)  # no `also`: the note goes
    assert "updated: rights england-wales" in run_load(app, "--commit").output
    assert db.session.scalar(select(func.count()).select_from(RightsNote)) == 0
    assert load_reference(db.session).charters["england-wales"].also == ()


def test_a_rights_note_needs_a_title_text_and_https_source(data_dir: Path) -> None:
    write_yaml(
        data_dir / "rights.yaml",
        rights_with(
            {"title": "No source", "text": "Words."},
            {**NOTE, "source_url": "http://example.org/"},
            {**NOTE, "text": ""},
        ),
    )
    with pytest.raises(DatasetInvalid) as raised:
        read_dataset(data_dir)
    assert [(e.file, e.record, e.field) for e in raised.value.errors] == [
        ("data/rights.yaml", "england-wales > also[1]", "source_url"),
        ("data/rights.yaml", "england-wales > also[2]", "source_url"),
        ("data/rights.yaml", "england-wales > also[3]", "text"),
    ]


def test_the_victims_code_lists_exactly_its_12_rights() -> None:
    rights = {r.jurisdiction: r for r in read_dataset(REAL_DATA).rights}
    victims_code = rights["england-wales"]
    assert len(victims_code.items) == 12
    assert all("do not report" not in i.title for i in victims_code.items)
    assert [n.title for n in victims_code.also] == ["You can get support even if you do not report the crime"]
    assert all(n.source_url.startswith("https://") for r in rights.values() for n in r.also)


# --- partner edits ---------------------------------------------------------------------------------------


def test_a_partner_edit_is_never_overwritten_and_the_conflict_is_reported(app: Flask, data_dir: Path) -> None:
    assert run_load(app, "--commit").exit_code == 0
    edited = service("test-helpline")
    edited.name = "Test Helpline (as the charity wrote it)"
    edited.partner_edited_at = datetime(2026, 11, 20, 10, 0)
    db.session.commit()

    changed = copy.deepcopy(SERVICES)
    changed["services"][0]["name"] = "Test Helpline (from the file)"
    changed["services"][1]["name"] = "Lincoln Burglary Support (renamed)"
    write_yaml(data_dir / "services" / "x.yaml", changed)

    result = run_load(app, "--commit")
    assert result.exit_code == 0, result.output
    assert "CONFLICT" in result.output
    conflict = next(line for line in result.output.splitlines() if "CONFLICT" in line)
    assert "service test-helpline" in conflict
    assert "2026-11-20" in conflict
    assert " 1 conflicts" in summary(result)
    assert service("test-helpline").name == "Test Helpline (as the charity wrote it)"
    # Other records in the same file still load.
    assert service("test-lincoln-burglary").name == "Lincoln Burglary Support (renamed)"


def test_a_partner_edited_service_with_an_unchanged_file_is_not_a_conflict(app: Flask) -> None:
    assert run_load(app, "--commit").exit_code == 0
    edited = service("test-helpline")
    edited.name = "Edited by the charity"
    edited.partner_edited_at = datetime(2026, 11, 20, 10, 0)
    db.session.commit()
    result = run_load(app, "--commit")
    assert "CONFLICT" not in result.output
    assert service("test-helpline").name == "Edited by the charity"


def test_a_partner_edited_service_removed_from_the_files_is_not_retired_silently(app: Flask, data_dir: Path) -> None:
    assert run_load(app, "--commit").exit_code == 0
    service("test-lincoln-burglary").partner_edited_at = datetime(2026, 11, 20, 10, 0)
    db.session.commit()
    without = copy.deepcopy(SERVICES)
    without["services"] = without["services"][:1]
    write_yaml(data_dir / "services" / "x.yaml", without)

    result = run_load(app, "--commit")
    assert result.exit_code == 0, result.output
    conflict = next(line for line in result.output.splitlines() if "CONFLICT" in line)
    assert "service test-lincoln-burglary" in conflict
    assert "retired: service test-lincoln-burglary" not in result.output
    assert service("test-lincoln-burglary").status == "active"


# --- the real dataset ------------------------------------------------------------------------------------


def test_the_real_dataset_validates() -> None:
    try:
        dataset = read_dataset(REAL_DATA)
    except DatasetInvalid as invalid:  # pragma: no cover - shows every error when it fails
        pytest.fail("\n".join(str(e) for e in invalid.errors))
    assert len(dataset.crime_types) >= 10
    assert {c.slug for c in dataset.crime_types} >= {"burglary", "domestic-abuse"}
    assert len(dataset.police_forces) >= 45
    assert {f.nation for f in dataset.police_forces} == {"england", "wales", "scotland", "northern-ireland"}
    assert len(dataset.services) >= 20
    assert {a.crime_type for a in dataset.advice} == {c.slug for c in dataset.crime_types}
    assert {r.jurisdiction for r in dataset.rights} == {"england-wales", "scotland", "northern-ireland"}
    assert all(s.source_url.startswith("https://") and s.checked_on for s in dataset.services)
