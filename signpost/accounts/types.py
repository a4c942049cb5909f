"""The account record blueprints may name in type hints, without importing the models themselves."""

from signpost.models import User as User

__all__ = ["User"]
