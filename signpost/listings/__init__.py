"""Partner edits to listings: snapshots, validation, diffs, change requests and freshness. No HTTP here."""
