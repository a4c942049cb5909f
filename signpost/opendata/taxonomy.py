"""The taxonomies the feed links services to through HSDS `attributes`.

Crime types are one taxonomy; a listing checked only against secondary sources carries a term of a
second one, so the flag is visible in the record itself. To add another (say, who a service is for):
add a Taxonomy, its terms in `terms`, and a function to LINKS that picks a service's terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from signpost.directory import reference as reference_data
from signpost.models import Service
from signpost.opendata.ids import uid


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str
    description: str

    @property
    def id(self) -> str:
        return uid("taxonomy", self.code)


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    name: str
    description: str
    link_type: str  # what the term says about a service linked to it (the attribute's link_type)
    value: str | None = None  # the listing's value the term stands for (verification: "secondary")

    @property
    def id(self) -> str:
        return uid("taxonomy_term", self.taxonomy.code, self.code)


CRIME_TYPES = Taxonomy(
    "crime-types",
    "Signpost crime types",
    "The kinds of crime a victim chooses from in Signpost. A service is linked to every kind it helps with; "
    "a service for victims of any crime is linked to all of them.",
)
LISTING_CHECKS = Taxonomy(
    "listing-checks",
    "Signpost listing checks",
    "How the facts in a listing were checked, where readers should know before relying on them.",
)
TAXONOMIES = (CRIME_TYPES, LISTING_CHECKS)

SECONDARY_SOURCES = Term(
    LISTING_CHECKS,
    "secondary-sources",
    "Checked in secondary sources only",
    "A person checked this listing's facts only in secondary sources (news, council or partner lists), not on "
    "the service's own page. Confirm them with the service before relying on them.",
    link_type="verification",
    value="secondary",
)


def terms(session: Session) -> list[Term]:
    """Every term, taxonomy by taxonomy: the active crime types in the order victims see them, then checks."""
    crimes = reference_data.current(session).crimes.values()
    crime_terms = [Term(CRIME_TYPES, c.slug, c.name, c.hint or c.name, link_type="crime_type") for c in crimes]
    return [*crime_terms, SECONDARY_SOURCES]


def _crime_terms(service: Service, known: dict[tuple[str, str], Term]) -> Iterable[Term]:
    if service.all_crime_types:
        return [t for (taxonomy, _), t in known.items() if taxonomy == CRIME_TYPES.code]
    slugs = {c.slug for c in service.crime_types}
    return [t for (taxonomy, code), t in known.items() if taxonomy == CRIME_TYPES.code and code in slugs]


def _check_terms(service: Service, known: dict[tuple[str, str], Term]) -> Iterable[Term]:
    return [SECONDARY_SOURCES] if service.verification == "secondary" else []


# Each picks the terms of one taxonomy that a service is linked to.
LINKS: tuple[Callable[[Service, dict[tuple[str, str], Term]], Iterable[Term]], ...] = (_crime_terms, _check_terms)


def service_terms(service: Service, known: dict[tuple[str, str], Term]) -> list[Term]:
    """The terms linked to a service; `known` is every term by (taxonomy code, term code)."""
    return [term for link in LINKS for term in link(service, known)]


def taxonomy_record(taxonomy: Taxonomy) -> dict[str, Any]:
    return {"id": taxonomy.id, "name": taxonomy.name, "description": taxonomy.description, "version": "1"}


def term_record(term: Term) -> dict[str, Any]:
    return {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": term.taxonomy.id,
    }
