"""Tests for signpost.geo.postcodes: examples of every form plus grammar-driven property tests."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from signpost.geo.postcodes import (
    AREAS,
    LEGACY_PARENT_DISTRICTS,
    ParsedPostcode,
    PostcodeKind,
    Territory,
    crown_dependency,
    district_from_slug,
    district_slug,
    is_northern_ireland,
    parse_postcode,
    sector_from_slug,
    sector_slug,
    territory_for_country_code,
)

FULL = PostcodeKind.FULL
SECTOR = PostcodeKind.SECTOR
DISTRICT = PostcodeKind.DISTRICT
AREA = PostcodeKind.AREA
MALFORMED = PostcodeKind.MALFORMED


# --- examples ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "postcode", "sector", "district", "area"),
    [
        ("ln13aa", "LN1 3AA", "LN1 3", "LN1", "LN"),
        (" LN1  3AA ", "LN1 3AA", "LN1 3", "LN1", "LN"),
        ("LN1\t3AA\n", "LN1 3AA", "LN1 3", "LN1", "LN"),
        ("LN1\u00a03AA", "LN1 3AA", "LN1 3", "LN1", "LN"),  # no-break space pasted from a web page
        ("sw1a1aa", "SW1A 1AA", "SW1A 1", "SW1A", "SW"),
        ("EC1A 1BB", "EC1A 1BB", "EC1A 1", "EC1A", "EC"),
        ("W1A 0AX", "W1A 0AX", "W1A 0", "W1A", "W"),
        ("m1 1ad", "M1 1AD", "M1 1", "M1", "M"),
        ("M1  1AD", "M1 1AD", "M1 1", "M1", "M"),
        ("B33 8TH", "B33 8TH", "B33 8", "B33", "B"),
        ("CR2 6XH", "CR2 6XH", "CR2 6", "CR2", "CR"),
        ("DN55 1PT", "DN55 1PT", "DN55 1", "DN55", "DN"),
        ("E1W 1AA", "E1W 1AA", "E1W 1", "E1W", "E"),
        ("N1C 4AG", "N1C 4AG", "N1C 4", "N1C", "N"),
        ("SE1P 5ZZ", "SE1P 5ZZ", "SE1P 5", "SE1P", "SE"),
        ("NW1W 8JN", "NW1W 8JN", "NW1W 8", "NW1W", "NW"),
        ("CF10 1EP", "CF10 1EP", "CF10 1", "CF10", "CF"),
        ("EH1 1YZ", "EH1 1YZ", "EH1 1", "EH1", "EH"),
        ("BT1 5GS", "BT1 5GS", "BT1 5", "BT1", "BT"),
        ("BF1 3AD", "BF1 3AD", "BF1 3", "BF1", "BF"),  # BFPO
        ("BX1 1LT", "BX1 1LT", "BX1 1", "BX1", "BX"),  # non-geographic
        ("JE2 4WD", "JE2 4WD", "JE2 4", "JE2", "JE"),
        ("GY9 3UH", "GY9 3UH", "GY9 3", "GY9", "GY"),  # Alderney
        ("IM1 1AD", "IM1 1AD", "IM1 1", "IM1", "IM"),
        ("ZE1 0AA", "ZE1 0AA", "ZE1 0", "ZE1", "ZE"),
        ("GIR 0AA", "GIR 0AA", "GIR 0", "GIR", "GIR"),
        ("gir0aa", "GIR 0AA", "GIR 0", "GIR", "GIR"),
    ],
)
def test_full_postcodes(text: str, postcode: str, sector: str, district: str, area: str) -> None:
    assert parse_postcode(text) == ParsedPostcode(FULL, postcode, sector, district, area)


@pytest.mark.parametrize(
    ("text", "sector", "district", "area"),
    [
        ("LN1 3", "LN1 3", "LN1", "LN"),
        ("ln1   3", "LN1 3", "LN1", "LN"),
        (" sw1a 1 ", "SW1A 1", "SW1A", "SW"),
        ("SW1A1", "SW1A 1", "SW1A", "SW"),  # no space, but SW1A1 cannot be a district
        ("B151", "B15 1", "B15", "B"),  # no space, but B151 cannot be a district
        ("ln123", "LN12 3", "LN12", "LN"),
        ("AB10 6", "AB10 6", "AB10", "AB"),
        ("GIR 0", "GIR 0", "GIR", "GIR"),
    ],
)
def test_sectors(text: str, sector: str, district: str, area: str) -> None:
    assert parse_postcode(text) == ParsedPostcode(SECTOR, sector=sector, district=district, area=area)


@pytest.mark.parametrize(
    ("text", "district", "area"),
    [
        ("LN1", "LN1", "LN"),
        (" ln1 ", "LN1", "LN"),
        ("SW1A", "SW1A", "SW"),
        ("sw1a", "SW1A", "SW"),
        ("LN13", "LN13", "LN"),  # the district LN13, not the sector "LN1 3"
        ("M11", "M11", "M"),
        ("E1W", "E1W", "E"),
        ("BF1", "BF1", "BF"),
        ("BT93", "BT93", "BT"),
        ("CR0", "CR0", "CR"),
        ("W1A", "W1A", "W"),
        ("GIR", "GIR", "GIR"),
    ],
)
def test_districts(text: str, district: str, area: str) -> None:
    assert parse_postcode(text) == ParsedPostcode(DISTRICT, district=district, area=area)


@pytest.mark.parametrize(
    ("text", "area", "partial"),
    [
        ("LN", "LN", None),
        ("ln", "LN", None),
        ("B", "B", None),
        (" je ", "JE", None),
        ("W1", "W", "W1"),
        ("ec1", "EC", "EC1"),
        ("SW1", "SW", "SW1"),
        ("WC2", "WC", "WC2"),
    ],
)
def test_areas_and_legacy_parent_districts(text: str, area: str, partial: str | None) -> None:
    assert parse_postcode(text) == ParsedPostcode(AREA, area=area, partial=partial)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\t\n",
        "123",
        "LN1 3AAA",
        "LN1 3A",
        "L N1",
        "LN1 3 AA",
        "LN 1",
        "LN1 3AA X",
        "QQ1 1AA",  # Q is never a first letter
        "VN1 1AA",
        "XM4 5HQ",
        "AJ1 1AA",  # J is never a second letter
        "LN1 3CA",  # C, I, K, M, O and V never appear in the inward letters
        "LN1 3AI",
        "LN1 3KA",
        "LN1 3AM",
        "LN1 3OA",
        "LN1 3AV",
        "LN1 A3A",
        "LNI 3AA",  # no silent I/1 or O/0 fixing
        "LN1 OAA",
        "SW1O 1AA",
        "W1I 1AA",  # I is not a valid district suffix letter
        "EC1C 1BB",
        "LN01 3AA",  # no leading zero in two-digit districts
        "LN1234",
        "LN1 3AA3",
        "W1 1AA",  # legacy parent: real postcodes use W1A..W1W
        "EC1 1BB",
        "W1 1",
        "GIR 1AA",
        "GIR 1",
        "LN1-3AA",
        "LN1-3",
        "ln1-3",
        "LN1_3AA",
        "LN1.3AA",
        "LN1,3AA",
        "(LN1 3AA)",
        "LN1 3AA.",
        "LN1 3AA\x00",
        "ŁN1 3AA",
        "LN1 3ÅA",
        "lnı 3aa",  # dotless i upper-cases to I
        "ſw1a 1aa",  # long s upper-cases to S
        "LN１ 3AA",  # full-width digit
        "LN1" + " " * 20 + "3AA",  # too long
        "LN1 3AA" * 4,
        "NPT",  # a terminated pre-1984 outcode, no longer a valid format
    ],
)
def test_malformed(text: str) -> None:
    parsed = parse_postcode(text)
    assert parsed == ParsedPostcode(MALFORMED)
    assert not parsed.is_valid
    assert parsed.slug is None


def test_slug_never_exposes_the_full_postcode() -> None:
    assert parse_postcode("LN1 3AA").slug == "ln1-3"
    assert parse_postcode("LN1 3").slug == "ln1-3"
    assert parse_postcode("LN1").slug == "ln1"
    assert parse_postcode("SW1A 1AA").slug == "sw1a-1"
    assert parse_postcode("LN").slug is None
    assert parse_postcode("W1").slug is None


@pytest.mark.parametrize(
    ("slug", "sector"),
    [("ln1-3", "LN1 3"), ("sw1a-1", "SW1A 1"), ("b15-1", "B15 1"), ("ab10-6", "AB10 6"), ("gir-0", "GIR 0")],
)
def test_sector_from_slug(slug: str, sector: str) -> None:
    assert sector_from_slug(slug) == sector
    assert sector_slug(sector) == slug


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "uk",
        "ln1",
        "LN1-3",
        "ln1-33",
        "ln1--3",
        "ln1 3",
        "ln1-a",
        "-3",
        "ln-3",
        "w1-3",
        "qq1-1",
        "ln1-3aa",
        "ln1-3 ",
    ],
)
def test_sector_from_slug_rejects(slug: str) -> None:
    assert sector_from_slug(slug) is None


@pytest.mark.parametrize(("slug", "district"), [("ln1", "LN1"), ("sw1a", "SW1A"), ("e1w", "E1W"), ("bt93", "BT93")])
def test_district_from_slug(slug: str, district: str) -> None:
    assert district_from_slug(slug) == district
    assert district_slug(district) == slug


@pytest.mark.parametrize(
    "slug", ["", "uk", "ln", "w1", "LN1", "ln1-3", "ln1 ", " ln1", "ln01", "qq1", "l-n1", "ln1c", "ln13aa"]
)
def test_district_from_slug_rejects(slug: str) -> None:
    assert district_from_slug(slug) is None


def test_covers_district() -> None:
    w1 = parse_postcode("W1")
    assert w1.covers_district("W1A")
    assert w1.covers_district("W1W")
    assert not w1.covers_district("W10")  # a plain prefix match would wrongly include W10..W14
    assert not w1.covers_district("W1")
    assert not w1.covers_district("WC1A")
    b = parse_postcode("B")
    assert b.covers_district("B15")
    assert not b.covers_district("BA1")
    assert parse_postcode("LN").covers_district("LN13")
    assert not parse_postcode("LN").covers_district("L1")
    assert parse_postcode("LN1").covers_district("LN1")
    assert not parse_postcode("LN1").covers_district("LN13")
    assert parse_postcode("LN1 3AA").covers_district("LN1")
    assert not parse_postcode("").covers_district("LN1")


# --- territories ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "territory"),
    [
        ("IM1 1AD", Territory.ISLE_OF_MAN),
        ("im9", Territory.ISLE_OF_MAN),
        ("JE2 4WD", Territory.JERSEY),
        ("JE", Territory.JERSEY),
        ("GY1 1AA", Territory.GUERNSEY),
        ("GY9 3UH", Territory.GUERNSEY),  # Alderney
        ("GY10 1SF", Territory.GUERNSEY),  # Sark
    ],
)
def test_crown_dependencies(text: str, territory: Territory) -> None:
    parsed = parse_postcode(text)
    assert crown_dependency(parsed) is territory
    assert not is_northern_ireland(parsed)


@pytest.mark.parametrize("text", ["BT1 5GS", "bt93", "BT", "BT1 5"])
def test_northern_ireland(text: str) -> None:
    parsed = parse_postcode(text)
    assert is_northern_ireland(parsed)
    assert crown_dependency(parsed) is None


@pytest.mark.parametrize("text", ["LN1 3AA", "CH4 8AA", "SY10", "NP", "HR3 5", "TD15 1AA", "DG16", "CA6", "CF10"])
def test_great_britain_needs_the_data_tables(text: str) -> None:
    parsed = parse_postcode(text)
    assert crown_dependency(parsed) is None
    assert not is_northern_ireland(parsed)


@pytest.mark.parametrize(
    ("country_code", "territory"),
    [
        ("E92000001", Territory.ENGLAND),
        ("W92000004", Territory.WALES),
        ("S92000003", Territory.SCOTLAND),
        ("N92000002", Territory.NORTHERN_IRELAND),
        ("M83000003", Territory.ISLE_OF_MAN),
        ("L93000001", Territory.UNKNOWN),  # Channel Islands: Jersey or Guernsey, decided by the letters
        ("", Territory.UNKNOWN),
        (None, Territory.UNKNOWN),
        ("X", Territory.UNKNOWN),
    ],
)
def test_territory_for_country_code(country_code: str | None, territory: Territory) -> None:
    assert territory_for_country_code(country_code) is territory


def test_crown_dependency_and_nation_of_malformed_input() -> None:
    assert crown_dependency(parse_postcode("JE2 4WDX")) is None
    assert not is_northern_ireland(parse_postcode("BT1 5GSX"))


# --- properties -------------------------------------------------------------------------------------------

_DIGITS = "0123456789"
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@st.composite
def districts(draw: st.DrawFn) -> str:
    """Any outward code the format allows (A9, A99, AA9, AA99, A9A, AA9A), except the legacy parents."""
    area = draw(st.sampled_from(sorted(AREAS)))
    digit = draw(st.sampled_from(_DIGITS))
    suffix_letters = "ABCDEFGHJKPSTUW" if len(area) == 1 else "ABEHMNPRVWXY"
    second_digits = "" if digit == "0" else _DIGITS  # no leading zero: "LN01" is not a district
    suffix = draw(st.sampled_from(["", *second_digits, *suffix_letters]))
    district = f"{area}{digit}{suffix}"
    if district in LEGACY_PARENT_DISTRICTS:
        return f"{district}A"
    return district


@st.composite
def inward_codes(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(_DIGITS)) + "".join(
        draw(st.lists(st.sampled_from(_INWARD_LETTERS), min_size=2, max_size=2))
    )


@st.composite
def full_postcodes(draw: st.DrawFn) -> str:
    return f"{draw(districts())} {draw(inward_codes())}"


_GAPS = st.sampled_from(["", " ", "  ", "\t", " \t ", "\u00a0"])
_PADDING = st.sampled_from(["", " ", "  ", "\t", "\n", " \r\n"])


@st.composite
def recased(draw: st.DrawFn, text: str) -> str:
    flags = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(char.lower() if lower else char for char, lower in zip(text, flags, strict=True))


@given(full_postcodes(), st.data())
@example("GIR 0AA", None)
def test_full_postcode_any_case_and_spacing_normalises(canonical: str, data: st.DataObject | None) -> None:
    outward, inward = canonical.split(" ")
    expected = parse_postcode(canonical)
    assert expected.kind is FULL
    assert expected.postcode == canonical
    assert expected.sector == f"{outward} {inward[0]}"
    assert expected.district == outward
    assert expected.area is not None and outward.startswith(expected.area)
    if data is None:
        return
    typed = data.draw(_PADDING) + data.draw(recased(outward)) + data.draw(_GAPS) + data.draw(recased(inward))
    typed += data.draw(_PADDING)
    assert parse_postcode(typed) == expected


@given(districts(), st.sampled_from(_DIGITS), st.data())
def test_spaced_sector_any_case_normalises(district: str, digit: str, data: st.DataObject) -> None:
    expected = parse_postcode(f"{district} {digit}")
    assert expected == ParsedPostcode(SECTOR, sector=f"{district} {digit}", district=district, area=expected.area)
    gap = data.draw(_GAPS.filter(bool))
    typed = data.draw(_PADDING) + data.draw(recased(district)) + gap + digit + data.draw(_PADDING)
    assert parse_postcode(typed) == expected
    compact = parse_postcode(district + digit)
    # Without the space, a token that is itself a district (LN1+3 = LN13) reads as that district.
    assert compact == expected or compact.kind is DISTRICT


@given(districts(), st.data())
def test_district_any_case_normalises(district: str, data: st.DataObject) -> None:
    expected = parse_postcode(district)
    assert expected.kind is DISTRICT
    assert expected.district == district
    assert parse_postcode(data.draw(_PADDING) + data.draw(recased(district)) + data.draw(_PADDING)) == expected


@given(full_postcodes())
def test_slugs_round_trip(canonical: str) -> None:
    parsed = parse_postcode(canonical)
    assert parsed.slug is not None and parsed.sector is not None and parsed.district is not None
    assert parsed.slug == parsed.slug.lower()
    assert sector_from_slug(parsed.slug) == parsed.sector
    assert district_from_slug(district_slug(parsed.district)) == parsed.district
    assert parse_postcode(parsed.sector).slug == parsed.slug
    assert parse_postcode(parsed.district).slug == district_slug(parsed.district)


def _most_specific(parsed: ParsedPostcode) -> str | None:
    return parsed.postcode or parsed.sector or parsed.district or parsed.partial or parsed.area


_POSTCODE_ALPHABET = st.sampled_from("ABCDEFGIKMNOQSVWXYZabcgiklnorsw0123456789 \t-._/'\u00a0ıſ１")


@given(st.one_of(st.text(), st.text(_POSTCODE_ALPHABET, max_size=12), full_postcodes()))
@example("")
@example("W1")
def test_random_text_never_raises_and_normalising_is_idempotent(text: str) -> None:
    parsed = parse_postcode(text)
    assert isinstance(parsed, ParsedPostcode)
    normalised = _most_specific(parsed)
    if parsed.kind is MALFORMED:
        assert normalised is None
        assert parsed.slug is None
        return
    assert normalised is not None
    assert parse_postcode(normalised) == parsed
    assert normalised == normalised.upper().strip()
    if parsed.district is not None:
        assert parsed.area is not None and parsed.district.startswith(parsed.area)
        assert parsed.covers_district(parsed.district)
    if parsed.sector is not None:
        assert parsed.district is not None and parsed.sector.startswith(parsed.district + " ")
    if parsed.postcode is not None:
        assert parsed.sector is not None and parsed.postcode.startswith(parsed.sector)


@given(st.one_of(st.text(), st.text(_POSTCODE_ALPHABET, max_size=8)))
def test_slug_parsers_never_raise_and_only_accept_canonical_slugs(slug: str) -> None:
    sector = sector_from_slug(slug)
    if sector is not None:
        assert sector_slug(sector) == slug
    district = district_from_slug(slug)
    if district is not None:
        assert district_slug(district) == slug
