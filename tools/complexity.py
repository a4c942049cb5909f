"""`make lint`'s complexity check: no function in signpost/ over cyclomatic complexity 15 (radon cc).

Functions still over the limit are listed in KNOWN with their current complexity: the check fails if a
listed function grows or a new one crosses the limit, and says when a listed one has come down (delete
its line then). Usage: python tools/complexity.py [paths...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

LIMIT = 15
KNOWN = {
}


def functions(path: Path) -> dict[str, int]:
    """name -> complexity for every function and method in the file (methods as Class.method)."""
    found: dict[str, int] = {}
    for block in cc_visit(path.read_text(encoding="utf-8")):
        if isinstance(block, Function):
            name = f"{block.classname}.{block.name}" if block.classname else block.name
            found[name] = max(found.get(name, 0), block.complexity)
        for method in getattr(block, "methods", []):
            found[f"{block.name}.{method.name}"] = method.complexity
    return found


def problems(root: Path) -> tuple[list[str], list[str]]:
    errors, notes = [], []
    seen = set()
    for path in sorted(root.rglob("*.py")):
        for name, complexity in functions(path).items():
            key = f"{path.as_posix()}:{name}"
            seen.add(key)
            allowed = KNOWN.get(key, LIMIT)
            if complexity > allowed:
                errors.append(f"{key} has complexity {complexity} (at most {allowed}): split it")
            elif key in KNOWN and complexity < KNOWN[key]:
                notes.append(f"{key} is down to {complexity}: lower or delete its KNOWN line")
    notes += [
        f"{key} is gone: delete its KNOWN line" for key in KNOWN if key.startswith(root.as_posix()) and key not in seen
    ]
    return errors, notes


def main(argv: list[str]) -> int:
    errors: list[str] = []
    for root in argv or ["signpost"]:
        found, notes = problems(Path(root))
        errors += found
        for note in notes:
            print(note)
    for error in errors:
        print(error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
