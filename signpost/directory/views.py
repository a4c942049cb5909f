"""Read-only views of the services a results page shows, built from plain rows rather than ORM objects.

Hydrating full ORM graphs for every service shown was most of the search time at 50,000 services;
the page only reads these fields.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from typing import Any

from psycopg.types.numeric import Int4
from sqlalchemy import (
    Boolean,
    CompoundSelect,
    Date,
    Float,
    Integer,
    Select,
    String,
    Time,
    bindparam,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from signpost.data_version import reading
from signpost.directory.hours import Hours, describe, hours_from_rows
from signpost.models import Location, OpeningHours, Organisation, Phone, ScheduleException, Service


@dataclass(frozen=True, slots=True)
class PhoneView:
    kind: str
    number: str
    dial: str
    note: str | None
    keyword: str | None = None  # text lines: the word to send
    note_cy: str | None = None  # Welsh for the note (/cy/ pages show the English otherwise)


@dataclass(frozen=True, slots=True)
class LocationView:
    name: str
    address: str | None
    postcode: str | None
    latitude: float | None
    longitude: float | None
    confidential: bool


@dataclass(frozen=True, slots=True)
class OrganisationView:
    slug: str
    name: str


# eq=False: views are compared and hashed by identity, so the web layer can keep rendered parts of a
# view in a WeakKeyDictionary that empties itself when the view leaves the cache.
@dataclass(slots=True, eq=False, weakref_slot=True)
class ServiceView:
    id: int
    slug: str
    name: str
    description: str
    eligibility: str | None
    website: str | None
    email: str | None
    verification: str
    checked_on: date | None
    hours_note: str | None
    all_crime_types: bool
    always_open: bool
    closed_on_bank_holidays: bool
    organisation: OrganisationView
    phones: list[PhoneView] = field(default_factory=list)
    locations: list[LocationView] = field(default_factory=list)
    # Worked out once when the view is loaded (views are cached), not on every page that shows it.
    hours: Hours = field(default_factory=Hours)
    hours_lines: tuple[str, ...] = ()
    hours_lines_cy: tuple[str, ...] = ()  # the same in Welsh
    # Welsh name, description and eligibility, where the listing has them (/cy/ pages show the English otherwise).
    name_cy: str | None = None
    description_cy: str | None = None
    eligibility_cy: str | None = None
    hours_note_cy: str | None = None


def _hours_lines(hours: Hours) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Weekly hours in English and Welsh, interned: the same few lines recur across thousands of services."""
    return (
        tuple(sys.intern(line) for line in describe(hours)),
        tuple(sys.intern(line) for line in describe(hours, "cy")),
    )


def _among(column: Any) -> Any:
    """column IN (:ids), one parameter an id. Not `= ANY(:ids)` with one array parameter on PostgreSQL,
    although that keeps one statement text for any number of ids: the server never chose a generic plan for
    it (pg_prepared_statements: 0 generic plans in 3,433 runs), so each run was planned again, some 0.6 ms
    of the server's CPU (EXPLAIN ANALYZE), more than running it. With one parameter an id, psycopg prepares
    the statement for each number of ids after five runs (the ids all sent as int4: see _rows), and the server
    then keeps to the generic plan, as cheap to run: its CPU for a never-seen page's load went from 1.10 to
    0.43 ms (median of 7 alternating rounds over 374 loads of bench pages)."""
    return column.in_(bindparam("ids", expanding=True))


@lru_cache(maxsize=1)
def _statement() -> CompoundSelect[Any]:
    """Everything load_views reads, as one UNION ALL of rows shaped alike, built once (building
    it cost more than running it): (service id, tag, number, fourteen texts, two floats, three flags, a
    date, two times). A service's own row (tag "s") and its phones, locations, hours and closures. One
    statement, so one round trip and one snapshot: a service and its details are read as they were at one
    moment. (Areas are not loaded: the page shows none; the index ranks by them.)"""

    text, number, real, flag, day, clock = String(), Integer(), Float(), Boolean(), Date(), Time()

    def shape(
        tag: str,
        service_id: Any,
        *,
        n: Any = None,
        t: tuple[Any, ...] = (),
        f: tuple[Any, ...] = (),
        b: tuple[Any, ...] = (),
        d: Any = None,
        times: tuple[Any, Any] | None = None,
        typed: bool = False,
    ) -> Select[Any]:
        # Only the first SELECT names each blank column's type (for the driver and SQLAlchemy): the others
        # leave bare NULLs, which keeps the statement under psycopg's 4,096 characters for a kept parse.
        def blank(kind: Any) -> Any:
            return null().cast(kind) if typed else literal_column("NULL")

        texts = [*t, *[blank(text)] * (TEXTS - len(t))]
        floats = [*f, *[blank(real)] * (2 - len(f))]
        flags = [*b, *[blank(flag)] * (3 - len(b))]
        return select(
            service_id, literal_column(f"'{tag}'", text), n if n is not None else blank(number), *texts, *floats,
            *flags, d if d is not None else blank(day), *(times if times is not None else (blank(clock), blank(clock))),
        )  # fmt: skip

    return union_all(
        shape(
            "s", Service.id,
            t=(Service.slug, Service.name, Service.description, Service.eligibility, Service.website, Service.email,
               Service.verification, Service.hours_note, Organisation.slug, Organisation.name, Service.name_cy,
               Service.description_cy, Service.eligibility_cy, Service.hours_note_cy),
            b=(Service.all_crime_types, Service.always_open, Service.closed_on_bank_holidays), d=Service.checked_on,
            typed=True,
        )
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(_among(Service.id)),
        shape(
            "p", Phone.service_id, n=Phone.position,
            t=(Phone.kind, Phone.number, Phone.dial, Phone.note, Phone.keyword, Phone.note_cy),
        ).where(_among(Phone.service_id)),
        shape(
            "l", Location.service_id, n=Location.position, t=(Location.name, Location.address, Location.postcode),
            f=(Location.latitude, Location.longitude), b=(Location.confidential,),
        ).where(_among(Location.service_id)),
        shape("h", OpeningHours.service_id, n=OpeningHours.weekday, times=(OpeningHours.opens, OpeningHours.closes)).where(
            _among(OpeningHours.service_id)
        ),
        shape(
            "e", ScheduleException.service_id, b=(ScheduleException.closed,), d=ScheduleException.day,
            times=(ScheduleException.opens, ScheduleException.closes),
        ).where(_among(ScheduleException.service_id)),
    )  # fmt: skip


TEXTS = 14  # a service's own row has the most texts


def _rows(connection: Connection, ids: list[int]) -> list[Any]:
    """The statement's rows for these ids, run on the driver's own cursor.

    SQLAlchemy's execution of it (its cache of compiled statements, the expansion of IN, the result's metadata and
    row processing) cost as much CPU as the driver's: 0.25 ms a load of two services against 0.12 on PostgreSQL,
    0.17 against 0.10 on SQLite (bench database). The text and the order of its parameters are SQLAlchemy's own,
    worked out once for each number of ids. SQLite's driver gives dates and times back as the text SQLAlchemy stored.
    """
    sql, order = _expanded(connection.dialect, len(ids))
    if connection.dialect.driver == "psycopg":
        # Every id sent as a 4-byte integer, the columns' type. psycopg otherwise sends each int as the
        # smallest type that holds it (ids under 32,768 as int2), so the same number of ids made a statement
        # for each mix of sizes: more than its cache of 100 prepared statements holds, and each one planned
        # again by the server. 0.5-0.7 -> 0.3 ms of the server's CPU a load (bench database, random ids).
        ids = [Int4(i) for i in ids]
    params = tuple(ids[i] for i in order) if isinstance(order, tuple) else {name: ids[i] for name, i in order.items()}
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        rows: list[Any] = cursor.fetchall()
    finally:
        cursor.close()
    if connection.dialect.name == "sqlite":
        return [
            (*row[:-3], _date_from_text(row[-3]), _time_from_text(row[-2]), _time_from_text(row[-1])) for row in rows
        ]
    return rows


@lru_cache(maxsize=256)
def _expanded(dialect: Dialect, count: int) -> tuple[str, tuple[int, ...] | dict[str, int]]:
    """The statement for `count` ids in this dialect, and where each id goes: by position (a tuple of indexes
    into the ids) or by name."""
    state = _statement().compile(dialect=dialect).construct_expanded_state({"ids": list(range(count))})
    if state.positiontup is not None:
        return state.statement, tuple(state.parameters[name] for name in state.positiontup)
    return state.statement, dict(state.parameters)


@lru_cache(maxsize=4096)
def _date_from_text(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@lru_cache(maxsize=1440)
def _time_from_text(value: str | None) -> time | None:
    return None if value is None else time.fromisoformat(value)


_TIMES: dict[time, time] = {}


def _shared(value: time | None) -> time | None:
    """One object per clock time (there are at most 1,440): thousands of cached views repeat 9am and 5pm."""
    return None if value is None else _TIMES.setdefault(value, value)


def load_views(session: Session, ids: list[int]) -> dict[int, ServiceView]:
    """Everything the results page shows about these services, in one indexed query."""
    if not ids:
        return {}
    # Plain rows, outside a transaction unless the session has one under way (see data_version.reading).
    with reading(session) as connection:
        rows = _rows(connection, ids)
    views = {row[0]: _service(row) for row in rows if row[1] == "s"}
    sessions, changes = _add_details(views, rows)
    for view in views.values():
        week = tuple(sessions.get(view.id, ()))
        view.hours, view.hours_lines, view.hours_lines_cy = _weekly(
            view.always_open, week, view.closed_on_bank_holidays
        )
        if view.id in changes:  # closures and changed days are the service's own (the lines do not show them)
            view.hours = hours_from_rows(view.always_open, week, view.closed_on_bank_holidays, changes[view.id])
    return views


def _add_details(
    views: dict[int, ServiceView], rows: Any
) -> tuple[dict[int, list[tuple[int, time, time]]], dict[int, list[tuple[date, bool, time | None, time | None]]]]:
    """Give the views their phones and locations (in order) from the other rows; return their weekly hours
    and changed days by service id."""
    phones: defaultdict[int, list[tuple[int, PhoneView]]] = defaultdict(list)
    locations: defaultdict[int, list[tuple[int, LocationView]]] = defaultdict(list)
    sessions: defaultdict[int, list[tuple[int, time, time]]] = defaultdict(list)
    changes: defaultdict[int, list[tuple[date, bool, time | None, time | None]]] = defaultdict(list)
    for sid, tag, number, *texts, float1, float2, flag, _, _, day, time1, time2 in rows:
        if tag == "s" or sid not in views:
            continue
        if tag == "p":
            text1, text2, text3, text4, text5, text6 = texts[:6]
            phones[sid].append((number, PhoneView(sys.intern(text1), text2, text3, text4, text5, text6)))
        elif tag == "l":
            locations[sid].append((number, LocationView(texts[0], texts[1], texts[2], float1, float2, bool(flag))))
        elif tag == "h":
            sessions[sid].append((number, _TIMES.setdefault(time1, time1), _TIMES.setdefault(time2, time2)))
        else:
            changes[sid].append((day, bool(flag), _shared(time1), _shared(time2)))
    for sid, items in phones.items():
        views[sid].phones = [v for _, v in sorted(items, key=lambda item: item[0])]
    for sid, places in locations.items():
        views[sid].locations = [v for _, v in sorted(places, key=lambda item: item[0])]
    return sessions, changes


def _service(row: Any) -> ServiceView:
    """A service's own row ("s") as its view, without its phones, locations and hours yet."""
    (sid, _, _, slug, name, description, eligibility, website, email, verification, hours_note, org_slug, org_name,
     name_cy, description_cy, eligibility_cy, hours_note_cy, _, _, all_crimes, always_open, closed_bh, checked_on,
     _, _) = row  # fmt: skip
    return ServiceView(
        sid, slug, name, description, eligibility, website, email, sys.intern(verification), checked_on,
        hours_note, bool(all_crimes), bool(always_open), bool(closed_bh), OrganisationView(org_slug, org_name),
        name_cy=name_cy, description_cy=description_cy, eligibility_cy=eligibility_cy, hours_note_cy=hours_note_cy,
    )  # fmt: skip


@lru_cache(maxsize=2048)
def _weekly(
    always_open: bool, week: tuple[tuple[int, time, time], ...], closed_on_bank_holidays: bool
) -> tuple[Hours, tuple[str, ...], tuple[str, ...]]:
    """Hours without changed days, with their lines in English and Welsh: thousands of services keep the
    same few weekly hours, so they share one Hours (it is immutable) and its lines are worked out once."""
    hours = hours_from_rows(always_open, week, closed_on_bank_holidays, ())
    return hours, *_hours_lines(hours)
