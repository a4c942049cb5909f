"""HTTP around the API: JSON errors (never an HTML page under /api/), CORS, caching and the ETag.

The app's security headers say `Cache-Control: no-store` on every page; the API's own after_request
is registered on the app before those (see init_app), and Flask runs after_request functions in
reverse order, so the API's value is the one sent.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from flask import Blueprint, Flask, Response, current_app, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import RequestRedirect

from signpost.api.params import BadParameter
from signpost.data_version import current_versions
from signpost.directory.hours import LONDON
from signpost.extensions import current_session

PREFIX = "/api/"
CACHE_CONTROL = "public, max-age=300"
ETAG_KEY = "signpost.api_etag"


def json_response(data: Any, status: int = 200, mimetype: str = "application/json") -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, mimetype=mimetype)


def problem(status: int, detail: str, parameter: str | None = None) -> Response:
    body: dict[str, Any] = {"title": HTTP_STATUS_CODES.get(status, "Error"), "status": status, "detail": detail}
    if parameter:
        body["parameter"] = parameter
    return json_response(body, status, "application/problem+json")


def london_today() -> date:
    return datetime.now(LONDON).date()


@lru_cache(maxsize=1)
def code_revision() -> str:
    """Changes when the code that shapes the records changes, so a deploy never answers 304 with an ETag
    issued for the old shape."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("*.py"), *(here.parent / "opendata").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def etag() -> str:
    """One ETag for every API response until the data (or the day, or the code) changes."""
    value: str | None = request.environ.get(ETAG_KEY)
    if value is None:
        version = current_versions(current_session()).token
        value = request.environ[ETAG_KEY] = f"{version}-{london_today():%Y%m%d}-{code_revision()}"
    return value


def _error(error: HTTPException) -> Response:
    code = error.code or 500
    if code == 429:
        response = problem(429, f"Too many requests from your address: the limit is {error.description}.")
    elif isinstance(error, MethodNotAllowed):
        response = problem(405, "This API only answers GET (and HEAD and OPTIONS) requests.")
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods or ("GET", "HEAD", "OPTIONS")))
    elif code == 404:
        response = problem(404, "There is nothing at this address. The API's paths are in /api/v1/openapi.json.")
    else:
        response = problem(code, str(error.description or HTTP_STATUS_CODES.get(code, "Error")))
    return response


def init(bp: Blueprint) -> None:
    @bp.before_request
    def not_modified() -> Response | None:
        if request.if_none_match.contains_weak(etag()):
            return Response(status=304)
        return None

    @bp.errorhandler(BadParameter)
    def bad_parameter(error: BadParameter) -> Response:
        return problem(400, str(error), error.name)

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        return _error(error)

    # Flask tries handlers for a status code (the app's HTML 429 page) before handlers for a class, so the
    # codes the app renders as pages are claimed here by code too.
    for code in (400, 404, 405, 413, 429, 500, 503):
        bp.register_error_handler(code, http_error)

    @bp.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        current_app.logger.exception("Unhandled error in the API")  # the 500 rolls the session back
        return problem(500, "Something went wrong on our side. Try again later.")

    bp.record_once(_init_app)


def _init_app(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)

    @app.before_request
    def api_routing_error() -> Response | None:
        # A path or method no API route matches never reaches the blueprint's error handlers.
        exception = request.routing_exception
        if exception is None or isinstance(exception, RequestRedirect) or not request.path.startswith(PREFIX):
            return None
        return _error(exception) if isinstance(exception, HTTPException) else problem(500, "Routing failed.")

    @app.after_request
    def api_headers(response: Response) -> Response:
        if not request.path.startswith(PREFIX):
            return response
        headers = response.headers
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = "ETag"
        if request.method == "OPTIONS":
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            headers["Access-Control-Allow-Headers"] = "If-None-Match"
        if response.status_code in (200, 304) and request.blueprint == "api":
            headers["ETag"] = f'W/"{etag()}"'
            # A postcode in the address is kept out of shared caches as well as out of logs.
            headers["Cache-Control"] = "no-store" if "postcode" in request.args else CACHE_CONTROL
        else:
            headers["Cache-Control"] = "no-store"
        return response
