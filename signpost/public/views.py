"""Victim-facing pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("public", __name__)


@bp.get("/")
def start() -> ResponseReturnValue:
    return render_template("public/start.html", title="Get help after a crime")
