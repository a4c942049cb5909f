"""data/advice/<crime type>.yaml: next steps, prevention and warnings for one crime type."""

from __future__ import annotations

from pathlib import Path

import yaml

from signpost.dataset.errors import DataError
from signpost.dataset.fields import NATIONS, RecordChecker, welsh
from signpost.dataset.records import AdviceRecord
from signpost.dataset.schema.files import FileReader
from signpost.directory.vocabulary import ADVICE_AUDIENCES


def read_advice(reader: FileReader, path: Path, crime_slugs: set[str]) -> list[AdviceRecord]:
    name = reader.name(path)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        reader.errors.append(DataError(name, "(file)", "(file)", f"is not valid YAML: {exc}"))
        return []
    top = RecordChecker(name, "(file)", content, reader.errors)
    top.unknown_fields({"crime_type", "checked_on", "next_steps", "prevention", "warnings"})
    crime, checked_on = top.slug("crime_type"), top.day("checked_on")
    if crime and crime not in crime_slugs:
        top.error("crime_type", f"{crime!r} is not a crime type in data/crime_types.yaml")
    if crime and path.stem != crime:
        top.error("crime_type", f"must match the file name ({path.stem!r})")
    out = []
    for kind, key, required in (
        ("next_step", "next_steps", True),
        ("prevention", "prevention", True),
        ("warning", "warnings", False),  # said once, before the prevention advice
    ):
        for position, raw in enumerate(top.items(key, required=required)):
            c = RecordChecker(name, f"{key}[{position + 1}]", raw, reader.errors)
            c.unknown_fields({"text", "source_url", "nations", "audience", "text_cy"})
            text, source_url = c.text("text", max_length=400), c.url("source_url")
            text_cy = welsh(c, "text", max_length=400)
            nations = _advice_nations(c)
            audience = c.choices("audience", tuple(ADVICE_AUDIENCES), required=False) or ("victims",)
            if crime and checked_on and text and source_url and nations:
                out.append(
                    AdviceRecord(crime, kind, position, text, source_url, checked_on, nations, audience, text_cy)
                )
    return out


def _advice_nations(c: RecordChecker) -> tuple[str, ...]:
    """The nations an advice item applies to: a list of nations, or [uk] for all four."""
    if c.data.get("nations") == ["uk"]:
        return NATIONS
    return c.choices("nations", NATIONS)
