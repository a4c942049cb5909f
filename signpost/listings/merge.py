"""Field-level merging of listing changes, so no edit is silently lost.

A change request records the listing as its editor started from it (`before`, the base) and as they
left it (`after`); the fields it changes are those where the two differ. Publishing applies only
those fields to the listing as it is now. A field the request changes that someone else also
changed since the base is a conflict: a moderator sees the base, the current and the proposed
value and decides. Areas and places to visit are one field here, because a radius area names a
place: taking one from each side could leave an area pointing at a place that is not there.

Everything here works on snapshots (signpost.listings.snapshot) and knows nothing of the database.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from signpost.dataset.schema import DAYS
from signpost.listings.snapshot import LABELS, keep_welsh_notes

# Every field a moderator sees in a diff (so a field added to the listing is never left out of a merge),
# each on its own except areas and places, which go together.
COUPLED = ("areas", "locations")
GROUPS: tuple[tuple[str, ...], ...] = (*((f,) for f in LABELS if f not in COUPLED), COUPLED)
GROUP_LABELS = {group[0]: LABELS[group[0]] for group in GROUPS} | {"areas": "Areas covered and places to visit"}


def _canonical(field: str, value: Any) -> str | None:
    """A field's value in one comparable form: empty is empty, and order means nothing where it means nothing."""
    if value in (None, "", [], {}):
        return None
    if field == "areas":
        return json.dumps(sorted(json.dumps(a, sort_keys=True) for a in value))
    if field == "hours" and isinstance(value, dict):
        hours = dict(value)
        hours["weekly"] = sorted(hours.get("weekly") or [], key=lambda w: (DAYS.index(w["days"][0]), w["opens"]))
        hours["exceptions"] = sorted(hours.get("exceptions") or [], key=lambda e: str(e["date"]))
        value = hours
    return json.dumps(value, sort_keys=True)


def same_fields(group: tuple[str, ...], one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether two snapshots agree on every field of `group` (order-insensitive where order means nothing)."""
    return all(_canonical(f, one.get(f)) == _canonical(f, other.get(f)) for f in group)


_same = same_fields


def touched(base: Mapping[str, Any], sent: Mapping[str, Any], base_as_sent: Mapping[str, Any]) -> dict[str, Any]:
    """What an editor changed, as a full snapshot: `sent` where it differs from `base_as_sent` (the base
    put through the same form, so fields the form cannot show exactly, like a curated place's exact
    position, compare equal when untouched), and `base` everywhere else. The form cannot show the Welsh
    notes of phones and hours, so a changed phone or hours keep the base's (keep_welsh_notes)."""
    out = dict(base)
    for group in GROUPS:
        if not _same(group, sent, base_as_sent):
            out.update({f: sent.get(f) for f in group})
    return keep_welsh_notes(out, base)


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The groups (by first field) a change request changes."""
    return [group[0] for group in GROUPS if not _same(group, before, after)]


@dataclass(frozen=True)
class Conflict:
    """A group the request changes that someone else changed too: each value by field."""

    key: str
    label: str
    base: dict[str, Any]
    current: dict[str, Any]
    proposed: dict[str, Any]


def _pick(group: tuple[str, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    return {f: data.get(f) for f in group}


def conflicts(before: Mapping[str, Any], after: Mapping[str, Any], current: Mapping[str, Any]) -> list[Conflict]:
    """Groups the request changes that have also changed since its base (unless to the same value)."""
    out = []
    for group in GROUPS:
        if _same(group, before, after) or _same(group, before, current) or _same(group, current, after):
            continue
        out.append(
            Conflict(
                group[0],
                GROUP_LABELS[group[0]],
                _pick(group, before),
                _pick(group, current),
                _pick(group, after),
            )
        )
    return out


def merge(
    before: Mapping[str, Any], after: Mapping[str, Any], current: Mapping[str, Any], keep_current: Collection[str] = ()
) -> dict[str, Any]:
    """The listing once the request is applied: `current`, with every group the request changes taken from
    `after`, except the conflicting groups a moderator chose to keep as they are now (`keep_current`)."""
    out = dict(current)
    for group in GROUPS:
        if group[0] not in keep_current and not _same(group, before, after):
            out.update({f: after.get(f) for f in group})
    return out
