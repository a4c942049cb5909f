"""`make soak`: the production topology under load, then each fault in turn; writes RESILIENCE.md.

Steps: start redis-server (own port), a fresh soak database (migrated and loaded, which builds the
fallback pages), two gunicorn instances and nginx, all on loopback from deploy/. Warm up, note each
worker's memory, run the load (wrk: results pages and postcode searches), then for each fault run the
load again with the fault injected a quarter of the way in and undone at 60 %, while a prober asks for
a results page every 100 ms. Finally note the memory again, scan every log for the postcodes searched,
stop everything and write bench/results/soak-latest.json and RESILIENCE.md.

The full run is `make soak` (200 connections, 60 s of load, 30 s per fault); smaller runs for
development: `make soak SOAK_ARGS="--connections 20 --seconds 10 --fault-seconds 12"`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from bench.soak.faults import FAULTS, Fault
from bench.soak.load import Prober, Wrk, write_script
from bench.soak.report import markdown
from bench.soak.topology import ROOT, WORK, Topology

RESULTS = ROOT / "bench" / "results"


def probe_summary(prober: Prober, start: float, end: float) -> dict[str, Any]:
    probes = prober.between(start, end)
    statuses = Counter(str(p.status) for p in probes)
    ms = sorted(p.ms for p in probes) or [0.0]
    return {
        "probes": len(probes),
        "statuses": dict(statuses),
        "without_999": sum(1 for p in probes if not p.has_999),
        "p50_ms": round(ms[len(ms) // 2], 1),
        "max_ms": round(ms[-1], 1),
    }


def run_fault(topo: Topology, fault: Fault, script: Any, seconds: int, connections: int) -> dict[str, Any]:
    prober = Prober(topo.base)
    prober.start()
    load = Wrk(topo.base, script, seconds, connections)
    start = time.monotonic()
    load.start()
    time.sleep(seconds * 0.25)
    injected = time.monotonic()
    fault.inject(topo, fault.notes)
    time.sleep(max(0.0, start + seconds * 0.6 - time.monotonic()))
    restored = time.monotonic()
    fault.restore(topo, fault.notes)
    recovery: float | None
    if fault.recovered is not None:
        recovery = fault.recovered(topo) + (time.monotonic() - restored)
    else:
        recovery = None
    load.join(seconds + 90)
    # Wait for service to come back (up to 90 s) before the next fault, so faults never overlap.
    while fault.recovered is None and time.monotonic() < restored + 90:
        if any(p.at >= restored and p.status == 200 for p in prober.probes):
            break
        time.sleep(0.1)
    time.sleep(max(0.0, restored + 3 - time.monotonic()))  # the prober sees at least 3 s after the restore
    prober.stop()
    if recovery is None:
        after = [p for p in prober.probes if p.at >= restored and p.status == 200]
        recovery = (after[0].at + after[0].ms / 1000 - restored) if after else float("nan")
    return {
        "fault": fault.name,
        "what": fault.what,
        "load": load.result,
        "during_fault": probe_summary(prober, injected, restored),
        "after_restore": probe_summary(prober, restored, time.monotonic()),
        "seconds_to_recover": round(max(recovery, 0.0), 2),
        "notes": {k: v for k, v in fault.notes.items() if not k.startswith("_")},
    }


def scan_logs(postcodes: list[str]) -> dict[str, Any]:
    """Every log line the run wrote, searched for every postcode its searches sent (any spacing or case)."""
    forms = {p.lower() for p in postcodes} | {p.replace(" ", "").lower() for p in postcodes}
    hits = 0
    lines = 0
    for path in (WORK / "logs").glob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            lines += 1
            low = line.lower()
            hits += sum(1 for form in forms if form in low)
    return {"log_lines": lines, "postcodes_searched": len(postcodes), "postcodes_found_in_logs": hits}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60, help="the load without faults")
    parser.add_argument("--fault-seconds", type=int, default=30, help="the load around each fault")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--only", nargs="*", default=None, help="run only these faults")
    parser.add_argument("--no-markdown", action="store_true", help="write the JSON only, not RESILIENCE.md")
    args = parser.parse_args()

    topo = Topology(workers=args.workers)
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {
            "connections": args.connections,
            "seconds": args.seconds,
            "fault_seconds": args.fault_seconds,
            "instances": 2,
            "workers_per_instance": args.workers,
            "search_rate_limit": topo.search_limit,
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
        },
    }
    started = time.monotonic()
    try:
        topo.start()
        script, postcodes = write_script(topo.base)
        Wrk(topo.base, script, 5, min(args.connections, 20)).run()  # warm up: every worker imports and caches
        report["memory_mb_start"] = topo.worker_memory()
        prober = Prober(topo.base)
        prober.start()
        load_start = time.monotonic()
        report["load"] = Wrk(topo.base, script, args.seconds, args.connections)
        report["load"].run()
        report["load"] = report["load"].result
        prober.stop()
        report["load_probes"] = probe_summary(prober, load_start, time.monotonic())
        report["memory_mb_after_load"] = topo.worker_memory()
        report["parameters"]["load_average_samples"] = [os.getloadavg()[0]]
        report["faults"] = []
        for fault in FAULTS:
            if args.only is None or fault.name in args.only:
                print(f"soak: {fault.name} ...", flush=True)
                try:
                    report["faults"].append(run_fault(topo, fault, script, args.fault_seconds, args.connections))
                    report["parameters"]["load_average_samples"].append(os.getloadavg()[0])
                except Exception as error:  # noqa: BLE001 - record it, and go on to the next fault
                    report["faults"].append({"fault": fault.name, "what": fault.what, "error": repr(error)})
        report["memory_mb_end"] = topo.worker_memory()
    finally:
        topo.stop()
    report["logs"] = scan_logs(postcodes)
    report["total_seconds"] = round(time.monotonic() - started, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak-latest.json").write_text(json.dumps(report, indent=2) + "\n")
    if not args.no_markdown:
        (ROOT / "RESILIENCE.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
