"""What each fallback page lists, from the curated dataset alone."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from signpost.dataset.records import Dataset
from signpost.fallback.content import FallbackContent, covers, fallback_content, for_victims
from tests.conftest import curated_dataset

TODAY = date(2026, 11, 29)
NATIONS = ("england", "wales", "scotland", "northern-ireland")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return curated_dataset()


def listed(content: FallbackContent) -> set[str]:
    found = {h.slug for h in content.any_crime}
    found |= {h.slug for g in content.by_crime for h in g.helplines}
    found |= {h.slug for n in content.nations for h in n.helplines}
    return found


@pytest.mark.parametrize("nation", NATIONS)
def test_a_nation_page_lists_exactly_the_uk_wide_and_that_nations_lines(dataset: Dataset, nation: str) -> None:
    expected = {s.slug for s in dataset.services if covers(s, nation) and for_victims(s)}
    assert expected  # the data has national lines for every nation
    assert listed(fallback_content(dataset, nation, TODAY)) == expected


def test_scotland_never_gets_england_and_wales_lines(dataset: Dataset) -> None:
    ew_only = {
        s.slug for s in dataset.services if not covers(s, "scotland") and (covers(s, "england") or covers(s, "wales"))
    }
    assert "victim-support-supportline" in ew_only
    assert not ew_only & listed(fallback_content(dataset, "scotland", TODAY))


def test_the_nations_own_general_line_comes_first(dataset: Dataset) -> None:
    assert fallback_content(dataset, "scotland", TODAY).any_crime[0].slug == "victim-support-scotland-helpline"
    assert fallback_content(dataset, "wales", TODAY).any_crime[0].slug == "victim-support-supportline"


def test_the_uk_page_has_each_nations_general_lines(dataset: Dataset) -> None:
    content = fallback_content(dataset, "uk", TODAY)
    by_nation = {n.nation: {h.slug for h in n.helplines} for n in content.nations}
    assert "victim-support-scotland-helpline" in by_nation["scotland"]
    assert "victim-support-ni" in by_nation["northern-ireland"]
    assert "victim-support-scotland-helpline" not in by_nation["england"]
    # UK-wide lines are listed once, at the top, not again under every nation
    assert "samaritans-helpline" in {h.slug for h in content.any_crime}
    assert all("samaritans-helpline" not in slugs for slugs in by_nation.values())


def test_lines_for_people_who_harm_are_never_listed(dataset: Dataset) -> None:
    base = next(s for s in dataset.services if s.slug == "samaritans-helpline")
    harm = dataclasses.replace(
        base, slug="a-line-for-people-who-harm", audience=("people-who-harm",), purpose="behaviour-change"
    )
    both = dataclasses.replace(base, slug="a-line-for-victims-too", audience=("victims", "witnesses"))
    assert not for_victims(harm) and for_victims(both) and for_victims(base)
    assert "respect-phoneline" in {s.slug for s in dataset.services}  # the real one, in the data files
    for area in (*NATIONS, "uk"):
        assert "respect-phoneline" not in listed(fallback_content(dataset, area, TODAY))
    changed = Dataset(crime_types=dataset.crime_types, services=[*dataset.services, harm, both])
    for area in (*NATIONS, "uk"):
        found = listed(fallback_content(changed, area, TODAY))
        assert "a-line-for-people-who-harm" not in found
        assert "a-line-for-victims-too" in found


def test_listings_too_old_to_show_are_left_out(dataset: Dataset) -> None:
    old = dataclasses.replace(
        next(s for s in dataset.services if s.slug == "samaritans-helpline"), checked_on=date(2023, 1, 1)
    )
    changed = Dataset(crime_types=dataset.crime_types, services=[s for s in dataset.services if s.slug != old.slug])
    changed.services.append(old)
    assert "samaritans-helpline" not in listed(fallback_content(changed, "england", TODAY, hide_after_months=24))
    assert "samaritans-helpline" in listed(fallback_content(changed, "england", TODAY, hide_after_months=60))


def test_an_unknown_area_is_refused(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="area must be one of"):
        fallback_content(dataset, "ln1-3", TODAY)
