"""Checks on the real curated dataset (issue: the dataset is the product; a wrong number harms someone)."""

from __future__ import annotations

import csv
from collections import Counter
from urllib.parse import urlsplit

import phonenumbers
import pytest
import yaml
from flask import Flask
from sqlalchemy import select

from signpost.config import PROJECT_ROOT
from signpost.dataset.fields import SHORT_CODES
from signpost.extensions import db
from signpost.models import LocalAuthority, PoliceForce, PostcodeDistrict, PostcodeSector
from tests.conftest import curated_dataset

DATA = PROJECT_ROOT / "data"
DATASET = curated_dataset()


def test_every_police_force_area_resolves_to_a_force(app: Flask) -> None:
    forces = {f.code for f in db.session.scalars(select(PoliceForce))}
    with (DATA / "geo" / "police_force_areas.csv").open() as handle:
        areas = {row["pfa_code"] for row in csv.DictReader(handle)}
    uk_areas = {code for code in areas if not code.endswith("99999999")}
    assert len(uk_areas) == 45
    assert uk_areas == forces
    for model in (LocalAuthority, PostcodeSector, PostcodeDistrict):
        used = set(db.session.scalars(select(model.pfa_code).distinct())) - {None}
        missing = {code for code in used if code not in forces and not code.endswith("99999999")}
        assert not missing, f"{model.__name__} refers to unknown forces {missing}"


def test_every_phone_number_is_a_valid_uk_number_in_one_format() -> None:
    for service in DATASET.services:
        for phone in service.phones:
            if phone.number in SHORT_CODES:
                continue
            parsed = phonenumbers.parse(phone.number, "GB")
            assert phonenumbers.is_valid_number(parsed), (service.slug, phone.number)
            national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
            assert phone.number == national, (service.slug, phone.number)
            assert phone.dial.isdigit(), (service.slug, phone.dial)


def all_urls() -> list[tuple[str, str]]:
    urls = []
    for service in DATASET.services:
        urls += [(service.slug, u) for u in (service.website, service.source_url) if u]
    for organisation in DATASET.organisations:
        urls += [(organisation.slug, u) for u in (organisation.website, organisation.source_url) if u]
    for force in DATASET.police_forces:
        urls += [(force.code, u) for u in (force.website, force.report_online_url, force.source_url) if u]
    urls += [(f"advice {a.crime_type}", a.source_url) for a in DATASET.advice]
    urls += [(f"rights {r.jurisdiction}", r.source_url) for r in DATASET.rights]
    return urls


@pytest.mark.parametrize(("owner", "url"), all_urls())
def test_every_url_is_https_and_well_formed(owner: str, url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme == "https", owner
    assert parts.netloc and "." in parts.netloc and " " not in url, owner


def test_no_duplicate_ids_across_files() -> None:
    raw_ids: Counter[str] = Counter()
    for path in sorted((DATA / "services").glob("*.yaml")):
        content = yaml.safe_load(path.read_text())
        raw_ids.update(f"service:{s['id']}" for s in content.get("services", []))
        raw_ids.update(f"organisation:{o['id']}" for o in content.get("organisations", []))
    assert [key for key, n in raw_ids.items() if n > 1] == []


def test_every_record_is_sourced_and_dated() -> None:
    for record in [*DATASET.services, *DATASET.organisations, *DATASET.police_forces, *DATASET.rights]:
        assert record.source_url and record.checked_on, record
    for service in DATASET.services:
        assert service.verification in {"verified", "secondary"}, service.slug
    for advice in DATASET.advice:
        assert advice.source_url and advice.checked_on


def test_met_and_lincolnshire_have_local_support_for_every_crime_type(app: Flask) -> None:
    from signpost.directory.coverage_report import coverage_report

    report = coverage_report(db.session)
    for force in ("E23000001", "E23000020"):
        missing = [c.slug for c in report.crime_types if report.count(c.slug, force) == 0]
        assert missing == [], force
