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
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": stats.rows_yielded, "seconds": elapsed, "peak_rss_mb": peak_kib / 1024}))


if __name__ == "__main__":
    main()
