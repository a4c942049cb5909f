"""The officer toolkit: a share link and QR code, a printable victim card and a neighbour leaflet."""

from signpost.officer.views import bp

__all__ = ["bp"]
