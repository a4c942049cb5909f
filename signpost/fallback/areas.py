"""Which nation an area slug or a postcode is in, from data/geo alone: no database, loaded once per process.

Used when the database is down, so it reads the same CSV files the database tables are loaded from.
Districts that straddle a border follow the country of most of their postcodes, as the tables say;
a sector uses its own row when the sector table has it.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from signpost.geo.postcodes import (
    PostcodeKind,
    crown_dependency,
    district_from_slug,
    district_slug,
    is_northern_ireland,
    parse_postcode,
    sector_from_slug,
    sector_slug,
)

NATIONS = ("england", "wales", "scotland", "northern-ireland")
UK = "uk"
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}
_COUNTRY_CODES = {
    "E92000001": "england",
    "W92000004": "wales",
    "S92000003": "scotland",
    "N92000002": "northern-ireland",
}


@dataclass(frozen=True)
class Landing:
    """Where a postcode search goes while the database is away: its nation, and the results URL's area
    (sector or district) when we know it, so a reload after the outage shows the real page."""

    nation: str
    slug: str | None


@dataclass(frozen=True)
class AreaMap:
    districts: dict[str, str]  # "CF10" -> "wales" (UK nations only)
    sectors: dict[str, str]  # "CF10 1" -> "wales"

    def nation_for_slug(self, slug: str) -> str:
        """The nation of a results URL's area ("cf10-1", "cf10", "cf", "w1", "wales", "uk"); "uk" if unsure."""
        if slug in NATIONS or slug == UK:
            return slug
        sector = sector_from_slug(slug)
        if sector is not None:
            return self.sectors.get(sector) or self.districts.get(sector.split()[0], UK)
        district = district_from_slug(slug) or slug.upper()  # the table also has a few odd outcodes (NPT)
        if district in self.districts:
            return self.districts[district]
        return self._nation_for_parsed_area(slug)

    def landing_for_postcode(self, text: str) -> Landing:
        """Where a postcode typed into the search form belongs, worked out without the database."""
        parsed = parse_postcode(text)
        if parsed.kind is PostcodeKind.MALFORMED or crown_dependency(parsed) is not None:
            return Landing(UK, None)
        if parsed.kind is PostcodeKind.AREA:
            return Landing(self._nation_for_parsed_area(parsed.partial or parsed.area or ""), None)
        if parsed.sector is not None and parsed.sector in self.sectors:
            return Landing(self.sectors[parsed.sector], sector_slug(parsed.sector))
        if parsed.district is not None and parsed.district in self.districts:
            return Landing(self.districts[parsed.district], district_slug(parsed.district))
        return Landing("northern-ireland" if is_northern_ireland(parsed) else UK, None)

    def _nation_for_parsed_area(self, text: str) -> str:
        parsed = parse_postcode(text)
        if not parsed.is_valid or crown_dependency(parsed) is not None:
            return UK
        if is_northern_ireland(parsed):
            return "northern-ireland"
        nations = {n for d, n in self.districts.items() if parsed.covers_district(d)}
        return nations.pop() if len(nations) == 1 else UK

    def slugs(self) -> Iterator[tuple[str, str]]:
        """Every (area slug, nation) pair a results URL can carry, for the web server's map."""
        for district, nation in sorted(self.districts.items()):
            yield district_slug(district), nation
        for sector, nation in sorted(self.sectors.items()):
            yield sector_slug(sector), nation


def read_area_map(geo_dir: Path) -> AreaMap:
    districts: dict[str, str] = {}
    with (geo_dir / "uk_postcode_districts.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            nation = _COUNTRY_CODES.get(row["country_code"])
            if nation is not None:
                districts[row["outcode"]] = nation
    sectors: dict[str, str] = {}
    sector_file = geo_dir / "gb_postcode_sectors.csv"
    if sector_file.exists():
        with sector_file.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                nation = _COUNTRY_CODES.get(row["country_code"])
                if nation is not None:
                    sectors[row["sector"]] = nation
    return AreaMap(districts, sectors)


_maps: dict[Path, AreaMap] = {}
_lock = threading.Lock()


def area_map(geo_dir: Path) -> AreaMap:
    """The map for geo_dir, read the first time it is asked for in this process."""
    found = _maps.get(geo_dir)
    if found is None:
        with _lock:
            found = _maps.get(geo_dir)
            if found is None:
                found = _maps[geo_dir] = read_area_map(geo_dir)
    return found
