"""Commitments and their disbursements, with running totals guarded by CHECK constraints.

On a commitment: `amount_vnd` is what was committed at first; releases move money from
`committed_vnd` to `released_vnd` (so committed + released = amount); `disbursed_vnd` is paid out
net of recoveries and never exceeds `committed_vnd`; `advanced_vnd` is the advance part of it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from budget.db import UUID_STR, Base
from kc_common.db import new_id
from kc_common.localtime import utcnow


class Commitment(Base):
    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint("amount_vnd > 0", name="amount_positive"),
        CheckConstraint("committed_vnd + released_vnd = amount_vnd", name="released_adds_up"),
        CheckConstraint("released_vnd >= 0", name="released_non_negative"),
        CheckConstraint("disbursed_vnd >= 0", name="disbursed_non_negative"),
        CheckConstraint("disbursed_vnd <= committed_vnd", name="disbursed_within_committed"),
        CheckConstraint("advanced_vnd >= 0", name="advanced_non_negative"),
        CheckConstraint("advanced_vnd <= disbursed_vnd", name="advanced_within_disbursed"),
        CheckConstraint(
            "advance_cap_percent >= 0 AND advance_cap_percent <= 100", name="cap_percent"
        ),
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        ForeignKeyConstraint(
            ["fiscal_year", "category", "funding_source"],
            [
                "allocation_lines.fiscal_year",
                "allocation_lines.category",
                "allocation_lines.funding_source",
            ],
            name="fk_commitments_allocation_line",
        ),
        Index("ix_commitments_line", "fiscal_year", "category", "funding_source"),
    )

    id: Mapped[str] = mapped_column(UUID_STR, primary_key=True, default=lambda: str(new_id()))
    # None: money not tied to a project (program management costs)
    project_id: Mapped[str | None] = mapped_column(UUID_STR, index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    funding_source: Mapped[str] = mapped_column(String(20))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    committed_vnd: Mapped[int] = mapped_column(BigInteger)
    released_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    disbursed_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    advanced_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    advance_cap_percent: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")
    document_date: Mapped[date] = mapped_column(Date)  # the approval decision's date
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class Disbursement(Base):
    __tablename__ = "disbursements"
    __table_args__ = (
        CheckConstraint("amount_vnd > 0", name="amount_positive"),
        CheckConstraint("kind IN ('advance', 'final')", name="kind"),
    )

    id: Mapped[str] = mapped_column(UUID_STR, primary_key=True, default=lambda: str(new_id()))
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitments.id"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(200), default="")
    document_date: Mapped[date] = mapped_column(Date)  # the voucher's date
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
