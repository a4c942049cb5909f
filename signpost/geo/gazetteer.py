"""Postcode districts and sectors held in memory: every search reads one or two of them.

About 3,000 districts and 11,500 sectors (a few MB), loaded once per process per data version
instead of two primary-key reads per search. Full postcodes (1.7 million) stay in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.data_version import PerDatabase
from signpost.models import PostcodeDistrict, PostcodeSector


@dataclass(frozen=True)
class District:
    outcode: str
    latitude: float | None
    longitude: float | None
    status: str
    post_town: str | None
    country_code: str | None
    lad_code: str | None
    lad_name: str | None
    pfa_code: str | None
    pfa_share: float | None
    other_pfas: str | None


@dataclass(frozen=True)
class Sector:
    sector: str
    outcode: str
    latitude: float | None
    longitude: float | None
    country_code: str | None
    lad_code: str | None
    lad_name: str | None
    pfa_code: str | None
    pfa_share: float | None
    other_pfas: str | None


@dataclass(frozen=True)
class Gazetteer:
    version: int
    districts: dict[str, District]
    sectors: dict[str, Sector]


def load(session: Session, version: int) -> Gazetteer:
    district_columns = [getattr(PostcodeDistrict, f.name) for f in fields(District)]
    sector_columns = [getattr(PostcodeSector, f.name) for f in fields(Sector)]
    districts = {row[0]: District(*row) for row in session.execute(select(*district_columns))}
    sectors = {row[0]: Sector(*row) for row in session.execute(select(*sector_columns))}
    return Gazetteer(version, districts, sectors)


_gazetteers = PerDatabase(load)


def gazetteer(session: Session) -> Gazetteer:
    """This database's districts and sectors, reloaded when the data version changes."""
    return _gazetteers.get(session)
