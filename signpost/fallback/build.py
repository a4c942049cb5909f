"""Build the fallback pages from the curated files alone: one per nation and one for the UK, per language.

Run by `flask fallback build`, by `make run` and after every `flask data load --commit`. The pages go to
SIGNPOST_FALLBACK_DIR (default instance/fallback), where the app and the web server in front both read
them; `areas.map` beside them lets the web server pick the nation from a results URL's area when no
app instance answers. Each file is written whole and then renamed into place, so a reader never sees
half a page.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import force_locale

from signpost.dataset.records import Dataset
from signpost.dataset.schema import read_dataset
from signpost.directory.emergency import SILENT_SOLUTION
from signpost.fallback.areas import NATIONS, UK, area_map
from signpost.fallback.content import fallback_content

AREAS = (*NATIONS, UK)
LANGUAGES = ("en", "cy")  # Welsh pages go to cy/ (served for failed /cy/ requests)
NGINX_MAP = "areas.map"


def page_path(directory: Path, area: str, language: str = "en") -> Path:
    """Where the page for `area` in `language` lives: English at the top, other languages in a folder."""
    return (directory if language == "en" else directory / language) / f"{area}.html"


def render_page(dataset: Dataset, area: str, language: str = "en", today: date | None = None) -> str:
    """One fallback page as HTML. Needs an app context (templates, filters), not a request or a database."""
    today = today or date.today()
    content = fallback_content(dataset, area, today, current_app.config["SIGNPOST_HIDE_AFTER_MONTHS"])
    template = current_app.jinja_env.get_template("fallback/page.html")
    with force_locale(language):  # every message, date and fragment in the page's language
        return template.render(
            content=content,
            language=language,
            css_url=f"{current_app.static_url_path}/css/signpost.css",
            silent_solution=SILENT_SOLUTION,
            built_on=today,
        )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # the web server's user reads these too
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def nginx_map(geo_dir: Path) -> str:
    """The body of an nginx `map` from a results URL's area slug to the nation whose page to show."""
    lines = [f"{slug} {nation};" for slug, nation in area_map(geo_dir).slugs()]
    lines += [f"{nation} {nation};" for nation in NATIONS]
    return "# Built by `flask fallback build` from data/geo: area slug -> nation.\n" + "\n".join(lines) + "\n"


def build(data_dir: Path, out_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write every fallback page and the web server's area map; return the files written."""
    dataset = read_dataset(data_dir)
    written = []
    for language in languages:
        for area in AREAS:
            path = page_path(out_dir, area, language)
            _write(path, render_page(dataset, area, language))
            written.append(path)
    map_path = out_dir / NGINX_MAP
    _write(map_path, nginx_map(data_dir / "geo"))
    written.append(map_path)
    return written
