"""Plain logging with no request bodies or query strings: a victim's postcode must never reach a log line."""

from __future__ import annotations

import logging
from logging.config import dictConfig

from flask import Flask


def init_app(app: Flask) -> None:
    if app.testing:
        return
    dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
            "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
            "root": {"handlers": ["stderr"], "level": app.config["SIGNPOST_LOG_LEVEL"]},
        }
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
