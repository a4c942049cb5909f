"""A directory CSV file read into rows of cells: the header checked, each cell checked for characters that
cannot be saved, every problem named by row and column (csv_import validates and applies the rows)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from signpost.listings.csv_format import COLUMNS, OPTIONAL_COLUMNS, unguard
from signpost.sanitise import text_problem

MAX_ROWS = 10_000  # SIGNPOST_CSV_MAX_ROWS; every row is validated before anything is written
# Columns whose cells may run over several lines (a spreadsheet keeps line breaks inside a cell).
MULTILINE_COLUMNS = {
    "description",
    "eligibility",
    "accessibility",
    "hours",
    "locations",
    "description_cy",
    "eligibility_cy",
}


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"


class CsvInvalid(ValueError):
    """The file cannot be imported; `errors` lists every problem, by row and column. Nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the CSV file")


def _read(text: str, max_rows: int) -> list[list[str]]:
    table: list[list[str]] = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), strict=True):
            table.append(cells)
            if len(table) > max_rows + 1:
                raise CsvInvalid(
                    [
                        RowError(
                            max_rows + 2,
                            "(file)",
                            f"is one row too many: Signpost imports at most {max_rows:,} listings from one file. "
                            "Split the file and import each part",
                        )
                    ]
                )
    except csv.Error as exc:
        raise CsvInvalid([RowError(1, "(file)", f"is not a readable CSV file ({exc})")]) from exc
    return table


def _cell_errors(number: int, header: list[str], cells: list[str]) -> list[RowError]:
    """Cells holding a character that cannot be saved (a NUL, say), whatever the column."""
    errors = []
    for name, cell in zip(header, cells, strict=False):
        problem = text_problem(cell, multiline=name in MULTILINE_COLUMNS)
        if problem:
            errors.append(RowError(number, name, problem))
    return errors


def _header(table: list[list[str]]) -> list[str]:
    """The header row's column names; CsvInvalid for any problem with it (no row can be read without it)."""
    if not table or not any(cell.strip() for cell in table[0]):
        raise CsvInvalid([RowError(1, "(file)", "is empty: the first row must name the columns")])
    header = [cell.strip().lstrip("\ufeff") for cell in table[0]]
    while not header[-1]:
        header.pop()  # spreadsheets often save empty columns after the last one
    errors = [
        RowError(1, f"column {i}", f"has a name that {problem}")
        for i, name in enumerate(header, start=1)
        if (problem := text_problem(name))
    ]
    if errors:
        raise CsvInvalid(errors)
    errors = _column_problems(header)
    if errors:
        raise CsvInvalid(errors)
    return header


def _column_problems(header: list[str]) -> list[RowError]:
    """Columns Signpost does not know, columns named twice and columns missing."""
    errors = [
        RowError(1, name or f"column {i}", f"is not a column Signpost knows (expected: {', '.join(COLUMNS)})")
        for i, name in enumerate(header, start=1)
        if name not in COLUMNS
    ]
    errors += [
        RowError(1, name, "appears more than once in the header")
        for name in sorted(set(header))
        if header.count(name) > 1
    ]
    errors += [
        RowError(1, name, "column is missing")
        for name in COLUMNS
        if name not in header and name not in OPTIONAL_COLUMNS
    ]
    return errors


def read_rows(text: str, max_rows: int = MAX_ROWS) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """(row number, {column: cell}) for each non-blank row, and rows that cannot be read as cells.

    Problems with the header raise CsvInvalid at once: without it no row can be understood.
    """
    table = _read(text, max_rows)
    header = _header(table)
    rows: list[tuple[int, dict[str, str]]] = []
    unreadable: list[RowError] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(header) :]):
            unreadable.append(RowError(number, "(row)", f"has {len(cells)} cells but the header names {len(header)}"))
            continue
        bad_cells = _cell_errors(number, header, cells)
        if bad_cells:
            unreadable += bad_cells
            continue
        padded = cells + [""] * (len(header) - len(cells))
        rows.append((number, {name: unguard(cell).strip() for name, cell in zip(header, padded, strict=False)}))
    return rows, unreadable
