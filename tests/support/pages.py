"""Helpers for integration tests: CSRF tokens from real pages, and a structural check of every HTML page."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import html5lib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

NONCE = re.compile(r"'nonce-([^']+)'")


def csrf_token(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def check_page(response: TestResponse) -> list[str]:
    """Problems with a page: malformed HTML, not exactly one h1, duplicate ids, forms without
    novalidate, scripts without the CSP nonce, and anything loaded from another host. Partner pages'
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
    match = NONCE.search(csp)
    nonce = match.group(1) if match else None
    for script in document.findall(".//script"):
        if nonce is None or script.get("nonce") != nonce:
            problems.append(f"script without the CSP nonce: {script.get('src') or (script.text or '')[:40]}")
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for el in document.findall(f".//{tag}"):
            value = el.get(attribute) or ""
            if value.startswith(("http:", "https:", "//")):
                problems.append(f"<{tag}> loads from another host: {value}")
    return problems


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
