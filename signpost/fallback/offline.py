"""What victim pages can still use when the database is away: the curated files, read once per process."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from signpost.dataset.records import Dataset
from signpost.dataset.schema import read_dataset
from signpost.directory.reference import Crime
from signpost.directory.search import crime_type, crime_types

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


def curated_crime_types() -> list[Crime]:
    return [Crime(c.slug, c.name, c.hint, c.sensitive) for c in curated_dataset().crime_types]


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
        log.warning("Crime types read from the data files: the database failed (%s)", type(error).__name__)
        return curated_crime_types()


def crime_type_or_curated(session: Session, slug: str) -> Crime | None:
    try:
        return crime_type(session, slug)
    except SQLAlchemyError as error:
        rollback_quietly(session)
        log.warning("Crime type read from the data files: the database failed (%s)", type(error).__name__)
        return next((c for c in curated_crime_types() if c.slug == slug), None)
