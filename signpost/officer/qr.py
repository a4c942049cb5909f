"""QR codes drawn on the server as inline SVG, so a page needs no image request and no inline style.

segno writes colours as SVG presentation attributes (fill, stroke), which the strict CSP
(style-src 'self') allows; the printables' stylesheet resizes the code through its class, and the
viewBox makes it scale rather than crop.
"""

from __future__ import annotations

import segno
from markupsafe import Markup

SVG_CLASS = "signpost-qr"
MODULE_CLASS = "signpost-qr__modules"
BORDER = 4  # the quiet zone the QR standard asks for, in modules


def qr_svg(url: str, *, title: str, scale: int = 5) -> Markup:
    """`url` as a QR code: an <svg> element (no XML declaration) named by `title` for screen readers.

    Error correction M (segno raises it when that fits in the same size) survives a creased card.
    The quiet zone and the white background are part of the drawing, so the code scans whatever
    the page behind it looks like. Each module is `scale` CSS pixels unless a stylesheet says otherwise.
    """
    code = segno.make(url, error="m", micro=False)
    width, height = code.symbol_size(scale=scale, border=BORDER)
    # omitsize gives a viewBox instead of width and height; the size goes back on as attributes.
    svg = code.svg_inline(
        scale=scale,
        border=BORDER,
        dark="#000",
        light="#fff",
        svgclass=SVG_CLASS,
        lineclass=MODULE_CLASS,
        title=title,
        omitsize=True,
    )
    if not svg.startswith("<svg viewBox="):
        raise ValueError("segno did not return an inline <svg> element with a viewBox")
    # role="img" makes the <title> the image's accessible name; focusable="false" keeps old browsers' tab order clean.
    attributes = f'role="img" focusable="false" width="{width}" height="{height}" '
    return Markup(f"<svg {attributes}{svg[len('<svg ') :]}")
