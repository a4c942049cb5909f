"""CPU per results page never requested before, in process: what bounds the first-request ratio in
`make bench` without the noise of HTTP on a shared machine.

    PYTHONPATH=. .venv/bin/python -m bench.first_render [--url URL] [--pages 300] [--runs 5] [--profile]

One app, the test client (the whole WSGI stack, gzip asked for, as wrk does), `--runs` rounds of
`--pages` distinct results pages (random sectors and crime types, English, a new set each round, as
each `make bench` round uses new links). Reported: CPU ms per page (time.process_time) for each round
and their median, and the process's RSS at the end. `--profile` runs one more round under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The first pages build the index, gazetteer and reference data and fill the caches of service views, as the
# 2,000-link runs before make bench's first-request runs do: not what is measured.
WARM_UP = 2000
TRIVIAL = "/__bench/trivial"  # as bench/wsgi_bench.py: the route the HTTP ratios divide by
# The app as make bench serves it over HTTP (SIGNPOST_RATELIMIT_ENABLED=0 there, which the config reads as
# RATELIMIT_ENABLED): no rate limiter, so no limiter hooks on every request. (Until 2026-11 this passed
# SIGNPOST_RATELIMIT_ENABLED, a name the config never reads: the in-process pages ran the limiter's checks.)
APP_CONFIG = {"RATELIMIT_ENABLED": False}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def paths(url: str, count: int, seed: int) -> list[str]:
    """`count` different results pages (random sectors and crime types), the same list for the same seed."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from signpost import create_app
    from signpost.extensions import current_session, db
    from signpost.geo.postcodes import sector_slug
    from signpost.models import CrimeType, PostcodeSector

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        session = current_session()
        sectors = list(session.scalars(select(PostcodeSector.sector).where(PostcodeSector.latitude.is_not(None))))
        crimes = list(session.scalars(select(CrimeType.slug)))
        db.engine.dispose()
    rng = random.Random(seed)
    chosen: dict[str, None] = {}
    while len(chosen) < count:
        chosen[f"/support/{rng.choice(crimes)}/{sector_slug(rng.choice(sectors))}"] = None
    return list(chosen)


def measure(url: str, pages: int = 300, runs: int = 5, profile: str | None = None) -> dict[str, object]:
    """CPU ms per never-seen page for each of `runs` rounds, their median and the RSS after; with `profile`
    (a pstats sort key), one more round under cProfile, printed."""
    sys.path.insert(0, str(ROOT))
    from signpost import create_app, heap
    from signpost.extensions import db

    heap.enable()  # as the server's entry points (wsgi.py, bench/wsgi_bench.py) do
    rounds = runs + (1 if profile else 0)
    # Distinct over every round, so no page is ever served from the page cache.
    every = paths(url, WARM_UP + rounds * pages, seed=11)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, **APP_CONFIG})
    app.add_url_rule(TRIVIAL, "bench_trivial", lambda: "ok")
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"}

    def get(path: str) -> None:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)

    for path in every[:WARM_UP]:
        get(path)
    per_page, trivial = [], []
    for n in range(runs):
        chosen = every[WARM_UP + n * pages : WARM_UP + (n + 1) * pages]
        started = time.process_time()
        for path in chosen:
            get(path)
        per_page.append(round((time.process_time() - started) * 1000 / len(chosen), 3))
        # The trivial route next to each round, through the same client: the in-process ratio.
        started = time.process_time()
        for _ in chosen:
            get(TRIVIAL)
        trivial.append(round((time.process_time() - started) * 1000 / len(chosen), 3))
    ratios = [t / p for t, p in zip(trivial, per_page, strict=True)]
    result: dict[str, object] = {
        "pages": pages,
        "ms_per_page": per_page,
        "median_ms": statistics.median(per_page),
        "trivial_ms": trivial,
        "ratio": round(statistics.median(ratios), 3),
        "rss_mb": round(rss_mb()),
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for path in every[-pages:]:
            get(path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(profile).print_stats(45)
    with app.app_context():
        db.engine.dispose()  # make bench goes on to other measurements in this process
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=f"sqlite:///{ROOT / 'instance' / 'bench' / 'bench.db'}")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args()
    result = measure(args.url, args.pages, args.runs, args.sort if args.profile else None)
    print(f"CPU ms per never-seen page, by round: {', '.join(f'{v:.2f}' for v in result['ms_per_page'])}")  # type: ignore[attr-defined]
    print(f"median {result['median_ms']:.2f} ms; RSS {result['rss_mb']} MB")
    print(f"trivial route, by round: {', '.join(f'{v:.3f}' for v in result['trivial_ms'])}")  # type: ignore[attr-defined]
    print(f"in-process ratio (trivial / page, median of rounds): {result['ratio']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
