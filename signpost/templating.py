"""Jinja filters and globals shared by every blueprint."""

from __future__ import annotations

from datetime import date

from flask import Flask


def long_date(value: date | None) -> str:
    """GOV.UK style dates: 25 November 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = long_date
