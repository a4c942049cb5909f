"""Does a worker's memory level off under load, or leak? (`python -m bench.soak.memory`)

One gunicorn instance on the soak database, asked for never-seen results pages (every sector, with
random crime types) by wrk, while each worker's RSS is sampled every few seconds. The page cache is
bounded by SIGNPOST_PAGE_CACHE_MB; a small bound shows within minutes whether RSS stops where the
bound says or keeps climbing. Writes bench/results/memory-<MB>mb.json.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from pathlib import Path

from bench.soak.load import CRIMES, sectors, wrk
from bench.soak.topology import ROOT, WORK, Topology, rss_mb, wait_for

RESULTS = ROOT / "bench" / "results"


def script(count: int) -> Path:
    rng = random.Random(5)
    paths = [f"/support/{rng.choice(CRIMES)}/{s.replace(' ', '-').lower()}" for s in sectors(9)[:count]]
    path = WORK / "distinct.lua"
    path.write_text(
        "paths = { " + ", ".join(f'"{p}"' for p in paths) + " }\n"
        "counter = 0\nfunction init(args) counter = math.random(1, #paths) end\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n"
        "function done(summary, latency, requests)\n"
        '  io.write(string.format(\'SOAK {"requests": %d, "seconds": %.2f, "statuses": {}, "html_pages": 0, '
        '"pages_without_999": 0, "socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
        '"latency_ms": {"p50": %.2f, "p90": %.2f, "p99": %.2f, "max": %.2f}}\\n\', '
        "summary.requests, summary.duration / 1e6, summary.errors.connect, summary.errors.read, "
        "summary.errors.write, summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(90) / 1000, "
        "latency:percentile(99) / 1000, latency.max / 1000))\nend\n"
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-mb", type=int, default=16, help="SIGNPOST_PAGE_CACHE_MB for the run")
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between RSS samples")
    args = parser.parse_args()

    topo = Topology(workers=args.workers, app_env={"SIGNPOST_PAGE_CACHE_MB": str(args.cache_mb)})
    samples: list[dict[str, object]] = []
    try:
        (WORK / "logs").mkdir(parents=True, exist_ok=True)
        topo.start_redis()
        topo.prepare_database()
        topo.start_app("app-a")
        wait_for(f"http://127.0.0.1:{topo.app_ports[0]}/healthcheck", 60)
        base = f"http://127.0.0.1:{topo.app_ports[0]}"
        lua = script(10_000)
        done = threading.Event()
        start = time.monotonic()

        def sample() -> None:
            while not done.is_set():
                pids = topo.workers_of("app-a")
                samples.append({"t": round(time.monotonic() - start, 1), "rss_mb": [round(rss_mb(p), 1) for p in pids]})
                done.wait(args.every)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = wrk(base, lua, args.seconds, args.connections)
        done.set()
        sampler.join()
    finally:
        topo.stop()
    report = {
        "page_cache_mb": args.cache_mb,
        "workers": args.workers,
        "connections": args.connections,
        "seconds": args.seconds,
        "distinct_urls": 10_000,
        "load": result,
        "samples": samples,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"memory-{args.cache_mb}mb.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    first, last = samples[0]["rss_mb"], samples[-1]["rss_mb"]
    print(f"{result['requests']} requests; RSS per worker {first} -> {last} MB; samples in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
