"""The OpenAPI 3.1 document of exactly what /api/v1 serves: every path, parameter, response and field.

Field names and meanings are HSDS 3.0's (https://docs.openreferral.org/en/v3.0/); the schemas here
list only the fields this API fills, and forbid others, so a test of the responses against this
document also catches a field added to the feed without being documented.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from signpost.api import params

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string", "minLength": 1}
URI = {"type": "string", "format": "uri"}
CLOCK = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "description": "HH:MM, UK local time"}
DAY = {"type": "string", "format": "date"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(required: list[str], properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item, "minItems": 1}


ORGANIZATION = _object(["id", "name", "description"], {"id": UUID, "name": TEXT, "description": TEXT, "website": URI})
SERVICE_SUMMARY = _object(
    ["id", "organization_id", "name", "status", "last_modified", "organization"],
    {
        "id": UUID,
        "organization_id": UUID,
        "name": TEXT,
        "description": TEXT,
        "url": URI,
        "email": {"type": "string", "format": "email"},
        "status": {"type": "string", "enum": ["active"]},
        "eligibility_description": TEXT,
        "assured_date": {**DAY, "description": "When a person last checked the listing against its source"},
        "last_modified": {"type": "string", "format": "date-time"},
        "organization": _ref("Organization"),
    },
    "A service's one-to-one fields, as the list endpoints show it.",
)
TERM = _object(
    ["id", "code", "name", "description", "taxonomy", "taxonomy_id"],
    {"id": UUID, "code": TEXT, "name": TEXT, "description": TEXT, "taxonomy": TEXT, "taxonomy_id": UUID},
)
LOCATION_SUMMARY = _object(
    ["id", "location_type"],
    {
        "id": UUID,
        "location_type": {"type": "string", "enum": ["physical"]},
        "name": TEXT,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
    },
    "A place to visit. Confidential places (such as refuges) are never published.",
)
ADDRESS_FIELDS = ["address_1", "city", "state_province", "postal_code", "country", "address_type"]
LOCATION = deepcopy(LOCATION_SUMMARY)
LOCATION["properties"] |= {
    "addresses": _list(
        _object(
            ["id", "location_id", *ADDRESS_FIELDS],
            {"id": UUID, "location_id": UUID}
            | {name: TEXT for name in ADDRESS_FIELDS}
            | {"country": {"type": "string", "enum": ["GB"]}, "address_type": {"type": "string", "enum": ["physical"]}},
        )
    ),
    "accessibility": _list(
        _object(["id", "location_id", "description"], {"id": UUID, "location_id": UUID, "description": TEXT})
    ),
}
SERVICE_PARTS: dict[str, Any] = {
    "phones": _list(
        _object(
            ["id", "service_id", "number", "type"],
            {
                "id": UUID,
                "service_id": UUID,
                "number": TEXT,
                "type": {"type": "string", "enum": ["voice", "text", "textphone"]},
                "description": TEXT,
            },
        )
    ),
    "schedules": _list(
        _object(
            ["id", "service_id"],
            {
                "id": UUID,
                "service_id": UUID,
                "freq": {"type": "string", "enum": ["WEEKLY"]},
                "byday": {"type": "string", "pattern": "^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$"},
                "opens_at": CLOCK,
                "closes_at": {**CLOCK, "description": "HH:MM, UK local time; at or before opens_at: past midnight"},
                "valid_from": DAY,
                "valid_to": DAY,
                "description": TEXT,
                "notes": TEXT,
            },
            "Weekly hours (freq WEEKLY) or a one-off change on one day (valid_from = valid_to).",
        )
    ),
    "service_areas": _list(
        _object(
            ["id", "service_id", "name"],
            {"id": UUID, "service_id": UUID, "name": TEXT, "uri": URI},
            "Where the service helps. Areas with an ONS code carry it as an ONS URI in uri.",
        )
    ),
    "languages": _list(
        _object(["id", "service_id", "code"], {"id": UUID, "service_id": UUID, "code": TEXT, "name": TEXT})
    ),
    "attributes": _list(
        _object(
            ["id", "link_id", "link_type", "taxonomy_term_id", "taxonomy_term"],
            {
                "id": UUID,
                "link_id": UUID,
                "link_type": {"type": "string", "enum": ["crime_type", "verification"]},
                "taxonomy_term_id": UUID,
                "taxonomy_term": _ref("TaxonomyTerm"),
            },
            "Links to taxonomy terms: the crime types a service helps with (link_type crime_type), and a flag on a "
            "listing checked only in secondary sources (link_type verification).",
        )
    ),
}
SERVICE_NESTED = deepcopy(SERVICE_SUMMARY)
SERVICE_NESTED["properties"] |= SERVICE_PARTS
SERVICE_NESTED["description"] = "A fully nested service (inside a service_at_location)."
SERVICE = deepcopy(SERVICE_NESTED)
SERVICE["properties"]["service_at_locations"] = _list(
    _object(
        ["id", "service_id", "location_id", "location"],
        {"id": UUID, "service_id": UUID, "location_id": UUID, "location": _ref("Location")},
    )
)
SERVICE["description"] = "A fully nested service."
PROBLEM = _object(
    ["title", "status", "detail"],
    {
        "title": TEXT,
        "status": {"type": "integer"},
        "detail": TEXT,
        "parameter": {**TEXT, "description": "The query parameter that was wrong"},
    },
    "An error (RFC 9457 problem details).",
)

SCHEMAS = {
    "ApiDetails": _object(
        ["version", "profile", "openapi_url"],
        {"version": {"type": "string", "enum": ["HSDS-UK-3.0"]}, "profile": URI, "openapi_url": URI},
    ),
    "Organization": ORGANIZATION,
    "ServiceSummary": SERVICE_SUMMARY,
    "Service": SERVICE,
    "ServiceNested": SERVICE_NESTED,
    "Location": LOCATION,
    "LocationSummary": LOCATION_SUMMARY,
    "ServiceAtLocationSummary": _object(
        ["id", "service_id", "location_id", "service", "location"],
        {
            "id": UUID,
            "service_id": UUID,
            "location_id": UUID,
            "service": _ref("ServiceSummary"),
            "location": _ref("LocationSummary"),
        },
    ),
    "ServiceAtLocation": _object(
        ["id", "service_id", "location_id", "service", "location"],
        {
            "id": UUID,
            "service_id": UUID,
            "location_id": UUID,
            "service": _ref("ServiceNested"),
            "location": _ref("Location"),
        },
    ),
    "Taxonomy": _object(
        ["id", "name", "description", "version"], {"id": UUID, "name": TEXT, "description": TEXT, "version": TEXT}
    ),
    "TaxonomyTerm": TERM,
    "Problem": PROBLEM,
}


def _page(item: str) -> dict[str, Any]:
    return _object(
        ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
        {
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 0},
            "page_number": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 0, "description": "How many items this page holds"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean", "description": "True when this page holds no items"},
            "contents": {"type": "array", "items": _ref(item)},
        },
    )


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PARAMETERS = {
    "page": _query("page", {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE, "default": 1},
                   "Page number, from 1."),
    "per_page": _query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE, "default": params.DEFAULT_PER_PAGE},
        "Items per page.",
    ),
    "search": _query("search", {"type": "string", "maxLength": params.MAX_TEXT},
                     "Text to find (case-insensitive) in the name, description, eligibility or organisation name."),
    "taxonomy_term_id": _query("taxonomy_term_id", UUID, "Only services linked to this term of /taxonomy_terms."),
    "modified_after": _query("modified_after", {"type": "string", "format": "date-time"},
                             "Only services changed on or after this time (UTC when no offset is given)."),
    "postcode": _query(
        "postcode",
        {"type": "string", "maxLength": 20},
        "Only services whose service area covers this place. A full postcode is cut to its sector (LN1 3AA -> "
        "LN1 3) before use and never logged; send the sector if you can. Responses are not stored in caches.",
    ),
    "proximity": _query("proximity", {"type": "number", "exclusiveMinimum": 0,
                                      "maximum": params.MAX_PROXIMITY_METRES},
                        "Only places within this many metres of the postcode's centre (needs postcode); nearest first."),
    "format": _query("format", {"type": "string", "enum": ["json", "ndjson"], "default": "json"},
                     "ndjson: every matching service, fully nested, one JSON object per line, not paged."),
    "taxonomy_id": _query("taxonomy_id", UUID, "Only terms of this taxonomy."),
}  # fmt: skip
HEADERS = {
    "ETag": {"description": "Changes when the data changes; send it back in If-None-Match for a 304.",
             "required": True, "schema": {"type": "string"}},
    "Cache-Control": {"required": True, "schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"required": True, "schema": {"type": "string", "enum": ["*"]}},
}  # fmt: skip


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _ref("Problem")}}}


def _get(summary: str, schema: dict[str, Any], names: tuple[str, ...] = (), *, by_id: bool = False) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": summary, "headers": HEADERS, "content": {"application/json": {"schema": schema}}},
        "304": {"description": "Not modified since the ETag sent in If-None-Match."},
        "429": _problem("Too many requests: see the rate limit in the description."),
    }
    if names:
        responses["400"] = _problem("A query parameter is wrong; `parameter` names it.")
    if by_id:
        responses["404"] = _problem("No record has this id (or it is no longer published).")
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if names:
        operation["parameters"] = [{"$ref": f"#/components/parameters/{name}"} for name in names]
    return {"get": operation}


def _by_id(summary: str, schema: str) -> dict[str, Any]:
    path = _get(summary, _ref(schema), by_id=True)
    path["parameters"] = [{"name": "id", "in": "path", "required": True, "schema": UUID}]
    return path


def document(rate_limit: str) -> dict[str, Any]:
    services = _get("Services, paged (or every service as NDJSON with format=ndjson).", _ref("ServicePage"),
                    params.ACCEPTED["services"])  # fmt: skip
    services["get"]["responses"]["200"]["content"]["application/x-ndjson"] = {
        "schema": {"type": "string", "description": "One fully nested Service (see Service) per line."}
    }
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Signpost open data",
            "version": "1.0.0",
            "summary": "Support services for people affected by crime in the UK, as Open Referral UK (HSDS 3.0).",
            "description": "Read-only, open to anyone, no key. Only listings a person has checked recently are "
            "published; confidential places never are. Ids are UUIDs that stay the same across data reloads. "
            f"Rate limit per client address: {rate_limit}. Field names and meanings follow the Human Services "
            "Data Specification 3.0 (Open Referral / HSDS, CC BY-SA 4.0). Areas use ONS codes (Office for "
            "National Statistics, Open Government Licence v3.0).",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/": _get("About this API and its relationship with HSDS.", _ref("ApiDetails")),
            "/services": services,
            "/services/{id}": _by_id("One fully nested service.", "Service"),
            "/service_at_locations": _get(
                "Services at places you can visit, paged.",
                _ref("ServiceAtLocationPage"),
                params.ACCEPTED["service_at_locations"],
            ),
            "/service_at_locations/{id}": _by_id("One service at one place, fully nested.", "ServiceAtLocation"),
            "/taxonomies": _get(
                "The taxonomies services are linked to, paged.", _ref("TaxonomyPage"), params.ACCEPTED["taxonomies"]
            ),
            "/taxonomies/{id}": _by_id("One taxonomy.", "Taxonomy"),
            "/taxonomy_terms": _get(
                "Taxonomy terms (crime types and listing checks), paged.",
                _ref("TaxonomyTermPage"),
                params.ACCEPTED["taxonomy_terms"],
            ),
            "/taxonomy_terms/{id}": _by_id("One taxonomy term.", "TaxonomyTerm"),
            "/openapi.json": {
                "get": {
                    "summary": "This document.",
                    "responses": {
                        "200": {
                            "description": "This document.",
                            "headers": HEADERS,
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "304": {"description": "Not modified."},
                    },
                }
            },
        },
        "components": {
            "schemas": SCHEMAS
            | {
                "ServicePage": _page("ServiceSummary"),
                "ServiceAtLocationPage": _page("ServiceAtLocationSummary"),
                "TaxonomyPage": _page("Taxonomy"),
                "TaxonomyTermPage": _page("TaxonomyTerm"),
            },
            "parameters": PARAMETERS,
        },
    }
