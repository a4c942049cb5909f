"""`flask data load`: validate the curated files and load them, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from signpost.cli.fallback import build_fallback_pages
from signpost.dataset.errors import DatasetInvalid
from signpost.dataset.geo_tables import load_geo_tables
from signpost.dataset.loader import load
from signpost.dataset.schema import read_dataset
from signpost.directory.coverage_report import coverage_report
from signpost.extensions import current_session

data_cli = AppGroup("data", help="The curated dataset in data/.")


@data_cli.command("load")
@click.option("--commit", is_flag=True, help="Write the changes. Without it, nothing is saved (a dry run).")
def load_command(commit: bool) -> None:
    """Validate every data file and load them in one transaction."""
    data_dir = Path(current_app.config["SIGNPOST_DATA_DIR"])
    try:
        dataset = read_dataset(data_dir)
    except DatasetInvalid as invalid:
        for error in invalid.errors:
            click.echo(f"ERROR {error}", err=True)
        raise click.ClickException(f"{len(invalid.errors)} error(s) found; nothing was loaded.") from None
    session = current_session()
    try:
        geo = load_geo_tables(session, data_dir / "geo")
        report = load(session, dataset, data_dir / "geo")
        for filename, rows in geo.items():
            click.echo(f"geo/{filename}: {rows} rows loaded")
        for line in report.lines():
            click.echo(line)
        if commit:
            session.commit()
            click.echo("Committed.")
            build_fallback_pages()  # the pages victims get in an outage follow the data
        else:
            session.rollback()
            click.echo("Dry run: nothing was saved. Run again with --commit to save.")
    except Exception:
        session.rollback()
        raise


@data_cli.command("check")
def check_command() -> None:
    """Validate the data files without touching the database."""
    data_dir = Path(current_app.config["SIGNPOST_DATA_DIR"])
    try:
        dataset = read_dataset(data_dir)
    except DatasetInvalid as invalid:
        for error in invalid.errors:
            click.echo(f"ERROR {error}", err=True)
        raise click.ClickException(f"{len(invalid.errors)} error(s) found.") from None
    click.echo(
        f"OK: {len(dataset.crime_types)} crime types, {len(dataset.police_forces)} police forces, "
        f"{len(dataset.organisations)} organisations, {len(dataset.services)} services, "
        f"{len(dataset.advice)} advice items, {len(dataset.rights)} rights charters."
    )


@data_cli.command("coverage")
@click.option("--gaps", is_flag=True, help="List only crime type and police force area pairs with no local service.")
def coverage_command(gaps: bool) -> None:
    """How many local services cover each police force area, per crime type."""
    report = coverage_report(current_session())
    if gaps:
        missing = report.gaps()
        for crime, force in missing:
            click.echo(f"{force.name} ({force.code}): no local service for {crime.name}")
        click.echo(f"{len(missing)} gaps out of {len(report.forces) * len(report.crime_types)} pairs.")
        return
    width = max(len(f.name) for f in report.forces) if report.forces else 10
    header = " ".join(f"{c.slug[:6]:>6}" for c in report.crime_types)
    click.echo(f"{'police force':<{width}} {header}")
    for force in report.forces:
        row = " ".join(f"{report.count(c.slug, force.code):>6}" for c in report.crime_types)
        click.echo(f"{force.name:<{width}} {row}")
