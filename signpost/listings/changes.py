"""Change requests: a partner proposes, a moderator approves or rejects, trusted organisations publish at once.

Publishing applies only the fields a request changes, to the listing as it is now (signpost.listings.merge);
a field someone else changed since the request's base is a conflict a moderator decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from signpost.audit import record as audit
from signpost.clock import utcnow
from signpost.dataset.errors import DataError
from signpost.dataset.geo_tables import cached_geo_codes
from signpost.dataset.loader import apply_service
from signpost.dataset.records import ServiceRecord
from signpost.dataset.schema import validate_service
from signpost.listings.merge import Conflict, conflicts, merge
from signpost.listings.snapshot import snapshot
from signpost.models import ChangeRequest, CrimeType, Organisation, Service, User


class ChangeRejected(ValueError):
    """The change cannot be made; `errors` say which fields and why."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class SavedAtTheSameTime(Exception):
    """Someone saved the same listing at the same moment: nothing of this change was saved (rolled back)."""


class ChangeConflicts(Exception):
    """Fields the change sets were also changed since its base: a moderator must choose, field by field."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__(", ".join(c.label for c in conflicts))


@dataclass(frozen=True)
class Base:
    """A listing as an editor started from it: its version and its snapshot."""

    version: int
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    change: ChangeRequest
    published: bool
    # Why a change from a trusted organisation or a reviewer waits for review after all.
    conflicts: list[Conflict] = field(default_factory=list)


def _crime_types(session: Session) -> dict[str, CrimeType]:
    return {c.slug: c for c in session.scalars(select(CrimeType).where(CrimeType.active))}


def _slug_for(session: Session, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "service"
    slug, n = base, 1
    while session.scalar(select(Service.id).where(Service.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def validate(
    session: Session, data: dict[str, Any], organisation: Organisation, geo_dir: Path, slug: str = "new-service"
) -> list[DataError]:
    """Errors in a proposed listing (empty when it can be published)."""
    _, errors = validate_service(
        _as_record(data, organisation, slug), set(_crime_types(session)), cached_geo_codes(str(geo_dir))
    )
    return errors


def _as_record(data: dict[str, Any], organisation: Organisation, slug: str) -> dict[str, Any]:
    # Facts a partner gives about its own service come from the organisation itself: its own page.
    record = {k: v for k, v in data.items() if v not in (None, "", [])}
    return record | {
        "id": slug,
        "organisation": organisation.slug,
        "verification": "verified",
        "source_url": next(
            (url for url in (data.get("website"), organisation.website) if url and str(url).startswith("https://")),
            data.get("website") or organisation.website,
        ),
        "checked_on": date.today().isoformat(),
        "check_note": "Updated by the organisation through the partner portal.",
    }


def submit(
    session: Session,
    user: User,
    organisation: Organisation,
    service: Service | None,
    after: dict[str, Any],
    geo_dir: Path,
    kind: str = "edit",
    base: Base | None = None,
) -> Outcome:
    """Record a proposed change. Trusted organisations (and reviewers) publish it at once, unless it
    conflicts with a change made since `base` (default: the listing as it is now): then it waits for review.
    The record is validated once: what is published is the record that passed (ChangeRejected otherwise,
    with nothing added to the session)."""
    if base is None and service is not None:
        base = Base(service.version, snapshot(service))
    direct = organisation.trusted or user.is_reviewer
    validated, found = (
        (None, []) if kind == "retire" else _check(session, organisation, service, after, geo_dir, base, direct)
    )
    change = ChangeRequest(
        organisation=organisation,
        service=service,
        kind=kind,
        status="pending",
        before=base.snapshot if base else {},
        base_version=base.version if base else None,
        after=after,
        submitted_by=user,
        submitted_at=utcnow(),
    )
    session.add(change)
    session.flush()
    audit(session, user, f"change_{kind}_submitted", "change_request", str(change.id), change.before, after)
    if found:
        keys = [c.key for c in found]
        audit(session, user, "change_held_for_conflicts", "change_request", str(change.id), None, {"fields": keys})
        return Outcome(change, False, found)
    if direct:
        approve(
            session, change, user, geo_dir, "Published directly (trusted organisation or reviewer).", None, validated
        )
        return Outcome(change, True)
    return Outcome(change, False)


def _check(
    session: Session,
    organisation: Organisation,
    service: Service | None,
    after: dict[str, Any],
    geo_dir: Path,
    base: Base | None,
    direct: bool,
) -> tuple[_Validated | None, list[Conflict]]:
    """Check a change once, before anything is written: for direct publishing, the record to publish (the
    change merged onto the listing as it is now), unless it conflicts; otherwise the change itself."""
    found = conflicts(base.snapshot, after, snapshot(service)) if direct and service and base else []
    if direct and not found:
        slug = service.slug if service else _slug_for(session, str(after.get("name", "service")))
        current = snapshot(service) if service is not None else None
        proposed = merge(base.snapshot, after, current) if base is not None and current is not None else after
        return _validate(session, proposed, organisation, geo_dir, slug), []
    errors = validate(session, after, organisation, geo_dir, service.slug if service else "new-service")
    if errors:
        raise ChangeRejected(errors)
    return None, found


@dataclass(frozen=True)
class _Validated:
    record: ServiceRecord
    slug: str
    crime_types: dict[str, CrimeType]


def _validate(
    session: Session, data: dict[str, Any], organisation: Organisation, geo_dir: Path, slug: str
) -> _Validated:
    crime_types = _crime_types(session)
    record, errors = validate_service(
        _as_record(data, organisation, slug), set(crime_types), cached_geo_codes(str(geo_dir))
    )
    if record is None:
        raise ChangeRejected(errors)
    return _Validated(record, slug, crime_types)


def open_conflicts(change: ChangeRequest) -> list[Conflict]:
    """The conflicts a moderator must decide before this change can be published (none for new listings)."""
    if change.kind != "edit" or change.service is None or change.status != "pending":
        return []
    return conflicts(change.before or {}, change.after or {}, snapshot(change.service))


def _proposal(
    change: ChangeRequest, current: dict[str, Any] | None, decisions: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """What to publish: the change's fields onto the listing as it is now, with every conflict decided
    (ChangeConflicts otherwise); and the decisions taken, by conflict key."""
    if change.service is None or current is None:
        return dict(change.after), {}
    found = conflicts(change.before or {}, change.after, current)
    undecided = [c for c in found if decisions.get(c.key) not in ("current", "proposed")]
    if undecided:
        raise ChangeConflicts(undecided)
    keep = {c.key for c in found if decisions.get(c.key) == "current"}
    return merge(change.before or {}, change.after, current, keep_current=keep), {
        c.key: decisions[c.key] for c in found
    }


def approve(
    session: Session,
    change: ChangeRequest,
    reviewer: User,
    geo_dir: Path,
    reason: str | None = None,
    decisions: Mapping[str, str] | None = None,
    validated: _Validated | None = None,
) -> Service:
    """Publish the change: only the fields it changes, onto the listing as it is now. A field also changed
    since the change's base needs a decision ("current" or "proposed", by conflict key), or ChangeConflicts.
    `validated` is the record submit() already checked; otherwise the merged record is checked here, once.
    SavedAtTheSameTime (after rolling the session back) if another request saved the listing meanwhile."""
    try:
        return _approve(session, change, reviewer, geo_dir, reason, decisions, validated)
    except StaleDataError:
        session.rollback()
        raise SavedAtTheSameTime from None


def _approve(
    session: Session,
    change: ChangeRequest,
    reviewer: User,
    geo_dir: Path,
    reason: str | None,
    decisions: Mapping[str, str] | None,
    validated: _Validated | None,
) -> Service:
    if change.status != "pending":
        raise ChangeRejected([DataError("change", str(change.id), "status", f"is already {change.status}")])
    service = change.service
    before = snapshot(service) if service else None
    if change.kind == "retire":
        assert service is not None
        service.status = "retired"
        service.updated_at = utcnow()
    else:
        if validated is None:
            # Everything that can refuse the change is checked before anything is written.
            proposed, decided = _proposal(change, before, decisions or {})
            slug = service.slug if service else _slug_for(session, str(change.after.get("name", "service")))
            validated = _validate(session, proposed, change.organisation, geo_dir, slug)
            if decided:
                audit(session, reviewer, "change_conflicts_decided", "change_request", str(change.id), None, decided)
        if service is None:
            # No query may run between adding the new service and filling it in: autoflush would insert it empty.
            service = Service(slug=validated.slug, origin="partner")
            session.add(service)
            change.service = service
        apply_service(session, service, validated.record, change.organisation, validated.crime_types)
    service.partner_edited_at = utcnow()
    change.status = "approved"
    change.reviewed_by = reviewer
    change.reviewed_at = utcnow()
    change.reason = reason
    session.flush()
    audit(session, reviewer, f"change_{change.kind}_approved", "service", str(service.id), before, snapshot(service))
    return service


def reject(session: Session, change: ChangeRequest, reviewer: User, reason: str) -> None:
    if change.status != "pending":
        raise ChangeRejected([DataError("change", str(change.id), "status", f"is already {change.status}")])
    change.status = "rejected"
    change.reviewed_by = reviewer
    change.reviewed_at = utcnow()
    change.reason = reason
    audit(
        session, reviewer, f"change_{change.kind}_rejected", "change_request", str(change.id), None, {"reason": reason}
    )


def confirm_still_correct(session: Session, service: Service, user: User, today: date) -> None:
    """The partner says the listing is still right: that is a human check, so it dates the listing."""
    before = {"checked_on": service.checked_on.isoformat() if service.checked_on else None}
    service.checked_on = today
    service.updated_at = utcnow()  # the feed's assured_date changed
    audit(
        session, user, "confirmed_still_correct", "service", str(service.id), before, {"checked_on": today.isoformat()}
    )


def service_by_id(session: Session, service_id: int) -> Service | None:
    return session.get(Service, service_id)


def change_by_id(session: Session, change_id: int) -> ChangeRequest | None:
    return session.get(ChangeRequest, change_id)


def pending(session: Session) -> list[ChangeRequest]:
    return list(
        session.scalars(
            select(ChangeRequest).where(ChangeRequest.status == "pending").order_by(ChangeRequest.submitted_at)
        )
    )


def history(session: Session, service: Service) -> list[ChangeRequest]:
    return list(
        session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.service_id == service.id, ChangeRequest.status != "draft")
            .order_by(ChangeRequest.submitted_at.desc())
        )
    )
