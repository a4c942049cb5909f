"""Errors found in a data file, each naming the file, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataError:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class DatasetInvalid(Exception):
    """Raised with every error found; nothing is loaded when it is raised."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the data files")
