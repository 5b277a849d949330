from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from budget.db import UUID_STR, Base
from kc_common.db import new_id
from kc_common.localtime import utcnow


class Program(Base):
    """A khuyến công program (e.g. Binh Duong 2016–2020); it owns the fiscal years it covers."""

    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint("start_year <= end_year", name="year_range"),
        CheckConstraint("advance_cap_percent >= 0 AND advance_cap_percent <= 100", name="cap"),
        CheckConstraint("planned_annual_vnd >= 0", name="planned_non_negative"),
    )

    id: Mapped[str] = mapped_column(UUID_STR, primary_key=True, default=lambda: str(new_id()))
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    planned_annual_vnd: Mapped[int] = mapped_column(BigInteger)
    advance_cap_percent: Mapped[int] = mapped_column(Integer, default=70)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class ProgramYear(Base):
    """One row per fiscal year a program covers: the primary key makes overlaps impossible."""

    __tablename__ = "program_years"

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    program_id: Mapped[str] = mapped_column(ForeignKey("programs.id"), index=True)
