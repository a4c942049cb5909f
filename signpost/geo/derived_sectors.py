"""Sectors worked out from the full-postcode table where the sector table has none (Northern Ireland).

data/geo's sector table is Great Britain only. Once a UK-wide postcode file (ONSPD) is imported, a
Belfast postcode resolves to its sector ("BT1 5"), and the results URL carries that sector: so the
sector must exist, or the page it redirects to would be a 404. Each missing sector gets the mean of its
postcodes' coordinates and its most common council and force, with the other forces' shares as the
sector table gives them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from signpost.models import LocalAuthority, Postcode, PostcodeSector


@dataclass
class _Tally:
    points: int = 0
    latitude: float = 0.0
    longitude: float = 0.0
    countries: Counter[str] = field(default_factory=Counter)
    councils: Counter[str] = field(default_factory=Counter)
    forces: Counter[str] = field(default_factory=Counter)


def add_missing_sectors(session: Session) -> int:
    """Insert a sector row for every sector that has postcodes but no row. Returns how many were added."""
    sector = func.substr(Postcode.postcode, 1, func.length(Postcode.postcode) - 2)
    rows = session.execute(
        select(
            sector,
            Postcode.country_code,
            Postcode.lad_code,
            Postcode.pfa_code,
            func.count(),
            func.count(Postcode.latitude),
            func.avg(Postcode.latitude),
            func.avg(Postcode.longitude),
        )
        .where(sector.not_in(select(PostcodeSector.sector)))
        .group_by(sector, Postcode.country_code, Postcode.lad_code, Postcode.pfa_code)
    )
    tallies: defaultdict[str, _Tally] = defaultdict(_Tally)
    for name, country, council, force, count, located, latitude, longitude in rows:
        tally = tallies[name]
        if located:
            tally.points += located
            tally.latitude += float(latitude) * located
            tally.longitude += float(longitude) * located
        tally.countries[country or ""] += count
        tally.councils[council or ""] += count
        tally.forces[force or ""] += count
    names = {code: name for code, name in session.execute(select(LocalAuthority.code, LocalAuthority.name))}
    new = [_row(name, tally, names) for name, tally in sorted(tallies.items()) if " " in name]
    if new:
        session.execute(insert(PostcodeSector), new)
    return len(new)


def _row(name: str, tally: _Tally, council_names: dict[str, str]) -> dict[str, object]:
    council = tally.councils.most_common(1)[0][0] or None
    total = sum(tally.forces.values())
    forces = [(code, count / total) for code, count in tally.forces.most_common() if code]
    return {
        "sector": name,
        "outcode": name.split(" ")[0],
        "latitude": tally.latitude / tally.points if tally.points else None,
        "longitude": tally.longitude / tally.points if tally.points else None,
        "country_code": tally.countries.most_common(1)[0][0] or None,
        "lad_code": council,
        "lad_name": council_names.get(council or ""),
        "pfa_code": forces[0][0] if forces else None,
        "pfa_share": round(forces[0][1], 3) if forces else None,
        "other_pfas": ";".join(f"{code}:{share:.3f}" for code, share in forces[1:]) or None,
    }
