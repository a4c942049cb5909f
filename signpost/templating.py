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
    app.jinja_env.filters["crime_hint"] = crime_hint


def crime_hint(hint: str | None) -> dict[str, object]:
    """Radio item params for one crime type's hint (govuk-frontend-wtf merges them by position)."""
    return {"hint": {"text": hint}} if hint else {}
