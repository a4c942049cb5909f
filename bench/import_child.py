"""Child process for the import benchmark: `python -m bench.import_child DATABASE_URL FILE` prints JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    url, path = sys.argv[1], Path(sys.argv[2])
    from signpost import create_app
    from signpost.extensions import current_session
    from signpost.geo.postcode_import import import_postcodes

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        session = current_session()
        started = time.perf_counter()
        stats = import_postcodes(session, path)
        session.commit()
        elapsed = time.perf_counter() - started
    print(json.dumps({"rows": stats.rows_yielded, "seconds": elapsed, "peak_rss_mb": peak_rss_kib() / 1024}))


def peak_rss_kib() -> int:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: on Linux a child inherits its
    parent's high-water mark across fork and exec, so a big parent would be blamed on the import."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
