"""Per-process caches (the coverage index, the gazetteer, reference data) agree with the database and
never serve data older than the last change."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from signpost.data_version import current_versions
from signpost.dataset.geo_tables import load_geo_tables
from signpost.directory import index as directory_index
from signpost.directory.candidates import area_keys
from signpost.directory.coverage import Area
from signpost.directory.search import NATIONS, crime_type, crime_types
from signpost.extensions import db
from signpost.geo.gazetteer import gazetteer
from signpost.geo.places import Place, resolve
from signpost.models import CrimeType, Location, Organisation, PostcodeSector, Service, ServiceArea
from tests.conftest import DATA_DIR
from tests.support.coverage_rules import best_rank

# Places in each nation, at each level, near force borders and in London's two forces.
POSTCODES = ["LN1 3AA", "LN1 3", "LN1", "SW1A 1AA", "EC2V 7HH", "EH1 1YZ", "CF10 1EP", "BT1 5GS", "W1", "NG1 2", "PE9"]


def expected_ranks(crime_slug: str, place: Place | None, nation: str | None) -> dict[int, int]:
    """The coverage rules in coverage.py, applied service by service straight from the database."""
    ranks: dict[int, int] = {}
    services = db.session.scalars(
        select(Service)
        .where(Service.status == "active")
        .options(selectinload(Service.areas), selectinload(Service.crime_types))
    )
    for service in services:
        if not (service.all_crime_types or crime_slug in {c.slug for c in service.crime_types}):
            continue
        areas = [Area(a.kind, a.code, a.latitude, a.longitude, a.radius_miles) for a in service.areas]
        rank = best_rank(areas, place, place.nation if place else nation)
        if rank is not None:
            ranks[service.id] = rank
    return ranks


def add_radius_service() -> None:
    """A service covering 5 miles around Lincoln, to exercise the radius grid."""
    organisation = Organisation(slug="test-radius-org", name="Test radius organisation", status="active")
    lincoln = Location(slug="office", name="Office", latitude=53.2307, longitude=-0.5406, confidential=False)
    db.session.add(
        Service(
            slug="test-radius",
            organisation=organisation,
            name="Test radius service",
            description="A temporary test service.",
            status="active",
            all_crime_types=True,
            locations=[lincoln],
            areas=[ServiceArea(kind="radius", latitude=53.2307, longitude=-0.5406, radius_miles=5.0)],
        )
    )
    db.session.flush()


@pytest.mark.parametrize("postcode", POSTCODES)
def test_index_finds_exactly_the_services_the_coverage_rules_find(app: Flask, postcode: str) -> None:
    add_radius_service()
    place = resolve(db.session, postcode)
    assert isinstance(place, Place), postcode
    index = directory_index.current(db.session)
    here = (place.latitude, place.longitude) if place.latitude is not None and place.longitude is not None else None
    for crime in crime_types(db.session):
        found = index.covering(crime.slug, area_keys(place, place.nation), here)
        assert found == expected_ranks(crime.slug, place, None), (postcode, crime.slug)


def test_index_radius_areas_cover_only_inside_the_circle(app: Flask) -> None:
    add_radius_service()
    service_id = db.session.scalar(select(Service.id).where(Service.slug == "test-radius"))
    index = directory_index.current(db.session)
    inside = index.covering("burglary", [], (53.2307 + 4.9 / 69.0, -0.5406))  # 4.9 miles north
    outside = index.covering("burglary", [], (53.2307 + 5.1 / 69.0, -0.5406))  # 5.1 miles north
    assert inside.get(service_id) == 1 and service_id not in outside


@pytest.mark.parametrize("nation", [None, *NATIONS])
def test_index_national_coverage_matches_the_rules(app: Flask, nation: str | None) -> None:
    index = directory_index.current(db.session)
    for crime in crime_types(db.session):
        found = index.covering(crime.slug, area_keys(None, nation), None)
        expected = expected_ranks(crime.slug, None, nation)
        if nation is None:  # the UK page: every national service, whichever nation it serves
            assert set(found) == {sid for sid, rank in expected_ranks(crime.slug, None, None).items() if rank >= 4} | {
                sid for n in NATIONS for sid in expected_ranks(crime.slug, None, n)
            }
        else:
            assert found == expected, (nation, crime.slug)


def test_a_change_to_a_sector_is_seen_at_once(app: Flask) -> None:
    before = current_versions(db.session)
    assert gazetteer(db.session).sectors["LN1 3"].lad_name is not None
    sector = db.session.get(PostcodeSector, "LN1 3")
    assert sector is not None
    sector.lad_name = "Renamed for this test"
    db.session.flush()
    after = current_versions(db.session)
    assert after.geography != before.geography
    assert (after.directory, after.reference) == (before.directory, before.reference)  # the index is kept
    assert gazetteer(db.session).sectors["LN1 3"].lad_name == "Renamed for this test"
    place = resolve(db.session, "LN1 3")
    assert isinstance(place, Place) and place.lad_name == "Renamed for this test"


def test_reloading_the_geo_tables_changes_the_data_version(empty_app: Flask) -> None:
    before = current_versions(db.session)
    loaded = load_geo_tables(db.session, DATA_DIR / "geo")
    assert loaded  # an empty database loads every table
    assert current_versions(db.session).geography != before.geography
    assert "LN1 3" in gazetteer(db.session).sectors
    versions = current_versions(db.session)
    db.session.commit()
    assert load_geo_tables(db.session, DATA_DIR / "geo") == {}  # nothing changed, nothing reloaded
    assert current_versions(db.session) == versions


def test_crime_types_come_from_the_cache_and_follow_changes(app: Flask) -> None:
    assert [c.slug for c in crime_types(db.session)][0] == "burglary"
    row = db.session.get(CrimeType, "burglary")
    assert row is not None
    row.name = "Break-in"
    db.session.flush()
    found = crime_type(db.session, "burglary")
    assert found is not None and found.name == "Break-in"


def test_a_change_made_by_another_process_is_seen_within_a_second(
    empty_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import create_engine

    from signpost import data_version

    before = current_versions(db.session)
    db.session.rollback()
    other = create_engine(db.engine.url)  # another worker process, as far as this one can tell
    with other.begin() as connection:
        connection.exec_driver_sql("UPDATE directory_version SET version = version + 1 WHERE id = 1")
    other.dispose()
    assert current_versions(db.session) == before  # read less than a second ago: no round trip
    db.session.rollback()
    later = data_version.clock() + data_version.VERSION_TTL_SECONDS + 0.01
    monkeypatch.setattr(data_version, "clock", lambda: later)
    assert current_versions(db.session) == before._replace(directory=before.directory + 1)


def test_card_parts_are_rendered_once_per_view_and_leave_with_it(app: Flask) -> None:
    import dataclasses
    import gc

    from signpost.public import cards

    service_id = db.session.scalar(select(Service.id).where(Service.slug == "victim-support-supportline"))
    assert service_id is not None
    view = directory_index.current(db.session).service_views(db.session, [service_id])[service_id]
    first = cards.card_parts(view)
    assert cards.card_parts(view) is first
    assert view.name in first.top and "Checked on" in first.checked
    assert all(phone.number in first.top for phone in view.phones)
    changed = dataclasses.replace(view, name="A new name after a change")  # a new view, as after a data change
    assert "A new name after a change" in cards.card_parts(changed).top
    assert "A new name after a change" not in cards.card_parts(view).top
    gc.collect()  # views earlier tests left in reference cycles go now, not in the count below
    held = len(cards._parts)
    del changed
    gc.collect()
    assert len(cards._parts) == held - 1


def test_card_parts_render_only_the_parts_a_card_uses(app: Flask) -> None:
    from signpost.public import cards

    service_id = db.session.scalar(select(Service.id).where(Service.slug == "victim-support-supportline"))
    assert service_id is not None
    view = directory_index.current(db.session).service_views(db.session, [service_id])[service_id]
    with app.test_request_context("/support/burglary/ln1-3"):
        parts = cards.card_parts(view)
        parts._kept.clear()  # another test may have shown this view already
        top = parts.top
        assert set(parts._kept) == {"card_top"}  # a plain card never pays for the "Start here" part
        assert parts.top is top and view.name in top
        assert "Call" in parts.lead and set(parts._kept) == {"card_top", "card_lead"}


def test_a_service_deleted_elsewhere_since_the_index_was_built_is_left_out(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signpost.directory.search import find_support
    from tests.integration.test_search import NOW

    burglary = crime_type(db.session, "burglary")
    lincoln = resolve(db.session, "LN1 3AA")
    assert burglary is not None and isinstance(lincoln, Place)
    index = directory_index.current(db.session)
    shown = find_support(db.session, burglary, lincoln, NOW)
    gone = shown.national[0].service.id
    load = index.service_views

    def without_the_deleted_row(session: object, ids: list[int]) -> dict[int, object]:
        # What loading returns when another process deleted the row a moment ago.
        return {i: v for i, v in load(db.session, ids).items() if i != gone}

    monkeypatch.setattr(index, "service_views", without_the_deleted_row)
    # On a page whose helplines' results are not kept yet: kept results, like kept views, hold what they were
    # made from for as long as this index lasts, which is until about a second after another process's change.
    index._kept.clear()
    again = find_support(db.session, burglary, lincoln, NOW)
    assert gone not in {r.service.id for r in again.national}
    assert len(again.national) == len(shown.national) - 1
