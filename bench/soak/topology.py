"""Start and stop the soak's processes from the repository's own config files, and break them on purpose.

Nothing here touches a shared service: the database is a dedicated one (signpost_soak) on the local
PostgreSQL server and is blocked with ALLOW_CONNECTIONS, never by stopping the server; Redis is a
redis-server of our own on a free port, never the shared one on 6379.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "instance" / "soak"
BIN = Path(sys.executable).parent
SITE_CONF = ROOT / "deploy" / "nginx" / "signpost.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
ADMIN_URL = os.environ.get("SIGNPOST_SOAK_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("SIGNPOST_SOAK_DATABASE", "signpost_soak")


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 30.0, ok: tuple[int, ...] = (200,)) -> float:
    """Seconds until `url` answers with one of `ok`; raises if it never does."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status in ok:
                    return time.monotonic() - start
        except OSError as error:
            if getattr(error, "code", None) in ok:
                return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


@dataclass
class Topology:
    workers: int = 2
    search_limit: str = "100000 per minute"
    nginx_port: int = field(default_factory=free_port)
    app_ports: tuple[int, int] = field(default_factory=lambda: (free_port(), free_port()))
    redis_port: int = field(default_factory=free_port)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    app_env: dict[str, str] = field(default_factory=dict)  # extra settings for the app instances

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    @property
    def database_url(self) -> str:
        return ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            FLASK_APP="wsgi.py",
            SIGNPOST_ENV="production",
            SIGNPOST_SECRET_KEY="soak-only-secret-" + "x" * 32,
            SIGNPOST_DATABASE_URL=self.database_url,
            SIGNPOST_RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{self.redis_port}/0",
            SIGNPOST_SEARCH_RATE_LIMIT=self.search_limit,
            SIGNPOST_TRUSTED_PROXIES="1",
            # Production refuses any Host but the base URL's and these: the soak calls nginx on loopback.
            SIGNPOST_BASE_URL="https://signpost.soak.test",
            SIGNPOST_TRUSTED_HOSTS="127.0.0.1,localhost,soak",
            SIGNPOST_FALLBACK_DIR=str(WORK / "fallback"),
            SIGNPOST_WORKERS=str(self.workers),
        )
        env.update(self.app_env)
        env.update(extra)
        return env

    # ------------------------------------------------------------------ start

    def start(self) -> None:
        if WORK.exists():
            shutil.rmtree(WORK)
        (WORK / "logs").mkdir(parents=True)
        self.start_redis()
        self.prepare_database()
        for name in ("app-a", "app-b"):
            self.start_app(name)
        for port in self.app_ports:
            wait_for(f"http://127.0.0.1:{port}/healthcheck", 60)
        self.start_nginx()
        wait_for(f"{self.base}/healthcheck")

    def _log(self, name: str) -> int:
        return os.open(WORK / "logs" / f"{name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def start_redis(self) -> None:
        self.procs["redis"] = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=self._log("redis"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(50):
            with closing(socket.socket()) as s:
                if s.connect_ex(("127.0.0.1", self.redis_port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def prepare_database(self) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
        flask = str(BIN / "flask")
        subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=self.env(), check=True, capture_output=True)
        self.data_load()

    def data_load(self) -> float:
        """`flask data load --commit` against the soak database (it rebuilds the fallback pages too)."""
        start = time.monotonic()
        subprocess.run(
            [str(BIN / "flask"), "data", "load", "--commit"], cwd=ROOT, env=self.env(), check=True, capture_output=True
        )
        return time.monotonic() - start

    def start_app(self, name: str) -> None:
        port = self.app_ports[0 if name == "app-a" else 1]
        self.procs[name] = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONF), "wsgi:app"],
            cwd=ROOT,
            env=self.env(
                SIGNPOST_BIND=f"127.0.0.1:{port}",
                SIGNPOST_PROC_NAME=f"signpost-soak-{name}",
                SIGNPOST_GUNICORN_LOG_LEVEL="warning",
            ),
            stdout=self._log(name),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def nginx_conf(self) -> Path:
        site = SITE_CONF.read_text()
        swaps = {
            "/srv/signpost/app": str(ROOT),
            "/srv/signpost/instance/fallback": str(WORK / "fallback"),
            "127.0.0.1:8001": f"127.0.0.1:{self.app_ports[0]}",
            "127.0.0.1:8002": f"127.0.0.1:{self.app_ports[1]}",
            "listen 80;": f"listen 127.0.0.1:{self.nginx_port};",
            "/var/log/nginx/signpost.access.log": str(WORK / "logs" / "nginx-access.log"),
        }
        for old, new in swaps.items():
            if old not in site:
                raise RuntimeError(f"deploy/nginx/signpost.conf no longer has {old!r}: update bench/soak/topology.py")
            site = site.replace(old, new)
        (WORK / "signpost.conf").write_text(site)
        temp = WORK / "nginx-temp"
        temp.mkdir(exist_ok=True)
        temp.chmod(0o777)  # nginx's workers run as nobody
        main = f"""# The soak's nginx: Debian's defaults where it matters, everything under {WORK}.
daemon off;
worker_processes 1;
pid {WORK / "nginx.pid"};
error_log {WORK / "logs" / "nginx-error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {WORK / "signpost.conf"};
}}
"""
        path = WORK / "nginx.conf"
        path.write_text(main)
        return path

    def start_nginx(self) -> None:
        conf = self.nginx_conf()
        subprocess.run(["nginx", "-t", "-c", str(conf)], check=True, capture_output=True)
        self.procs["nginx"] = subprocess.Popen(
            ["nginx", "-c", str(conf)], stdout=self._log("nginx"), stderr=subprocess.STDOUT, start_new_session=True
        )

    # ------------------------------------------------------------------ measure

    def workers_of(self, name: str) -> list[int]:
        proc = self.procs.get(name)
        return children(proc.pid) if proc is not None and proc.poll() is None else []

    def worker_memory(self) -> dict[str, list[float]]:
        return {name: [round(rss_mb(pid), 1) for pid in self.workers_of(name)] for name in ("app-a", "app-b")}

    # ------------------------------------------------------------------ faults

    def block_database(self) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{DATABASE}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (DATABASE,),
            )

    def unblock_database(self) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{DATABASE}" ALLOW_CONNECTIONS true')

    def kill(self, name: str) -> None:
        """SIGKILL the whole process group, as a crash or an OOM kill would: no graceful shutdown."""
        proc = self.procs.pop(name)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def stop(self) -> None:
        if "nginx" in self.procs:
            self.procs["nginx"].send_signal(signal.SIGQUIT)
        for name, proc in list(self.procs.items()):
            if proc.poll() is None and name != "nginx":
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in list(self.procs.values()):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.procs.clear()
        try:
            self.unblock_database()
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        except psycopg.Error:
            pass
