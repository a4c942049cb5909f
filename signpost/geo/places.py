"""Resolve a postcode (full, sector, district or partial) to the finest place we know, offline.

Order: the full-postcode table when it is loaded, else the sector, else the district. A full
postcode is used only to look up its place; the place carries the sector at most, so nothing
downstream can leak the victim's exact postcode.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from signpost.geo.gazetteer import Council, District, Sector, gazetteer
from signpost.geo.postcodes import (
    ParsedPostcode,
    PostcodeKind,
    Territory,
    crown_dependency,
    district_slug,
    parse_postcode,
    sector_from_slug,
    sector_slug,
    territory_for_country_code,
)
from signpost.models import Postcode

UK_NATIONS = (Territory.ENGLAND, Territory.WALES, Territory.SCOTLAND, Territory.NORTHERN_IRELAND)


class Level(StrEnum):
    POSTCODE = "postcode"
    SECTOR = "sector"
    DISTRICT = "district"
    AREA = "area"
    COUNCIL = "council"  # named by the user ("Lincoln"), not found from a postcode


@dataclass(frozen=True)
class Place:
    level: Level  # how precisely the place was found
    label: str  # what we show: "LN1 3", "LN1" or "W1" (never a full postcode)
    slug: str  # the URL form: "ln1-3", "ln1", "w1"
    territory: Territory
    latitude: float | None
    longitude: float | None
    lad_code: str | None
    lad_name: str | None
    pfa_code: str | None
    pfa_share: float | None  # share of the area's postcodes in pfa_code; below 1 near a force border
    other_pfa_shares: tuple[tuple[str, float], ...]  # other forces with their shares, biggest first
    district: str | None
    post_town: str | None

    @property
    def other_pfa_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.other_pfa_shares)

    @property
    def nation(self) -> str:
        """Nation code as used in the data files: england, wales, scotland, northern-ireland."""
        return self.territory.value.replace("_", "-")


class Problem(StrEnum):
    MALFORMED = "malformed"  # not a postcode at all
    UNKNOWN = "unknown"  # well formed, but not a postcode we know
    OUTSIDE_UK = "outside-uk"  # Isle of Man, Jersey, Guernsey


@dataclass(frozen=True)
class NotFound:
    problem: Problem
    territory: Territory | None = None
    # The district, when the input was well formed, so the page can say what we looked for.
    district: str | None = None


Lookup = Place | NotFound


def _others(other_pfas: str | None) -> tuple[tuple[str, float], ...]:
    # "E23000001:0.394;E23000034:0.1" -> (("E23000001", 0.394), ("E23000034", 0.1)), biggest share first.
    if not other_pfas:
        return ()
    out = []
    for part in other_pfas.replace(",", ";").split(";"):
        code, _, share = part.strip().partition(":")
        if code:
            try:
                out.append((code, float(share)))
            except ValueError:
                out.append((code, 0.0))  # a share we cannot read is not enough to name the force
    return tuple(sorted(out, key=lambda item: -item[1]))


def resolve(session: Session, text: str) -> Lookup:
    return resolve_parsed(session, parse_postcode(text))


def resolve_parsed(session: Session, parsed: ParsedPostcode) -> Lookup:
    if parsed.kind is PostcodeKind.MALFORMED:
        return NotFound(Problem.MALFORMED)
    crown = crown_dependency(parsed)
    if crown is not None:
        return NotFound(Problem.OUTSIDE_UK, territory=crown, district=parsed.district)
    if parsed.kind is PostcodeKind.AREA:
        return _area(session, parsed)
    known = gazetteer(session)
    district = known.districts.get(parsed.district or "")
    if parsed.postcode is not None and district is not None:
        row = session.execute(POSTCODE_LOOKUP, {"postcode": parsed.postcode}).first()
        if row is not None:
            return _from_postcode(PostcodeRow(*row), parsed, district)
    if parsed.sector is not None:
        sector = known.sectors.get(parsed.sector)
        if sector is not None:
            return _from_sector(sector, district)
    if district is not None:
        return _from_district(district)
    return NotFound(Problem.UNKNOWN, district=parsed.district)


def resolve_slug(session: Session, slug: str) -> Place | None:
    """The area part of a results URL ("ln1-3", "ln1", "w1", or a council such as "isle-of-wight") -> Place,
    or None if we do not know it."""
    if slug != slug.lower():
        return None  # one URL per place
    council = gazetteer(session).councils.get(slug)
    if council is not None:
        return council_place(council)
    parsed = parse_postcode(sector_from_slug(slug) or slug)
    if parsed.kind not in (PostcodeKind.SECTOR, PostcodeKind.DISTRICT, PostcodeKind.AREA):
        return None
    found = resolve_parsed(session, parsed)
    return found if isinstance(found, Place) and found.slug == slug else None


class PostcodeRow(NamedTuple):
    country_code: str | None
    latitude: float | None
    longitude: float | None
    lad_code: str | None
    pfa_code: str | None


# Core, not session.get: one indexed read per full postcode without the ORM's identity-map work.
POSTCODE_LOOKUP = select(
    Postcode.country_code, Postcode.latitude, Postcode.longitude, Postcode.lad_code, Postcode.pfa_code
).where(Postcode.postcode == bindparam("postcode"))


def _from_postcode(row: PostcodeRow, parsed: ParsedPostcode, district: District) -> Place:
    assert parsed.sector is not None
    # The postcode row gives the exact force and council; the label stays at sector level.
    return Place(
        level=Level.POSTCODE,
        label=parsed.sector,
        slug=sector_slug(parsed.sector),
        territory=territory_for_country_code(row.country_code or district.country_code),
        latitude=row.latitude if row.latitude is not None else district.latitude,
        longitude=row.longitude if row.longitude is not None else district.longitude,
        lad_code=row.lad_code,
        lad_name=district.lad_name if row.lad_code == district.lad_code else None,
        pfa_code=row.pfa_code,
        pfa_share=1.0,
        other_pfa_shares=(),
        district=district.outcode,
        post_town=district.post_town,
    )


def _from_sector(sector: Sector, district: District | None) -> Place:
    return Place(
        level=Level.SECTOR,
        label=sector.sector,
        slug=sector_slug(sector.sector),
        territory=territory_for_country_code(sector.country_code),
        latitude=sector.latitude if sector.latitude is not None else (district.latitude if district else None),
        longitude=sector.longitude if sector.longitude is not None else (district.longitude if district else None),
        lad_code=sector.lad_code,
        lad_name=sector.lad_name,
        pfa_code=sector.pfa_code,
        pfa_share=sector.pfa_share,
        other_pfa_shares=_others(sector.other_pfas),
        district=sector.outcode,
        post_town=district.post_town if district else None,
    )


def _from_district(district: District) -> Lookup:
    territory = territory_for_country_code(district.country_code)
    if territory not in UK_NATIONS:
        return NotFound(Problem.UNKNOWN, district=district.outcode)
    return Place(
        level=Level.DISTRICT,
        label=district.outcode,
        slug=district_slug(district.outcode),
        territory=territory,
        latitude=district.latitude,
        longitude=district.longitude,
        lad_code=district.lad_code,
        lad_name=district.lad_name,
        pfa_code=district.pfa_code,
        pfa_share=district.pfa_share,
        other_pfa_shares=_others(district.other_pfas),
        district=district.outcode,
        post_town=district.post_town,
    )


def council_place(council: Council) -> Place:
    return Place(
        level=Level.COUNCIL,
        label=council.name,
        slug=council.slug,
        territory=territory_for_country_code(council.country_code),
        latitude=council.latitude,
        longitude=council.longitude,
        lad_code=council.code,
        lad_name=council.name,
        pfa_code=council.pfa_code,
        pfa_share=1.0 - sum(share for _, share in council.other_pfa_shares),
        other_pfa_shares=council.other_pfa_shares,
        district=None,
        post_town=None,
    )


def _area(session: Session, parsed: ParsedPostcode) -> Lookup:
    """A partial postcode such as "W1" (W1A..W1W) or an area such as "LN": combine its live districts."""
    prefix = parsed.partial or parsed.area or ""
    districts = _live_districts(session, parsed, prefix)
    territories = {territory_for_country_code(d.country_code) for d in districts}
    if not districts or len(territories) != 1 or not territories <= set(UK_NATIONS):
        # Several nations (or none we know): too coarse to say whose services apply.
        return NotFound(Problem.UNKNOWN, district=prefix)
    return _combined(parsed.partial or parsed.area or prefix, territories.pop(), districts)


def _live_districts(session: Session, parsed: ParsedPostcode, prefix: str) -> list[District]:
    return [
        d
        for outcode, d in gazetteer(session).districts.items()
        if outcode.startswith(prefix)
        and d.status == "live"
        and parsed.covers_district(outcode)
        and d.latitude is not None
    ]


def _combined(label: str, territory: Territory, districts: list[District]) -> Place:
    """One place for several districts: their mean centre, and their forces by how many districts each has."""
    forces = Counter(d.pfa_code for d in districts if d.pfa_code)
    total = sum(forces.values())
    ranked = forces.most_common()
    return Place(
        level=Level.AREA,
        label=label,
        slug=district_slug(label),
        territory=territory,
        latitude=sum(d.latitude or 0.0 for d in districts) / len(districts),
        longitude=sum(d.longitude or 0.0 for d in districts) / len(districts),
        lad_code=None,
        lad_name=None,
        pfa_code=ranked[0][0],
        pfa_share=ranked[0][1] / total,
        other_pfa_shares=tuple((code, count / total) for code, count in ranked[1:] if code),
        district=None,
        post_town=None,
    )
