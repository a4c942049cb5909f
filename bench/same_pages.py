"""Do results pages read exactly the same after a change made for speed? Save pages with one version of the
code, check them with another.

    PYTHONPATH=. .venv/bin/python -m bench.same_pages save  [--url URL] [--file F] [--count 1500]
    PYTHONPATH=. .venv/bin/python -m bench.same_pages check [--url URL] [--file F]

Pages: random sectors (and districts, towns, nations and the UK) of the benchmark database, every crime
type, English and Welsh, pages 1 and 2 of local services, at three fixed times (the clock is frozen), each
requested through the whole app (test client, the body as a browser gets it). `check` requests them twice,
the second time in reverse order with every cache full, and reports each page that differs from the saved
one, or from itself.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMES = (
    datetime(2026, 11, 25, 12, tzinfo=UTC),  # a Wednesday at noon
    datetime(2026, 11, 28, 22, 30, tzinfo=UTC),  # a Saturday night
    datetime(2026, 7, 1, 7, 59, 30, tzinfo=UTC),  # just before 9am in summer time
)


def _paths(url: str, count: int) -> list[str]:
    from bench.first_render import paths

    rng = random.Random(5)
    chosen = paths(url, count, seed=5)
    extra = ["ln1", "lincoln", "cf10", "cardiff", "wales", "scotland", "northern-ireland", "england", "uk"]
    crimes = sorted({p.split("/")[2] for p in chosen})
    chosen += [f"/support/{c}/{a}" for c in crimes for a in extra]
    chosen += [f"{p}?page=2" for p in rng.sample(chosen, count // 10)]
    return chosen + [f"/cy{p}" for p in rng.sample(chosen, count // 5)]


def _render_all(url: str, keys: list[tuple[str, int]]) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from bench.first_render import APP_CONFIG
    from signpost import create_app
    from signpost.public import page_cache
    from signpost.public import views as public_views

    frozen: list[datetime] = [TIMES[0]]

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return frozen[0]

    public_views.datetime = Clock  # type: ignore[misc]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, **APP_CONFIG})
    client = app.test_client()
    out = {}
    for path, when in keys:
        frozen[0] = TIMES[when]
        page_cache.clear()  # the page cache's expiry is checked against real time elsewhere: render each page
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        body = response.data
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        out[f"{when} {path}"] = f"{response.status_code}\n{body.decode()}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=("save", "check"))
    parser.add_argument("--url", default=f"sqlite:///{ROOT / 'instance' / 'bench' / 'bench.db'}")
    parser.add_argument("--file", default=str(ROOT / "instance" / "bench" / "same_pages.json.gz"))
    parser.add_argument("--count", type=int, default=1500)
    args = parser.parse_args()
    if args.url.startswith("sqlite:///") and not Path(args.url.removeprefix("sqlite:///")).exists():
        parser.error(f"no benchmark database at {args.url} (make bench builds it; give --url)")
    if args.action == "save":
        keys = [(p, i % len(TIMES)) for i, p in enumerate(_paths(args.url, args.count))]
        pages = _render_all(args.url, keys)
        with gzip.open(args.file, "wt") as handle:
            json.dump(pages, handle)
        print(f"saved {len(pages)} pages to {args.file}")
        return 0
    with gzip.open(args.file, "rt") as handle:
        saved: dict[str, str] = json.load(handle)
    keys = [(key.split(" ", 1)[1], int(key.split(" ", 1)[0])) for key in saved]
    cold = _render_all(args.url, keys)
    warm = _render_all(args.url, list(reversed(keys)))
    differ = [k for k in saved if cold[k] != saved[k] or warm[k] != saved[k]]
    for key in differ[:5]:
        import difflib

        print(f"--- {key}")
        print("\n".join(list(difflib.unified_diff(saved[key].splitlines(), cold[key].splitlines(), lineterm=""))[:30]))
    print(f"{len(saved)} pages, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
