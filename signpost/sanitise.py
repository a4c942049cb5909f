"""One input sanitiser for everything people type or upload: every form field and every CSV cell.

PostgreSQL cannot store a NUL character in text (the insert fails, and the request with it), and
other control characters are invisible, break CSV files and logs, and never belong in a listing.
JSON from a CSV cell is limited in size and depth (Python's parser recurses, so 50,000 nested `[`
would raise RecursionError), and numbers in it are limited in length (Python refuses to turn more
than 4,300 digits into an int, and a float that long is infinity). Every problem is a message a
person can act on; nothing here raises anything else.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

from signpost.translatable import N_

# C0 and C1 control characters, DEL, lone surrogates and the two non-characters browsers never send.
# Tab, line feed and carriage return are allowed where text may run over several lines.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NAMES = {"\x00": N_("a NUL character"), "\t": N_("a tab"), "\n": N_("a line break"), "\r": N_("a line break")}

MAX_JSON_CHARS = 20_000  # a listing's hours or places: a few hundred characters in practice
MAX_JSON_DEPTH = 8  # hours are 4 levels deep ({"weekly": [{"days": ["mon"]}]})
MAX_NUMBER_CHARS = 20  # 53.234212345678901 fits; a 5,000-digit number does not


class InputProblem(ValueError):
    """Input that cannot be used; the message (no field name) says what is wrong, to follow one."""


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character of `value` that is not allowed, described for a person, or None."""
    match = (_CONTROL if multiline else _CONTROL_OR_BREAK).search(value)
    if match is None:
        return None
    char = match.group()
    return _NAMES.get(char) or f"an invisible control character ({_codepoint(char)})"


def without_control(value: str, *, multiline: bool = False) -> str:
    """`value` without the characters `control_character` refuses (to show a form again): a tab or line
    break in one-line text becomes a space, anything else goes."""
    if not multiline:
        value = re.sub("[\t\r\n]+", " ", value)
    return _CONTROL.sub("", value)


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be used as text, to follow the name of the field or column, or None."""
    found = control_character(value, multiline=multiline)
    if found is None:
        return None
    if found in ("a tab", "a line break"):
        return f"must be on one line (it has {found} in it)"
    return f"must not contain {found}"


def _codepoint(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON `text`, counted without parsing (so without recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _number(text: str) -> float | int:
    if len(text.lstrip("-")) > MAX_NUMBER_CHARS:
        raise InputProblem(f"has a number that is too long ({len(text)} characters; the most is {MAX_NUMBER_CHARS})")
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if not math.isfinite(value):
        raise InputProblem(f"has a number that is too large ({text})")
    return value


def _constant(name: str) -> Any:
    raise InputProblem(f"has {name}, which is not a number JSON allows")


def _check_strings(value: Any, *, multiline: bool) -> None:
    if isinstance(value, str):
        problem = text_problem(value, multiline=multiline)
        if problem:
            raise InputProblem(f"has text that {problem}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, multiline=False)
            _check_strings(item, multiline=multiline)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, multiline=multiline)


def load_json(text: str, *, max_chars: int = MAX_JSON_CHARS, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON someone typed or uploaded, or raise InputProblem saying what is wrong with it."""
    depth = _depth(text)
    if depth > max_depth:
        raise InputProblem(f"is nested too deeply ({depth:,} levels; the most is {max_depth})")
    if len(text) > max_chars:
        raise InputProblem(f"is too long ({len(text):,} characters; the most is {max_chars:,})")
    try:
        value = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"is not valid JSON ({exc.msg} at character {exc.pos + 1})") from exc
    # The depth check keeps the walk below shallow.
    _check_strings(value, multiline=True)
    return value


def parse_number(text: str, *, low: float, high: float, what: str = "the number") -> float:
    """A decimal number typed as text, between `low` and `high`; InputProblem otherwise (never NaN or infinity)."""
    cleaned = text.strip()
    if not re.fullmatch(r"-?\d{1,9}(\.\d{1,17})?", cleaned):  # 17 decimals: what repr() writes for a float
        raise InputProblem(f"must be {what} as a number, like 10 or 2.5")
    value = float(cleaned)
    if not low <= value <= high:
        raise InputProblem(f"must be between {low:g} and {high:g}")
    return value
