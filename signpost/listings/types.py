"""The listing records blueprints may name in type hints, without importing the models themselves."""

from signpost.models import ChangeRequest as ChangeRequest
from signpost.models import Organisation as Organisation
from signpost.models import Service as Service

__all__ = ["ChangeRequest", "Organisation", "Service"]
