"""The local areas an editor may name, from data/geo: the same files the listing checks use for codes.

One source for both: a code the form accepts is a code the schema accepts (signpost.dataset.geo_tables).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from signpost.dataset.geo_tables import LOCAL_AUTHORITIES, POLICE_FORCE_AREAS, cached_geo_codes


@dataclass(frozen=True)
class AreaLookup:
    """Names and codes editors may type for local areas, and the name to show for each code."""

    by_text: dict[str, tuple[str, str]]  # lower-case name or code -> (area kind, code)
    names: dict[tuple[str, str], str]  # (area kind, code) -> name

    def find(self, text: str) -> tuple[str, str] | None:
        return self.by_text.get(text.strip().lower())

    def name(self, kind: str, code: str) -> str:
        """The name to show, or the code where the name would not read back as this area."""
        name = self.names.get((kind, code))
        return name if name is not None and self.by_text.get(name.lower()) == (kind, code) else code


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=4)
def area_lookup(geo_dir: str) -> AreaLookup:
    codes = cached_geo_codes(geo_dir)
    directory = Path(geo_dir)
    by_text: dict[str, tuple[str, str]] = {}
    names: dict[tuple[str, str], str] = {}
    for outcode in codes.outcodes:
        by_text[outcode.lower()] = ("postcode_district", outcode)
    for row in _rows(directory / LOCAL_AUTHORITIES):
        if row["lad_code"] in codes.lad_codes:
            key = ("local_authority", row["lad_code"])
            names[key] = row["lad_name"]
            by_text[row["lad_code"].lower()] = by_text[row["lad_name"].lower()] = key
    for row in _rows(directory / POLICE_FORCE_AREAS):
        if row["pfa_code"] in codes.pfa_codes:
            key = ("police_force_area", row["pfa_code"])
            names[key] = row["force_name"] or row["pfa_name"]
            # The force's name, not the area's: "Wiltshire" is the council, "Wiltshire Police" the force.
            for text in (row["pfa_code"], row["force_name"]):
                if text:
                    by_text[text.lower()] = key
    return AreaLookup(by_text, names)
