"""Draw Signpost's icons (a white signpost on the brand teal) with the standard library only.

Writes assets/images/favicon.svg, favicon.ico (16, 32 and 48 px PNGs inside an ICO)
and apple-touch-icon.png (180 px). The outputs are kept in the repository, so
build.sh only copies them; run this again only if the design changes:

    python3 assets/make_icons.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BRAND = (0x00, 0x5F, 0x60)  # $signpost-brand in scss/signpost.scss
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parent / "images"

# The glyph on a 32 x 32 grid: a post and two arrow-shaped boards.
POST = [(14.5, 4), (17.5, 4), (17.5, 28), (14.5, 28)]
BOARD_RIGHT = [(8, 7), (21, 7), (25, 10.5), (21, 14), (8, 14)]
BOARD_LEFT = [(24, 16), (11, 16), (7, 19.5), (11, 23), (24, 23)]
SHAPES = [POST, BOARD_RIGHT, BOARD_LEFT]
RADIUS = 6  # corner radius of the background square (favicons only)

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" rx="{RADIUS}" fill="#005f60"/>'
    '<path fill="#fff" d="M14.5 4h3v24h-3zM8 7h13l4 3.5-4 3.5H8zM24 16H11l-4 3.5 4 3.5h13z"/>'
    "</svg>\n"
)


def _in_polygon(x: float, y: float, poly: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(poly) - 1
    for i, (xi, yi) in enumerate(poly):
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_rounded_square(x: float, y: float, r: float) -> bool:
    cx = min(max(x, r), 32 - r)
    cy = min(max(y, r), 32 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def render(size: int, rounded: bool, samples: int = 4) -> bytes:
    """Return RGBA rows (PNG filter byte 0 before each row), anti-aliased by supersampling."""
    rows = bytearray()
    step = 32 / size / samples
    for py in range(size):
        rows.append(0)
        for px in range(size):
            bg = fg = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px * samples + sx + 0.5) * step
                    y = (py * samples + sy + 0.5) * step
                    if rounded and not _in_rounded_square(x, y, RADIUS):
                        continue
                    if any(_in_polygon(x, y, s) for s in SHAPES):
                        fg += 1
                    else:
                        bg += 1
            covered = bg + fg
            if covered == 0:
                rows += b"\0\0\0\0"
                continue
            rgb = [round((b * bg + w * fg) / covered) for b, w in zip(BRAND, WHITE)]
            rows += bytes(rgb) + bytes([round(255 * covered / samples**2)])
    return bytes(rows)


def png(size: int, rounded: bool) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(render(size, rounded), 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes: list[int]) -> bytes:
    images = [png(s, rounded=True) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "favicon.svg").write_text(SVG, encoding="utf-8")
    (OUT / "favicon.ico").write_bytes(ico([16, 32, 48]))
    # iOS rounds the corners itself, so the touch icon is a full square.
    (OUT / "apple-touch-icon.png").write_bytes(png(180, rounded=False))
    for f in sorted(OUT.iterdir()):
        print(f"{f.relative_to(OUT.parent)}: {f.stat().st_size} bytes")


if __name__ == "__main__":
    main()
