"""The faults, one at a time, each injected while the load runs and then undone.

Each returns what it saw (how long a restart took, what nginx said to a slow or oversized request);
the runner measures the victims' side with the prober and wrk.
"""

from __future__ import annotations

import signal
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.soak.topology import Topology, wait_for

SLOW_CLIENTS = 100  # each holds a connection open, sending one byte a second
OVERSIZED_MB = 100


@dataclass
class Fault:
    name: str
    what: str
    inject: Callable[[Topology, dict[str, Any]], None]
    restore: Callable[[Topology, dict[str, Any]], None]
    # Seconds from the restore until service is normal again; None: the prober's first 200 decides.
    recovered: Callable[[Topology], float] | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def _database_down(t: Topology, notes: dict[str, Any]) -> None:
    t.block_database()


def _database_up(t: Topology, notes: dict[str, Any]) -> None:
    t.unblock_database()


def _redis_down(t: Topology, notes: dict[str, Any]) -> None:
    proc = t.procs.pop("redis")
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)


def _redis_up(t: Topology, notes: dict[str, Any]) -> None:
    t.start_redis()


def _rate_limits_ok(t: Topology) -> float:
    """Seconds until every instance's /healthcheck says the rate-limit store is back."""
    import json

    start = time.monotonic()
    while time.monotonic() - start < 60:
        states = []
        for port in t.app_ports:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthcheck", timeout=2) as r:
                    states.append(json.load(r).get("rate_limits"))
            except OSError:
                states.append(None)
        if all(s == "ok" for s in states):
            return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError("rate limits did not come back")


def _kill_one(t: Topology, notes: dict[str, Any]) -> None:
    t.kill("app-a")


def _start_one(t: Topology, notes: dict[str, Any]) -> None:
    t.start_app("app-a")


def _instance_a_ok(t: Topology) -> float:
    return wait_for(f"http://127.0.0.1:{t.app_ports[0]}/healthcheck", 60)


def _kill_both(t: Topology, notes: dict[str, Any]) -> None:
    t.kill("app-a")
    t.kill("app-b")


def _start_both(t: Topology, notes: dict[str, Any]) -> None:
    t.start_app("app-a")
    t.start_app("app-b")


class _SlowClients:
    """Clients that send their request a byte a second: half dribble headers, half a form body."""

    def __init__(self, t: Topology) -> None:
        self.port = t.nginx_port
        self.stop = threading.Event()
        self.answers: list[str] = []
        self.threads = [threading.Thread(target=self._one, args=(i,), daemon=True) for i in range(SLOW_CLIENTS)]

    def _one(self, i: int) -> None:
        try:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        except OSError:
            self.answers.append("refused")
            return
        head = b"GET / HTTP/1.1\r\nHost: soak\r\nX-Slow: " if i % 2 else None
        body = b"POST /where/burglary HTTP/1.1\r\nHost: soak\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        try:
            s.sendall(head if head is not None else body + b"Content-Length: 1000\r\n\r\n")
            s.settimeout(0.05)
            while not self.stop.is_set():
                s.sendall(b"a")
                try:
                    answer = s.recv(200)  # nginx gave up on this client: note what it said
                    self.answers.append(answer.split(b"\r\n", 1)[0].decode(errors="replace") or "closed by nginx")
                    return
                except TimeoutError:
                    pass
                self.stop.wait(1.0)
            self.answers.append("still open at the end")
        except OSError:
            self.answers.append("closed by nginx")
        finally:
            s.close()


def _slow_start(t: Topology, notes: dict[str, Any]) -> None:
    clients = _SlowClients(t)
    notes["_clients"] = clients
    for thread in clients.threads:
        thread.start()


def _slow_stop(t: Topology, notes: dict[str, Any]) -> None:
    clients: _SlowClients = notes.pop("_clients")
    clients.stop.set()
    for thread in clients.threads:
        thread.join(5)
    counts: dict[str, int] = {}
    for answer in clients.answers:
        counts[answer] = counts.get(answer, 0) + 1
    notes["slow_clients"] = SLOW_CLIENTS
    notes["what_slow_clients_got"] = counts


def _oversized(t: Topology, notes: dict[str, Any]) -> None:
    def send() -> None:
        start = time.monotonic()
        sent = 0
        status = "no answer"
        try:
            s = socket.create_connection(("127.0.0.1", t.nginx_port), timeout=10)
            size = OVERSIZED_MB * 1024 * 1024
            s.sendall(
                b"POST /where/burglary HTTP/1.1\r\nHost: soak\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + f"Content-Length: {size}\r\n\r\n".encode()
            )
            chunk = b"a" * 65536
            s.setblocking(False)
            while sent < size and time.monotonic() - start < 30:
                try:
                    answer = s.recv(200)
                    if answer:
                        status = answer.split(b"\r\n", 1)[0].decode()
                        break
                except BlockingIOError:
                    pass
                try:
                    sent += s.send(chunk)
                except BlockingIOError:
                    time.sleep(0.01)
                except OSError:
                    break
            if status == "no answer":
                s.setblocking(True)
                s.settimeout(5)
                status = s.recv(200).split(b"\r\n", 1)[0].decode() or "closed"
            s.close()
        except OSError as error:
            status = status if status != "no answer" else f"connection error ({type(error).__name__})"
        notes["oversized_post_mb"] = OVERSIZED_MB
        notes["answer"] = status
        notes["seconds_to_answer"] = round(time.monotonic() - start, 3)
        notes["mb_sent_before_answer"] = round(sent / 1024 / 1024, 2)

    thread = threading.Thread(target=send, daemon=True)
    notes["_thread"] = thread
    thread.start()


def _oversized_done(t: Topology, notes: dict[str, Any]) -> None:
    notes.pop("_thread").join(40)


def _reload(t: Topology, notes: dict[str, Any]) -> None:
    def run() -> None:
        notes["data_load_seconds"] = round(t.data_load(), 2)

    thread = threading.Thread(target=run, daemon=True)
    notes["_thread"] = thread
    thread.start()


def _reload_done(t: Topology, notes: dict[str, Any]) -> None:
    notes.pop("_thread").join(120)


FAULTS = [
    Fault(
        "database", "PostgreSQL blocked (ALLOW_CONNECTIONS false, backends terminated)", _database_down, _database_up
    ),
    Fault("redis", "Redis stopped (SIGTERM), then started again", _redis_down, _redis_up, _rate_limits_ok),
    Fault("one-instance", "one app instance killed (SIGKILL), then restarted", _kill_one, _start_one, _instance_a_ok),
    Fault("both-instances", "both app instances killed (SIGKILL), then restarted", _kill_both, _start_both),
    Fault("slow-clients", f"{SLOW_CLIENTS} clients sending their request a byte a second", _slow_start, _slow_stop),
    Fault("oversized-post", f"a {OVERSIZED_MB} MB POST to the search form", _oversized, _oversized_done),
    Fault("data-reload", "`flask data load --commit` (and the fallback rebuild) under load", _reload, _reload_done),
]
