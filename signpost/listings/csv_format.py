"""The directory CSV format shared by export and import: columns, list cells and the formula guard.

Columns (stable: other tools and spreadsheets rely on them):

    slug, organisation, organisation_name, name, description, website, email, eligibility, languages,
    accessibility, crime_types, audience, purpose, focus, areas, phones, hours, locations, status,
    verification, source_url, checked_on, check_note, version, name_cy, description_cy, eligibility_cy

Lists are separated by semicolons (a semicolon or backslash inside an item is escaped with a backslash):
languages `en;cy`, crime_types `burglary;robbery` or `any`, audience `victims;witnesses` and focus `women`
(words from signpost/directory/vocabulary.py). Areas, phones, hours and locations are readable lists too
(signpost/listings/csv_cells.py): areas `Lincolnshire Police; Lincoln; LN1; within 10 miles of hub`,
phones `voice:0808 168 9111:Free to call` (kind:number[:note]; a text line that asks for a word:
`text:SHOUT to 85258:Free`), hours `Mon-Fri 09:00-17:00; Sat 10:00-13:00; bank holidays closed`
(also `open 24 hours`, `2026-12-25 closed Christmas Day` and `note: ...`), locations
`hub: Lincoln hub | 1 Castle Square, Lincoln | LN1 3AA | 53.2342, -0.5386` (`| private` to keep the
address private). `organisation_name` is for people reading the file and is ignored on import;
`check_note` may be left out, which keeps each listing's current note. `version` is the listing's
version when the file was exported: a row for an existing listing must carry it, and a row that would
change a listing changed on Signpost since then is refused (leave it empty for a new listing).

`name_cy`, `description_cy` and `eligibility_cy` are the listing's Welsh, for the Welsh pages (/cy/): optional,
each checked as its English is, and only beside its English. An empty cell means no Welsh (the Welsh pages show
the English). They come last, so every older column keeps its place, and a file without them (exported before
they existed) keeps each listing's Welsh as it is.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) are
written with a leading single quote, which the import removes again.
"""

from __future__ import annotations

COLUMNS = (
    "slug",
    "organisation",
    "organisation_name",
    "name",
    "description",
    "website",
    "email",
    "eligibility",
    "languages",
    "accessibility",
    "crime_types",
    "audience",
    "purpose",
    "focus",
    "areas",
    "phones",
    "hours",
    "locations",
    "status",
    "verification",
    "source_url",
    "checked_on",
    "check_note",
    "version",
    "name_cy",
    "description_cy",
    "eligibility_cy",
)
WELSH_COLUMNS = ("name_cy", "description_cy", "eligibility_cy")
OPTIONAL_COLUMNS = {"organisation_name", "check_note", "focus", *WELSH_COLUMNS}
STATUSES = ("active", "inactive")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The data-file field an error names -> the CSV column it came from.
FIELD_COLUMNS = {"id": "slug"}


def guard(value: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_START) else value


def unguard(value: str) -> str:
    """Undo `guard`: drop the single quote written in front of a would-be formula."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START) else value


def join_items(items: list[str]) -> str:
    return ";".join(item.replace("\\", "\\\\").replace(";", "\\;") for item in items)


def split_items(cell: str) -> list[str]:
    """Items of a semicolon-separated cell, honouring backslash escapes; blank items are dropped."""
    items, current, escaped = [], [], False
    for char in cell:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def miles_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
