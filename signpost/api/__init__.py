"""Open data API: Open Referral UK (HSDS 3.0) at /api/v1. Views parse parameters and call signpost.opendata."""

from signpost.api.views import bp

__all__ = ["bp"]
