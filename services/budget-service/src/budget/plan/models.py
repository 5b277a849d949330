"""The year plan: appropriations per year × source, allocation lines per year × category × source.

`source_budgets` and `allocation_lines` hold running totals (derived state). The money limits are
CHECK constraints on them, so no code path can store an over-allocated or over-committed total.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from budget.db import UUID_STR, Base
from kc_common.db import new_id
from kc_common.localtime import utcnow


class SourceBudget(Base):
    __tablename__ = "source_budgets"
    __table_args__ = (
        CheckConstraint("allocated_vnd >= 0", name="allocated_non_negative"),
        CheckConstraint("allocated_vnd <= appropriated_vnd", name="allocated_within_appropriated"),
        CheckConstraint("carried_in_vnd >= 0 AND carried_out_vnd >= 0", name="carry_non_negative"),
    )

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    funding_source: Mapped[str] = mapped_column(String(20), primary_key=True)
    appropriated_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    allocated_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    carried_in_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    carried_out_vnd: Mapped[int] = mapped_column(BigInteger, default=0)


class Appropriation(Base):
    """One appropriation decision; several decisions per year × source add up."""

    __tablename__ = "appropriations"
    __table_args__ = (CheckConstraint("amount_vnd > 0", name="amount_positive"),)

    id: Mapped[str] = mapped_column(UUID_STR, primary_key=True, default=lambda: str(new_id()))
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    funding_source: Mapped[str] = mapped_column(String(20))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    decision_number: Mapped[str] = mapped_column(String(100))
    document_date: Mapped[date] = mapped_column(Date)  # the decision's date
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class AllocationLine(Base):
    __tablename__ = "allocation_lines"
    __table_args__ = (
        CheckConstraint("disbursed_vnd >= 0", name="disbursed_non_negative"),
        CheckConstraint("disbursed_vnd <= committed_vnd", name="disbursed_within_committed"),
        CheckConstraint("committed_vnd <= allocated_vnd", name="committed_within_allocated"),
        CheckConstraint("carried_in_vnd >= 0 AND carried_out_vnd >= 0", name="carry_non_negative"),
        CheckConstraint(
            "direct_committed_vnd >= 0 AND direct_committed_vnd <= committed_vnd",
            name="direct_within_committed",
        ),
    )

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    funding_source: Mapped[str] = mapped_column(String(20), primary_key=True)
    allocated_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    committed_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    # the part of committed_vnd not tied to a project (the managing agency's own costs): in
    # `program_management` it may not pass 1.5% of the year's allocation (commitments.repository)
    direct_committed_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    disbursed_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    carried_in_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    carried_out_vnd: Mapped[int] = mapped_column(BigInteger, default=0)


class CarryOver(Base):
    """The once-per-year carry-over of unspent money into the next year (the PK makes it once)."""

    __tablename__ = "carry_overs"
    __table_args__ = (CheckConstraint("amount_vnd >= 0", name="amount_non_negative"),)

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    to_year: Mapped[int] = mapped_column(Integer)
    amount_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
