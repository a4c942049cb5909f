"""Structure the import contracts cannot see: no view in these blueprints commits or rolls back itself
(signpost.transaction is the one commit point)."""

from __future__ import annotations

import re

import pytest

from signpost.config import PROJECT_ROOT

# signpost/partners moves onto the commit point separately (issue 18); add it here when it has.
BLUEPRINTS = ["public", "officer", "status", "api"]
ENDS_A_TRANSACTION = re.compile(r"\.(commit|rollback)\(")


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_views_leave_commits_to_the_commit_point(blueprint: str) -> None:
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in sorted((PROJECT_ROOT / "signpost" / blueprint).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ENDS_A_TRANSACTION.search(line)
    ]
    assert found == []
