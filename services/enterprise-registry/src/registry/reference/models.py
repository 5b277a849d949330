"""Reference tables, seeded by migrations and kept by the tests (`info={"reference": True}`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base

# Units whose start is not recorded carry this valid_from; the API shows it as null.
RECORDS_BEGIN = date(1900, 1, 1)


class AdminUnit(Base):
    """An administrative unit as it stood over [valid_from, valid_to].

    A code alone is not unique across time (25747 was Phường Phú Cường, then Phường Thủ Dầu Một
    from 2025-07-01), so a row is keyed by (code, valid_from). A renaming (town → city) is a new
    row with the same code.
    """

    __tablename__ = "admin_units"
    __table_args__ = ({"info": {"reference": True}},)

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    valid_from: Mapped[date] = mapped_column(Date, primary_key=True)
    valid_to: Mapped[date | None] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))  # province | district | commune
    parent_code: Mapped[str | None] = mapped_column(String(10))
    successor_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(String(500))


class Sector(Base):
    """VSIC 2018: sections (a letter) and divisions (two digits)."""

    __tablename__ = "sectors"
    __table_args__ = ({"info": {"reference": True}},)

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(16))  # section | division
    section_code: Mapped[str] = mapped_column(String(1))
