"""data/rights.yaml: each jurisdiction's rights for victims of crime, with notes shown beside them."""

from __future__ import annotations

from signpost.dataset.fields import RecordChecker, welsh
from signpost.dataset.records import RightRecord, RightsNoteRecord, RightsRecord
from signpost.dataset.schema.files import FileReader, record_name

JURISDICTIONS = ("england-wales", "scotland", "northern-ireland")


def read_rights(reader: FileReader) -> list[RightsRecord]:
    path = reader.data_dir / "rights.yaml"
    out = []
    for position, raw in enumerate(reader.load(path, "rights")):
        c = RecordChecker(reader.name(path), record_name(raw, "jurisdiction", position), raw, reader.errors)
        c.unknown_fields(
            {"jurisdiction", "title", "title_cy", "source_url", "checked_on", "items", "also"}
            | {"after_reporting", "after_reporting_cy"}
        )
        title_cy = welsh(c, "title", max_length=300)
        jurisdiction, title = c.choice("jurisdiction", JURISDICTIONS), c.text("title", max_length=300)
        source_url, checked_on = c.url("source_url"), c.day("checked_on")
        items = c.each("items", _right, required=True)
        also = c.each("also", _rights_note)  # optional: shown apart from the rights, never counted as one
        after_reporting = c.text("after_reporting", required=False, max_length=400)
        after_reporting_cy = welsh(c, "after_reporting", max_length=400)
        if jurisdiction and title and source_url and checked_on and items:
            out.append(
                RightsRecord(
                    jurisdiction,
                    title,
                    source_url,
                    checked_on,
                    tuple(items),
                    tuple(also),
                    after_reporting,
                    title_cy,
                    after_reporting_cy,
                )
            )
    return out


def _right(c: RecordChecker) -> RightRecord | None:
    c.unknown_fields({"title", "text", "source_url", "title_cy", "text_cy"})
    title, text = c.text("title", max_length=300), c.text("text", required=False)
    title_cy, text_cy = welsh(c, "title", max_length=300), welsh(c, "text")
    c.url("source_url", required=False)
    return RightRecord(title, text, title_cy, text_cy) if title else None


def _rights_note(c: RecordChecker) -> RightsNoteRecord | None:
    c.unknown_fields({"title", "text", "source_url", "title_cy", "text_cy"})
    title, text = c.text("title", max_length=300), c.text("text")
    title_cy, text_cy = welsh(c, "title", max_length=300), welsh(c, "text")
    source_url = c.url("source_url")
    return RightsNoteRecord(title, text, source_url, title_cy, text_cy) if title and text and source_url else None
