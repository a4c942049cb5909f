"""data/police_forces.yaml: each police force area's force, with its website and online reporting."""

from __future__ import annotations

from signpost.dataset.fields import NATIONS, VERIFICATION, RecordChecker, welsh
from signpost.dataset.records import PoliceForceRecord
from signpost.dataset.schema.files import FileReader, record_name


def read_police_forces(reader: FileReader) -> list[PoliceForceRecord]:
    path = reader.data_dir / "police_forces.yaml"
    out = []
    for position, raw in enumerate(reader.load(path, "police_forces")):
        c = RecordChecker(reader.name(path), record_name(raw, "code", position), raw, reader.errors)
        c.unknown_fields(
            {"code", "name", "nation", "website", "report_online_url", "source_url", "checked_on", "verification"}
            | {"name_cy"}
        )
        code = c.text("code", max_length=9)
        if code and code not in reader.geo.pfa_codes:
            c.error("code", f"{code!r} is not a police force area code in data/geo/police_force_areas.csv")
            code = None
        record = (
            code,
            c.text("name", max_length=120),
            c.choice("nation", NATIONS),
            c.url("website"),
            c.url("report_online_url", required=False),
            c.url("source_url"),
            c.day("checked_on"),
            c.choice("verification", VERIFICATION),
        )
        name_cy = welsh(c, "name", max_length=120)
        if all(v is not None for i, v in enumerate(record) if i != 4):
            out.append(PoliceForceRecord(*record, name_cy=name_cy))  # type: ignore[arg-type]
            reader.source("police force", str(code), reader.name(path))
    return out
