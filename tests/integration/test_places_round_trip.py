"""Places round-trip (issue 18): a place's slug resolves back to the same place, for every kind of place
the app names (sector, district, partial postcode, council, nation; Great Britain and Northern Ireland),
and with a UK-wide ONSPD file imported a Belfast postcode reaches its results page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from signpost.extensions import db
from signpost.geo.gazetteer import gazetteer
from signpost.geo.places import UK_NATIONS, Level, Place, resolve, resolve_slug
from signpost.geo.postcode_import import import_postcodes
from signpost.geo.postcodes import district_slug, sector_slug, territory_for_country_code
from tests.integration.test_geo_import import ONSPD_SAMPLE

# Real Belfast and Derry postcodes, with ONSPD's fields for them (its pseudo force code included).
NORTHERN_IRELAND = [
    ("BT1 5GS", "54.5966", "-5.9301", "N09000003"),
    ("BT1 5GB", "54.5970", "-5.9290", "N09000003"),
    ("BT48 6DQ", "54.9966", "-7.3086", "N09000005"),
]


def uk_wide_onspd(tmp_path: Path) -> Path:
    """The ONSPD sample (GB, Channel Islands, Isle of Man) plus Northern Ireland rows in the same layout."""
    with ONSPD_SAMPLE.open(encoding="utf-8", newline="") as sample:
        rows = list(csv.DictReader(sample))
    template = next(r for r in rows if not r["doterm"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(template), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    for postcode, latitude, longitude, council in NORTHERN_IRELAND:
        outcode, inward = postcode.split()
        writer.writerow(
            template
            | {
                "pcd": f"{outcode:<4}{inward}",
                "pcd2": f"{outcode:<5}{inward}",
                "pcds": postcode,
                "doterm": "",
                "oslaua": council,
                "ctry": "N92000002",
                "lat": latitude,
                "long": longitude,
                "pfa": "N99999999",
            }
        )
    path = tmp_path / "onspd_uk.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def round_trips(slug: str) -> Place:
    place = resolve_slug(db.session, slug)
    assert place is not None, f"{slug} does not resolve"
    assert place.slug == slug, f"{slug} resolves to {place.slug}"
    again = resolve_slug(db.session, place.slug)
    assert again == place, f"{slug} resolves to a different place the second time"
    return place


def test_every_sector_district_and_council_slug_resolves_to_itself(app: Flask) -> None:
    known = gazetteer(db.session)
    slugs = [sector_slug(s) for s in known.sectors]
    slugs += [
        district_slug(d.outcode)
        for d in known.districts.values()
        if d.status == "live" and d.latitude and territory_for_country_code(d.country_code) in UK_NATIONS
    ]
    slugs += list(known.councils)
    levels = {round_trips(slug).level for slug in slugs}
    assert levels == {Level.SECTOR, Level.DISTRICT, Level.COUNCIL}
    nations = {round_trips(slug).nation for slug in slugs}
    assert nations == {"england", "wales", "scotland", "northern-ireland"}


@pytest.mark.parametrize("typed", ["W1", "LN", "SW1A 1", "BT1", "LL57", "EH1 1", "NP20"])
def test_a_typed_area_or_partial_postcode_resolves_to_a_slug_that_resolves_back(app: Flask, typed: str) -> None:
    found = resolve(db.session, typed)
    assert isinstance(found, Place), found
    assert round_trips(found.slug) == resolve_slug(db.session, found.slug)


def test_with_onspd_imported_every_postcode_reaches_a_slug_that_resolves_back(app: Flask, tmp_path: Path) -> None:
    import_postcodes(db.session, uk_wide_onspd(tmp_path))
    with ONSPD_SAMPLE.open(encoding="utf-8", newline="") as sample:
        known = {row["pcds"] for row in csv.DictReader(sample) if not row["doterm"]}
    reached = set()
    for postcode in sorted(known) + [p for p, *_ in NORTHERN_IRELAND]:
        found = resolve(db.session, postcode)
        if not isinstance(found, Place):
            continue  # the Channel Islands and the Isle of Man are outside the UK
        place = round_trips(found.slug)
        assert place.territory == found.territory and postcode.replace(" ", "") not in place.slug.replace("-", "")
        reached.add(place.nation)
    assert reached == {"england", "scotland", "northern-ireland"}  # the sample has no Welsh postcodes
    belfast = resolve(db.session, "BT1 5GS")
    assert isinstance(belfast, Place) and belfast.slug == "bt1-5" and belfast.pfa_code == "N23000001"


def test_a_belfast_postcode_reaches_its_results_page(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    import_postcodes(db.session, uk_wide_onspd(tmp_path))
    response = client.post("/where/burglary", data={"postcode": "BT1 5GS"})
    assert response.status_code == 303 and response.location.endswith("/support/burglary/bt1-5")
    page = client.get(response.location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "BT1 5" in html and "BT1 5GS" not in html and "Police Service of Northern Ireland" in html


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern-ireland", "uk"])
def test_each_nation_is_an_area_its_results_page_answers_to(client: FlaskClient, nation: str) -> None:
    response = client.get(f"/support/burglary/{nation}")
    assert response.status_code == 200
    assert f"/support/burglary/{nation}" in response.get_data(as_text=True)  # the share link names it again
