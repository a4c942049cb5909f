"""Welsh advice: advice items' optional `text_cy`, checked like the English, shown on /cy/advice/<crime> and the
Welsh results page; an item with no Welsh shows its English there, marked lang="en"."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import html5lib
import pytest
from flask.testing import FlaskClient

from signpost.dataset.errors import DatasetInvalid
from signpost.dataset.schema import read_dataset
from tests.conftest import make_app, migrate_and_load
from tests.integration.test_loader import ADVICE, REAL_DATA, write_yaml
from tests.integration.test_welsh import english_left
from tests.integration.test_welsh_data import data_dir  # noqa: F401 (the fixture)
from tests.support.pages import check_page

CRIMES = sorted(path.stem for path in (REAL_DATA / "advice").glob("*.yaml"))


def advice_items(page: str) -> list[tuple[str, str | None]]:
    """Each advice item on a page: its text and its lang attribute (on the item or its one child)."""
    document = html5lib.parse(page, namespaceHTMLElements=False)
    out = []
    for ul in document.iter("ul"):
        if "signpost-advice" in (ul.get("class") or ""):
            for li in ul.iter("li"):
                child = next(iter(li), None)
                lang = child.get("lang") if child is not None and child.tag == "span" else li.get("lang")
                out.append(("".join(li.itertext()).strip(), lang))
    return out


@pytest.mark.parametrize("crime", CRIMES)
def test_every_welsh_advice_page_is_in_welsh(client: FlaskClient, crime: str) -> None:
    response = client.get(f"/cy/advice/{crime}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    items = advice_items(page)
    assert items, crime
    # The curated advice has Welsh for every item: none is left in English.
    assert [text for text, lang in items if lang == "en"] == []
    assert english_left(page) == []
    english = advice_items(client.get(f"/advice/{crime}").get_data(as_text=True))
    assert len(items) == len(english) and not set(items) & set(english)
    assert check_page(response) == []


def test_the_welsh_results_page_has_welsh_advice(client: FlaskClient) -> None:
    page = client.get("/cy/support/burglary/cf10-1").get_data(as_text=True)
    texts = [text for text, _ in advice_items(page)]
    assert "Gofynnwch am gyfeirnod trosedd. Bydd ei angen ar yswiriwr eich cartref." in texts
    assert any(text.startswith("Clowch ddrysau a ffenestri bob tro") for text in texts)
    assert "Lock doors and windows" not in page and "Ask for a crime reference number" not in page
    # The Code's Welsh title starts the sentence, so its capital "Y" stays right.
    assert "(y Cod Dioddefwyr): mae’n rhoi’r hawliau hyn i chi." in page and "Mae Y Cod" not in page


def test_welsh_advice_keeps_its_phone_links(client: FlaskClient) -> None:
    page = client.get("/cy/advice/fraud").get_data(as_text=True)
    assert re.search(r"ffoniwch <a class=\"govuk-link signpost-tel\" href=\"tel:0300\s?123\s?2040\"", page)


def test_nation_only_advice_says_where_in_welsh_on_a_uk_page(client: FlaskClient) -> None:
    page = client.get("/cy/support/domestic-abuse/uk").get_data(as_text=True)
    texts = [text for text, _ in advice_items(page)]
    assert any(text.startswith("Yng Nghymru: Ffoniwch Byw Heb Ofn") for text in texts), texts


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text_cy": "C" * 401}, "400 characters or fewer"),
        ({"text_cy": "Clowch\x00 ddrysau"}, "must not contain a NUL character"),
        (
            {"txet_cy": "Clowch ddrysau"},
            "is not a known field (expected one of: audience, nations, source_url, text, text_cy)",
        ),
    ],
)
def test_welsh_advice_is_checked_like_the_english(
    data_dir: Path,  # noqa: F811
    changes: dict[str, object],
    message: str,
) -> None:
    advice = copy.deepcopy(ADVICE)
    advice["prevention"][0] |= changes
    write_yaml(data_dir / "advice" / "burglary.yaml", advice)
    with pytest.raises(DatasetInvalid) as raised:
        read_dataset(data_dir)
    errors = [e for e in raised.value.errors if e.field.endswith(next(iter(changes)))]
    assert errors, raised.value.errors
    assert message in errors[0].message


def test_an_advice_item_without_welsh_is_shown_in_english_marked_as_such(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(REAL_DATA, root, ignore=shutil.ignore_patterns("geo"))
    (root / "geo").symlink_to(REAL_DATA / "geo", target_is_directory=True)
    burglary = root / "advice" / "burglary.yaml"
    lines = burglary.read_text(encoding="utf-8").split("\n")
    # Take the Welsh off the one item about keys.
    at = next(i for i, line in enumerate(lines) if line.strip().startswith('text_cy: "Cadwch allweddi o’r golwg'))
    burglary.write_text("\n".join(lines[:at] + lines[at + 1 :]), encoding="utf-8")
    app = make_app(f"sqlite:///{tmp_path / 'advice.db'}", SIGNPOST_DATA_DIR=str(root))
    migrate_and_load(app, root)
    page = app.test_client().get("/cy/advice/burglary").get_data(as_text=True)
    items = advice_items(page)
    assert ("Keep keys out of sight and away from the letterbox.", "en") in items
    assert [text for text, lang in items if lang == "en"] == ["Keep keys out of sight and away from the letterbox."]
    assert english_left(page) == []
