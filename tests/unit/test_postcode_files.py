"""Tests for signpost.geo.postcode_files: layout detection and the streaming postcode readers."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from signpost.geo.postcode_files import (
    Layout,
    PostcodeFileReader,
    PostcodeFileStats,
    PostcodeRow,
    UnknownPostcodeLayout,
    detect_layout,
    read_postcode_file,
)

ONSPD_SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "onspd_sample_aug2024_format.csv"

CODEPOINT_HEADER = "postcode,latitude,longitude,pqi,country_code,lad_code,pfa_code"

# NSPL 2025 header as quoted in REPORT.md 2.3: vintage-suffixed names, 35 columns.
NSPL_2025_HEADER = (
    "pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,lad25cd,wd25cd,"
    "nhser24cd,ctry25cd,rgn25cd,pcon24cd,ttwa15cd,itl25cd,npark16cd,lsoa21cd,msoa21cd,wz11cd,sicbl24cd,bua24cd,"
    "ruc21ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,icb23cd"
).split(",")


def _write_ons(path: Path, header: Sequence[str], rows: Sequence[Mapping[str, str]]) -> Path:
    """Write the way ONS does: unquoted header, every value quoted, unset columns empty."""
    lines = [",".join(header)]
    lines += [",".join(f'"{row.get(name, "")}"' for name in header) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sample_rows() -> list[dict[str, str]]:
    with ONSPD_SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_postcode(rows: Iterator[PostcodeRow] | PostcodeFileReader) -> dict[str, PostcodeRow]:
    return {row.postcode: row for row in rows}


# --- ONSPD August 2024 sample (real layout, 53 columns) ---------------------------------------------------


def test_onspd_sample_counts() -> None:
    reader = PostcodeFileReader(ONSPD_SAMPLE)
    rows = list(reader)
    assert reader.stats == PostcodeFileStats(
        rows_read=185, rows_yielded=124, terminated_skipped=61, malformed_skipped=0, no_coordinates=1
    )
    assert len(rows) == 124
    assert reader.columns is not None and reader.columns.layout is Layout.ONS


def test_onspd_sample_skips_terminated_postcodes() -> None:
    terminated = {row["pcds"] for row in _sample_rows() if row["doterm"]}
    assert len({postcode for postcode in terminated if postcode.startswith("AB")}) == 60  # AB1 and AB10-AB16
    assert "SE1 9ZZ" in terminated  # the one terminated row outside Aberdeen
    yielded = _by_postcode(read_postcode_file(ONSPD_SAMPLE))
    assert not terminated & yielded.keys()
    assert not [postcode for postcode in yielded if postcode.startswith("AB1 ")]  # AB1 itself ended in 1996
    assert {"AB10 1AB", "SE1P 5ZZ", "M1 1AD", "M11 1AA", "JE2 4WD"} <= yielded.keys()


def test_onspd_sample_values() -> None:
    rows = _by_postcode(read_postcode_file(ONSPD_SAMPLE))
    assert rows["M1 1AD"] == PostcodeRow("M1 1AD", 53.483784, -2.244866, "E08000003", "E23000005", "E92000001")
    assert rows["SE1P 5ZZ"] == PostcodeRow("SE1P 5ZZ", 51.492762, -0.080152, "E09000028", "E23000001", "E92000001")
    # ONS writes lat 99.999999 / long 0.000000 for "no grid reference"; pseudo codes are passed through.
    assert rows["JE2 4WD"] == PostcodeRow("JE2 4WD", None, None, "L99999999", "L99999999", "L93000001")
    assert all(row.pfa_code == "S23000009" for postcode, row in rows.items() if postcode.startswith("AB"))


def test_onspd_pcd_column_is_normalised(tmp_path: Path) -> None:
    # Older extracts may carry only the padded `pcd` form: "M1  1AD", "SE1P5ZZ".
    sample = _sample_rows()
    header = [name for name in sample[0] if name not in ("pcds", "pcd2")]
    path = _write_ons(tmp_path / "onspd_pcd_only.csv", header, sample)
    reader = PostcodeFileReader(path)
    rows = _by_postcode(reader)
    assert rows == _by_postcode(read_postcode_file(ONSPD_SAMPLE))
    assert "M1 1AD" in rows and "SE1P 5ZZ" in rows
    assert reader.stats.rows_yielded == 124 and reader.stats.terminated_skipped == 61


# --- NSPL 2025-style header (vintage-suffixed names) -----------------------------------------------------


def _nspl_row(pcds: str, **values: str) -> dict[str, str]:
    outward, inward = pcds.split(" ")
    row = {
        "pcd7": f"{outward:<4}{inward}",
        "pcd8": f"{outward:<5}{inward}",
        "pcds": pcds,
        "dointr": "198001",
        "doterm": "",
        "lad25cd": "E07000138",
        "ctry25cd": "E92000001",
        "lat": "53.231434",
        "long": "-0.537890",
        "pfa23cd": "E23000020",
        "lep21cd1": "E37000061",  # must not be mistaken for a LAD or PFA column
        "cty25cd": "E10000019",
    }
    row.update(values)
    return row


def test_nspl_2025_layout(tmp_path: Path) -> None:
    path = _write_ons(
        tmp_path / "NSPL_MAY_2025_UK.csv",
        NSPL_2025_HEADER,
        [
            _nspl_row("LN1 3AA"),
            _nspl_row("LN1 3AB", doterm="202401"),
            _nspl_row("LN1 3AD", pfa23cd=""),
            _nspl_row("BT1 5GS", lad25cd="N09000003", ctry25cd="N92000002", pfa23cd="N99999999"),
            _nspl_row("IM1 1AD", lad25cd="M99999999", ctry25cd="M83000003", pfa23cd="M99999999"),
            _nspl_row("GY1 1AA", lat="99.999999", long="0.000000", ctry25cd="L93000001", pfa23cd="L99999999"),
            _nspl_row("QQ1 1AA"),
        ],
    )
    reader = PostcodeFileReader(path)
    rows = _by_postcode(reader)
    assert reader.columns is not None
    assert reader.columns.postcode == NSPL_2025_HEADER.index("pcds")
    assert reader.columns.lad == NSPL_2025_HEADER.index("lad25cd")
    assert reader.columns.pfa == NSPL_2025_HEADER.index("pfa23cd")
    assert reader.stats == PostcodeFileStats(
        rows_read=7, rows_yielded=5, terminated_skipped=1, malformed_skipped=1, no_coordinates=1
    )
    assert rows["LN1 3AA"] == PostcodeRow("LN1 3AA", 53.231434, -0.53789, "E07000138", "E23000020", "E92000001")
    assert rows["LN1 3AD"].pfa_code is None  # an empty pfa is allowed
    assert rows["BT1 5GS"].pfa_code == "N99999999"
    assert rows["IM1 1AD"].pfa_code == "M99999999"
    assert rows["GY1 1AA"].latitude is None and rows["GY1 1AA"].longitude is None
    assert rows["GY1 1AA"].pfa_code == "L99999999"


def test_onspd_2025_upper_case_header(tmp_path: Path) -> None:
    header = ["PCDS", "DOINTR", "DOTERM", "USRTYPIND", "CTRY25CD", "RGN25CD", "LAD25CD", "PFA23CD", "LAT", "LONG"]
    path = _write_ons(
        tmp_path / "onspd.csv",
        header,
        [{"PCDS": "ln1 3aa", "CTRY25CD": "E92000001", "LAD25CD": "E07000138", "LAT": "53.2", "LONG": "-0.5"}],
    )
    assert list(read_postcode_file(path)) == [PostcodeRow("LN1 3AA", 53.2, -0.5, "E07000138", None, "E92000001")]


def test_detect_layout_prefers_newest_vintage_and_pcds() -> None:
    columns = detect_layout(["pcd8", "pcd7", "pcds", "doterm", "lad24cd", "lad25cd", "ctry25cd", "lat", "long"])
    assert columns.postcode == 2
    assert columns.lad == 5
    assert columns.pfa is None  # pre-2015 ONSPD has no PFA; the caller maps the LAD instead


def test_detect_layout_old_onspd_names() -> None:
    columns = detect_layout(["pcd", "doterm", "laua", "ctry", "lat", "long", "pfa"])
    assert (columns.layout, columns.postcode, columns.lad, columns.country, columns.pfa) == (Layout.ONS, 0, 2, 3, 6)


# --- Code-Point-derived CSV ------------------------------------------------------------------------------

CODEPOINT_LINES = [
    CODEPOINT_HEADER,
    "AB10 1AB,57.149606,-2.096916,10,S92000003,S12000033,S23000009",
    "AB43 1AJ,,,90,S92000003,,",  # PQI 90: no coordinates
    "ln13aa,53.231434,-0.537890,10,E92000001,E07000138,E23000020",
    "",
    "QQ1 1AA,51.0,-1.0,10,E92000001,E06000001,E23000001",
    "SW1A 1AA,51.501009",  # truncated line
    "SW1A 2AA,51.503541,-0.12767,10,E92000001,E09000033,E23000001",
]


def _write_codepoint(path: Path) -> Path:
    text = "\n".join(CODEPOINT_LINES) + "\n"
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["codepoint_sample.csv.gz", "codepoint_sample.csv"])
def test_codepoint_layout(tmp_path: Path, name: str) -> None:
    reader = PostcodeFileReader(_write_codepoint(tmp_path / name))
    rows = list(reader)
    assert reader.columns is not None and reader.columns.layout is Layout.CODEPOINT
    assert rows == [
        PostcodeRow("AB10 1AB", 57.149606, -2.096916, "S12000033", "S23000009", "S92000003"),
        PostcodeRow("AB43 1AJ", None, None, None, None, "S92000003"),
        PostcodeRow("LN1 3AA", 53.231434, -0.53789, "E07000138", "E23000020", "E92000001"),
        PostcodeRow("SW1A 2AA", 51.503541, -0.12767, "E09000033", "E23000001", "E92000001"),
    ]
    assert reader.stats == PostcodeFileStats(
        rows_read=6, rows_yielded=4, terminated_skipped=0, malformed_skipped=2, no_coordinates=1
    )


def test_pqi_90_means_no_coordinates_even_if_numbers_are_present(tmp_path: Path) -> None:
    path = tmp_path / "cp.csv"
    path.write_text(f"{CODEPOINT_HEADER}\nAB43 1AN,0,0,90,S92000003,,\n", encoding="utf-8")
    assert list(read_postcode_file(path)) == [PostcodeRow("AB43 1AN", None, None, None, None, "S92000003")]


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("\ufeff" + "\n".join(CODEPOINT_LINES[:2]) + "\n", encoding="utf-8")
    assert [row.postcode for row in read_postcode_file(path)] == ["AB10 1AB"]


@pytest.mark.parametrize(("latitude", "longitude"), [("nan", "-1.0"), ("abc", "-1.0"), ("51.0", ""), ("91", "1")])
def test_unusable_coordinates_become_none(tmp_path: Path, latitude: str, longitude: str) -> None:
    path = tmp_path / "cp.csv"
    path.write_text(
        f"{CODEPOINT_HEADER}\nLN1 3AA,{latitude},{longitude},10,E92000001,E07000138,E23000020\n", encoding="utf-8"
    )
    reader = PostcodeFileReader(path)
    assert [(row.latitude, row.longitude) for row in reader] == [(None, None)]
    assert reader.stats.no_coordinates == 1


# --- streaming behaviour and errors ----------------------------------------------------------------------


def test_reader_is_lazy_and_restartable(tmp_path: Path) -> None:
    path = _write_codepoint(tmp_path / "cp.csv.gz")
    reader = PostcodeFileReader(path)
    iterator = iter(reader)
    assert next(iterator).postcode == "AB10 1AB"
    assert reader.stats.rows_read == 1  # counts fill in as the generator advances
    assert len(list(reader)) == 4  # a new pass re-opens the file and resets the counts
    assert reader.stats.rows_read == 6


def test_no_usable_columns(tmp_path: Path) -> None:
    path = tmp_path / "addresses.csv"
    path.write_text("name,street,town,phone\nA,B,C,D\n", encoding="utf-8")
    with pytest.raises(UnknownPostcodeLayout) as caught:
        list(read_postcode_file(path))
    error = caught.value
    assert error.path == path
    assert error.missing[Layout.CODEPOINT] == (
        "postcode",
        "latitude",
        "longitude",
        "pqi",
        "country_code",
        "lad_code",
        "pfa_code",
    )
    assert error.missing[Layout.ONS] == (
        "pcds|pcd|pcd7|pcd8",
        "lat",
        "long",
        r"oslaua|laua|lad\d\dcd",
        r"ctry|ctry\d\dcd",
        "doterm",
    )
    assert "addresses.csv" in str(error) and "doterm" in str(error) and "pfa_code" in str(error)


def test_ons_header_missing_doterm_is_rejected(tmp_path: Path) -> None:
    # Without doterm terminated postcodes would slip through as if live.
    path = _write_ons(tmp_path / "x.csv", ["pcds", "lad25cd", "ctry25cd", "lat", "long", "pfa23cd"], [])
    with pytest.raises(UnknownPostcodeLayout) as caught:
        list(read_postcode_file(path))
    assert caught.value.missing[Layout.ONS] == ("doterm",)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(UnknownPostcodeLayout):
        list(read_postcode_file(path))


def test_header_only_file_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(CODEPOINT_HEADER + "\n", encoding="utf-8")
    reader = PostcodeFileReader(path)
    assert list(reader) == []
    assert reader.stats == PostcodeFileStats()
