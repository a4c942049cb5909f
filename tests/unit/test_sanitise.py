"""The input sanitiser: control characters, JSON size, depth and numbers, typed numbers."""

from __future__ import annotations

import pytest

from signpost.sanitise import (
    InputProblem,
    control_character,
    load_json,
    parse_number,
    text_problem,
    without_control,
)


@pytest.mark.parametrize(
    ("value", "multiline", "found"),
    [
        ("plain text, café, 😀", False, None),
        ("a\x00b", False, "a NUL character"),
        ("a\x00b", True, "a NUL character"),
        ("a\tb", False, "a tab"),
        ("a\tb", True, None),
        ("line\r\nline", True, None),
        ("line\nline", False, "a line break"),
        ("bell\x07", True, "an invisible control character (U+0007)"),
        ("del\x7f", True, "an invisible control character (U+007F)"),
        ("c1\x85", True, "an invisible control character (U+0085)"),
        ("lone \ud800 surrogate", True, "an invisible control character (U+D800)"),
        ("\ufffe", True, "an invisible control character (U+FFFE)"),
    ],
)
def test_control_characters(value: str, multiline: bool, found: str | None) -> None:
    assert control_character(value, multiline=multiline) == found


def test_what_is_refused_is_taken_out_and_line_breaks_become_spaces_on_one_line() -> None:
    assert without_control("a\x00b\x1bc") == "abc"
    assert without_control("one\r\ntwo\tthree") == "one two three"
    assert without_control("one\r\ntwo\x00", multiline=True) == "one\r\ntwo"


def test_text_problem_reads_after_a_field_name() -> None:
    assert text_problem("ok") is None
    assert text_problem("a\x00") == "must not contain a NUL character"
    assert text_problem("a\nb") == "must be on one line (it has a line break in it)"


def test_json_loads_what_it_should() -> None:
    assert load_json('{"weekly": [{"days": ["mon"], "opens": "09:00"}], "n": 53.2342, "m": -1}') == {
        "weekly": [{"days": ["mon"], "opens": "09:00"}],
        "n": 53.2342,
        "m": -1,
    }
    assert load_json('{"note": "first line\\nsecond"}') == {"note": "first line\nsecond"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 50_000, "is nested too deeply (50,000 levels; the most is 8)"),
        ("[" * 9 + "]" * 9, "is nested too deeply (9 levels; the most is 8)"),
        ('["' + "[" * 20 + '"]', None),  # brackets inside a string are text, not nesting
        ("[" + "1" * 5000 + "]", "has a number that is too long (5000 characters; the most is 20)"),
        ("[-" + "1" * 21 + "]", "has a number that is too long (22 characters; the most is 20)"),
        ("[1e999]", "has a number that is too large (1e999)"),
        ("[NaN]", "has NaN, which is not a number JSON allows"),
        ("[-Infinity]", "has -Infinity, which is not a number JSON allows"),
        ('["a\\u0000b"]', "has text that must not contain a NUL character"),
        ('{"a\\nb": 1}', "has text that must be on one line (it has a line break in it)"),
        ("{not json", "is not valid JSON (Expecting property name enclosed in double quotes at character 2)"),
        ('"' + "x" * 20_000 + '"', "is too long (20,002 characters; the most is 20,000)"),
    ],
)
def test_json_problems_are_explained(text: str, message: str | None) -> None:
    if message is None:
        assert load_json(text) == ["[" * 20]
        return
    with pytest.raises(InputProblem) as raised:
        load_json(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10", 10.0), (" 2.5 ", 2.5), ("nan", None), ("inf", None), ("1e3", None), ("9" * 400, None), ("", None)],
)
def test_typed_numbers(text: str, expected: float | None) -> None:
    if expected is None:
        with pytest.raises(InputProblem, match="must be the distance in miles as a number, like 10 or 2.5"):
            parse_number(text, low=0.1, high=200, what="the distance in miles")
    else:
        assert parse_number(text, low=0.1, high=200) == expected
    with pytest.raises(InputProblem, match="must be between 0.1 and 200"):
        parse_number("500", low=0.1, high=200)
