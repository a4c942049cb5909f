"""A listing edited a section at a time: one draft change request per editor and listing, sent once.

The draft keeps the listing as the editor started from it (`before` and `base_version`, for the same
field-level merge and version checks as any change) and their work so far (`after`). Drafts are never
reviewed or published: `submit` in signpost.listings.changes makes the real change from one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from signpost.dataset.errors import DataError
from signpost.listings.merge import GROUP_LABELS, same_fields
from signpost.listings.snapshot import WELSH_FIELDS, snapshot
from signpost.models import ChangeRequest, Service, User

DRAFT = "draft"
# (name, heading, listing fields), in the order of the task list.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("about", "About the service", ("name", "description", "purpose", "languages", "accessibility")),
    ("contact", "How to contact", ("website", "email", "phones")),
    ("hours", "Opening hours", ("hours",)),
    ("places", "Places people can visit", ("locations",)),
    ("areas", "Areas covered", ("areas",)),
    ("crimes", "Crime types", ("crime_types",)),
    ("audience", "Who it is for", ("audience", "eligibility", "focus")),
    ("welsh", "Welsh language", WELSH_FIELDS),
)
SECTION_FIELDS = {name: fields for name, _, fields in SECTIONS}
SECTION_HEADINGS = {name: heading for name, heading, _ in SECTIONS}
assert set(GROUP_LABELS) <= {f for _, _, fields in SECTIONS for f in fields}  # every field has a section


def find(session: Session, service: Service, user: User) -> ChangeRequest | None:
    return session.scalar(
        select(ChangeRequest).where(
            ChangeRequest.status == DRAFT,
            ChangeRequest.service_id == service.id,
            ChangeRequest.submitted_by_id == user.id,
        )
    )


def start(session: Session, service: Service, user: User, as_sent: dict[str, Any], now: datetime) -> ChangeRequest:
    """A new draft from the listing as it is now. `as_sent` is the listing put through the editing form, so a
    section saved untouched compares equal to it."""
    draft = ChangeRequest(
        organisation=service.organisation,
        service=service,
        kind="edit",
        status=DRAFT,
        before=snapshot(service),
        base_version=service.version,
        after=as_sent,
        submitted_by=user,
        submitted_at=now,
    )
    session.add(draft)
    return draft


def working(draft: ChangeRequest, as_sent: dict[str, Any]) -> dict[str, Any]:
    """The listing as the draft has it. A field the draft does not hold at all (the form had no such field
    when the draft was started) is as in `as_sent`: untouched, never cleared."""
    return as_sent | dict(draft.after)


def save_section(draft: ChangeRequest, section: str, fragment: dict[str, Any], now: datetime) -> None:
    """Keep a section's fields in the draft (a new dict, so the JSON column sees the change)."""
    draft.after = dict(draft.after) | {f: fragment.get(f) for f in SECTION_FIELDS[section]}
    draft.submitted_at = now


def section_of(error: DataError) -> str | None:
    head = str(error.path[0]) if error.path else error.field
    return next((name for name, _, fields in SECTIONS if head in fields), None)


def changed_sections(draft: ChangeRequest | None, as_sent: dict[str, Any]) -> set[str]:
    """Sections whose fields differ from the listing as the editor started from it."""
    if draft is None:
        return set()
    after = working(draft, as_sent)
    return {name for name, _, fields in SECTIONS if not same_fields(fields, after, as_sent)}


def discard(session: Session, draft: ChangeRequest) -> None:
    session.delete(draft)
