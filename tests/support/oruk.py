"""Validate API responses against the HSDS 3.0 and ORUK validator schemas in tests/fixtures/oruk, offline.

Every schema is registered under the address it is published at, so the HSDS files' relative
`$ref`s ("taxonomy.json") resolve in the local registry and nothing is ever fetched.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from signpost.config import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "oruk"
HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
UK_BASE = "https://raw.githubusercontent.com/tpximpact/OpenReferralApi/refs/heads/main/OpenReferralApi/Schemas/V3.0-UK/"
FORMATS = Draft202012Validator.FORMAT_CHECKER
# Formats the responses use; each must really be checked (a checker silently missing would pass anything).
CHECKED_FORMATS = ("uuid", "uri", "date-time", "date", "email")


def _read(path: Path) -> Any:
    if path.suffix == ".gz":
        return json.loads(gzip.decompress(path.read_bytes()))
    return json.loads(path.read_text())


@cache
def registry() -> Registry[Any]:
    resources: list[tuple[str, Resource[Any]]] = []
    for path in (FIXTURES / "hsds-3.0" / "schema").rglob("*.json*"):
        name = str(path.relative_to(FIXTURES / "hsds-3.0" / "schema")).removesuffix(".gz")
        resources.append((HSDS_BASE + name, DRAFT202012.create_resource(_read(path))))
    for path in (FIXTURES / "oruk-3.0-validator").glob("*.json"):
        resources.append((UK_BASE + path.name, DRAFT202012.create_resource(_read(path))))
    return Registry().with_resources(resources).crawl()


@cache
def hsds_openapi() -> dict[str, Any]:
    document: dict[str, Any] = _read(FIXTURES / "hsds-3.0" / "schema" / "openapi.json")
    return document


def schema(uri: str) -> dict[str, Any]:
    contents: dict[str, Any] = registry().contents(uri)
    return contents


def errors(instance: Any, uri: str) -> list[str]:
    """Every way `instance` breaks the schema published at `uri` (formats checked)."""
    validator = Draft202012Validator({"$ref": uri}, registry=registry(), format_checker=FORMATS)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(instance)]


def page_errors(page: Any, item_uri: str) -> list[str]:
    """A paged list: the envelope against HSDS's Page schema (all its fields present), items against `item_uri`."""
    envelope = hsds_openapi()["components"]["schemas"]["Page"]
    found = [f"page: {e.message}" for e in Draft202012Validator(envelope).iter_errors(page)]
    missing = set(envelope["properties"]) - set(page)
    found += [f"page: {name} is missing" for name in sorted(missing)]
    for number, item in enumerate(page.get("contents", [])):
        found += [f"contents/{number}/{error}" for error in errors(item, item_uri)]
    return found


def undefined_fields(instance: Any, schema_node: dict[str, Any], path: str = "") -> list[str]:
    """Fields the schema does not define: what the ORUK validator reports as 'additional fields'."""
    if "$ref" in schema_node:
        schema_node = registry().resolver().lookup(schema_node["$ref"]).contents
    found: list[str] = []
    if isinstance(instance, dict) and "properties" in schema_node:
        for key, value in instance.items():
            if key not in schema_node["properties"]:
                found.append(f"{path}/{key}")
            else:
                found += undefined_fields(value, schema_node["properties"][key], f"{path}/{key}")
    elif isinstance(instance, list) and isinstance(schema_node.get("items"), dict):
        for number, item in enumerate(instance):
            found += undefined_fields(item, schema_node["items"], f"{path}/{number}")
    return found


def nulls_or_empties(instance: Any, path: str = "") -> list[str]:
    """Fields given as null, "" or [] (HSDS wants empty fields left out)."""
    found: list[str] = []
    if isinstance(instance, dict):
        for key, value in instance.items():
            if value is None or value == "" or value == []:
                found.append(f"{path}/{key}")
            found += nulls_or_empties(value, f"{path}/{key}")
    elif isinstance(instance, list):
        for number, item in enumerate(instance):
            found += nulls_or_empties(item, f"{path}/{number}")
    return found
