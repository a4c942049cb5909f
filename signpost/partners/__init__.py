"""Charity partners, moderators and admins. Each view module adds its routes to the one blueprint."""

from signpost.partners import (
    access,
    account_views,
    admin_views,
    audit_views,
    csv_views,
    feedback_views,
    listing_views,
    review_views,
    section_views,
)
from signpost.partners.blueprint import bp

__all__ = [
    "access",
    "account_views",
    "admin_views",
    "audit_views",
    "bp",
    "csv_views",
    "feedback_views",
    "listing_views",
    "review_views",
    "section_views",
]
