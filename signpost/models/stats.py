"""Aggregate search counts: the only record of searches we keep (day x crime type x police force area)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from signpost.models.base import Base


class SearchCount(Base):
    __tablename__ = "search_count"

    day: Mapped[date] = mapped_column(primary_key=True)
    crime_type_slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    pfa_code: Mapped[str] = mapped_column(String(9), primary_key=True)  # "unknown" when no area was given
    count: Mapped[int] = mapped_column(Integer, default=0)


class DatasetFile(Base):
    """Which version of each reference file is loaded, so an unchanged file is not reloaded."""

    __tablename__ = "dataset_file"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))


class DirectoryVersion(Base):
    """Version numbers changed whenever what pages show changes, one row per part of the data (1 the
    directory, 2 geography, 3 reference data), so each process knows when its in-memory caches are out
    of date (see signpost.data_version)."""

    __tablename__ = "directory_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
