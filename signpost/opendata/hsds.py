"""Services as HSDS 3.0 records (plain dicts), with HSDS names for every field.

Empty fields are left out, never null. A confidential location is never passed in here (the feed
leaves it out first); the location functions refuse one anyway, so no mistake can publish a refuge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from signpost.directory.hours import DAY_NAMES, clock_text
from signpost.geo.gazetteer import District
from signpost.geo.postcodes import parse_postcode
from signpost.models import Location, Organisation, ScheduleException, Service, ServiceArea
from signpost.opendata.ids import uid
from signpost.opendata.taxonomy import Term, service_terms, term_record

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TIMEZONE_NOTE = "Times are UK local time (Europe/London)."
ONS_URI = "http://statistics.data.gov.uk/id/statistical-geography/"
NATIONS = {  # code in our data -> (name, ONS code)
    "england": ("England", "E92000001"),
    "wales": ("Wales", "W92000004"),
    "scotland": ("Scotland", "S92000003"),
    "northern-ireland": ("Northern Ireland", "N92000002"),
}
UK = ("United Kingdom", "K02000001")
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh", "gd": "Scottish Gaelic", "ga": "Irish"}


@dataclass
class Names:
    """What a record needs beyond the service's own rows: area names, post towns and taxonomy terms."""

    forces: dict[str, str] = field(default_factory=dict)  # police force area code -> force name
    authorities: dict[str, str] = field(default_factory=dict)  # local authority code -> name
    districts: dict[str, District] = field(default_factory=dict)  # outcode -> district (post town, council)
    terms: dict[tuple[str, str], Term] = field(default_factory=dict)  # (taxonomy code, term code) -> term
    today: date | None = None  # one-off closures before this day are left out


def clean(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty fields: HSDS wants them absent, not null."""
    return {k: v for k, v in record.items() if v is not None and v != "" and v != []}


def timestamp(moment: datetime) -> str:
    """Naive UTC as RFC 3339 with milliseconds, as HSDS last_modified asks."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def service_id(service: Service) -> str:
    return uid("service", service.slug)


def location_id(service: Service, location: Location) -> str:
    return uid("location", service.slug, location.slug)


def service_at_location_id(service: Service, location: Location) -> str:
    return uid("service_at_location", service.slug, location.slug)


def organization(org: Organisation) -> dict[str, Any]:
    return clean(
        {
            "id": uid("organization", org.slug),
            "name": org.name,
            # HSDS requires a description and the directory keeps none for organisations.
            "description": f"{org.name} provides services listed in Signpost, a directory of support for "
            "people affected by crime in the UK.",
            "website": org.website,
        }
    )


def service_summary(service: Service) -> dict[str, Any]:
    """The one-to-one fields: what list endpoints show."""
    return clean(
        {
            "id": service_id(service),
            "organization_id": uid("organization", service.organisation.slug),
            "name": service.name,
            "description": service.description,
            "url": service.website,
            "email": service.email,
            "status": service.status,
            "eligibility_description": service.eligibility,
            "assured_date": service.checked_on.isoformat() if service.checked_on else None,
            "last_modified": timestamp(service.updated_at),
            "organization": organization(service.organisation),
        }
    )


def service_record(service: Service, names: Names, *, with_locations: bool = True) -> dict[str, Any]:
    """A fully nested service. Inside a service_at_location the locations are left out (HSDS nests them
    the other way round there)."""
    sid = service_id(service)
    record = service_summary(service) | clean(
        {
            "phones": [
                clean(
                    {
                        "id": uid("phone", service.slug, str(phone.position)),
                        "service_id": sid,
                        "number": phone.number,
                        "type": phone.kind,  # voice, text, textphone: RFC 6350 names, as HSDS asks
                        "description": phone.note,
                    }
                )
                for phone in service.phones
            ],
            "schedules": schedules(service, names.today),
            "service_areas": [service_area(service, area, names) for area in service.areas],
            "languages": [
                clean(
                    {
                        "id": uid("language", service.slug, code),
                        "service_id": sid,
                        "name": LANGUAGE_NAMES.get(code),
                        "code": code,
                    }
                )
                for code in (service.languages or "").split(",")
                if code
            ],
            "attributes": [attribute(sid, service.slug, term) for term in service_terms(service, names.terms)],
        }
    )
    if with_locations:
        places = [
            {
                "id": service_at_location_id(service, loc),
                "service_id": sid,
                "location_id": location_id(service, loc),
                "location": location_record(service, loc, names),
            }
            for loc in service.locations
            if not loc.confidential
        ]
        record |= clean({"service_at_locations": places})
    return record


def attribute(link_id: str, slug: str, term: Term) -> dict[str, Any]:
    return clean(
        {
            "id": uid("attribute", slug, term.taxonomy.code, term.code),
            "link_id": link_id,
            "link_type": term.link_type,
            "taxonomy_term_id": term.id,
            "taxonomy_term": term_record(term),
        }
    )


def schedules(service: Service, today: date | None) -> list[dict[str, Any]]:
    """Weekly hours as iCal-style WEEKLY schedules, one per opening time shared by some days, in UK local
    time; one-off changes from today on as dated schedules."""
    sid = service_id(service)
    note = service.hours_note
    out = _weekly_schedules(service, sid)
    for item in out:
        item["notes"] = " ".join(filter(None, [item.get("notes"), note]))
    if not out and note:
        out.append({"id": uid("schedule", service.slug, "note"), "service_id": sid, "description": note})
    out += [_dated(service.slug, sid, c) for c in service.exceptions if today is None or c.day >= today]
    return out


def _weekly_schedules(service: Service, sid: str) -> list[dict[str, Any]]:
    notes = " ".join(
        filter(None, [TIMEZONE_NOTE, "Closed on bank holidays." if service.closed_on_bank_holidays else None])
    )
    if service.always_open:
        return [_weekly(service.slug, sid, range(7), time(0, 0), time(23, 59), "Open 24 hours a day, every day", notes)]
    by_times: defaultdict[tuple[time, time], list[int]] = defaultdict(list)
    for session in service.opening_hours:
        by_times[(session.opens, session.closes)].append(session.weekday)
    return [
        _weekly(service.slug, sid, sorted(set(days)), opens, closes, _span(days, opens, closes), notes)
        for (opens, closes), days in sorted(by_times.items(), key=lambda item: (min(item[1]), item[0]))
    ]


def _dated(slug: str, sid: str, change: ScheduleException) -> dict[str, Any]:
    """A one-off change (closed, or different hours) on one day."""
    when = f"{change.day:%A} {change.day.day} {change.day:%B %Y}"
    text = f"Closed on {when}" if change.closed else f"Different hours on {when}"
    return clean(
        {
            "id": uid("schedule", slug, change.day.isoformat()),
            "service_id": sid,
            "valid_from": change.day.isoformat(),
            "valid_to": change.day.isoformat(),
            "opens_at": None if change.closed or change.opens is None else f"{change.opens:%H:%M}",
            "closes_at": None if change.closed or change.closes is None else f"{change.closes:%H:%M}",
            "description": f"{text} ({change.note})" if change.note else text,
            "notes": TIMEZONE_NOTE,
        }
    )


def _weekly(slug: str, sid: str, days: Any, opens: time, closes: time, description: str, notes: str) -> dict[str, Any]:
    return {
        "id": uid("schedule", slug, f"{opens:%H%M}-{closes:%H%M}"),
        "service_id": sid,
        "freq": "WEEKLY",
        "byday": ",".join(BYDAY[d] for d in days),
        "opens_at": f"{opens:%H:%M}",
        "closes_at": f"{closes:%H:%M}",  # at or before opens_at: the session runs past midnight
        "description": description,
        "notes": notes,
    }


def _span(days: list[int], opens: time, closes: time) -> str:
    times = "24 hours" if opens == closes == time(0, 0) else f"{clock_text(opens)} to {clock_text(closes)}"
    return f"{', '.join(DAY_NAMES[d] for d in sorted(set(days)))}: {times}"


def service_area(service: Service, area: ServiceArea, names: Names) -> dict[str, Any]:
    """One area the service covers, named, with its ONS code as an ONS URI (`uri`) where it has one."""
    sid = service_id(service)
    if area.kind == "radius":
        centre = next((loc for loc in service.locations if loc.id == area.location_id), None)
        where = "its base (address not published)" if centre is None or centre.confidential else centre.name
        key = centre.slug if centre is not None else "base"
        return {
            "id": uid("service_area", service.slug, "radius", key, f"{area.radius_miles:g}"),
            "service_id": sid,
            "name": f"Within {area.radius_miles:g} miles of {where}",
        }
    code = area.code or ""
    if area.kind == "uk":
        name, ons = UK
    elif area.kind == "nation":
        name, ons = NATIONS.get(code, (code, ""))
    elif area.kind == "police_force_area":
        name, ons = f"{names.forces.get(code, code)} area", code
    elif area.kind == "local_authority":
        name, ons = names.authorities.get(code, code), code
    else:  # postcode_district: Royal Mail's, with no ONS code
        name, ons = f"{code} postcode district", ""
    return clean(
        {
            "id": uid("service_area", service.slug, area.kind, code),
            "service_id": sid,
            "name": name,
            "uri": f"{ONS_URI}{ons}" if ons else None,
        }
    )


def location_summary(service: Service, location: Location) -> dict[str, Any]:
    if location.confidential:
        raise ValueError("a confidential location is never published")
    return clean(
        {
            "id": location_id(service, location),
            "location_type": "physical",
            "name": location.name,
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    )


def location_record(service: Service, location: Location, names: Names) -> dict[str, Any]:
    lid = location_id(service, location)
    address = _address(location, names)
    access = service.accessibility
    return location_summary(service, location) | clean(
        {
            "addresses": [{"id": uid("address", service.slug, location.slug), "location_id": lid, **address}]
            if address
            else [],
            "accessibility": [{"id": uid("accessibility", service.slug, location.slug), "location_id": lid,
                               "description": access}] if access else [],
        }
    )  # fmt: skip


def _address(location: Location, names: Names) -> dict[str, str] | None:
    """HSDS requires street, city, county and postcode together: leave the address out rather than guess."""
    if not location.address or not location.postcode:
        return None
    parsed = parse_postcode(location.postcode)
    district = names.districts.get(parsed.district or "")
    parts = [p.strip() for p in location.address.split(",") if p.strip()]
    city = _city(district, parts)
    county = district.lad_name if district else None
    if not city or not county or not parsed.postcode:
        return None
    if len(parts) > 1 and parts[-1].lower() == city.lower():
        parts = parts[:-1]  # the town has a field of its own
    return {
        "address_1": ", ".join(parts),
        "city": city,
        "state_province": county,
        "postal_code": parsed.postcode,
        "country": "GB",
        "address_type": "physical",
    }


def _city(district: District | None, parts: list[str]) -> str | None:
    """The post town of the postcode's district, else the address's last part (when it has more than one)."""
    if district is not None and district.post_town:
        return district.post_town.title()
    return parts[-1] if len(parts) > 1 else None


def service_at_location_summary(service: Service, location: Location) -> dict[str, Any]:
    return {
        "id": service_at_location_id(service, location),
        "service_id": service_id(service),
        "location_id": location_id(service, location),
        "service": service_summary(service),
        "location": location_summary(service, location),
    }


def service_at_location_record(service: Service, location: Location, names: Names) -> dict[str, Any]:
    return {
        "id": service_at_location_id(service, location),
        "service_id": service_id(service),
        "location_id": location_id(service, location),
        "service": service_record(service, names, with_locations=False),
        "location": location_record(service, location, names),
    }
