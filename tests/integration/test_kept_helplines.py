"""The other helplines' results, kept on the index for the pages of a crime and nation: the same results a
fresh search would give, at every time and freshness limit, and built again when they would read differently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from signpost.directory import index as directory_index
from signpost.directory.hours import open_status
from signpost.directory.results import HelplineGroup, Results
from signpost.directory.search import Freshness, crime_type, find_support, months_before
from signpost.extensions import db
from signpost.geo.places import Place, resolve

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday at noon
USUAL = Freshness()


def _search(postcode: str, now: datetime = NOW, crime: str = "burglary", **kwargs: object) -> Results:
    found_crime = crime_type(db.session, crime)
    place = resolve(db.session, postcode)
    assert found_crime is not None and isinstance(place, Place)
    return find_support(db.session, found_crime, place, now, **kwargs)  # type: ignore[arg-type]


def _forget_kept() -> None:
    directory_index.current(db.session)._kept.clear()


def _as_fresh(groups: list[HelplineGroup], now: datetime, nation: str, freshness: Freshness = USUAL) -> None:
    """Each result reads as one worked out afresh at `now` would."""
    stale_before = months_before(now.date(), freshness.stale_after_months)
    for group in groups:
        for result in group.services:
            service = result.service
            assert result.open_status == open_status(service.hours, now, nation), (service.slug, now)
            assert result.stale == (service.checked_on is None or service.checked_on < stale_before), service.slug
            assert result.distance_miles is None and not result.local


def _shown(groups: list[HelplineGroup]) -> list[tuple[str, list[str]]]:
    return [(group.key, [r.service.slug for r in group.services]) for group in groups]


def test_pages_of_one_crime_and_nation_share_one_set_of_helpline_results(app: Flask) -> None:
    _forget_kept()
    lincoln, leeds = _search("LN1 3AA"), _search("LS1 4AP")
    assert lincoln.groups and lincoln.groups is leeds.groups  # worked out once, then kept
    _as_fresh(lincoln.groups, NOW, "england")
    cardiff = _search("CF10 1EP")
    assert cardiff.groups is not lincoln.groups  # another nation: its own
    assert _search("LN1 3AA", crime="fraud").groups is not lincoln.groups  # another crime: its own
    # What was kept is what a search with nothing kept finds.
    _forget_kept()
    again = _search("LN1 3AA")
    assert again.groups is not lincoln.groups and _shown(again.groups) == _shown(lincoln.groups)
    assert [r.open_status for g in again.groups for r in g.services] == [
        r.open_status for g in lincoln.groups for r in g.services
    ]


def test_kept_results_are_worked_out_again_when_an_open_now_message_changes(app: Flask) -> None:
    _forget_kept()
    first = _search("LN1 3AA")
    changes = [r.open_status.changes_at for g in first.groups for r in g.services if r.open_status.changes_at]
    assert changes, "the curated helplines include some with opening hours"
    change = min(changes)
    just_before = _search("LS1 4AP", change - timedelta(seconds=1))
    assert just_before.groups is first.groups
    at_change = _search("LS1 4AP", change)
    assert at_change.groups is not first.groups
    _as_fresh(at_change.groups, change, "england")
    assert any(
        a.open_status != b.open_status
        for g, h in zip(first.groups, at_change.groups, strict=True)
        for a, b in zip(g.services, h.services, strict=True)
    )
    # Earlier than the kept results were worked out for (a clock put back, or a test's frozen time): afresh too.
    earlier = NOW - timedelta(hours=5)
    back = _search("LN1 3AA", earlier)
    assert back.groups is not at_change.groups
    _as_fresh(back.groups, earlier, "england")


def test_kept_results_follow_the_day_and_the_freshness_limit(app: Flask) -> None:
    _forget_kept()
    today = _search("LN1 3AA")
    for now in (NOW + timedelta(days=1), NOW + timedelta(days=400)):
        later = _search("LN1 3AA", now)
        assert later.groups is not today.groups
        _as_fresh(later.groups, now, "england")
    # A stricter freshness limit marks helplines stale at the same time, with the same kept national part.
    in_two_months = NOW + timedelta(days=60)
    usual = _search("LN1 3AA", in_two_months)
    strict = Freshness(stale_after_months=1)  # the same hiding limit as the usual one
    found = _search("LN1 3AA", in_two_months, freshness=strict)
    assert found.groups is not usual.groups
    _as_fresh(found.groups, in_two_months, "england", strict)
    assert not any(r.stale for g in usual.groups for r in g.services)
    assert any(r.stale for g in found.groups for r in g.services)
