"""Find the phone numbers in a sentence of advice, so every number a victim reads can be tapped.

Advice is written as plain sentences ("call the National Stalking Helpline on 0808 802 0300"); the
page turns each number found here into a link. Only real UK numbers (checked with phonenumbers) and
a fixed list of short codes are numbers: "press 55" and "dial *#06#" are instructions, not numbers
to call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from signpost.dataset.fields import phone_number

# Short numbers a victim may be told to call or text. 55 (the Silent Solution) is pressed during a
# 999 call, not dialled, so it is not here.
SHORT_CALL = ("18001 101", "116 123", "18000", "999", "101", "111", "112", "159")
SHORT_TEXT = ("7726", "85258", "61016")  # text-only: forward scam texts, Shout, British Transport Police
_SHORT = "|".join(re.escape(code) for code in SHORT_CALL + SHORT_TEXT)
# A long UK number (0 then 9 or 10 more digits, spaced any way) or one of the short codes, standing alone.
NUMBER = re.compile(rf"(?<![\w*#+])(0\d(?:[ -]?\d){{8,9}}|{_SHORT})(?![\w*#])")


@dataclass(frozen=True)
class Segment:
    text: str
    dial: str | None = None  # digits to dial, when this segment is a number
    kind: str = "voice"  # voice | text

    @property
    def is_number(self) -> bool:
        return self.dial is not None


def split_numbers(text: str) -> list[Segment]:
    """The text as plain segments and number segments, in order; joined, they give the text back."""
    out: list[Segment] = []
    position = 0
    for match in NUMBER.finditer(text):
        found = match.group(1)
        dial = _dial(found)
        if dial is None:
            continue
        if match.start() > position:
            out.append(Segment(text[position : match.start()]))
        out.append(Segment(found, dial, "text" if found in SHORT_TEXT else "voice"))
        position = match.end()
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


def _dial(found: str) -> str | None:
    if found in SHORT_CALL or found in SHORT_TEXT:
        return found.replace(" ", "")
    formatted = phone_number(found)
    return formatted[1] if formatted else None
