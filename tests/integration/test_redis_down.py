"""Redis down: rate limits go on per process in memory, searches and partner sign-in still work, and
/healthcheck says the rate-limit store is unavailable so monitoring sees it."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.integration.test_app import closed_port
from tests.support.partners import EDITOR_A, Browser, Mailbox, PortalFactory, signed_in_as

pytest_plugins = ["tests.support.partners"]


@pytest.fixture
def redis_down(make_portal: PortalFactory) -> Flask:
    # Nothing listens on the port: every Redis call fails at once, as when redis-server has stopped.
    return make_portal(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/6", SIGNPOST_SEARCH_RATE_LIMIT="3 per minute"
    )


def test_searches_work_and_are_still_limited_in_memory(redis_down: Flask) -> None:
    client = redis_down.test_client()
    statuses = [client.post("/where/burglary", data={"postcode": "LN1 3AA"}).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert client.get("/support/burglary/ln1-3").status_code == 200


def test_partner_sign_in_and_password_reset_work(redis_down: Flask, mailbox: Mailbox) -> None:
    browser = signed_in_as(redis_down, EDITOR_A)
    assert browser.signed_in()
    reset = Browser(redis_down, ip="192.0.2.11").post("/partners/reset-password", {"email": EDITOR_A})
    assert reset.status_code == 200 and "Check your email" in reset.get_data(as_text=True)
    assert mailbox.link(EDITOR_A, "reset-password")


def test_healthcheck_says_the_rate_limit_store_is_unavailable(redis_down: Flask) -> None:
    response = redis_down.test_client().get("/healthcheck")
    # Still 200: the instance serves everyone; a load balancer must not take it out of service for this.
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "degraded",
        "database": "ok",
        "rate_limits": "unavailable",
        "fallback_pages": "ok",
    }
