"""`flask data load`: validate the curated files and load them, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from signpost.dataset.errors import DatasetInvalid
from signpost.dataset.geo_tables import load_geo_tables
from signpost.dataset.loader import load
from signpost.dataset.schema import read_dataset
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
