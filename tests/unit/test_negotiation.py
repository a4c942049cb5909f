"""Accept-Encoding q-values (RFC 9110, section 12.5.3)."""

from __future__ import annotations

import pytest

from signpost.negotiation import accepts_gzip, qualities


def test_qualities_are_parsed_with_spaces_case_and_bad_values() -> None:
    assert qualities("gzip, deflate;q=0.5, BR ; Q=0.25, x;q=2, y;q=abc, ;q=1, z") == {
        "gzip": 1.0,
        "deflate": 0.5,
        "br": 0.25,
        "z": 1.0,
    }
    assert qualities(None) == {} and qualities("") == {}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0", False),
        ("gzip;q=0, *", False),
        ("*", True),
        ("*;q=0", False),
        ("*;q=0, gzip", True),
        ("x-gzip", False),  # legacy name: Flask-Compress does not know it either, so neither path uses it
        ("gzip;q=0.5", True),
        ("gzip;q=0.5, identity", False),
        ("identity;q=0, gzip;q=0.1", True),
        ("br", False),
        ("", False),
        (None, False),
        ("gzip;q=1.5", False),
    ],
)
def test_accepts_gzip(header: str | None, expected: bool) -> None:
    assert accepts_gzip(header) is expected
