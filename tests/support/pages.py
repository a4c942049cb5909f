"""Helpers for integration tests: CSRF tokens from real pages, and a structural check of every HTML page."""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from typing import Any

import html5lib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

SCRIPT_HASH = re.compile(r"'sha256-([A-Za-z0-9+/=]+)'")


def csrf_token(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def check_page(response: TestResponse) -> list[str]:
    """Problems with a page: malformed HTML, not exactly one h1, duplicate ids, forms without
    novalidate, inline scripts whose SHA-256 the CSP does not allow, scripts with a nonce (pages carry
    no per-request value), and anything loaded from another host. Partner pages'
    forms change things, so they must carry a CSRF token; the victim's and the officer's forms only
    search, and must not (a token would need a session cookie: a trace on the victim's device)."""
    html = response.get_data(as_text=True)
    problems: list[str] = []
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        document = parser.parse(html)
    except html5lib.html5parser.ParseError as exc:
        return [f"not well-formed HTML: {exc}"]
    h1s = document.findall(".//h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> elements")
    ids = Counter(el.get("id") for el in document.iter() if el.get("id"))
    problems += [f"duplicate id {i!r}" for i, n in ids.items() if n > 1]
    problems += _form_problems(document, partner_page=response.request.path.startswith("/partners"))
    csp = response.headers.get("Content-Security-Policy", "")
    allowed = set(SCRIPT_HASH.findall(csp))
    for script in document.findall(".//script"):
        if script.get("nonce") is not None:
            problems.append(f"script with a nonce: {script.get('src') or (script.text or '')[:40]}")
        if script.get("src") is None and inline_script_hash(script.text or "") not in allowed:
            problems.append(f"inline script the CSP does not allow: {(script.text or '')[:40]}")
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for el in document.findall(f".//{tag}"):
            value = el.get(attribute) or ""
            if value.startswith(("http:", "https:", "//")):
                problems.append(f"<{tag}> loads from another host: {value}")
    return problems


def inline_script_hash(text: str) -> str:
    """An inline script's SHA-256 as a CSP source carries it (base64), computed here independently."""
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _form_problems(document: Any, *, partner_page: bool) -> list[str]:
    problems = []
    for form in document.findall(".//form"):
        if form.get("method", "get").lower() != "post":
            continue
        has_token = form.find(".//input[@name='csrf_token']") is not None
        if partner_page and not has_token:
            problems.append(f"form {form.get('action')} has no CSRF token")
        if not partner_page and has_token:
            problems.append(f"form {form.get('action')} on a victim or officer page has a CSRF token")
        if form.get("novalidate") is None:
            problems.append(f"form {form.get('action')} lacks novalidate")
    return problems
