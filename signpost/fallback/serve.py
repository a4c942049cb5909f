"""Answer a victim request that failed with the right fallback page, and log the failure in one safe line.

The nation comes from the request alone, never the database: the area in a results URL, the nation
chosen on the country question, or the postcode typed into the search form (parsed here, used to pick
the page and the sector for a redirect, and then forgotten: it never reaches a log line or a URL).
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import traceback
from pathlib import Path

from flask import Response, current_app, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from signpost.fallback.areas import NATIONS, UK, AreaMap, area_map
from signpost.fallback.build import page_path, render_page
from signpost.fallback.offline import curated_dataset
from signpost.geo.postcodes import PostcodeKind, parse_postcode

log = logging.getLogger("signpost.errors")
PACKAGE_DIR = str(Path(__file__).resolve().parent.parent) + "/"
RETRY_AFTER_SECONDS = 30
# The victim journey's blueprint, and any copy of it registered under another name (the Welsh pages).
VICTIM_BLUEPRINT = "public"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

# The last resort, if the built pages are missing and the data files cannot be read either.
EMERGENCY_ONLY = """<!DOCTYPE html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8">
<title>Help after a crime – Signpost</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/css/signpost.css"></head>
<body class="govuk-template__body">
<a href="https://www.bbc.co.uk/weather" class="govuk-skip-link" rel="nofollow noreferrer">Exit this page</a>
<div class="govuk-width-container"><div class="govuk-exit-this-page">
<a href="https://www.bbc.co.uk/weather" class="govuk-button govuk-button--warning govuk-exit-this-page__button"
 rel="nofollow noreferrer">Exit this page</a></div>
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">Help after a crime</h1>
<p class="govuk-body">Part of this service is not working at the moment. Try again in a few minutes.</p>
<p class="govuk-body">Call <a class="govuk-link" href="tel:999">999</a> if you are in danger now.
If you call 999 from a mobile and cannot speak, stay on the line and press 55 when asked.
Textphone: <a class="govuk-link" href="tel:18000">18000</a>.</p>
<p class="govuk-body">Call <a class="govuk-link" href="tel:101">101</a> if it is not an emergency.
Textphone: <a class="govuk-link" href="tel:18001101">18001 101</a>.</p>
</main></div></body></html>
"""
_in_memory: dict[tuple[str, str], str] = {}
_lock = threading.Lock()


def fallback_dir() -> Path:
    return Path(current_app.config["SIGNPOST_FALLBACK_DIR"])


def _areas() -> AreaMap:
    return area_map(Path(current_app.config["SIGNPOST_DATA_DIR"]) / "geo")


def page_html(area: str, language: str = "en") -> bytes:
    """The built page; if it was never built, one rendered here from the data files (once per process)."""
    for lang in dict.fromkeys((language, "en")):
        try:
            return page_path(fallback_dir(), area, lang).read_bytes()
        except OSError:
            continue
    key = (area, "en")
    if key not in _in_memory:
        with _lock:
            try:
                _in_memory[key] = render_page(curated_dataset(), area)
            except Exception as error:  # noqa: BLE001 - any failure here still owes the victim 999
                log.error(
                    "Fallback page could not be built (%s); serving the emergency-only page", type(error).__name__
                )
                return EMERGENCY_ONLY.encode()
    return _in_memory[key].encode()


def fallback_response(area: str, language: str = "en") -> Response:
    response = Response(page_html(area if area in NATIONS else UK, language), 503, mimetype="text/html")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def is_victim_request() -> bool:
    return (request.blueprint or "").startswith(VICTIM_BLUEPRINT)


def _language() -> str:
    return "cy" if request.path.startswith("/cy/") else "en"


def victim_fallback() -> BaseResponse:
    """The response for a victim request that could not be served (call from an error handler)."""
    view_args = request.view_args or {}
    crime = view_args.get("crime")
    view = (request.endpoint or "").rsplit(".", 1)[-1]
    results = f"{request.blueprint}.support"
    if request.method == "POST" and view == "which_nation" and crime:
        nation = request.form.get("nation", "")
        if nation in NATIONS or nation == UK:
            # Counting the search failed; the answer is still good, and its results page decides what to show.
            return redirect(url_for(results, crime=crime, area=nation), code=303)
    if request.method == "POST" and view == "where" and crime:
        typed = request.form.get("postcode", "")
        if parse_postcode(typed).kind is not PostcodeKind.MALFORMED:
            landing = _areas().landing_for_postcode(typed)
            if landing.slug is not None:
                # The sector at most, as a normal search would: reloading it after the outage shows the real page.
                return redirect(url_for(results, crime=crime, area=landing.slug), code=303)
            return fallback_response(landing.nation, _language())
    area = view_args.get("area")
    return fallback_response(_areas().nation_for_slug(area) if isinstance(area, str) else UK, _language())


def request_id() -> str:
    """The id the proxy gave this request (nginx's $request_id), or a new one, to match log lines up."""
    given = request.headers.get("X-Request-ID", "")
    return given if _REQUEST_ID.fullmatch(given) else secrets.token_hex(8)


def safe_path(path: str) -> str:
    """The path with any segment that is a full postcode blanked (someone may type one into a URL)."""
    parts = [
        "[postcode]" if parse_postcode(part.replace("-", " ")).kind is PostcodeKind.FULL else part
        for part in path[:300].split("/")
    ]
    return "/".join(parts)


def _where(error: BaseException) -> str:
    """The innermost frame in our own code: file and line, never the exception's message or locals."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(PACKAGE_DIR)] or frames
    if not ours:
        return "unknown"
    frame = ours[-1]
    return f"{frame.filename.removeprefix(PACKAGE_DIR)}:{frame.lineno} {frame.name}"


def log_failed_request(error: BaseException) -> None:
    """One line per failed request: what failed and where, never a message (it can quote SQL parameters)."""
    log.error(
        "%s %s failed: %s at %s (request %s)",
        request.method,
        safe_path(request.path),
        type(error).__name__,
        _where(error),
        request_id(),
    )
