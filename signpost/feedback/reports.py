"""Problems the public reports with a listing, and who may see and close them.

Moderators and admins see every report; an editor sees only reports on their own organisation's
listings. A report keeps no trace of who sent it (see signpost.models.feedback).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session, joinedload

from signpost.audit import record
from signpost.feedback.privacy import without_personal_details
from signpost.models import ListingReport, Service, User
from signpost.translatable import N_

# What went wrong, as the one question on the form asks it (the public form shows them in the page's language).
PROBLEMS = {
    "number": N_("The phone number did not work"),
    "closed": N_("The service has closed"),
    "area": N_("It does not cover my area"),
    "other": N_("Something else"),
}
DETAIL_MAX = 500
STATUSES = ("open", "closed")
Listing = Service  # what the web layer calls a listing it may not query itself


class ReportRefused(ValueError):
    """A report the rules do not allow; the form checks the same things first, with messages for people."""


def reportable(session: Session, slug: str) -> Service | None:
    """The listing a report is about: only one the public can see (not retired)."""
    return session.scalar(select(Service).where(Service.slug == slug, Service.status == "active"))


def report_problem(session: Session, service: Service, problem: str, detail: str, today: date) -> ListingReport:
    """Store a report (the caller commits). The detail loses any postcode or email address first."""
    if problem not in PROBLEMS:
        raise ReportRefused(f"unknown problem {problem!r}")
    detail = detail.strip()
    if len(detail) > DETAIL_MAX:
        raise ReportRefused(f"detail longer than {DETAIL_MAX} characters")
    report = ListingReport(
        service=service,
        problem=problem,
        detail=without_personal_details(detail) or None,
        reported_on=today,
        status="open",
    )
    session.add(report)
    return report


def _visible_to(organisation_id: int | None) -> ColumnElement[bool]:
    """Reports on this organisation's listings; every report when None (moderators and admins)."""
    if organisation_id is None:
        return true()
    return Service.organisation_id == organisation_id


def visible_organisation(user: User) -> int | None:
    """The organisation whose reports `user` sees, or None for all of them. An editor without an
    organisation sees none: -1 matches no row."""
    if user.is_reviewer:
        return None
    return user.organisation_id if user.organisation_id is not None else -1


def open_counts(session: Session, organisation_id: int | None) -> dict[int, int]:
    """Open reports per listing id, for the listings this organisation (or everyone, None) may see."""
    query = (
        select(ListingReport.service_id, func.count())
        .join(Service, Service.id == ListingReport.service_id)
        .where(ListingReport.status == "open", _visible_to(organisation_id))
        .group_by(ListingReport.service_id)
    )
    return {service_id: count for service_id, count in session.execute(query)}


@dataclass(frozen=True)
class ListingReports:
    service: Service
    reports: list[ListingReport]


def reports_by_listing(
    session: Session, organisation_id: int | None, status: str = "open", service_id: int | None = None
) -> list[ListingReports]:
    """Reports with this status, newest first, grouped by listing; listings with the most reports first."""
    query = (
        select(ListingReport)
        .join(Service, Service.id == ListingReport.service_id)
        .options(joinedload(ListingReport.service), joinedload(ListingReport.closed_by))
        .where(ListingReport.status == status, _visible_to(organisation_id))
        .order_by(ListingReport.id.desc())
    )
    if service_id is not None:
        query = query.where(ListingReport.service_id == service_id)
    groups: dict[int, list[ListingReport]] = {}
    for report in session.scalars(query):
        groups.setdefault(report.service_id, []).append(report)
    ordered = sorted(groups.values(), key=lambda found: (-len(found), found[0].service.name))
    return [ListingReports(found[0].service, found) for found in ordered]


def visible_listing(session: Session, service_id: int, organisation_id: int | None) -> Service | None:
    """The listing, if this organisation (or everyone, None) may see its reports; else None."""
    service = session.get(Service, service_id)
    if service is None or (organisation_id is not None and service.organisation_id != organisation_id):
        return None
    return service


def visible_report(session: Session, report_id: int, organisation_id: int | None) -> ListingReport | None:
    """The report, if this organisation (or everyone, None) may see it; else None, as if it did not exist."""
    return session.scalar(
        select(ListingReport)
        .join(Service, Service.id == ListingReport.service_id)
        .where(ListingReport.id == report_id, _visible_to(organisation_id))
    )


def close_report(session: Session, report: ListingReport, actor: User, now: datetime) -> bool:
    """Close an open report, in the audit log (the caller commits). False if it was already closed."""
    if report.status == "closed":
        return False
    report.status, report.closed_at, report.closed_by_id = "closed", now, actor.id
    record(
        session,
        actor,
        "listing_report_closed",
        "listing_report",
        str(report.id),
        {"status": "open"},
        {"status": "closed", "service": report.service.slug, "problem": report.problem},
    )
    return True
