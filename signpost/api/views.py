"""/api/v1: Open Referral UK (HSDS 3.0) read API. Views parse parameters and call signpost.opendata."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, request, stream_with_context, url_for

from signpost.api import http, openapi, params
from signpost.extensions import csrf, current_session, limiter
from signpost.opendata import feed
from signpost.opendata.feed import Feed

VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://docs.openreferral.org/en/v3.0/hsds/uk_compliance.html"

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only, and it sets no cookie
# One budget per client address for the whole API, not one per endpoint.
limiter.shared_limit(lambda: str(current_app.config["SIGNPOST_API_RATE_LIMIT"]), scope="api")(bp)
http.init(bp)


def _feed() -> Feed:
    return Feed(current_session(), http.london_today(), int(current_app.config["SIGNPOST_HIDE_AFTER_MONTHS"]))


def _public_url(endpoint: str) -> str:
    # Links the app writes use the configured public address where there is one, not the Host header.
    base = current_app.config.get("SIGNPOST_BASE_URL")
    return f"{str(base).rstrip('/')}{url_for(endpoint)}" if base else url_for(endpoint, _external=True)


def _id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        abort(404)


def _found(record: dict[str, object] | None) -> Response:
    if record is None:
        return http.problem(404, "No record has this id, or it is no longer published.")
    return http.json_response(record)


@bp.get("/")
def index() -> Response:
    params.only(request.args, "index")
    return http.json_response(
        {"version": VERSION, "profile": PROFILE_URL, "openapi_url": _public_url("api.openapi_document")}
    )


@bp.get("/openapi.json")
def openapi_document() -> Response:
    params.only(request.args, "openapi")
    return http.json_response(openapi.document(str(current_app.config["SIGNPOST_API_RATE_LIMIT"])))


@bp.get("/services")
def services() -> Response:
    args = params.only(request.args, "services")
    filters = params.service_filters(args)
    number, size = params.paging(args)
    if params.choice(args, "format", ("json", "ndjson")) == "ndjson":
        records = feed.all_services(_feed(), filters)
        return Response(stream_with_context(_lines(records)), mimetype="application/x-ndjson")
    return http.json_response(feed.services_page(_feed(), filters, number, size))


def _lines(records: Iterator[dict[str, object]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


@bp.get("/services/<id>")
def service(id: str) -> Response:
    params.only(request.args, "record")
    return _found(feed.service(_feed(), _id(id)))


@bp.get("/service_at_locations")
def service_at_locations() -> Response:
    args = params.only(request.args, "service_at_locations")
    filters = params.service_filters(args, proximity=True)
    number, size = params.paging(args)
    return http.json_response(feed.service_at_locations_page(_feed(), filters, number, size))


@bp.get("/service_at_locations/<id>")
def service_at_location(id: str) -> Response:
    params.only(request.args, "record")
    return _found(feed.service_at_location(_feed(), _id(id)))


@bp.get("/taxonomies")
def taxonomies() -> Response:
    number, size = params.paging(params.only(request.args, "taxonomies"))
    return http.json_response(feed.taxonomies_page(number, size))


@bp.get("/taxonomies/<id>")
def taxonomy(id: str) -> Response:
    params.only(request.args, "record")
    return _found(feed.taxonomy(_id(id)))


@bp.get("/taxonomy_terms")
def taxonomy_terms() -> Response:
    args = params.only(request.args, "taxonomy_terms")
    number, size = params.paging(args)
    taxonomy_id, search = params.record_id(args, "taxonomy_id"), params.text(args, "search")
    return http.json_response(feed.taxonomy_terms_page(current_session(), number, size, taxonomy_id, search))


@bp.get("/taxonomy_terms/<id>")
def taxonomy_term(id: str) -> Response:
    params.only(request.args, "record")
    return _found(feed.taxonomy_term(current_session(), _id(id)))
