"""Liveness, database, rate-limit store and fallback-page checks for load balancers and monitoring.

The database down is a 503 (this instance cannot serve results). Redis down is not: rate limits go
on in each process's memory, so the instance still serves everyone; the answer says "degraded" and
names the store as unavailable so monitoring can see it.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from signpost.extensions import db, limiter
from signpost.fallback.build import AREAS, page_path
from signpost.fallback.serve import fallback_dir

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
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return jsonify(status="error", database="unavailable", error=type(exc).__name__, **checks), 503
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return jsonify(status=status, database="ok", **checks)
