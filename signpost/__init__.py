"""Signpost: help for people affected by crime in the UK."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from signpost.config import INSTANCE_DIR, PROJECT_ROOT, engine_options, from_environment


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Settings come from SIGNPOST_* variables; `config` overrides them (tests)."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_mapping(from_environment())
    if config:
        app.config.from_mapping(config)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    proxies = app.config["SIGNPOST_TRUSTED_PROXIES"]
    if proxies:
        # Rate limits key on the client's address, so trust exactly the proxies we run behind.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    from signpost import i18n

    i18n.init_app(app)  # before the blueprints: their templates use its globals
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)

    from signpost import errors, frame, logging_setup, rate_limits, security, templating, urls

    urls.init_app(app)
    logging_setup.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    frame.init_app(app)
    errors.init_app(app)
    rate_limits.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from signpost import negotiation, transaction
    from signpost.extensions import compress, csrf, db, limiter, migrate

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        INSTANCE_DIR.mkdir(exist_ok=True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    transaction.init_app(app)  # first registered, so its commit runs after every other after_request hook
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), compare_type=True)
    csrf.init_app(app)
    compress.init_app(app)
    negotiation.init_app(app)

    @app.after_request
    def compress_static_files(response: Response) -> Response:
        # Flask streams static files, and Flask-Compress will not gzip a stream; they are small, so buffer them.
        if request.endpoint == "static" and response.status_code == 200:
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response

    limiter.init_app(app)
    WTFormsHelpers(app)


def _register_blueprints(app: Flask) -> None:
    from signpost.api import bp as api_bp
    from signpost.officer import bp as officer_bp
    from signpost.partners import access as partner_access
    from signpost.partners import bp as partners_bp
    from signpost.public import bp as public_bp
    from signpost.status import bp as status_bp

    app.register_blueprint(status_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(officer_bp)
    app.register_blueprint(partners_bp)
    # Before security.init_app: the API's own after_request must run after (so override) the security headers.
    app.register_blueprint(api_bp)
    partner_access.init_app(app)


def _register_cli(app: Flask) -> None:
    from signpost.cli import data_cli, fallback_cli, geo_cli, search_cli, users_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(data_cli)
    app.cli.add_command(geo_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(fallback_cli)
