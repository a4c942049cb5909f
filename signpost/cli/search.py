"""`flask search CRIME POSTCODE`: the results page, as text."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from signpost.directory.emergency import EMERGENCY, NON_EMERGENCY, SILENT_SOLUTION
from signpost.directory.results import Results, ServiceResult
from signpost.directory.search import crime_type, crime_types, find_support
from signpost.extensions import current_session
from signpost.geo.places import NotFound, Place, Problem, resolve


@click.command("search")
@click.argument("crime")
@click.argument("postcode", required=False, default="")
@with_appcontext
def search_cli(crime: str, postcode: str) -> None:
    """Show who can help with CRIME (e.g. burglary) near POSTCODE (full, sector or district)."""
    session = current_session()
    found_crime = crime_type(session, crime)
    if found_crime is None:
        slugs = ", ".join(c.slug for c in crime_types(session))
        raise click.ClickException(f"{crime!r} is not a crime type. Use one of: {slugs}")
    place: Place | None = None
    if postcode.strip():
        found = resolve(session, postcode)
        if isinstance(found, NotFound):
            click.echo(_problem_text(found))
            if found.problem is not Problem.OUTSIDE_UK:
                raise SystemExit(1)
            return
        place = found
    results = find_support(session, found_crime, place, datetime.now(UTC))
    click.echo("\n".join(format_results(results)))


NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}
TERRITORY_NAMES = {"isle_of_man": "the Isle of Man", "jersey": "Jersey", "guernsey": "Guernsey"}


def _problem_text(found: NotFound) -> str:
    if found.problem is Problem.MALFORMED:
        return "That is not a postcode. Enter a postcode like LN1 3AA, a district like LN1, or leave it out."
    if found.problem is Problem.OUTSIDE_UK:
        where = TERRITORY_NAMES.get(found.territory or "", "a Crown dependency")
        return (
            f"{found.district} is in {where}, which is not part of the UK. "
            "UK police and support services do not cover it. In an emergency call 999. "
            "Contact the island's own police for anything else."
        )
    return f"We do not know the postcode area {found.district}. Check it, or search by district (like LN1)."


def format_results(results: Results) -> list[str]:
    lines = [f"Support for: {results.crime.name}", _area_line(results)]
    lines += ["", "1. EMERGENCY"] + _emergency_lines(results)
    lines += ["", "2. GET HELP NOW"]
    lines += [line for r in results.national for line in _service_lines(r)] or ["   (none)"]
    lines += ["", "3. SUPPORT IN YOUR AREA"]
    lines += [line for r in results.local for line in _service_lines(r)] or ["   No local services listed yet."]
    lines += ["", "4. WHAT TO DO NEXT"] + [f"   [ ] {a.text}" for a in results.next_steps]
    lines += ["", "5. PROTECT YOURSELF"] + [f"   [ ] {a.text}" for a in results.prevention]
    lines += ["", "6. YOUR RIGHTS"] + [f"   {c.title}: {len(c.items)} rights" for c in results.rights]
    return lines


def _area_line(results: Results) -> str:
    place = results.place
    if place is None:
        return f"Area: {NATION_NAMES[results.nation] if results.nation else 'anywhere in the UK'}"
    where = ", ".join(x for x in (place.label, place.post_town, place.lad_name) if x)
    return f"Area: {where} ({NATION_NAMES[place.nation]}; found by {place.level.value})"


def _emergency_lines(results: Results) -> list[str]:
    lines = [f"   {c.label}: {c.number} - {c.detail}" for c in EMERGENCY + NON_EMERGENCY]
    lines.append(f"   {SILENT_SOLUTION}")
    force = results.police_force
    if force is not None:
        lines.append(f"   Your police force: {force.name} {force.website or ''}")
        if force.report_online_url:
            lines.append(f"   Report online: {force.report_online_url}")
    for other in results.other_forces:
        lines.append(f"   Near a border: part of this area is covered by {other.name} {other.website or ''}")
    return lines


def _service_lines(result: ServiceResult) -> list[str]:
    service = result.service
    out = [f" - {service.name}"]
    for phone in service.phones:
        out.append(f"     {phone.kind}: {phone.number}" + (f" ({phone.note})" if phone.note else ""))
    if service.website:
        out.append(f"     {service.website}")
    if result.open_status.message:
        out.append(f"     {result.open_status.message}")
    if result.distance_miles is not None:
        out.append(f"     {result.distance_miles:.1f} miles away")
    checked = f"Checked on {service.checked_on:%d %B %Y}" if service.checked_on else "Not checked"
    out.append(
        f"     {checked}"
        + (" (may be out of date)" if result.stale else "")
        + (" - from secondary sources" if service.verification == "secondary" else "")
    )
    return out
