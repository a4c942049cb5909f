"""Stream a full-postcode file into the optional `postcode` table, in batches, in constant memory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from signpost.data_version import Part, bump
from signpost.geo.derived_sectors import add_missing_sectors
from signpost.geo.postcode_files import PostcodeFileReader, PostcodeFileStats
from signpost.models import Postcode

BATCH_SIZE = 5000
# ONSPD gives Northern Ireland postcodes a pseudo force code; the PSNI's police force area is N23000001.
PFA_ALIASES = {"N99999999": "N23000001"}


def import_postcodes(
    session: Session,
    path: Path,
    *,
    replace: bool = True,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> PostcodeFileStats:
    """Load every live postcode in `path`, then add the sectors only they name (Northern Ireland's: see
    derived_sectors). The caller commits (or rolls back: all or nothing)."""
    stats = _import(session, path, replace=replace, batch_size=batch_size, progress=progress)
    if add_missing_sectors(session):
        bump(session, Part.GEOGRAPHY)  # bulk inserts bypass the ORM: the gazetteer reloads with the new sectors
    return stats


def _import(
    session: Session,
    path: Path,
    *,
    replace: bool,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> PostcodeFileStats:
    reader = PostcodeFileReader(path)
    if replace:
        session.execute(delete(Postcode))
    if session.get_bind().dialect.name == "postgresql":
        return _copy_into_postgresql(session, reader, progress)
    batch: list[dict[str, object]] = []
    written = 0
    for row in reader:
        batch.append(
            {
                "postcode": row.postcode,
                "latitude": row.latitude,
                "longitude": row.longitude,
                "country_code": row.country_code,
                "lad_code": row.lad_code,
                "pfa_code": PFA_ALIASES.get(row.pfa_code or "", row.pfa_code),
            }
        )
        if len(batch) >= batch_size:
            session.execute(insert(Postcode), batch)
            written += len(batch)
            batch = []
            if progress:
                progress(written)
    if batch:
        session.execute(insert(Postcode), batch)
    return reader.stats


def _copy_into_postgresql(
    session: Session, reader: PostcodeFileReader, progress: Callable[[int], None] | None
) -> PostcodeFileStats:
    """COPY streams rows to the server as they are read: fast, and constant memory on this side."""
    connection = session.connection().connection.driver_connection
    assert connection is not None  # a live psycopg connection inside the session's transaction
    columns = "postcode, latitude, longitude, country_code, lad_code, pfa_code"
    written = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY postcode ({columns}) FROM STDIN") as copy:
        for row in reader:
            pfa = PFA_ALIASES.get(row.pfa_code or "", row.pfa_code)
            copy.write_row((row.postcode, row.latitude, row.longitude, row.country_code, row.lad_code, pfa))
            written += 1
            if progress and written % BATCH_SIZE == 0:
                progress(written)
    return reader.stats
