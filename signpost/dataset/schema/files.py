"""Reading the curated YAML files: each file's list of records, and where every id was seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from signpost.dataset.errors import DataError
from signpost.dataset.geo_tables import GeoCodes


@dataclass
class FileReader:
    """What the record readers share: the data folder, the error list, the area codes and the ids seen."""

    data_dir: Path
    errors: list[DataError]
    geo: GeoCodes
    service_files: dict[str, str] = field(default_factory=dict)
    # kind -> id -> every file it appears in, in reading order, so a repeated id is reported where it repeats
    sources: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def source(self, kind: str, slug: str, file: str) -> None:
        self.sources.setdefault(kind, {}).setdefault(slug, []).append(file)

    def load(self, path: Path, key: str) -> list[Any]:
        name = str(path.relative_to(self.data_dir.parent)) if path.is_relative_to(self.data_dir.parent) else str(path)
        if not path.exists():
            self.errors.append(DataError(name, "(file)", "(file)", "is missing"))
            return []
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "(file)"
            self.errors.append(DataError(name, where, "(file)", f"is not valid YAML: {getattr(exc, 'problem', exc)}"))
            return []
        if not isinstance(content, dict) or not isinstance(content.get(key, []), list):
            self.errors.append(DataError(name, "(file)", key, f"the file must hold a list called {key!r}"))
            return []
        items: list[Any] = content.get(key) or []
        return items

    def name(self, path: Path) -> str:
        return str(path.relative_to(self.data_dir.parent))


def record_name(raw: Any, key: str, position: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get(key), str):
        return str(raw[key])
    return f"record {position + 1}"
