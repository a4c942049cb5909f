"""The directory: organisations, their services, and how to reach them (HSDS / Open Referral UK names)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, SmallInteger, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signpost.clock import utcnow
from signpost.models.base import Base

service_crime_type = Table(
    "service_crime_type",
    Base.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("crime_type_slug", ForeignKey("crime_type.slug"), primary_key=True, index=True),
)


class CrimeType(Base):
    __tablename__ = "crime_type"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    hint: Mapped[str | None] = mapped_column(String(300))
    # Welsh (`*_cy`): shown on /cy/ pages; None means the English is shown there, marked lang="en".
    name_cy: Mapped[str | None] = mapped_column(String(120))
    hint_cy: Mapped[str | None] = mapped_column(String(300))
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(String(500))
    checked_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | retired
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)  # trusted partners publish without review

    services: Mapped[list[Service]] = relationship(back_populates="organisation")


class Service(Base):
    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    eligibility: Mapped[str | None] = mapped_column(Text)
    name_cy: Mapped[str | None] = mapped_column(String(200))  # Welsh, for /cy/ pages (None: the English)
    description_cy: Mapped[str | None] = mapped_column(Text)
    eligibility_cy: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[str | None] = mapped_column(String(200))  # comma-separated ISO 639-1 codes
    accessibility: Mapped[str | None] = mapped_column(Text)
    all_crime_types: Mapped[bool] = mapped_column(Boolean, default=False)  # "any" in the data files
    # Who it is for, what it is for and whom it focuses on (signpost.directory.vocabulary): what ranking reads.
    audience: Mapped[str] = mapped_column(String(200), default="victims")  # comma-separated
    purpose: Mapped[str] = mapped_column(String(40), default="victim-support")
    focus: Mapped[str | None] = mapped_column(String(200))  # comma-separated
    # Hours: 24/7, or weekly rows below; bank holidays follow the weekly hours unless closed_on_bank_holidays.
    always_open: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on_bank_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    hours_note: Mapped[str | None] = mapped_column(String(300))
    hours_note_cy: Mapped[str | None] = mapped_column(String(300))  # Welsh, for /cy/ pages (None: the English)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)  # active | inactive | retired
    verification: Mapped[str] = mapped_column(String(20), default="verified")  # verified | secondary
    source_url: Mapped[str | None] = mapped_column(String(500))
    checked_on: Mapped[date | None]
    check_note: Mapped[str | None] = mapped_column(String(300))
    # Where the record came from, so a reload of the curated files never overwrites a newer partner edit.
    origin: Mapped[str] = mapped_column(String(20), default="curated")  # curated | partner
    loaded_hash: Mapped[str | None] = mapped_column(String(64))
    partner_edited_at: Mapped[datetime | None]
    # When anything the open data feed shows about the service last changed (its `last_modified` and
    # `modified_after`): set by the loader, the CSV import and partner edits (naive UTC).
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Optimistic concurrency: every UPDATE of the row adds one and checks the value it read (StaleDataError
    # if another transaction got there first); edit forms, change requests and CSV rows carry the version
    # they started from (see signpost/listings/merge.py).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    crime_types: Mapped[list[CrimeType]] = relationship(secondary=service_crime_type)
    phones: Mapped[list[Phone]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Phone.position"
    )
    opening_hours: Mapped[list[OpeningHours]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="(OpeningHours.weekday, OpeningHours.opens)"
    )
    exceptions: Mapped[list[ScheduleException]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ScheduleException.day"
    )
    locations: Mapped[list[Location]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Location.position"
    )
    areas: Mapped[list[ServiceArea]] = relationship(back_populates="service", cascade="all, delete-orphan")


class Phone(Base):
    __tablename__ = "phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # voice | text | textphone
    number: Mapped[str] = mapped_column(String(40))  # as shown: "0808 168 9111"
    dial: Mapped[str] = mapped_column(String(40))  # for tel:/sms: links: "08081689111"
    note: Mapped[str | None] = mapped_column(String(200))
    note_cy: Mapped[str | None] = mapped_column(String(200))  # Welsh, for /cy/ pages (None: the English)
    keyword: Mapped[str | None] = mapped_column(String(40))  # text lines: the word to send
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    service: Mapped[Service] = relationship(back_populates="phones")


class OpeningHours(Base):
    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday
    opens: Mapped[time]
    closes: Mapped[time]  # at or before `opens` means the session runs past midnight

    service: Mapped[Service] = relationship(back_populates="opening_hours")


class ScheduleException(Base):
    """A one-off change to the weekly hours: a closure, or different hours on one day."""

    __tablename__ = "schedule_exception"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    opens: Mapped[time | None]
    closes: Mapped[time | None]
    note: Mapped[str | None] = mapped_column(String(200))

    service: Mapped[Service] = relationship(back_populates="exceptions")


class Location(Base):
    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(8))  # the organisation's address, not a victim's
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)  # never show the address (refuges)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    service: Mapped[Service] = relationship(back_populates="locations")


class ServiceArea(Base):
    """Where a service helps. `kind` is uk, nation, police_force_area, local_authority, postcode_district or radius."""

    __tablename__ = "service_area"
    __table_args__ = (Index("ix_service_area_kind_code", "kind", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(20))
    # For radius areas: the centre (a location of the service). The index files circles by grid cell itself.
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    radius_miles: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    service: Mapped[Service] = relationship(back_populates="areas")
