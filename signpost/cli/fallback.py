"""`flask fallback build`: the pages victims get when the database, Redis or the app is down."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from signpost.dataset.errors import DatasetInvalid
from signpost.fallback.build import build

fallback_cli = AppGroup("fallback", help="Fallback pages with 999, 101 and each nation's helplines.")


def build_fallback_pages() -> None:
    """Build into SIGNPOST_FALLBACK_DIR from SIGNPOST_DATA_DIR, saying where; no database needed."""
    out_dir = Path(current_app.config["SIGNPOST_FALLBACK_DIR"])
    try:
        written = build(Path(current_app.config["SIGNPOST_DATA_DIR"]), out_dir)
    except DatasetInvalid as invalid:
        for error in invalid.errors:
            click.echo(f"ERROR {error}", err=True)
        raise click.ClickException("The data files have errors; the fallback pages were not rebuilt.") from None
    click.echo(f"Fallback pages: {len(written) - 1} pages and the web server's area map written to {out_dir}")


@fallback_cli.command("build")
def build_command() -> None:
    """Build the fallback pages from the data files alone (run after every data change)."""
    build_fallback_pages()
