"""The reference geography in data/geo/ (CSV) -> database tables, replaced whole when a file changes."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from signpost.data_version import bump
from signpost.geo.derived_sectors import add_missing_sectors
from signpost.models import DatasetFile, LocalAuthority, PostcodeDistrict, PostcodeSector

DISTRICTS = "uk_postcode_districts.csv"
SECTORS = "gb_postcode_sectors.csv"
LOCAL_AUTHORITIES = "lad_to_pfa.csv"
POLICE_FORCE_AREAS = "police_force_areas.csv"
BATCH = 2000


@dataclass(frozen=True)
class GeoCodes:
    """The codes a data file may refer to."""

    pfa_codes: set[str]
    lad_codes: set[str]
    outcodes: set[str]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def read_geo_codes(geo_dir: Path) -> GeoCodes:
    # Pseudo codes (Isle of Man, Channel Islands) are not UK police force areas.
    pfa = {r["pfa_code"] for r in _rows(geo_dir / POLICE_FORCE_AREAS) if not r["pfa_code"].endswith("99999999")}
    lad = {r["lad_code"] for r in _rows(geo_dir / LOCAL_AUTHORITIES)}
    outcodes = {r["outcode"] for r in _rows(geo_dir / DISTRICTS)}
    return GeoCodes(pfa, lad, outcodes)


@lru_cache(maxsize=4)
def cached_geo_codes(geo_dir: str) -> GeoCodes:
    """read_geo_codes, once per process: partner edits and CSV imports validate against the same files."""
    return read_geo_codes(Path(geo_dir))


def read_police_force_areas(geo_dir: Path) -> dict[str, dict[str, str]]:
    return {r["pfa_code"]: r for r in _rows(geo_dir / POLICE_FORCE_AREAS)}


def _float(value: str) -> float | None:
    return float(value) if value else None


def _text(value: str) -> str | None:
    return value or None


def _district(r: dict[str, str]) -> dict[str, Any]:
    return {
        "outcode": r["outcode"],
        "latitude": _float(r["latitude"]),
        "longitude": _float(r["longitude"]),
        "status": r["status"],
        "post_town": _text(r["post_town"]),
        "country_code": _text(r["country_code"]),
        "lad_code": _text(r["lad_code"]),
        "lad_name": _text(r["lad_name"]),
        "pfa_code": _text(r["pfa_code"]),
        "pfa_share": _float(r["pfa_share"]),
        "other_pfas": _text(r["other_pfas"]),
    }


def _sector(r: dict[str, str]) -> dict[str, Any]:
    return {
        "sector": r["sector"],
        "outcode": r["outcode"],
        "latitude": _float(r["latitude"]),
        "longitude": _float(r["longitude"]),
        "country_code": _text(r["country_code"]),
        "lad_code": _text(r["lad_code"]),
        "lad_name": _text(r["lad_name"]),
        "pfa_code": _text(r["pfa_code"]),
        "pfa_share": _float(r["pfa_share"]),
        "other_pfas": _text(r["other_pfas"]),
    }


def _local_authority(r: dict[str, str]) -> dict[str, Any]:
    return {"code": r["lad_code"], "name": r["lad_name"], "country_code": r["country_code"], "pfa_code": r["pfa_code"]}


TABLES = (
    (DISTRICTS, PostcodeDistrict, _district),
    (SECTORS, PostcodeSector, _sector),
    (LOCAL_AUTHORITIES, LocalAuthority, _local_authority),
)


def load_geo_tables(session: Session, geo_dir: Path) -> dict[str, int]:
    """Replace each reference table whose file changed since the last load. Returns rows loaded per file."""
    loaded: dict[str, int] = {}
    for filename, model, convert in TABLES:
        path = geo_dir / filename
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        record = session.get(DatasetFile, f"geo/{filename}")
        if record is not None and record.sha256 == digest and session.scalar(select(model).limit(1)) is not None:
            continue
        session.execute(delete(model))
        count, batch = 0, []
        for row in _rows(path):
            batch.append(convert(row))
            if len(batch) >= BATCH:
                session.execute(insert(model), batch)
                count, batch = count + len(batch), []
        if batch:
            session.execute(insert(model), batch)
            count += len(batch)
        if record is None:
            session.add(DatasetFile(name=f"geo/{filename}", sha256=digest))
        else:
            record.sha256 = digest
        loaded[filename] = count
    if SECTORS in loaded:
        add_missing_sectors(session)  # a new sector table drops the ones derived from full postcodes
    if loaded:
        bump(session)  # bulk inserts bypass the ORM: tell per-process caches (the gazetteer) to reload
    return loaded
