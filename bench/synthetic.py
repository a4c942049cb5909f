"""A deterministic synthetic directory at scale: 50,000 services across the UK, for benchmarks only.

Coverage mix (roughly what a mature UK directory looks like): most services cover a police force
area or a council; some a few postcode districts or a radius around an office; about 50 cover a
nation or the whole UK (national helplines do not multiply as local listings do). Each has 1-3 phones, weekly hours (some 24/7, some overnight), 0-2 locations and
1-4 crime types. The real curated data is loaded first, so national helplines are real.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from signpost.data_version import Part, bump
from signpost.models import (
    CrimeType,
    LocalAuthority,
    Location,
    OpeningHours,
    Organisation,
    Phone,
    PoliceForce,
    PostcodeDistrict,
    Service,
    ServiceArea,
    service_crime_type,
)

SEED = 20261125
NATIONS = ("england", "wales", "scotland", "northern-ireland")
BATCH = 5000


AREA_DEFAULTS: dict[str, Any] = {
    "code": None,
    "location_id": None,
    "radius_miles": None,
    "latitude": None,
    "longitude": None,
}


def build(session: Session, services: int = 50_000, seed: int = SEED) -> int:
    """Add `services` synthetic services (in their own organisations) to the database; returns how many."""
    rng = random.Random(seed)
    crimes = list(session.scalars(select(CrimeType.slug)))
    forces = list(session.scalars(select(PoliceForce.code)))
    councils = list(session.scalars(select(LocalAuthority.code)))
    districts = [
        (d.outcode, d.latitude, d.longitude)
        for d in session.scalars(
            select(PostcodeDistrict).where(PostcodeDistrict.status == "live", PostcodeDistrict.latitude.is_not(None))
        )
    ]
    first_id = (session.scalar(select(func.max(Service.id))) or 0) + 1
    org_first = (session.scalar(select(func.max(Organisation.id))) or 0) + 1
    location_first = (session.scalar(select(func.max(Location.id))) or 0) + 1
    today = date(2026, 11, 25)

    rows: dict[str, list[dict[str, Any]]] = {
        name: [] for name in ("org", "svc", "area", "phone", "hours", "loc", "crime")
    }
    location_id = location_first

    def flush() -> None:
        rows["area"] = [AREA_DEFAULTS | row for row in rows["area"]]  # executemany needs the same keys in every row
        for key, table in (
            ("org", Organisation.__table__),
            ("svc", Service.__table__),
            ("loc", Location.__table__),
            ("area", ServiceArea.__table__),
            ("phone", Phone.__table__),
            ("hours", OpeningHours.__table__),
            ("crime", service_crime_type),
        ):
            if rows[key]:
                session.execute(insert(table), rows[key])
                rows[key].clear()

    for n in range(services):
        sid, oid = first_id + n, org_first + n
        rows["org"].append(
            {
                "id": oid,
                "slug": f"bench-org-{n}",
                "name": f"Bench organisation {n}",
                "status": "active",
                "trusted": False,
            }
        )
        all_crimes = rng.random() < 0.25
        rows["svc"].append(
            {
                "id": sid, "slug": f"bench-service-{n}", "organisation_id": oid, "name": f"Bench support service {n}",
                "description": "Free, confidential support for people affected by crime in this area. " * 2,
                "website": f"https://service-{n}.example.org", "all_crime_types": all_crimes,
                "always_open": rng.random() < 0.1, "closed_on_bank_holidays": rng.random() < 0.5,
                "status": "active" if rng.random() > 0.02 else "retired", "verification": "verified",
                "source_url": f"https://service-{n}.example.org", "checked_on": today - timedelta(days=rng.randint(0, 900)),
                "origin": "partner",
            }
        )  # fmt: skip
        if not all_crimes:
            for slug in rng.sample(crimes, rng.randint(1, 4)):
                rows["crime"].append({"service_id": sid, "crime_type_slug": slug})
        for p in range(rng.randint(1, 3)):
            number = f"0{rng.choice(['1522', '20', '161', '808', '300'])}{rng.randint(1000000, 9999999)}"[:11]
            rows["phone"].append({"service_id": sid, "kind": "voice" if p == 0 else rng.choice(["voice", "text", "textphone"]),
                                  "number": number, "dial": number, "position": p})  # fmt: skip
        opens = time(rng.choice([8, 9, 10]), 0)
        closes = time(rng.choice([16, 17, 18, 20, 2]), rng.choice([0, 30]))
        for day in range(rng.choice([5, 6, 7])):
            rows["hours"].append({"service_id": sid, "weekday": day, "opens": opens, "closes": closes})
        outcode, lat, lon = rng.choice(districts)
        locations = []
        for i in range(rng.choice([0, 1, 1, 2])):
            jitter_lat, jitter_lon = lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.03, 0.03)
            rows["loc"].append({"id": location_id, "service_id": sid, "slug": f"place-{i}", "name": "Office", "address": "1 High Street",
                                "postcode": None, "latitude": jitter_lat, "longitude": jitter_lon, "confidential": rng.random() < 0.05,
                                "position": i})  # fmt: skip
            locations.append((location_id, jitter_lat, jitter_lon))
            location_id += 1
        roll = rng.random()
        # National helplines do not grow with the directory: about 50 in all, as in the real UK.
        if roll < 0.0003:
            rows["area"].append({"service_id": sid, "kind": "uk", "code": None})
        elif roll < 0.001:
            rows["area"].append({"service_id": sid, "kind": "nation", "code": rng.choice(NATIONS)})
        elif roll < 0.45:
            rows["area"].append({"service_id": sid, "kind": "police_force_area", "code": rng.choice(forces)})
        elif roll < 0.75:
            for code in rng.sample(councils, rng.randint(1, 3)):
                rows["area"].append({"service_id": sid, "kind": "local_authority", "code": code})
        elif roll < 0.88 or not locations:
            for code, _, _ in [(outcode, lat, lon)] + rng.sample(districts, rng.randint(0, 4)):
                rows["area"].append({"service_id": sid, "kind": "postcode_district", "code": code})
        else:
            loc_id, llat, llon = locations[0]
            miles = rng.choice([5.0, 10.0, 15.0, 25.0])
            rows["area"].append({"service_id": sid, "kind": "radius", "location_id": loc_id, "radius_miles": miles,
                                 "latitude": llat, "longitude": llon})  # fmt: skip
        if len(rows["svc"]) >= BATCH:
            flush()
    flush()
    bump(session, Part.DIRECTORY)  # bulk inserts bypass the ORM, so tell the search index the directory changed
    return services
