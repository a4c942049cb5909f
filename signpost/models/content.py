"""Advice and rights shown on the results and advice pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signpost.models.base import Base


class Advice(Base):
    __tablename__ = "advice"

    id: Mapped[int] = mapped_column(primary_key=True)
    crime_type_slug: Mapped[str] = mapped_column(ForeignKey("crime_type.slug"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # next_step | prevention | warning
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_cy: Mapped[str | None] = mapped_column(Text)  # Welsh, for /cy/ pages (None: the English)
    source_url: Mapped[str] = mapped_column(String(500))
    checked_on: Mapped[date | None]
    nations: Mapped[str] = mapped_column(String(80), default="england,wales,scotland,northern-ireland")
    audience: Mapped[str] = mapped_column(String(80), default="victims")  # victims, neighbours


class RightsCharter(Base):
    """One legal system's statement of victims' rights (the Victims' Code, and the Scottish and NI equivalents)."""

    __tablename__ = "rights_charter"

    jurisdiction: Mapped[str] = mapped_column(
        String(20), primary_key=True
    )  # england-wales | scotland | northern-ireland
    title: Mapped[str] = mapped_column(String(300))
    title_cy: Mapped[str | None] = mapped_column(String(300))
    source_url: Mapped[str] = mapped_column(String(500))
    checked_on: Mapped[date | None]
    after_reporting: Mapped[str | None] = mapped_column(Text)  # what happens after someone reports a crime
    after_reporting_cy: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[Right]] = relationship(cascade="all, delete-orphan", order_by="Right.position")
    also: Mapped[list[RightsNote]] = relationship(cascade="all, delete-orphan", order_by="RightsNote.position")


class Right(Base):
    __tablename__ = "victim_right"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(ForeignKey("rights_charter.jurisdiction", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    title_cy: Mapped[str | None] = mapped_column(String(300))
    text_cy: Mapped[str | None] = mapped_column(Text)


class RightsNote(Base):
    """'Also good to know' beside a charter: true and useful, but not one of its rights."""

    __tablename__ = "rights_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(ForeignKey("rights_charter.jurisdiction", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    title_cy: Mapped[str | None] = mapped_column(String(300))
    text_cy: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(500))
