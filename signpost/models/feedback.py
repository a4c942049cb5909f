"""What the public tells us: a problem with a listing, and a service we do not list yet.

Neither keeps anything about who sent it: no IP address, no postcode, no cookie, and only the day it
came in (a time to the second could be matched against a web server's access log, which has addresses).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signpost.models.base import Base
from signpost.models.directory import Service
from signpost.models.partners import User


class ListingReport(Base):
    """Someone said a listing is wrong: its number did not work, it has closed, it does not cover their area."""

    __tablename__ = "listing_report"
    __table_args__ = (Index("ix_listing_report_service_status", "service_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    problem: Mapped[str] = mapped_column(String(20))  # see signpost.feedback.reports.PROBLEMS
    detail: Mapped[str | None] = mapped_column(Text)  # postcodes and email addresses taken out
    reported_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    service: Mapped[Service] = relationship()
    closed_by: Mapped[User | None] = relationship()


class ServiceSuggestion(Base):
    """An organisation we do not list yet, suggested through the public form, waiting for an admin."""

    __tablename__ = "service_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    contact_email: Mapped[str] = mapped_column(String(254))
    areas: Mapped[str] = mapped_column(Text)  # as typed: "Lincolnshire", "the whole of Wales"
    crime_types: Mapped[list[str]] = mapped_column(JSON, default=list)  # crime type slugs
    suggested_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open | done | declined
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    resolved_by: Mapped[User | None] = relationship()
