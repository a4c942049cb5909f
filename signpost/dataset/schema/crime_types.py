"""data/crime_types.yaml: the crimes a victim can choose from."""

from __future__ import annotations

from signpost.dataset.fields import RecordChecker, welsh
from signpost.dataset.records import CrimeTypeRecord
from signpost.dataset.schema.files import FileReader, record_name


def read_crime_types(reader: FileReader) -> list[CrimeTypeRecord]:
    path = reader.data_dir / "crime_types.yaml"
    out = []
    for position, raw in enumerate(reader.load(path, "crime_types")):
        c = RecordChecker(reader.name(path), record_name(raw, "slug", position), raw, reader.errors)
        c.unknown_fields({"slug", "name", "hint", "sensitive", "name_cy", "hint_cy"})
        slug, name = c.slug("slug"), c.text("name", max_length=120)
        hint, sensitive = c.text("hint", required=False, max_length=300), c.boolean("sensitive")
        name_cy, hint_cy = welsh(c, "name", max_length=120), welsh(c, "hint", max_length=300)
        if slug == "any":
            c.error("slug", "'any' is reserved for services that help with every crime")
        elif slug and name:
            out.append(CrimeTypeRecord(slug, name, hint, sensitive, position, name_cy, hint_cy))
            reader.source("crime type", slug, reader.name(path))
    return out
