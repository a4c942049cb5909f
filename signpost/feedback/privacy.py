"""Taking personal details out of what the public types before it is stored.

The form asks people not to include personal details; some will anyway. A full postcode (never stored,
see DESIGN.md) and an email address are replaced; what is left still says what went wrong.
"""

from __future__ import annotations

import re

# A full UK postcode, with or without its space (GIR 0AA aside): outward code, then digit and two letters.
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+")

POSTCODE_REMOVED = "[postcode removed]"
EMAIL_REMOVED = "[email address removed]"


def without_personal_details(text: str) -> str:
    return _POSTCODE.sub(POSTCODE_REMOVED, _EMAIL.sub(EMAIL_REMOVED, text))
