"""`flask geo import FILE`: load a full-postcode file (Code-Point CSV or ONSPD/NSPL) into the postcode table."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from signpost.extensions import current_session
from signpost.geo.postcode_files import UnknownPostcodeLayout
from signpost.geo.postcode_import import import_postcodes

geo_cli = AppGroup("geo", help="Postcode geography.")


@geo_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Replace the full-postcode table with the live postcodes in PATH (.csv or .csv.gz)."""
    session = current_session()
    try:
        stats = import_postcodes(
            session,
            path,
            progress=lambda n: click.echo(f"  {n:,} postcodes written", err=True) if n % 100_000 == 0 else None,
        )
        session.commit()
    except UnknownPostcodeLayout as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from None
    except Exception:
        session.rollback()
        raise
    click.echo(
        f"Imported {stats.rows_yielded:,} postcodes from {stats.rows_read:,} rows "
        f"({stats.terminated_skipped:,} terminated and {stats.malformed_skipped:,} malformed skipped; "
        f"{stats.no_coordinates:,} without coordinates)."
    )
