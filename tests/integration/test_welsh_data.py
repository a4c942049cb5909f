"""Welsh content: optional `*_cy` fields in data/, checked like the English, loaded, and shown on /cy/ pages
(with the English, marked lang="en", where a record has no Welsh)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from signpost.dataset.errors import DatasetInvalid
from signpost.dataset.schema import read_dataset
from tests.integration.test_loader import (
    CRIME_TYPES,
    SERVICES,
    small_data_dir,
    write_yaml,
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return small_data_dir(tmp_path)


def test_welsh_fields_are_read_beside_the_english(data_dir: Path) -> None:
    crimes = copy.deepcopy(CRIME_TYPES)
    crimes["crime_types"][0] |= {"name_cy": "Byrgleriaeth", "hint_cy": "Torrodd rhywun i mewn i’ch cartref"}
    write_yaml(data_dir / "crime_types.yaml", crimes)
    services = copy.deepcopy(SERVICES)
    services["services"][0] |= {"name_cy": "Llinell gymorth", "description_cy": "Help am ddim."}
    write_yaml(data_dir / "services" / "x.yaml", services)
    dataset = read_dataset(data_dir)
    assert (dataset.crime_types[0].name_cy, dataset.crime_types[0].hint_cy) == (
        "Byrgleriaeth",
        "Torrodd rhywun i mewn i’ch cartref",
    )
    assert dataset.crime_types[1].name_cy is None
    assert (dataset.services[0].name_cy, dataset.services[0].description_cy) == ("Llinell gymorth", "Help am ddim.")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_cy": "B" * 121}, "name_cy", "120 characters or fewer"),
        ({"hint_cy": "Torrodd\x00rhywun"}, "hint_cy", "must not contain a NUL character"),
        ({"hint": None, "hint_cy": "Torrodd rhywun"}, "hint_cy", "give the English too"),
        (
            {"nmae_cy": "Byrgleriaeth"},
            "nmae_cy",
            "is not a known field (expected one of: hint, hint_cy, name, name_cy,",
        ),
    ],
)
def test_welsh_fields_are_checked_like_the_english(
    data_dir: Path, changes: dict[str, object], field: str, message: str
) -> None:
    crimes = copy.deepcopy(CRIME_TYPES)
    crimes["crime_types"][0] |= changes
    write_yaml(data_dir / "crime_types.yaml", crimes)
    with pytest.raises(DatasetInvalid) as raised:
        read_dataset(data_dir)
    errors = [e for e in raised.value.errors if e.field == field]
    assert errors, raised.value.errors
    assert message in errors[0].message


def test_the_curated_welsh_is_shown_on_the_welsh_results_page(client: FlaskClient) -> None:
    page = client.get("/cy/support/burglary/cf10-1").get_data(as_text=True)
    assert "<title>Help ar ôl byrgleriaeth &ndash; Signpost</title>" in page
    assert "Eich heddlu chi yw Heddlu De Cymru." in page
    assert "Llinell Gymorth Cymorth i Ddioddefwyr" in page  # Victim Support's Supportline in Welsh
    assert "Y Cod Ymarfer ar gyfer Dioddefwyr Troseddau yng Nghymru a Lloegr" in page
    # A listing with no Welsh yet: its English, marked as English.
    assert re.search(r'<span lang="en">[^<]+</span>', page)


def test_the_english_page_shows_no_welsh_content(client: FlaskClient) -> None:
    page = client.get("/support/burglary/cf10-1").get_data(as_text=True)
    assert "Your police force is South Wales Police." in page
    assert "Heddlu De Cymru" not in page and "Byrgleriaeth" not in page
    assert 'lang="en"><' not in page and '<span lang="en">' not in page


def test_the_welsh_question_page_offers_welsh_crime_types(client: FlaskClient) -> None:
    page = client.get("/cy/what-happened").get_data(as_text=True)
    assert "Byrgleriaeth" in page and "Cam-drin domestig" in page
    assert "Torrodd rhywun i mewn i’ch cartref" in page
