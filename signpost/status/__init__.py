"""Liveness and database checks for load balancers and monitoring."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from signpost.extensions import db

bp = Blueprint("status", __name__)


@bp.get("/healthcheck")
def healthcheck() -> ResponseReturnValue:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return jsonify(status="error", database="unavailable", error=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")
