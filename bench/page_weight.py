"""Page weight: each victim page's HTML gzipped, and everything a first visit downloads, against DESIGN.md's budgets.

Usage: python -m bench.page_weight [--markdown]
Builds a throwaway SQLite database with the curated data, renders every victim page through the
Flask test client with `Accept-Encoding: gzip`, follows every same-site stylesheet, script, module
import and icon the page references, and counts the bytes the app actually sends (compressed by
Flask-Compress where it compresses; raw where it does not).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from flask.testing import FlaskClient

HTML_BUDGET = 14 * 1024
FIRST_VISIT_BUDGET = 60 * 1024
PAGES = [
    "/",
    "/what-happened",
    "/where/burglary",
    "/where/burglary/country",
    "/where/burglary/place",
    "/support/burglary/ln1-3",
    "/support/domestic-abuse/uk",
    "/support/fraud/scotland",
    "/advice/burglary",
    "/rights",
    "/staying-safe-online",
    "/accessibility",
    "/privacy",
    "/data-sources",
]
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
IMPORT = re.compile(r"""from\s+['"]\./([^'"]+)['"]""")


@dataclass
class PageWeight:
    path: str
    html_bytes: int
    html_gzip: int
    first_visit_gzip: int
    assets: int

    @property
    def passes(self) -> bool:
        return self.html_gzip <= HTML_BUDGET and self.first_visit_gzip <= FIRST_VISIT_BUDGET


def fetch(client: FlaskClient, path: str) -> tuple[int, bytes, int]:
    """(status, decoded body, bytes on the wire) for one GET."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    wire = response.get_data()
    response.close()
    body = gzip.decompress(wire) if response.headers.get("Content-Encoding") == "gzip" else wire
    return response.status_code, body, len(wire)


def measure() -> list[PageWeight]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.conftest import make_app, migrate_and_load

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/bench.db")
        migrate_and_load(app)
        client = app.test_client()
        results = []
        for path in PAGES:
            status, html, html_wire = fetch(client, path)
            assert status == 200, path
            seen: set[str] = set()
            queue = ASSET.findall(html.decode())
            total = html_wire
            while queue:
                asset = queue.pop()
                if asset in seen:
                    continue
                seen.add(asset)
                status, body, wire = fetch(client, asset)
                assert status == 200, asset
                total += wire
                if asset.endswith(".js"):
                    folder = asset.rsplit("/", 1)[0]
                    queue += [f"{folder}/{name}" for name in IMPORT.findall(body.decode())]
            results.append(PageWeight(path, len(html), html_wire, total, len(seen)))
        return results


def markdown(results: list[PageWeight]) -> str:
    lines = [
        "| page | HTML | HTML gzipped (budget 14 KB) | first visit gzipped (budget 60 KB) | files | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| `{r.path}` | {r.html_bytes / 1024:.1f} KB | {r.html_gzip / 1024:.1f} KB | "
            f"{r.first_visit_gzip / 1024:.1f} KB | {r.assets + 1} | {'pass' if r.passes else 'FAIL'} |"
        )
    return "\n".join(lines)


def main() -> int:
    results = measure()
    if "--markdown" in sys.argv:
        print(markdown(results))
    else:
        print(json.dumps([asdict(r) | {"passes": r.passes} for r in results], indent=2))
    return 0 if all(r.passes for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
