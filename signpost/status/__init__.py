"""Liveness, database, rate-limit store and fallback-page checks for load balancers and monitoring.

The database down is a 503 (this instance cannot serve results). Redis down is not: rate limits go
on in each process's memory, so the instance still serves everyone; the answer says "degraded" and
names the store as unavailable so monitoring can see it.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from signpost.extensions import limiter
from signpost.fallback.build import AREAS, page_path
from signpost.fallback.serve import fallback_dir
from signpost.transaction import database_error

bp = Blueprint("status", __name__)


def _rate_limits() -> str:
    try:
        return "ok" if limiter.storage.check() else "unavailable"
    except Exception:  # noqa: BLE001 - any failure of the store means the same to monitoring
        return "unavailable"


@bp.get("/healthcheck")
def healthcheck() -> ResponseReturnValue:
    checks = {
        "rate_limits": _rate_limits(),
        "fallback_pages": "ok" if all(page_path(fallback_dir(), a).is_file() for a in AREAS) else "missing",
    }
    error = database_error()
    if error is not None:
        return jsonify(status="error", database="unavailable", error=error, **checks), 503
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return jsonify(status=status, database="ok", **checks)
