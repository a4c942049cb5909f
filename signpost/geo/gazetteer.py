"""Postcode districts, sectors and councils held in memory: every search reads one or two of them.

About 3,000 districts, 11,500 sectors and 400 councils (a few MB), loaded once per process per version
of the geography (a change to a service does not reload them) instead of primary-key reads per search. Full postcodes (1.7 million) stay in the database.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.data_version import Part, PerDatabase
from signpost.models import LocalAuthority, PostcodeDistrict, PostcodeSector


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
class Council:
    """A local authority as a place someone can name ("Lincoln", "Isle of Wight")."""

    code: str
    name: str  # as people say it: "Bristol", not ONS's "Bristol, City of"
    slug: str  # the URL form: "bristol"
    country_code: str
    pfa_code: str
    latitude: float | None  # the mean of its sectors' centres (None where sectors are not known: NI)
    longitude: float | None
    other_pfa_shares: tuple[tuple[str, float], ...]  # forces policing part of it, by share of its sectors


@dataclass(frozen=True)
class Gazetteer:
    version: int
    districts: dict[str, District]
    sectors: dict[str, Sector]
    councils: dict[str, Council]  # by slug


def load(session: Session, version: int) -> Gazetteer:
    district_columns = [getattr(PostcodeDistrict, f.name) for f in fields(District)]
    sector_columns = [getattr(PostcodeSector, f.name) for f in fields(Sector)]
    districts = {row[0]: District(*row) for row in session.execute(select(*district_columns))}
    sectors = {row[0]: Sector(*row) for row in session.execute(select(*sector_columns))}
    return Gazetteer(version, districts, sectors, _councils(session, sectors))


def spoken_name(name: str) -> str:
    """ONS's "Bristol, City of" and "Herefordshire, County of" as people say them."""
    return re.sub(r",\s*(City|County) of$", "", name).strip()


def name_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ").replace("'", "")).strip("-")


def _councils(session: Session, sectors: dict[str, Sector]) -> dict[str, Council]:
    points: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    forces: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for sector in sectors.values():
        if sector.lad_code is None:
            continue
        if sector.latitude is not None and sector.longitude is not None:
            points[sector.lad_code].append((sector.latitude, sector.longitude))
        if sector.pfa_code:
            forces[sector.lad_code][sector.pfa_code] += 1
    councils: dict[str, Council] = {}
    for code, name, country_code, pfa_code in session.execute(
        select(LocalAuthority.code, LocalAuthority.name, LocalAuthority.country_code, LocalAuthority.pfa_code)
    ):
        spoken = spoken_name(name)
        slug = name_slug(spoken)
        if slug in councils:  # two councils with one name: keep both reachable
            slug = f"{slug}-{code.lower()}"
        here = points.get(code, [])
        counts = forces.get(code, Counter())
        total = sum(counts.values())
        others = tuple((c, n / total) for c, n in counts.most_common() if c != pfa_code) if total else ()
        councils[slug] = Council(
            code,
            spoken,
            slug,
            country_code,
            pfa_code,
            sum(p[0] for p in here) / len(here) if here else None,
            sum(p[1] for p in here) / len(here) if here else None,
            others,
        )
    return councils


_gazetteers = PerDatabase(load, Part.GEOGRAPHY)


def gazetteer(session: Session) -> Gazetteer:
    """This database's districts and sectors, reloaded (beside the ones in use) when geography's version changes."""
    return _gazetteers.get(session)
