"""The deployment files in deploy/ are the ones `make soak` runs: check they load and say what docs/deploy.md says."""

from __future__ import annotations

import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

from signpost.config import PROJECT_ROOT
from signpost.fallback.build import NGINX_MAP

DEPLOY = PROJECT_ROOT / "deploy"


def test_gunicorn_settings_use_sync_workers_behind_the_proxy_and_log_no_query_strings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIGNPOST_WORKERS", "3")
    monkeypatch.setenv("SIGNPOST_BIND", "127.0.0.1:8123")
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["worker_class"] == "sync" and settings["workers"] == 3 and settings["bind"] == "127.0.0.1:8123"
    assert settings["timeout"] == 30
    fmt = settings["access_log_format"]
    assert "%(U)s" in fmt  # the path alone
    assert not {"%(r)s", "%(q)s", "%(f)s", "%(a)s"} & {part for part in fmt.split() if part.startswith("%(")}


def test_nginx_config_buffers_limits_and_falls_back_to_the_built_pages() -> None:
    conf = (DEPLOY / "nginx" / "signpost.conf").read_text()
    for needed in (
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "client_max_body_size 64k;",
        "proxy_intercept_errors on;",
        "error_page 500 502 504 =503 /fallback/$signpost_nation.html;",
        f"include /srv/signpost/instance/fallback/{NGINX_MAP};",
        "alias /srv/signpost/app/signpost/static/;",
        "add_header Cache-Control no-store always;",
        "add_header Retry-After 30 always;",
        '"$request_method $uri"',  # logs the path, never the query string ($request would include it)
    ):
        assert needed in conf, needed
    assert "$request " not in conf and "$args" not in conf and "$http_referer" not in conf


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="needs nginx")
def test_nginx_accepts_the_config_as_the_soak_renders_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.soak import topology

    monkeypatch.setattr(topology, "WORK", tmp_path)
    (tmp_path / "logs").mkdir()
    (tmp_path / "fallback").mkdir()
    (tmp_path / "fallback" / NGINX_MAP).write_text("cf10-1 wales;\n")
    conf = topology.Topology().nginx_conf()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run([nginx, "-t", "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
