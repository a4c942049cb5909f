"""A test client that checks every HTML page it is given (as GOV.UK Notify's test client does).

Every test app uses it (tests/conftest.py make_app), so each page any test requests is checked with
check_page(): well-formed HTML, one h1, unique ids, forms and scripts as the CSP and the no-cookie rule
need. Redirects and compressed bodies are not pages to check; `check_html=False` opts one request out
(for a test that is about a broken page).
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.pages import check_page


class PageError(AssertionError):
    pass


class CheckedClient(FlaskClient):
    def open(self, *args: Any, check_html: bool = True, **kwargs: Any) -> TestResponse:
        response = super().open(*args, **kwargs)
        if check_html and _is_page(response):
            problems = check_page(response)
            if problems:
                request = response.request
                raise PageError(f"{request.method} {request.path} ({response.status_code}): {problems}")
        return response


def _is_page(response: TestResponse) -> bool:
    return (
        response.mimetype == "text/html"
        and not 300 <= response.status_code < 400
        and "Content-Encoding" not in response.headers
        and not response.is_streamed
        and response.request.method != "HEAD"
    )
