"""RESILIENCE.md from the soak's JSON report: the figures, and a plain verdict for each fault."""

from __future__ import annotations

import math
from typing import Any

SERVER_ERRORS = ("500", "502", "504")


def server_errors(load: dict[str, Any]) -> int:
    """5xx answers other than the intended 503 fallback pages (a 503 without 999 counts in pages_without_999)."""
    statuses = load.get("statuses", {})
    return sum(n for code, n in statuses.items() if code.startswith("5") and code != "503")


def _statuses(statuses: dict[str, int]) -> str:
    return ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())) or "none"


def _socket_errors(load: dict[str, Any]) -> int:
    return sum(load.get("socket_errors", {}).values())


def _memory(memory: dict[str, list[float]]) -> str:
    return "; ".join(f"{name}: {', '.join(f'{mb:.0f}' for mb in values) or '-'}" for name, values in memory.items())


def verdict(fault: dict[str, Any]) -> tuple[bool, bool]:
    """(every victim page had 999, service came back by itself)."""
    load = fault.get("load", {})
    got_999 = (
        "error" not in fault
        and load.get("pages_without_999", 1) == 0
        and fault["during_fault"]["without_999"] == 0
        and server_errors(load) == 0
    )
    after = fault.get("after_restore", {})
    recovered = "error" not in fault and not math.isnan(fault["seconds_to_recover"]) and after.get("probes", 0) > 0
    return got_999, recovered


def markdown(report: dict[str, Any]) -> str:
    p = report["parameters"]
    load = report.get("load", {})
    lines = [
        "# Resilience",
        "",
        "Written by `make soak` (bench/soak/); raw figures in `bench/results/soak-latest.json`. The topology is",
        "the production one from `deploy/`: nginx (Debian's package, `deploy/nginx/signpost.conf`) in front of two",
        "gunicorn instances (`deploy/gunicorn.conf.py`), PostgreSQL (a dedicated soak database on the local server)",
        "and a redis-server of its own, all on loopback.",
        "",
        f"**This run** ({report['when']}): {p['connections']} connections, {p['seconds']} s of load, then each fault",
        f"inside {p['fault_seconds']} s of the same load (injected at 25 %, undone at 60 %); 2 instances x "
        f"{p['workers_per_instance']} sync workers; {p['cpus']} CPU cores shared with other work "
        f"(load average {p['load_average_at_start'][0]:.2f} at the start). The search limit was raised to "
        f"`{p['search_rate_limit']}` so that searches reach the database instead of stopping at 429.",
        "The release figures come from the full run (`make soak`: 200 connections, 60 s, 30 s per fault) on a quiet",
        "machine.",
        "",
    ]
    # The 1-minute load average after each phase: a busy machine inflates latencies, not error counts.
    samples = p.get("load_average_samples", [])
    if samples and max(samples) > p["cpus"]:
        lines += [
            f"**The machine was busy during this run** (1-minute load average up to {max(samples):.1f} on "
            f"{p['cpus']} cores, measured after each phase): the latencies and requests per second are worse than "
            "a dedicated server would give. The counts of server errors, pages without 999, fallback answers and "
            "postcodes in logs, and whether each fault recovered by itself, do not depend on that.",
            "",
        ]
    if p["connections"] < 200 or p["seconds"] < 60 or p["fault_seconds"] < 30:
        lines += [
            "**Not the full run.** These figures are from a smaller run, made while developing on a machine shared",
            "with other work; they show the behaviour under each fault, not the capacity. Re-run `make soak` with",
            "the defaults on a quiet machine for the release figures.",
            "",
        ]
    lines += [
        "The load is wrk with a Lua script (`bench/soak/load.py`): 2,000 results pages (random sectors and crime",
        "types) and, one request in five, a postcode search (POST) with a full postcode. wrk looks inside every",
        "HTML answer for a `tel:999` link. A prober asks for a results page through nginx every 100 ms.",
        "",
        "## Under load, no faults",
        "",
        "| requests | per second | answers by status | server errors | socket errors | pages without 999 "
        "| p50 ms | p90 ms | p99 ms | max ms |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    if load:
        lat = load["latency_ms"]
        lines.append(
            f"| {load['requests']:,} | {load['rps']:,} | {_statuses(load['statuses'])} | {server_errors(load)} "
            f"| {_socket_errors(load)} | {load['pages_without_999']} | {lat['p50']:.1f} | {lat['p90']:.1f} "
            f"| {lat['p99']:.1f} | {lat['max']:.1f} |"
        )
    lines += [
        "",
        "Memory per worker (RSS, MB) after a 5 s warm-up: " + _memory(report.get("memory_mb_start", {})) + ".",
        "After the load: " + _memory(report.get("memory_mb_after_load", {})) + ".",
        "At the end of the run (after every fault; restarted instances have new workers): "
        + _memory(report.get("memory_mb_end", {}))
        + ".",
        "",
        "## Faults, one at a time",
        "",
        "| fault | requests | answers by status | server errors | pages without 999 | prober during the fault "
        "| p99 ms | seconds to recover | victims got 999 | came back by itself |",
        "|---|---:|---|---:|---:|---|---:|---:|---|---|",
    ]
    for fault in report.get("faults", []):
        if "error" in fault:
            lines.append(f"| {fault['what']} | run failed: {fault['error']} | | | | | | | no | no |")
            continue
        got_999, recovered = verdict(fault)
        f_load = fault["load"]
        during = fault["during_fault"]
        lines.append(
            f"| {fault['what']} | {f_load['requests']:,} | {_statuses(f_load['statuses'])} | {server_errors(f_load)} "
            f"| {f_load['pages_without_999']} | {during['probes']} probes: {_statuses(during['statuses'])}; "
            f"{during['without_999']} without 999; max {during['max_ms']:.0f} ms "
            f"| {f_load['latency_ms']['p99']:.1f} | {fault['seconds_to_recover']} "
            f"| {'yes' if got_999 else '**no**'} | {'yes' if recovered else '**no**'} |"
        )
    notes = [f for f in report.get("faults", []) if f.get("notes")]
    if notes:
        lines += ["", "What the faults themselves saw:", ""]
        for fault in notes:
            detail = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in fault["notes"].items())
            lines.append(f"- {fault['fault']}: {detail}")
    logs = report.get("logs", {})
    lines += [
        "",
        "## Logs",
        "",
        f"{logs.get('log_lines', 0):,} log lines (nginx access and error logs, both gunicorn instances, Redis) were "
        f"searched for the {logs.get('postcodes_searched', 0)} full postcodes the searches sent: "
        f"**{logs.get('postcodes_found_in_logs', 0)} found**.",
        "",
        "How to read this: a 503 is the intended fallback page (999, 101 and the nation's helplines), from the app",
        "when the database fails or from nginx when no instance answers; 429s would be the intended rate limits.",
        '"Server errors" counts 500, 502 and 504. "Seconds to recover" runs from undoing the fault until the',
        "prober's first normal results page (database, both instances), until both instances' /healthcheck says",
        "the rate-limit store is back (Redis), or until the restarted instance answers (one instance).",
        "",
    ]
    return "\n".join(lines)
