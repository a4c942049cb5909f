"""Stable HSDS ids: UUID 5 of a fixed namespace and the record's slug, so reloading the data (which
renumbers database rows) never changes an id a consumer has stored."""

from __future__ import annotations

import uuid

# Fixed for ever: changing it would change every id in the feed.
NAMESPACE = uuid.UUID("6b1f8f0e-3c1a-5d3e-9a57-2f6c1e0b7d41")


def uid(kind: str, *parts: str) -> str:
    """The id of one record: `kind` names the HSDS table, `parts` the slugs that identify the record."""
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *parts))))
