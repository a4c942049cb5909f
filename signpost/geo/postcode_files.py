"""Streaming readers for full-postcode files: the Code-Point-derived CSV and ONSPD / NSPL releases.

Rows are yielded one at a time (constant memory: the full files hold about 2.7 million rows). Pure: no DB.
Column names are matched case-insensitively by pattern because ONS renames them between releases
(`oslaua` -> `lad25cd`, `ctry` -> `ctry25cd`, `pcd` -> `pcd7`); see data/geo REPORT.md section 2.3.
"""

from __future__ import annotations

import csv
import gzip
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from signpost.geo.postcodes import PostcodeKind, parse_postcode


@dataclass(frozen=True, slots=True)
class PostcodeRow:
    postcode: str  # normalised, "M1 1AD"
    latitude: float | None
    longitude: float | None
    lad_code: str | None
    pfa_code: str | None  # kept as given, incl. pseudo codes N/L/M99999999: the caller maps them
    country_code: str | None


@dataclass(slots=True)
class PostcodeFileStats:
    rows_read: int = 0  # data rows, blank lines excluded
    rows_yielded: int = 0
    terminated_skipped: int = 0
    malformed_skipped: int = 0
    no_coordinates: int = 0  # yielded rows whose latitude/longitude are None


class Layout(StrEnum):
    CODEPOINT = "codepoint"
    ONS = "ons"  # ONSPD or NSPL, any vintage


class UnknownPostcodeLayout(ValueError):
    """The header matches no known layout. `missing` lists, per layout, the columns not found."""

    def __init__(self, path: Path, missing: dict[Layout, tuple[str, ...]]) -> None:
        self.path = path
        self.missing = missing
        details = "; ".join(f"{layout} layout lacks {', '.join(cols)}" for layout, cols in missing.items())
        super().__init__(f"{path.name}: unknown postcode file layout ({details})")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Column indexes for one file. `doterm`, `pqi` and `pfa` are absent from some layouts/vintages."""

    layout: Layout
    postcode: int
    latitude: int
    longitude: int
    lad: int
    country: int
    pfa: int | None
    doterm: int | None = None
    pqi: int | None = None


# role -> patterns in order of preference; a `\d\d` vintage suffix prefers the newest vintage present.
_ONS_PATTERNS: dict[str, tuple[str, ...]] = {
    "postcode": ("pcds", "pcd", "pcd7", "pcd8"),
    "latitude": ("lat",),
    "longitude": ("long",),
    "lad": ("oslaua", "laua", r"lad\d\dcd"),
    "country": ("ctry", r"ctry\d\dcd"),
    "doterm": ("doterm",),
    "pfa": ("pfa", r"pfa\d\dcd"),  # optional: older ONSPD releases have no PFA; the caller maps the LAD
}
_ONS_REQUIRED = ("postcode", "latitude", "longitude", "lad", "country", "doterm")

_CODEPOINT_COLUMNS = ("postcode", "latitude", "longitude", "pqi", "country_code", "lad_code", "pfa_code")

_NO_COORDINATES_PQI = "90"  # Code-Point positional quality 90: no grid reference
_ONS_NO_LATITUDE = 99.999999  # ONS placeholder pair for postcodes without a grid reference (e.g. JE2 4WD)
_ONS_NO_LONGITUDE = 0.0


def detect_layout(header: Sequence[str], path: Path = Path("<header>")) -> ColumnMap:
    """Map a header row to column indexes, or raise UnknownPostcodeLayout naming the missing columns."""
    names = [name.strip().strip('"').lower() for name in header]
    if all(column in names for column in _CODEPOINT_COLUMNS):
        return ColumnMap(
            Layout.CODEPOINT,
            postcode=names.index("postcode"),
            latitude=names.index("latitude"),
            longitude=names.index("longitude"),
            lad=names.index("lad_code"),
            country=names.index("country_code"),
            pfa=names.index("pfa_code"),
            pqi=names.index("pqi"),
        )
    found = {role: _find_column(names, patterns) for role, patterns in _ONS_PATTERNS.items()}
    missing_ons = tuple("|".join(_ONS_PATTERNS[role]) for role in _ONS_REQUIRED if found[role] is None)
    if not missing_ons:
        return ColumnMap(
            Layout.ONS,
            postcode=_required(found["postcode"]),
            latitude=_required(found["latitude"]),
            longitude=_required(found["longitude"]),
            lad=_required(found["lad"]),
            country=_required(found["country"]),
            pfa=found["pfa"],
            doterm=found["doterm"],
        )
    missing_codepoint = tuple(column for column in _CODEPOINT_COLUMNS if column not in names)
    raise UnknownPostcodeLayout(path, {Layout.CODEPOINT: missing_codepoint, Layout.ONS: missing_ons})


def _find_column(names: Sequence[str], patterns: Sequence[str]) -> int | None:
    for pattern in patterns:
        matches = [index for index, name in enumerate(names) if re.fullmatch(pattern, name)]
        if matches:
            return max(matches, key=lambda index: names[index])  # "lad25cd" beats "lad24cd"
    return None


def _required(index: int | None) -> int:
    assert index is not None  # guaranteed by the missing-columns check
    return index


class PostcodeFileReader:
    """Iterate over the live postcodes of one .csv or .csv.gz file; `stats` fills in as rows are read.

    Each iteration re-opens the file and resets `stats`; the layout is detected from the header then.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stats = PostcodeFileStats()
        self.columns: ColumnMap | None = None

    def __iter__(self) -> Iterator[PostcodeRow]:
        self.stats = PostcodeFileStats()
        with _open_text(self.path) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            self.columns = columns = detect_layout(header or [], self.path)
            last_index = max(_indexes(columns))
            for record in reader:
                if not record:
                    continue
                row = self._convert(record, columns, last_index)
                if row is not None:
                    yield row

    def _convert(self, record: list[str], columns: ColumnMap, last_index: int) -> PostcodeRow | None:
        stats = self.stats
        stats.rows_read += 1
        if len(record) <= last_index:  # a truncated line
            stats.malformed_skipped += 1
            return None
        if columns.doterm is not None and record[columns.doterm].strip():
            stats.terminated_skipped += 1
            return None
        parsed = parse_postcode(record[columns.postcode])
        if parsed.kind is not PostcodeKind.FULL or parsed.postcode is None:
            stats.malformed_skipped += 1
            return None
        latitude, longitude = _coordinates(record, columns)
        if latitude is None:
            stats.no_coordinates += 1
        stats.rows_yielded += 1
        return PostcodeRow(
            postcode=parsed.postcode,
            latitude=latitude,
            longitude=longitude,
            lad_code=_code(record[columns.lad]),
            pfa_code=None if columns.pfa is None else _code(record[columns.pfa]),
            country_code=_code(record[columns.country]),
        )


def read_postcode_file(path: Path) -> Iterator[PostcodeRow]:
    """Yield the live postcodes of `path`. Use PostcodeFileReader directly to see the skip counts."""
    return iter(PostcodeFileReader(path))


def _open_text(path: Path) -> TextIO:
    # utf-8-sig drops a byte-order mark that would otherwise glue itself to the first column name.
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _indexes(columns: ColumnMap) -> Iterator[int]:
    yield from (columns.postcode, columns.latitude, columns.longitude, columns.lad, columns.country)
    for optional in (columns.pfa, columns.doterm, columns.pqi):
        if optional is not None:
            yield optional


def _coordinates(record: list[str], columns: ColumnMap) -> tuple[float, float] | tuple[None, None]:
    if columns.pqi is not None and record[columns.pqi].strip() == _NO_COORDINATES_PQI:
        return None, None
    latitude = _number(record[columns.latitude])
    longitude = _number(record[columns.longitude])
    if latitude is None or longitude is None:
        return None, None
    if latitude == _ONS_NO_LATITUDE and longitude == _ONS_NO_LONGITUDE:
        return None, None
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return None, None
    return latitude, longitude


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _code(value: str) -> str | None:
    return value.strip() or None
