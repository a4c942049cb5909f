"""Content-coding negotiation (RFC 9110, section 12.5.3): whether a client accepts gzip.

`gzip;q=0` means "not gzip", and `gzip; q=0.5` (with spaces) is as valid as `gzip;q=0.5`. The
results view sends its pre-compressed pages only when this says so, and Flask-Compress (whose own
parser treats q=0 as a preference, not a refusal) compresses only when this says so too.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request

from signpost.extensions import compress

_QVALUE = re.compile(r"(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def qualities(header: str | None) -> dict[str, float]:
    """Each coding the header names (lower-case) and its quality; malformed entries are left out."""
    found: dict[str, float] = {}
    for entry in (header or "").split(","):
        coding, *params = (part.strip() for part in entry.split(";"))
        if not _TOKEN.fullmatch(coding):
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                quality = float(value) if _QVALUE.fullmatch(value) else -1.0
        if quality >= 0:
            found[coding.lower()] = quality
    return found


def accepts_gzip(header: str | None) -> bool:
    """True if gzip is acceptable (q above 0, named or through `*`) and not less wanted than no coding."""
    found = qualities(header)
    gzip = found.get("gzip", found.get("*", 0.0))
    return gzip > 0 and gzip >= found.get("identity", 0.0)


def init_app(app: Flask) -> None:
    """Compress responses with Flask-Compress only when the client accepts gzip (COMPRESS_REGISTER is off)."""

    @app.after_request
    def compress_when_accepted(response: Response) -> Response:
        if accepts_gzip(request.headers.get("Accept-Encoding")):
            return compress.after_request(response)
        vary = response.headers.get("Vary", "")
        if "accept-encoding" not in vary.lower():
            response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        return response
