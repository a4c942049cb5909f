"""Postcode searches are rate-limited per address, and the limit answers with the friendly 429 page."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_app, migrate_and_load


def test_search_rate_limit_engages_with_a_friendly_page(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'limits.db'}", SIGNPOST_SEARCH_RATE_LIMIT="3 per minute")
    migrate_and_load(app)
    client = app.test_client()
    statuses = [client.post("/where/burglary", data={"postcode": "LN1 3AA"}).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    page = client.post("/where/burglary", data={"postcode": "LN1 3AA"})
    assert page.status_code == 429
    assert "Too many requests" in page.get_data(as_text=True)
    # Reading pages is never limited: a victim can still see the help.
    assert client.get("/support/burglary/ln1-3").status_code == 200
    # Another address has its own allowance.
    other = client.post("/where/burglary", data={"postcode": "LN1 3AA"}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 303
