"""find_support and resolve against the real curated dataset, on every backend; and `flask search`.

The `app` fixture rolls the session back after each test: tests that change rows only flush, never commit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from dateutil.relativedelta import relativedelta
from flask import Flask
from sqlalchemy import select

from signpost.directory.coverage import RANK
from signpost.directory.reference import Crime
from signpost.directory.results import Results
from signpost.directory.search import NATIONS, Freshness, crime_type, crime_types, find_support
from signpost.extensions import db
from signpost.geo.places import Level, NotFound, Place, Problem, resolve
from signpost.geo.postcodes import PostcodeKind, Territory, parse_postcode
from signpost.models import CrimeType, Location, Organisation, Service, ServiceArea

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday
LINCOLNSHIRE = "E23000020"


def crime(slug: str) -> Crime:
    found = crime_type(db.session, slug)
    assert found is not None, slug
    return found


def crime_row(slug: str) -> CrimeType:
    found = db.session.get(CrimeType, slug)
    assert found is not None, slug
    return found


def place(postcode: str) -> Place:
    found = resolve(db.session, postcode)
    assert isinstance(found, Place), found
    return found


def search(crime_slug: str, postcode: str, now: datetime = NOW, **kwargs: object) -> Results:
    return find_support(db.session, crime(crime_slug), place(postcode), now, **kwargs)  # type: ignore[arg-type]


def slugs(results: Results) -> set[str]:
    return {r.service.slug for r in results.national + results.local}


def service(slug: str) -> Service:
    found = db.session.scalar(select(Service).where(Service.slug == slug))
    assert found is not None, slug
    return found


# --- the four nations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "crime_slug", "force", "nation", "present", "absent"),
    [
        (
            "LN1 3AA",
            "burglary",
            "Lincolnshire Police",
            "england",
            {"victim-support-supportline", "crimestoppers-anonymous-line"},
            {"victim-support-scotland-helpline", "victim-support-ni"},
        ),
        (
            "CF10 1EP",
            "domestic-abuse",
            "South Wales Police",
            "wales",
            {"live-fear-free-helpline", "victim-support-supportline"},
            {
                "national-domestic-abuse-helpline",  # England only
                "scotland-domestic-abuse-forced-marriage-helpline",
                "ni-domestic-sexual-abuse-helpline",
            },
        ),
        (
            "EH1 1YZ",
            "burglary",
            "Police Scotland",
            "scotland",
            {"victim-support-scotland-helpline"},
            {"victim-support-supportline", "citizens-advice-witness-service", "victim-support-ni"},
        ),
        (
            "BT1 5GS",
            "domestic-abuse",
            "Police Service of Northern Ireland",
            "northern-ireland",
            {"ni-domestic-sexual-abuse-helpline", "victim-support-ni"},
            {"national-domestic-abuse-helpline", "live-fear-free-helpline", "victim-support-supportline"},
        ),
    ],
)
def test_each_nation_gets_its_own_services_and_police_force(
    app: Flask, postcode: str, crime_slug: str, force: str, nation: str, present: set[str], absent: set[str]
) -> None:
    results = search(crime_slug, postcode)
    assert results.nation == nation
    assert results.place is not None and results.place.nation == nation
    assert results.police_force is not None and results.police_force.name == force
    assert results.police_force.nation == nation
    shown = slugs(results)
    assert present <= shown, present - shown
    assert not (absent & shown), absent & shown
    # Every national result serves this nation (or the whole UK) and helps with this crime.
    for result in results.national:
        listed = db.session.get(Service, result.service.id)
        assert listed is not None
        kinds = {(a.kind, a.code) for a in listed.areas}
        assert ("uk", None) in kinds or ("nation", nation) in kinds, result.service.slug
        helps = listed.all_crime_types or crime_slug in {c.slug for c in listed.crime_types}
        assert helps, result.service.slug
    # Within each group of other helplines, services for this crime type come before "any crime" services.
    for group in results.groups:
        specific = [r.specific for r in group.services]
        assert specific == sorted(specific, reverse=True), group.key
    # "Start here" leads with this nation's own services: none serves only another nation.
    assert results.start_here
    expected_rights = {"england": "england-wales", "wales": "england-wales"}.get(nation, nation)
    assert [r.jurisdiction for r in results.rights] == [expected_rights]
    assert results.next_steps and results.prevention


def test_the_place_never_carries_the_full_postcode(app: Flask) -> None:
    found = place("LN1 3AA")
    assert (found.label, found.slug) == ("LN1 3", "ln1-3")
    assert "3AA" not in repr(found)


def test_a_district_on_its_own(app: Flask) -> None:
    found = place("LN1")
    assert found.level is Level.DISTRICT
    assert (found.label, found.slug, found.district) == ("LN1", "ln1", "LN1")
    results = find_support(db.session, crime("burglary"), found, NOW)
    assert results.police_force is not None and results.police_force.code == LINCOLNSHIRE
    # LN1 crosses a force border, but Nottinghamshire polices about 0.1% of it: too little to name.
    assert results.place is not None and results.place.other_pfa_codes == ("E23000019",)
    assert results.other_forces == []
    assert "victim-support-supportline" in slugs(results)


def test_a_force_that_polices_a_meaningful_share_of_the_area_is_named(app: Flask) -> None:
    found = place("BL7")  # Greater Manchester Police, with about 42% of its postcodes in Lancashire
    results = find_support(db.session, crime("burglary"), found, NOW)
    assert results.police_force is not None and results.police_force.code == "E23000005"
    assert [f.code for f in results.other_forces] == ["E23000003"]


def test_a_partial_postcode_w1_is_the_met(app: Flask) -> None:
    found = place("W1")
    assert found.level is Level.AREA
    assert found.nation == "england"
    assert found.district is None
    results = find_support(db.session, crime("burglary"), found, NOW)
    assert results.police_force is not None and results.police_force.name == "Metropolitan Police Service"


@pytest.mark.parametrize("text", ["not a postcode", "LN1 3CA", "ZZ9 9ZZ", "", "   ", "LN1-3AA", "LN1 3AAA"])
def test_malformed_input(app: Flask, text: str) -> None:
    assert parse_postcode(text).kind is PostcodeKind.MALFORMED
    assert resolve(db.session, text) == NotFound(Problem.MALFORMED)


def test_a_well_formed_postcode_we_do_not_know(app: Flask) -> None:
    assert parse_postcode("LN99 9ZZ").kind is PostcodeKind.FULL
    found = resolve(db.session, "LN99 9ZZ")
    assert found == NotFound(Problem.UNKNOWN, district="LN99")


@pytest.mark.parametrize(
    ("text", "territory"),
    [("IM1 1AA", Territory.ISLE_OF_MAN), ("JE2 4WD", Territory.JERSEY), ("GY1 1AA", Territory.GUERNSEY)],
)
def test_crown_dependencies_are_outside_the_uk(app: Flask, text: str, territory: Territory) -> None:
    found = resolve(db.session, text)
    assert isinstance(found, NotFound)
    assert (found.problem, found.territory) == (Problem.OUTSIDE_UK, territory)
    assert found.district == text.split()[0]
    # A district alone is outside too.
    assert resolve(db.session, text.split()[0]) == found


# --- what is never shown ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["inactive", "retired"])
def test_inactive_and_retired_services_never_appear(app: Flask, status: str) -> None:
    assert "victim-support-supportline" in slugs(search("burglary", "LN1 3AA"))
    service("victim-support-supportline").status = status
    db.session.flush()
    assert "victim-support-supportline" not in slugs(search("burglary", "LN1 3AA"))
    for nation in ("england", "wales", None):
        results = find_support(db.session, crime("burglary"), None, NOW, nation=nation)
        assert "victim-support-supportline" not in slugs(results)
        for listed in results.by_nation:
            assert "victim-support-supportline" not in {r.service.slug for r in listed.start_here}


def test_stale_listings_are_marked_then_left_out(app: Flask) -> None:
    listing = service("victim-support-supportline")
    assert listing.checked_on is not None

    def result_after(months: int) -> list[bool]:
        now = datetime.combine(listing.checked_on + relativedelta(months=months), time(12), tzinfo=UTC)  # type: ignore[operator]
        results = search("burglary", "LN1 3AA", now=now)
        return [r.stale for r in results.national if r.service.slug == listing.slug]

    assert result_after(0) == [False]
    assert result_after(11) == [False]
    assert result_after(13) == [True]  # shown, marked as possibly out of date
    assert result_after(23) == [True]
    assert result_after(25) == []  # too old to show at all


def test_freshness_limits_can_be_changed(app: Flask) -> None:
    listing = service("victim-support-supportline")
    assert listing.checked_on is not None
    now = datetime.combine(listing.checked_on + relativedelta(months=3), time(12), tzinfo=UTC)
    strict = search("burglary", "LN1 3AA", now=now, freshness=Freshness(stale_after_months=2, hide_after_months=6))
    assert [r.stale for r in strict.national if r.service.slug == listing.slug] == [True]
    hidden = search("burglary", "LN1 3AA", now=now, freshness=Freshness(stale_after_months=1, hide_after_months=2))
    assert listing.slug not in slugs(hidden)


def test_a_listing_never_checked_is_stale(app: Flask) -> None:
    service("victim-support-supportline").checked_on = None
    db.session.flush()
    results = search("burglary", "LN1 3AA")
    assert [r.stale for r in results.national if r.service.slug == "victim-support-supportline"] == [True]


# --- local services and ranking --------------------------------------------------------------------------


def add_local_services() -> None:
    """Temporary local burglary services around Lincoln, one per kind of area (flushed, never committed)."""
    burglary = crime_row("burglary")
    organisation = Organisation(slug="test-local-org", name="Test local organisation", status="active")
    db.session.add(organisation)

    def add(slug: str, name: str, area: ServiceArea, location: Location | None = None) -> None:
        db.session.add(
            Service(
                slug=slug,
                organisation=organisation,
                name=name,
                description="A temporary test service.",
                status="active",
                verification="verified",
                checked_on=date(2026, 11, 1),
                crime_types=[burglary],
                areas=[area],
                locations=[location] if location else [],
            )
        )

    def circle(lat: float, lon: float, miles: float) -> ServiceArea:
        return ServiceArea(kind="radius", radius_miles=miles, latitude=lat, longitude=lon)

    # Names sort the opposite way to the expected order, so only the rank can put them right.
    add("test-force-wide", "A force-wide service", ServiceArea(kind="police_force_area", code=LINCOLNSHIRE))
    add("test-council", "B council service", ServiceArea(kind="local_authority", code="E07000138"))
    add(
        "test-radius",
        "C ten miles around Lincoln",
        circle(53.2343, -0.5361, 10),
        Location(slug="office", name="Office", latitude=53.2343, longitude=-0.5361),
    )
    add("test-district", "D LN1 only", ServiceArea(kind="postcode_district", code="LN1"))
    add("test-nottingham", "E ten miles around Nottingham", circle(52.9533, -1.1496, 10))
    add("test-other-district", "F LN2 only", ServiceArea(kind="postcode_district", code="LN2"))
    db.session.flush()


def test_more_local_service_areas_rank_first(app: Flask) -> None:
    add_local_services()
    results = search("burglary", "LN1 3AA")
    ours = [r for r in results.local if r.service.slug.startswith("test-")]  # real local services may be listed too
    assert [r.service.slug for r in ours] == ["test-district", "test-radius", "test-council", "test-force-wide"]
    assert [r.rank for r in ours] == [
        RANK["postcode_district"],
        RANK["radius"],
        RANK["local_authority"],
        RANK["police_force_area"],
    ]
    assert all(r.specific for r in ours)
    assert [r.rank for r in results.local] == sorted(r.rank for r in results.local)
    radius = next(r for r in results.local if r.service.slug == "test-radius")
    assert radius.distance_miles is not None and radius.distance_miles < 1
    # Local services are not repeated among the national ones.
    assert not {"test-district", "test-radius", "test-council", "test-force-wide"} & {
        r.service.slug for r in results.national
    }


def test_local_services_that_do_not_cover_the_place_are_left_out(app: Flask) -> None:
    add_local_services()
    assert not {"test-nottingham", "test-other-district"} & slugs(search("burglary", "LN1 3AA"))
    # In Nottingham only the Nottingham radius applies (not Lincolnshire's force area).
    nottingham = slugs(search("burglary", "NG1 5"))
    assert "test-nottingham" in nottingham
    assert not {"test-force-wide", "test-council", "test-district", "test-radius"} & nottingham


def test_local_services_only_for_their_crime_types(app: Flask) -> None:
    add_local_services()
    assert not {"test-district", "test-force-wide"} & slugs(search("fraud", "LN1 3AA"))


def test_a_nation_only_search_shows_no_local_services(app: Flask) -> None:
    add_local_services()
    results = find_support(db.session, crime("burglary"), None, NOW, nation="england")
    assert results.local == []
    assert results.police_force is None
    assert "victim-support-supportline" in slugs(results)


# --- national coverage -----------------------------------------------------------------------------------


def test_every_crime_type_has_national_help_in_every_nation(app: Flask) -> None:
    all_crimes = crime_types(db.session)
    assert len(all_crimes) >= 10
    missing = [
        (c.slug, nation)
        for c in all_crimes
        for nation in NATIONS
        if not find_support(db.session, c, None, NOW, nation=nation).national
    ]
    assert missing == []


def test_searching_without_a_place_or_nation_groups_national_help_by_nation(app: Flask) -> None:
    results = find_support(db.session, crime("domestic-abuse"), None, NOW)
    assert results.nation is None
    assert [help.nation for help in results.by_nation] == list(NATIONS)
    by_nation = {help.nation: {r.service.slug for r in help.start_here} for help in results.by_nation}
    assert "live-fear-free-helpline" in by_nation["wales"]
    assert "live-fear-free-helpline" not in by_nation["england"]
    assert "ni-domestic-sexual-abuse-helpline" in by_nation["northern-ireland"]
    assert "ni-domestic-sexual-abuse-helpline" not in by_nation["scotland"]
    assert {r.jurisdiction for r in results.rights} == {"england-wales", "scotland", "northern-ireland"}


def test_inactive_crime_types_are_not_offered(app: Flask) -> None:
    crime_row("burglary").active = False
    db.session.flush()
    assert crime_type(db.session, "burglary") is None
    assert "burglary" not in {c.slug for c in crime_types(db.session)}


# --- flask search ----------------------------------------------------------------------------------------


def test_cli_search_prints_every_section(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["search", "burglary", "LN1 3AA"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Lincolnshire" in output
    assert "Your police force: Lincolnshire Police" in output
    sections = [
        "1. EMERGENCY",
        "2. GET HELP NOW",
        "3. SUPPORT IN YOUR AREA",
        "4. WHAT TO DO NEXT",
        "5. PROTECT YOURSELF",
        "6. YOUR RIGHTS",
    ]
    positions = [output.index(s) for s in sections]
    assert positions == sorted(positions)
    assert "999" in output and "101" in output
    assert "Victim Support Supportline" in output
    assert "Victim Support Scotland" not in output
    assert "LN1 3AA" not in output  # the full postcode is never echoed back
    assert "LN1 3" in output


def test_cli_search_isle_of_man(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["search", "burglary", "IM1 1AA"])
    assert result.exit_code == 0, result.output
    assert "Isle of Man" in result.output
    assert "not part of the UK" in result.output
    assert "999" in result.output


def test_cli_search_malformed_postcode_fails_clearly(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["search", "burglary", "not a postcode"])
    assert result.exit_code != 0
    assert "That is not a postcode" in result.output


def test_cli_search_unknown_postcode_fails_clearly(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["search", "burglary", "LN99 9ZZ"])
    assert result.exit_code != 0
    assert "LN99" in result.output


def test_cli_search_unknown_crime_type_lists_the_real_ones(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["search", "teleportation", "LN1 3AA"])
    assert result.exit_code != 0
    assert "'teleportation' is not a crime type" in result.output
    assert "burglary" in result.output


def test_cli_search_without_a_postcode_gives_national_help(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["search", "burglary"])
    assert result.exit_code == 0, result.output
    assert "Area: anywhere in the UK" in result.output
    assert "Victim Support Scotland" in result.output
