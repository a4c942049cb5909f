"""Browser fixtures: the real app on a local port, one headless Chromium, and recorded pages.

Every page a test opens records the requests it makes; when the test ends, the fixture checks that
none went to a host other than the live server (no CDN, fonts, analytics or map tiles). The one test
that must leave the site (Exit this page) says so with `allow_hosts` and intercepts those requests:
there is no network here, and nothing may reach a real third party from the test suite.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from tests.support.live_server import LOCAL_HOST, loaded_site, serving

__all__ = ["LOCAL_HOST", "serving"]  # for the modules that serve an app of their own

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
# (viewport, JavaScript enabled): the four ways a victim might see a page.
VARIANTS = {
    "phone-js": (PHONE, True),
    "phone-nojs": (PHONE, False),
    "desktop-js": (DESKTOP, True),
    "desktop-nojs": (DESKTOP, False),
}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with the real curated dataset on SQLite, served on 127.0.0.1; yields its base URL."""
    with loaded_site(
        tmp_path_factory,
        "browser",
        # The suite submits the postcode form more often than one person would in a minute.
        SIGNPOST_SEARCH_RATE_LIMIT="1000 per minute",
        # And sends more problem reports and suggestions than one person would (the limit is per address).
        SIGNPOST_FEEDBACK_RATE_LIMIT="1000 per hour",
    ) as app:
        with serving(app) as url:
            yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class OpenedPage:
    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    allow_hosts: frozenset[str] = frozenset()


class PageOpener:
    """Opens pages in fresh browser contexts and remembers every request each page makes."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.opened: list[OpenedPage] = []

    def __call__(
        self, viewport: dict[str, int] = PHONE, *, js: bool = True, allow_hosts: frozenset[str] = frozenset()
    ) -> Page:
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport, java_script_enabled=js, service_workers="block"
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        opened = OpenedPage(context, page, allow_hosts=allow_hosts)
        page.on("request", lambda request: opened.requests.append(request.url))
        self.opened.append(opened)
        return page

    def requests(self, page: Page) -> list[str]:
        return next(opened.requests for opened in self.opened if opened.page is page)

    def foreign_requests(self) -> list[str]:
        foreign = []
        for opened in self.opened:
            for url in opened.requests:
                host = urlsplit(url).hostname
                if url.startswith("data:") or host == LOCAL_HOST or host in opened.allow_hosts:
                    continue
                foreign.append(url)
        return foreign

    def close(self) -> None:
        for opened in self.opened:
            opened.context.close()


@pytest.fixture
def open_page(browser: Browser, live_server: str) -> Iterator[PageOpener]:
    """Factory: `open_page(PHONE, js=False)` gives a page whose relative URLs go to the live server.

    After the test, fails if any page requested a host other than 127.0.0.1 (or one it was allowed).
    """
    opener = PageOpener(browser, live_server)
    try:
        yield opener
    finally:
        foreign = opener.foreign_requests()
        opener.close()
    assert not foreign, f"pages requested other hosts: {foreign}"


class VariantPages:
    """One page per variant ("phone-js", "desktop-nojs", ...), opened on first use and then reused."""

    def __init__(self, opener: PageOpener) -> None:
        self.opener = opener
        self.pages: dict[str, Page] = {}

    def __call__(self, variant: str) -> Page:
        if variant not in self.pages:
            viewport, js = VARIANTS[variant]
            self.pages[variant] = self.opener(viewport, js=js)
        return self.pages[variant]


@pytest.fixture(scope="module")
def variant_pages(browser: Browser, live_server: str) -> Iterator[VariantPages]:
    """Pages kept open for a whole module, for tests that only visit pages: saves a context per test.

    Tests check `variant_pages.opener.foreign_requests()` themselves; the fixture checks again at the end.
    """
    opener = PageOpener(browser, live_server)
    try:
        yield VariantPages(opener)
    finally:
        foreign = opener.foreign_requests()
        opener.close()
    assert not foreign, f"pages requested other hosts: {foreign}"


@pytest.fixture
def phone_page(open_page: PageOpener) -> Page:
    return open_page(PHONE, js=True)


@pytest.fixture
def desktop_page(open_page: PageOpener) -> Page:
    return open_page(DESKTOP, js=True)


@pytest.fixture
def phone_page_no_js(open_page: PageOpener) -> Page:
    return open_page(PHONE, js=False)


@pytest.fixture
def desktop_page_no_js(open_page: PageOpener) -> Page:
    return open_page(DESKTOP, js=False)


@pytest.fixture(params=list(VARIANTS))
def any_page(request: pytest.FixtureRequest, open_page: PageOpener) -> Page:
    """The same test at 320px and 1280px, with JavaScript on and off."""
    viewport, js = VARIANTS[request.param]
    return open_page(viewport, js=js)


def assert_no_horizontal_scroll(page: Page) -> None:
    """At phone width, content reflows instead of scrolling sideways (WCAG 1.4.10)."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    if width <= PHONE["width"]:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width})"


def stub_other_hosts(page: Page, body: str = "<!doctype html><title>Elsewhere</title>") -> list[str]:
    """Answer every request to another host locally (there is no network); return what was asked for."""
    intercepted: list[str] = []

    def handle(route: Route) -> None:
        if urlsplit(route.request.url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            intercepted.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body=body)

    page.route("**/*", handle)
    return intercepted


def wait_for_stylesheet(page: Page, seconds: float = 10) -> None:
    """axe measures what is rendered (target sizes, contrast): check only once our CSS is applied.

    After a form post the page can be read before its stylesheet has loaded; seen once in CI as
    17px-high buttons on an unstyled page. Polls with evaluate, which works with JavaScript off too.
    """
    page.wait_for_load_state("load")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate("() => getComputedStyle(document.body).margin === '0px'"):
            return
        page.wait_for_timeout(50)
    raise AssertionError("the page's stylesheet never applied")
