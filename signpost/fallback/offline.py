"""What victim pages can still use when the database is away: the curated files, read once per process."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from signpost.dataset.records import Dataset
from signpost.dataset.schema import read_dataset
from signpost.directory.reference import Crime
from signpost.directory.search import crime_type, crime_types

# Debug only: the request that fails later logs its one line; a question page shown from the files is no failure.
log = logging.getLogger(__name__)
_datasets: dict[Path, Dataset] = {}
_lock = threading.Lock()


def curated_dataset() -> Dataset:
    """The validated data files, read the first time something needs them in this process."""
    data_dir = Path(current_app.config["SIGNPOST_DATA_DIR"])
    found = _datasets.get(data_dir)
    if found is None:
        with _lock:
            found = _datasets.get(data_dir)
            if found is None:
                found = _datasets[data_dir] = read_dataset(data_dir)
    return found


_crimes: dict[Path, list[Crime]] = {}


def curated_crime_types() -> list[Crime]:
    """The crime types in data/crime_types.yaml, read once per process.

    Only that file: checking the whole dataset takes about a second, too long for the first victim
    request of each worker in an outage. It was checked in full when it was loaded into the database.
    """
    path = Path(current_app.config["SIGNPOST_DATA_DIR"]) / "crime_types.yaml"
    found = _crimes.get(path)
    if found is None:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))["crime_types"]
        found = _crimes[path] = [
            Crime(
                c["slug"], c["name"], c.get("hint"), bool(c.get("sensitive", False)), c.get("name_cy"), c.get("hint_cy")
            )
            for c in raw
        ]
    return found


def rollback_quietly(session: Session) -> None:
    """Roll back after a database error; a connection that is already gone may fail that too."""
    try:
        session.rollback()
    except SQLAlchemyError:
        pass


def crime_types_or_curated(session: Session) -> list[Crime]:
    """The crime types from the database, or from the data files when the database cannot be read."""
    try:
        return crime_types(session)
    except SQLAlchemyError as error:
        rollback_quietly(session)
        log.debug("Crime types read from the data files: the database failed (%s)", type(error).__name__)
        return curated_crime_types()


def crime_type_or_curated(session: Session, slug: str) -> Crime | None:
    try:
        return crime_type(session, slug)
    except SQLAlchemyError as error:
        rollback_quietly(session)
        log.debug("Crime type read from the data files: the database failed (%s)", type(error).__name__)
        return next((c for c in curated_crime_types() if c.slug == slug), None)
