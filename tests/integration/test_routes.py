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
    "/api/v1/",
    "/api/v1/services",
    "/api/v1/services/<id>",
    "/api/v1/openapi.json",
}
# /partners joins this set when its issue lands.


def test_shared_paths_still_exist(app: Flask) -> None:
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    missing = SHARED_RULES - rules
    assert not missing, f"shared paths removed: {missing}"
