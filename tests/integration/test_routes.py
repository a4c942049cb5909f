"""Officers print and share links: these paths are a contract (DESIGN.md). Removing one must fail here."""

from __future__ import annotations

from flask import Flask

SHARED_RULES = {
    "/",
    "/support/<crime>/<area>",
    "/advice/<crime>",
    "/rights",
    "/officer",
    "/healthcheck",
}
# /partners and /api/v1/services join this set when their issues land.


def test_shared_paths_still_exist(app: Flask) -> None:
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    missing = SHARED_RULES - rules
    assert not missing, f"shared paths removed: {missing}"
