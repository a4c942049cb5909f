"""Command-line tools: `flask data`, `flask geo` and `flask search`."""

from signpost.cli.data import data_cli
from signpost.cli.fallback import fallback_cli
from signpost.cli.geo import geo_cli
from signpost.cli.search import search_cli
from signpost.cli.users import users_cli

__all__ = ["data_cli", "fallback_cli", "geo_cli", "search_cli", "users_cli"]
