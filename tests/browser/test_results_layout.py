"""The results page on a 320px phone: the first local service within two screens, the page under ten, and
every phone number big enough to tap (WCAG 2.2 target size)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page

from signpost.public import page_cache
from signpost.public import views as public_views
from tests.browser.conftest import PHONE, PageOpener, wait_for_stylesheet

pytestmark = pytest.mark.browser

SCREEN = 640
FIRST_LOCAL_WITHIN = 2 * SCREEN  # DESIGN.md: 1,280 px
PAGE_UNDER = 10 * SCREEN  # DESIGN.md: 6,400 px
# Crime types and places in each nation, with a local service to find (sexual violence in Lincoln has
# several; domestic abuse in Belfast and Glasgow has local services too).
PAGES_WITH_LOCAL_HELP = [
    "/support/burglary/ln1-3",
    "/support/sexual-violence/ln1-3",
    "/support/domestic-abuse/ln1-3",
    "/support/fraud/ln1-3",
    "/support/burglary/sw1a-1",
    "/support/domestic-abuse/g2-1",
    "/support/sexual-violence/bt1",
    "/support/burglary/lincoln",
    "/support/burglary/m1-1",
    "/support/domestic-abuse/cf10-1",
    "/support/sexual-violence/sw1a-1",
]
PAGES_WITHOUT_A_PLACE = ["/support/fraud/scotland", "/support/domestic-abuse/wales", "/support/burglary/uk"]

# A page's open-now lines, and so its height, change with the hour: "Closed now. Opens at 10am tomorrow" is longer
# than "Open now, until 4pm". The pages are measured at fixed times (the live server runs in this process), among
# them the tallest found for the curated data (a Saturday morning and a weekday night), not whenever the suite runs.
TIMES = {
    "tuesday-noon": datetime(2026, 12, 1, 12, tzinfo=UTC),
    "tuesday-night": datetime(2026, 12, 1, 23, 30, tzinfo=UTC),
    "saturday-morning": datetime(2026, 12, 5, 9, 30, tzinfo=UTC),
}


@pytest.fixture(params=list(TIMES))
def at_a_fixed_time(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    frozen = TIMES[request.param]

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return frozen

    monkeypatch.setattr(public_views, "datetime", Clock)
    page_cache.clear()  # pages rendered at other times are not served at this one
    yield frozen
    page_cache.clear()


MEASURE = """() => {
  const top = el => el.getBoundingClientRect().top + window.scrollY
  const local = [...document.querySelectorAll('.signpost-service')].find(card => card.dataset.local === 'true')
  const links = [...document.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')].map(a => {
    const box = a.getBoundingClientRect()
    return {text: a.textContent.trim(), width: box.width, height: box.height, call: a.classList.contains('signpost-call')}
  })
  return {height: document.documentElement.scrollHeight, firstLocal: local ? top(local) : null, links}
}"""


def measure(page: Page, path: str) -> dict[str, object]:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    wait_for_stylesheet(page)
    result: dict[str, object] = page.evaluate(MEASURE)
    return result


@pytest.mark.parametrize("path", PAGES_WITH_LOCAL_HELP)
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_first_local_service_within_two_phone_screens_and_page_under_ten(
    open_page: PageOpener, path: str, js: bool, at_a_fixed_time: datetime
) -> None:
    found = measure(open_page(PHONE, js=js), path)
    assert found["firstLocal"] is not None, f"{path}: no local service on the page"
    assert found["firstLocal"] <= FIRST_LOCAL_WITHIN, f"{path}: first local service at {found['firstLocal']}px"
    assert found["height"] < PAGE_UNDER, f"{path}: page is {found['height']}px"


@pytest.mark.parametrize("path", PAGES_WITH_LOCAL_HELP + PAGES_WITHOUT_A_PLACE + ["/advice/domestic-abuse"])
def test_every_phone_link_is_a_big_enough_target(open_page: PageOpener, path: str, at_a_fixed_time: datetime) -> None:
    found = measure(open_page(PHONE, js=True), path)
    links = found["links"]
    assert isinstance(links, list) and links, path
    small = [link for link in links if link["width"] < 24 or link["height"] < 24]
    assert small == [], f"{path}: tap targets under 24x24 px: {small}"
    calls = [link for link in links if link["call"]]
    assert calls, f"{path}: no call buttons"
    assert all(link["width"] >= 44 and link["height"] >= 44 for link in calls), calls
    if path.startswith("/support/"):
        assert found["height"] < PAGE_UNDER, f"{path}: page is {found['height']}px"
