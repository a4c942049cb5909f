"""A search in two parts (the national part kept per crime, nation and day; the local part per page) arranges
exactly what arranging every candidate at once does."""

from __future__ import annotations

import random
from datetime import date

import pytest

from signpost.directory.candidates import area_keys, arranged, candidates
from signpost.directory.index import AreaRow, DirectoryIndex, ServiceMeta, file_areas
from signpost.directory.relevance import arrange
from signpost.geo.places import Level, Place
from signpost.geo.postcodes import Territory

HERE = (53.23, -0.54)
PLACE = Place(
    Level.SECTOR, "LN1 3", "ln1-3", Territory.ENGLAND, *HERE, "L1", "Lincoln", "P1", 1.0, (), "LN1", "Lincoln"
)
HIDE_BEFORE = date(2024, 11, 30)
AREAS: list[tuple[str, str | None]] = [
    ("uk", None),
    ("nation", "england"),
    ("nation", "wales"),
    ("police_force_area", "P1"),
    ("police_force_area", "P2"),
    ("local_authority", "L1"),
    ("postcode_district", "LN1"),
    ("radius", None),
]
CRIMES = ("burglary", "fraud", "domestic-abuse")


def _index(rng: random.Random, count: int, both: bool, spread: float = 0.0, names: int = 0) -> DirectoryIndex:
    """`count` services with random records and areas; with `both`, some cover the nation and the place. With
    `spread` (degrees), their places are scattered that far around and some have two or three; with `names`,
    they have only that many names and sit on a grid (so records tie on everything but the order met)."""
    index = DirectoryIndex(1)
    rows: list[AreaRow] = []
    locations: dict[int, tuple[tuple[float, float], ...]] = {}
    for service_id in range(1, count + 1):
        areas = rng.sample(AREAS[1:] if both else AREAS[3:], 2 if both else 1)
        if not both and rng.random() < 0.15:
            areas = [rng.choice(AREAS[:3])]
        nations = {"england", "wales", "scotland", "northern-ireland"} if ("uk", None) in areas else set()
        nations |= {code for kind, code in areas if kind == "nation" and code}
        index.services[service_id] = ServiceMeta(
            f"Service {rng.randrange(names or count // 3)}",  # names repeat: only a stable order keeps the same answer
            rng.random() < 0.3,
            frozenset(rng.sample(CRIMES, rng.randrange(3))),
            date(2024, rng.randrange(1, 13), 1) if rng.random() < 0.9 else None,
            frozenset(rng.sample(["victims", "people-who-harm", "children-and-young-people"], rng.randrange(1, 3))),
            rng.choice(["victim-support", "specialist-support", "report", "behaviour-change", "someone-to-talk-to"]),
            frozenset(rng.sample(["women", "online"], rng.randrange(2))),
            rng.random() < 0.8,
            frozenset(nations),
            rng.random() < 0.7,
            rng.random() < 0.2,
        )
        if spread and rng.random() < 0.9:
            step = (lambda: rng.randrange(-3, 4) * spread / 3) if names else (lambda: rng.uniform(-spread, spread))
            locations[service_id] = tuple((HERE[0] + step(), HERE[1] + step()) for _ in range(rng.choice((1, 1, 2, 3))))
        elif rng.random() < 0.8:  # distances repeat too
            locations[service_id] = ((HERE[0] + rng.randrange(-5, 6) / 50, HERE[1] + rng.randrange(3) / 50),)
        for kind, code in areas:
            circle = (HERE[0] + rng.random() / 10, HERE[1], rng.choice([2.0, 10.0])) if kind == "radius" else None
            rows.append((service_id, kind, code, *(circle or (None, None, None))))
    file_areas(index, locations, rows)
    return index


@pytest.mark.parametrize("both", [False, True])
def test_the_kept_national_part_and_the_local_part_arrange_as_every_candidate_at_once(both: bool) -> None:
    rng = random.Random(18)
    for _ in range(20):
        index = _index(rng, 300, both)
        for crime in CRIMES:
            for first_local in (0, 5, 10, 400):
                whole = arrange(
                    candidates(index, crime, area_keys(PLACE, "england"), HERE, HIDE_BEFORE),
                    first_local=first_local,
                )
                for _again in range(2):  # the second time with the national part kept
                    parts = arranged(index, crime, PLACE, "england", HERE, HIDE_BEFORE, first_local)
                    assert parts == whole


@pytest.mark.parametrize(("spread", "names"), [(0.05, 0), (0.4, 0), (3.0, 0), (0.2, 4)])
def test_the_local_part_measures_only_what_it_must_and_still_arranges_as_every_candidate(
    spread: float, names: int
) -> None:
    """Hundreds of local services scattered at different scales (the nearest are found in a widening band of
    latitude; the best by its record first): the same arrangement as measuring every candidate, for places
    inside and outside the scatter, every page of local services, and both dates that hide services or not."""
    rng = random.Random(int(spread * 100))
    for _ in range(6):
        index = _index(rng, 600, False, spread, names)
        for crime in CRIMES:
            for here in (HERE, (HERE[0] + spread / 2, HERE[1] - spread / 3), (HERE[0] - 2.0, HERE[1]), None):
                for hide_before in (HIDE_BEFORE, date(2020, 1, 1)):
                    for first_local in (1, 5, 10, 15, 60):
                        whole = arrange(
                            candidates(index, crime, area_keys(PLACE, "england"), here, hide_before),
                            first_local=first_local,
                        )
                        assert arranged(index, crime, PLACE, "england", here, hide_before, first_local) == whole


def test_months_before_is_the_same_day_or_the_end_of_a_shorter_month() -> None:
    from signpost.directory.search import months_before

    assert months_before(date(2026, 11, 30), 24) == date(2024, 11, 30)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
