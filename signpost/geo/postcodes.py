"""Parse and normalise UK postcodes typed by people: full postcodes, sectors, districts and areas.

Pure functions: no database, no Flask. The rules follow the Royal Mail / BS 7666 format
(outward code A9, A99, AA9, AA99, A9A or AA9A; inward code 9AA), restricted to the real postcode areas.
Nothing is "corrected": a mistyped postcode (O for 0, an extra letter) is MALFORMED, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PostcodeKind(StrEnum):
    FULL = "full"
    SECTOR = "sector"
    DISTRICT = "district"
    AREA = "area"
    MALFORMED = "malformed"


class Territory(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"
    ISLE_OF_MAN = "isle_of_man"
    JERSEY = "jersey"
    GUERNSEY = "guernsey"
    UNKNOWN = "unknown"


# The postcode areas in use (121 UK geographic areas, the Crown dependencies GY/IM/JE, plus BF for BFPO
# and BX for non-geographic addresses). A letter pair outside this set is not a postcode, e.g. "QQ".
AREAS: frozenset[str] = frozenset(
    """
    AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN
    LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP
    SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
    """.split()
)

# Districts that were split into lettered sub-districts (W1 -> W1A..W1W); no live postcode uses them,
# so "W1" is a partial (AREA) input and "W1 1AA" is not a postcode.
LEGACY_PARENT_DISTRICTS: frozenset[str] = frozenset({"EC1", "EC2", "EC3", "EC4", "SW1", "W1", "WC1", "WC2"})

# Girobank's postcode breaks every rule; it is a real, live outcode in the district table.
_GIRO_DISTRICT = "GIR"
_GIRO_INWARD = "0AA"

# The 3rd character of A9A and the 4th of AA9A come from different, fixed letter sets.
_ONE_LETTER_AREA_SUFFIX = "ABCDEFGHJKPSTUW"
_TWO_LETTER_AREA_SUFFIX = "ABEHMNPRVWXY"

_OUTWARD_RE = re.compile(r"([A-Z]{1,2})([0-9])([0-9A-Z]?)")
_INWARD_RE = re.compile(r"[0-9][ABD-HJLNP-UW-Z]{2}")  # the two letters never use C, I, K, M, O or V
_SECTOR_DIGIT_RE = re.compile(r"[0-9]")

# Longest sensible input; anything longer is rejected before any other work (the text comes from a form).
MAX_INPUT_LENGTH = 20

_SECTOR_SLUG_RE = re.compile(r"([a-z0-9]{2,4})-([0-9])")
_DISTRICT_SLUG_RE = re.compile(r"[a-z0-9]{2,4}")


@dataclass(frozen=True, slots=True)
class ParsedPostcode:
    """Normalised forms of one input. Fields finer than the input's kind are None.

    `partial` is set only for a legacy parent district such as "W1" (kind AREA): match it with
    `covers_district`, because a plain prefix test would also match W10..W14.
    """

    kind: PostcodeKind
    postcode: str | None = None  # "LN1 3AA"
    sector: str | None = None  # "LN1 3"
    district: str | None = None  # "LN1"
    area: str | None = None  # "LN"
    partial: str | None = None  # "W1"

    @property
    def is_valid(self) -> bool:
        return self.kind is not PostcodeKind.MALFORMED

    @property
    def slug(self) -> str | None:
        """URL slug for the sector ("ln1-3") or district ("ln1").

        A full postcode deliberately yields its sector's slug: a victim's exact postcode must never
        end up in a URL, browser history or access log.
        """
        if self.sector is not None:
            return sector_slug(self.sector)
        if self.district is not None:
            return district_slug(self.district)
        return None

    def covers_district(self, district: str) -> bool:
        """True if the normalised `district` (e.g. "W1A") lies inside this input."""
        if self.district is not None:
            return district == self.district
        if self.partial is not None:
            return (
                len(district) == len(self.partial) + 1 and district.startswith(self.partial) and district[-1].isalpha()
            )
        if self.area is not None:
            return _district_area(district) == self.area
        return False


_MALFORMED = ParsedPostcode(PostcodeKind.MALFORMED)


def parse_postcode(text: str) -> ParsedPostcode:
    """Parse any case and spacing of a full postcode, sector, district or area. Never raises.

    Whitespace is allowed around the input and (one run of it) between the outward and inward parts;
    anything else, including hyphens and spaces inside either part, is MALFORMED.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_INPUT_LENGTH:
        return _MALFORMED
    parts = stripped.split()  # any Unicode whitespace, so a pasted no-break space still separates
    if not all(part.isascii() for part in parts):
        # Checked before upper(): str.upper() would turn e.g. dotless "ı" into "I" and accept it.
        return _MALFORMED
    parts = [part.upper() for part in parts]
    if len(parts) == 2:
        return _parse_spaced(parts[0], parts[1])
    if len(parts) == 1:
        return _parse_compact(parts[0])
    return _MALFORMED


def _parse_spaced(outward: str, inward: str) -> ParsedPostcode:
    if not _is_district(outward):
        return _MALFORMED
    if _INWARD_RE.fullmatch(inward):
        return _full(outward, inward)
    if _SECTOR_DIGIT_RE.fullmatch(inward) and (outward != _GIRO_DISTRICT or inward == _GIRO_INWARD[0]):
        return _sector(outward, inward)
    return _MALFORMED


def _parse_compact(token: str) -> ParsedPostcode:
    # Without a space only one reading can be a full postcode (it alone ends digit-letter-letter). Where a
    # district and a sector both fit, the district wins: "LN13" is LN13, not "LN1 3".
    if len(token) >= 5 and _INWARD_RE.fullmatch(token[-3:]) and _is_district(token[:-3]):
        return _full(token[:-3], token[-3:])
    if _is_district(token):
        return ParsedPostcode(PostcodeKind.DISTRICT, district=token, area=_district_area(token))
    if token in AREAS:
        return ParsedPostcode(PostcodeKind.AREA, area=token)
    if token in LEGACY_PARENT_DISTRICTS:
        return ParsedPostcode(PostcodeKind.AREA, area=_district_area(token), partial=token)
    if len(token) >= 3 and token[-1].isdigit() and _is_district(token[:-1]):
        return _parse_spaced(token[:-1], token[-1])
    return _MALFORMED


def _full(outward: str, inward: str) -> ParsedPostcode:
    if outward == _GIRO_DISTRICT and inward != _GIRO_INWARD:
        return _MALFORMED
    return ParsedPostcode(
        PostcodeKind.FULL,
        postcode=f"{outward} {inward}",
        sector=f"{outward} {inward[0]}",
        district=outward,
        area=_district_area(outward),
    )


def _sector(outward: str, digit: str) -> ParsedPostcode:
    return ParsedPostcode(
        PostcodeKind.SECTOR, sector=f"{outward} {digit}", district=outward, area=_district_area(outward)
    )


def _is_district(outward: str) -> bool:
    if outward == _GIRO_DISTRICT:
        return True
    match = _OUTWARD_RE.fullmatch(outward)
    if match is None or outward in LEGACY_PARENT_DISTRICTS:
        return False
    area, digit, suffix = match.groups()
    if area not in AREAS:
        return False
    if not suffix:
        return True
    if suffix.isdigit():
        return digit != "0"  # two-digit districts have no leading zero: "LN01" is not LN1
    return suffix in (_ONE_LETTER_AREA_SUFFIX if len(area) == 1 else _TWO_LETTER_AREA_SUFFIX)


def _district_area(district: str) -> str:
    if district == _GIRO_DISTRICT:
        return _GIRO_DISTRICT
    return district[:2] if len(district) > 1 and district[1].isalpha() else district[:1]


def sector_slug(sector: str) -> str:
    """Slug of a normalised sector: "LN1 3" -> "ln1-3"."""
    return sector.replace(" ", "-").lower()


def district_slug(district: str) -> str:
    """Slug of a normalised district: "LN1" -> "ln1"."""
    return district.lower()


def sector_from_slug(slug: str) -> str | None:
    """Sector from a URL slug, "ln1-3" -> "LN1 3", else None.

    Only the canonical lower-case slug is accepted so that each sector has exactly one URL.
    """
    match = _SECTOR_SLUG_RE.fullmatch(slug)
    if match is None:
        return None
    parsed = _parse_spaced(match.group(1).upper(), match.group(2))
    return parsed.sector if parsed.kind is PostcodeKind.SECTOR else None


def district_from_slug(slug: str) -> str | None:
    """District from a URL slug, "ln1" -> "LN1", else None (canonical lower-case only; "uk" is the caller's)."""
    if _DISTRICT_SLUG_RE.fullmatch(slug) is None:
        return None
    district = slug.upper()
    return district if _is_district(district) else None


def crown_dependency(parsed: ParsedPostcode) -> Territory | None:
    """Isle of Man, Jersey or Guernsey (incl. Alderney and Sark): not UK police force areas."""
    return _CROWN_DEPENDENCIES.get(parsed.area or "")


def is_northern_ireland(parsed: ParsedPostcode) -> bool:
    return parsed.area == "BT"


_CROWN_DEPENDENCIES: dict[str, Territory] = {
    "IM": Territory.ISLE_OF_MAN,
    "JE": Territory.JERSEY,
    "GY": Territory.GUERNSEY,
}

# ONS country codes as found in the ONSPD/NSPL `ctry` column and in the district/sector tables.
_COUNTRY_CODES: dict[str, Territory] = {
    "E92000001": Territory.ENGLAND,
    "W92000004": Territory.WALES,
    "S92000003": Territory.SCOTLAND,
    "N92000002": Territory.NORTHERN_IRELAND,
    "M83000003": Territory.ISLE_OF_MAN,
}


def territory_for_country_code(country_code: str | None) -> Territory:
    """Map an ONS country code to a territory. L93000001 (Channel Islands) is UNKNOWN: it spans two."""
    return _COUNTRY_CODES.get(country_code or "", Territory.UNKNOWN)
