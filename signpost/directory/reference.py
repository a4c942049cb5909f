"""Reference content every results page shows (crime types, advice, rights, police forces) as plain,
cacheable values.

Kept per process and re-read only when reference data's own version changes (loading the data files
changes it), instead of costing database round trips on every page. A change to a service or a postcode
sector never touches it, so the question pages (/what-happened) never wait for the directory index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from signpost.data_version import Part, PerDatabase
from signpost.models import Advice, CrimeType, PoliceForce, RightsCharter


@dataclass(frozen=True)
class Crime:
    """A crime type a victim can choose (active ones only), as the pages show it."""

    slug: str
    name: str
    hint: str | None
    sensitive: bool
    name_cy: str | None = None  # Welsh, for /cy/ pages (see signpost.i18n.localised)
    hint_cy: str | None = None


@dataclass(frozen=True)
class AdviceItem:
    crime_type_slug: str
    kind: str  # next_step | prevention | warning
    position: int
    text: str
    source_url: str
    checked_on: date | None
    nations: tuple[str, ...] = ("england", "wales", "scotland", "northern-ireland")
    audience: tuple[str, ...] = ("victims",)  # victims, neighbours
    text_cy: str | None = None

    @property
    def everywhere(self) -> bool:
        return len(self.nations) == 4


@dataclass(frozen=True)
class RightItem:
    title: str
    text: str | None
    title_cy: str | None = None
    text_cy: str | None = None


@dataclass(frozen=True)
class CharterNote:
    """'Also good to know': shown apart from the rights, never counted as one."""

    title: str
    text: str
    source_url: str
    title_cy: str | None = None
    text_cy: str | None = None


@dataclass(frozen=True)
class Charter:
    jurisdiction: str
    title: str
    source_url: str
    checked_on: date | None
    items: tuple[RightItem, ...]
    also: tuple[CharterNote, ...] = ()
    after_reporting: str | None = None
    title_cy: str | None = None
    after_reporting_cy: str | None = None


@dataclass(frozen=True)
class Force:
    code: str
    name: str
    nation: str
    website: str | None
    report_online_url: str | None
    name_cy: str | None = None


@dataclass
class Reference:
    version: int = 0
    advice: dict[str, list[AdviceItem]] = field(default_factory=dict)
    charters: dict[str, Charter] = field(default_factory=dict)
    forces: dict[str, Force] = field(default_factory=dict)
    crimes: dict[str, Crime] = field(default_factory=dict)  # in the order victims see them


def load_reference(session: Session, version: int = 0) -> Reference:
    reference = Reference(version)
    for crime in session.scalars(select(CrimeType).where(CrimeType.active).order_by(CrimeType.position)):
        reference.crimes[crime.slug] = Crime(
            crime.slug, crime.name, crime.hint, bool(crime.sensitive), crime.name_cy, crime.hint_cy
        )
    for a in session.scalars(select(Advice).order_by(Advice.crime_type_slug, Advice.kind, Advice.position)):
        reference.advice.setdefault(a.crime_type_slug, []).append(
            AdviceItem(
                a.crime_type_slug,
                a.kind,
                a.position,
                a.text,
                a.source_url,
                a.checked_on,
                tuple(a.nations.split(",")),
                tuple(a.audience.split(",")),
                a.text_cy,
            )
        )
    charters = select(RightsCharter).options(selectinload(RightsCharter.items), selectinload(RightsCharter.also))
    for c in session.scalars(charters):
        items = tuple(RightItem(r.title, r.text, r.title_cy, r.text_cy) for r in c.items)
        also = tuple(CharterNote(n.title, n.text, n.source_url, n.title_cy, n.text_cy) for n in c.also)
        reference.charters[c.jurisdiction] = Charter(
            c.jurisdiction,
            c.title,
            c.source_url,
            c.checked_on,
            items,
            also,
            c.after_reporting,
            c.title_cy,
            c.after_reporting_cy,
        )
    for f in session.scalars(select(PoliceForce)):
        reference.forces[f.code] = Force(f.code, f.name, f.nation, f.website, f.report_online_url, f.name_cy)
    return reference


_references = PerDatabase(load_reference, Part.REFERENCE)


def current(session: Session) -> Reference:
    """This database's reference data, re-read when it changes."""
    return _references.get(session)
