"""The coverage report counts local services per crime type and police force area; national ones do not count."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from signpost.directory.coverage_report import coverage_report
from signpost.extensions import db
from signpost.models import CrimeType, Organisation, Service, ServiceArea

LINCS, MET = "E23000020", "E23000001"


def add_service(slug: str, areas: list[ServiceArea], crimes: list[str] | None) -> None:
    organisation = Organisation(slug=f"org-{slug}", name="Test organisation")
    service = Service(slug=slug, name=slug, organisation=organisation, areas=areas, all_crime_types=crimes is None)
    if crimes:
        service.crime_types = list(db.session.scalars(select(CrimeType).where(CrimeType.slug.in_(crimes))))
    db.session.add(service)
    db.session.flush()


def test_counts_local_services_by_force_and_crime(app: Flask) -> None:
    before = coverage_report(db.session)
    add_service("lincs-burglary", [ServiceArea(kind="police_force_area", code=LINCS)], ["burglary"])
    add_service("lincoln-council", [ServiceArea(kind="local_authority", code="E07000138")], None)  # City of Lincoln
    add_service("uk-wide", [ServiceArea(kind="uk")], None)
    report = coverage_report(db.session)
    assert report.count("burglary", LINCS) == before.count("burglary", LINCS) + 2
    assert report.count("fraud", LINCS) == before.count("fraud", LINCS) + 1
    assert report.count("burglary", MET) == before.count("burglary", MET)  # a UK-wide service is not local
    gaps = {(c.slug, f.code) for c, f in report.gaps()}
    assert ("burglary", LINCS) not in gaps


def test_cli_lists_gaps(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["data", "coverage", "--gaps"])
    assert result.exit_code == 0, result.output
    assert "gaps out of 630 pairs" in result.output
