"""The in-process benchmarks (bench.first_render, bench.same_pages) serve the app as make bench's HTTP
benchmark does: their settings are ones the config reads, with the values make bench's environment gives."""

from __future__ import annotations

from bench.first_render import APP_CONFIG
from signpost.config import from_environment


def test_the_in_process_app_is_configured_as_make_bench_serves_it() -> None:
    # bench/__main__.py serves the app with SIGNPOST_RATELIMIT_ENABLED=0 in its environment.
    served = from_environment({"SIGNPOST_ENV": "development", "SIGNPOST_RATELIMIT_ENABLED": "0"})
    assert set(APP_CONFIG) <= set(served)  # a setting the config does not have would change nothing
    assert {key: served[key] for key in APP_CONFIG} == APP_CONFIG
    assert APP_CONFIG["RATELIMIT_ENABLED"] is False
