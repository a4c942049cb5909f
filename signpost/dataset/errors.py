"""Errors found in a data file, each naming the file, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

# "too_long": over its length limit; "needs_english": Welsh given for a field whose English is empty.
ErrorKind = Literal["invalid", "required", "too_long", "needs_english"]


@dataclass(frozen=True)
class DataError:
    file: str
    record: str
    field: str
    message: str
    # Where in the record, as data: ("phones", 1, "number") is the second phone's number (0-based, like
    # a form's rows). Forms put the message on that row; nothing parses `record` back.
    path: tuple[str | int, ...] = dataclass_field(default=(), compare=False)
    # What is wrong, as data, for callers that word it their own way (the partner form).
    kind: ErrorKind = dataclass_field(default="invalid", compare=False)

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class DatasetInvalid(Exception):
    """Raised with every error found; nothing is loaded when it is raised."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the data files")
