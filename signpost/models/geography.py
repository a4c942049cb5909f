"""Reference geography: police force areas, local authorities, postcode districts, sectors and postcodes.

These tables hold public reference data (ONS, OS Code-Point Open), never a victim's postcode.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from signpost.models.base import Base


class PoliceForce(Base):
    __tablename__ = "police_force"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)  # police force area code, e.g. E23000020
    name: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str | None] = mapped_column(String(120))  # Welsh (Heddlu De Cymru), for /cy/ pages
    nation: Mapped[str] = mapped_column(String(20))
    website: Mapped[str | None] = mapped_column(String(300))
    report_online_url: Mapped[str | None] = mapped_column(String(300))
    police_uk_id: Mapped[str | None] = mapped_column(String(60))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    source_url: Mapped[str | None] = mapped_column(String(500))
    checked_on: Mapped[date | None]
    verification: Mapped[str | None] = mapped_column(String(20))


class LocalAuthority(Base):
    __tablename__ = "local_authority"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    country_code: Mapped[str] = mapped_column(String(9))
    pfa_code: Mapped[str] = mapped_column(String(9))


class PostcodeDistrict(Base):
    __tablename__ = "postcode_district"

    outcode: Mapped[str] = mapped_column(String(4), primary_key=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20))  # live | non_geographic | terminated
    post_town: Mapped[str | None] = mapped_column(String(80))
    country_code: Mapped[str | None] = mapped_column(String(9))
    lad_code: Mapped[str | None] = mapped_column(String(9))
    lad_name: Mapped[str | None] = mapped_column(String(120))
    pfa_code: Mapped[str | None] = mapped_column(String(9))
    pfa_share: Mapped[float | None] = mapped_column(Float)
    other_pfas: Mapped[str | None] = mapped_column(String(200))  # "E23000001:0.394;..." minority forces


class PostcodeSector(Base):
    __tablename__ = "postcode_sector"

    sector: Mapped[str] = mapped_column(String(6), primary_key=True)  # "LN1 3"
    outcode: Mapped[str] = mapped_column(String(4), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(9))
    lad_code: Mapped[str | None] = mapped_column(String(9))
    lad_name: Mapped[str | None] = mapped_column(String(120))
    pfa_code: Mapped[str | None] = mapped_column(String(9))
    pfa_share: Mapped[float | None] = mapped_column(Float)
    other_pfas: Mapped[str | None] = mapped_column(String(200))


class Postcode(Base):
    """Optional full-postcode table, filled by `flask geo import`."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # "LN1 3AA"
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(9))
    lad_code: Mapped[str | None] = mapped_column(String(9))
    pfa_code: Mapped[str | None] = mapped_column(String(9))
