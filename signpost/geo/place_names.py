"""Find a place by name, for people who do not know (or will not give) their postcode.

Offline, from the tables already loaded: council names (local authorities) and the post towns of
postcode districts. A name can mean several places ("Newport" is in Wales, on the Isle of Wight and
in Shropshire), so this returns every match for the person to choose from; each match is a council,
the smallest area whose police force and services we know without a postcode.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from signpost.geo.gazetteer import Council, Gazetteer, gazetteer
from signpost.geo.postcodes import territory_for_country_code

MAX_CHOICES = 10
MIN_PREFIX = 3  # "Lin" may mean Lincoln; "Li" means too much
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}


@dataclass(frozen=True)
class PlaceChoice:
    slug: str  # the council's slug: the results URL's area
    label: str  # what the person reads: "Newport, Isle of Wight"


def normalise(text: str) -> str:
    """Lower case, "&" as "and", "St." as "st", punctuation as spaces: how names are compared."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def find_places(session: Session, text: str) -> list[PlaceChoice]:
    """Councils and post towns called `text` (or, failing that, whose name starts with it)."""
    wanted = normalise(text)
    if not wanted:
        return []
    names = _names(gazetteer(session))
    exact = names.get(wanted, [])
    if exact:
        return _distinct(exact)
    if len(wanted) < MIN_PREFIX:
        return []
    starting = [choice for name in sorted(names) if name.startswith(wanted) for choice in names[name]]
    return _distinct(starting)[:MAX_CHOICES]


# The gazetteer the names were built from, and the names: rebuilt when the geography is reloaded. Holding
# the gazetteer itself (not its id) means a new one can never be mistaken for it.
_built: tuple[Gazetteer, dict[str, list[PlaceChoice]]] | None = None


def _names(known: Gazetteer) -> dict[str, list[PlaceChoice]]:
    """Normalised name -> the places it can mean, built once per gazetteer."""
    global _built
    if _built is not None and _built[0] is known:
        return _built[1]
    by_code = {council.code: council for council in known.councils.values()}
    names: defaultdict[str, list[PlaceChoice]] = defaultdict(list)
    for council in known.councils.values():
        names[normalise(council.name)].append(PlaceChoice(council.slug, _council_label(council)))
    # Towns that share a name are told apart by postcode area (Newport NP, PO, SA and TF are four towns).
    # Each town belongs to the council it is named after when that council holds part of it (Lincoln LN
    # -> Lincoln, not West Lindsey), else to the council that holds most of its districts.
    towns, spelling = _towns(known, by_code)
    for (key, _), councils in sorted(towns.items()):
        named = [code for code in councils if normalise(by_code[code].name) == key]
        council = by_code[named[0] if named else councils.most_common(1)[0][0]]
        label = _council_label(council) if named else f"{spelling[key]}, {council.name}"
        names[key].append(PlaceChoice(council.slug, label))
    _built = (known, dict(names))
    return _built[1]


def _towns(
    known: Gazetteer, by_code: dict[str, Council]
) -> tuple[defaultdict[tuple[str, str], Counter[str]], dict[str, str]]:
    """(town, postcode area) -> how many districts each council holds of it; and each town's spelling."""
    towns: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    spelling: dict[str, str] = {}
    for district in known.districts.values():
        if district.status != "live" or not district.post_town or district.lad_code not in by_code:
            continue
        match = re.match(r"[A-Z]+", district.outcode)
        area = match.group(0) if match else ""
        for town in district.post_town.split(","):  # "Newport, Yarmouth": a district can serve two towns
            key = normalise(town)
            if key:
                towns[(key, area)][district.lad_code] += 1
                spelling.setdefault(key, town.strip().title() if town.isupper() else town.strip())
    return towns, spelling


def _council_label(council: Council) -> str:
    nation = NATION_NAMES.get(territory_for_country_code(council.country_code).value, "")
    return f"{council.name}, {nation}" if nation else council.name


def _distinct(choices: list[PlaceChoice]) -> list[PlaceChoice]:
    """One choice per council, the first label found for it."""
    seen: dict[str, PlaceChoice] = {}
    for choice in choices:
        seen.setdefault(choice.slug, choice)
    return list(seen.values())
