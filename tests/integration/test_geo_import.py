"""`flask geo import`: full-postcode files into the optional table, and lookups that then use it."""

from __future__ import annotations

import gzip
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from signpost.config import PROJECT_ROOT
from signpost.dataset.geo_tables import load_geo_tables
from signpost.extensions import current_session, db
from signpost.geo.places import Level, Place, resolve
from signpost.models import Postcode

ONSPD_SAMPLE = PROJECT_ROOT / "tests" / "fixtures" / "onspd_sample_aug2024_format.csv"
CODEPOINT_ROWS = [
    "postcode,latitude,longitude,pqi,country_code,lad_code,pfa_code",
    "LN1 3AA,53.234580,-0.539138,10,E92000001,E07000138,E23000020",
    "LN1 3AD,53.236513,-0.539867,10,E92000001,E07000138,E23000020",
    "NG20 8AA,53.214000,-1.190000,10,E92000001,E07000033,E23000018",
    "ZE1 0AA,,,90,S92000003,S12000027,S23000009",
]


def codepoint_file(tmp_path: Path) -> Path:
    path = tmp_path / "codepoint.csv.gz"
    path.write_bytes(gzip.compress("\n".join(CODEPOINT_ROWS).encode() + b"\n"))
    return path


def postcode_count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Postcode)) or 0)


def test_import_onspd_skips_terminated_and_maps_fields(empty_app: Flask) -> None:
    result = empty_app.test_cli_runner().invoke(args=["geo", "import", str(ONSPD_SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Imported 124 postcodes from 185 rows" in result.output
    assert "61 terminated" in result.output
    assert postcode_count() == 124
    jersey = db.session.get(Postcode, "JE2 4WD")
    assert jersey is not None and jersey.latitude is None
    assert db.session.get(Postcode, "M1 1AD") is not None  # "M1  1AD" in the pcd column, normalised
    assert db.session.get(Postcode, "SE1 9ZZ") is None  # terminated


def test_import_codepoint_gz_and_reimport_replaces(empty_app: Flask, tmp_path: Path) -> None:
    runner = empty_app.test_cli_runner()
    path = codepoint_file(tmp_path)
    for _ in range(2):
        result = runner.invoke(args=["geo", "import", str(path)])
        assert result.exit_code == 0, result.output
        assert postcode_count() == 4
    shetland = db.session.get(Postcode, "ZE1 0AA")
    assert shetland is not None and shetland.latitude is None and shetland.pfa_code == "S23000009"


def test_unknown_layout_loads_nothing_and_says_why(empty_app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("a,b,c\n1,2,3\n")
    result = empty_app.test_cli_runner().invoke(args=["geo", "import", str(path)])
    assert result.exit_code != 0
    assert "postcode" in result.output.lower()
    assert postcode_count() == 0


def test_full_postcode_table_gives_the_exact_force_near_a_border(empty_app: Flask, tmp_path: Path) -> None:
    session = current_session()
    load_geo_tables(session, PROJECT_ROOT / "data" / "geo")
    session.commit()
    before = resolve(session, "NG20 8AA")
    assert isinstance(before, Place) and before.level is Level.SECTOR
    empty_app.test_cli_runner().invoke(args=["geo", "import", str(codepoint_file(tmp_path))])
    after = resolve(session, "NG20 8AA")
    assert isinstance(after, Place)
    assert after.level is Level.POSTCODE
    assert after.pfa_code == "E23000018"  # Derbyshire, from the postcode row itself
    assert after.label == "NG20 8" and after.slug == "ng20-8"  # never the full postcode
