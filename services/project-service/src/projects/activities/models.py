"""Reference data: the nine categories of Decree 45 Art. 4, activity types, support policies.

Support policies are data, per program and activity type, with validity dates: provinces set their
own levels. A row with `program_code` NULL is the national default.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from projects.db import Base


class Category(Base):
    __tablename__ = "categories"
    __table_args__ = ({"info": {"reference": True}},)

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class ActivityType(Base):
    __tablename__ = "activity_types"
    __table_args__ = ({"info": {"reference": True}},)

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    category_code: Mapped[str] = mapped_column(ForeignKey("categories.code"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class SupportPolicy(Base):
    __tablename__ = "support_policies"
    __table_args__ = ({"info": {"reference": True}},)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    program_code: Mapped[str | None] = mapped_column(String(40), index=True)
    activity_type: Mapped[str] = mapped_column(ForeignKey("activity_types.code"), index=True)
    max_percent: Mapped[int | None] = mapped_column(Integer)
    max_vnd: Mapped[int | None] = mapped_column(BigInteger)
    advance_cap_percent: Mapped[int] = mapped_column(Integer, default=70)
    # advances only once the latest progress report says more than this (cluster
    # infrastructure: half of the work); None: from the approval on
    advance_min_percent_complete: Mapped[int | None] = mapped_column(Integer)
    legal_basis: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)


class PriorityArea(Base):
    """An administrative unit a program marks as a priority area: projects located there may get
    up to `uplift_percent` of the normal support level (at most 150: 1.5×). Kept by the
    program's administrators (no public endpoint yet), matched on the project's own
    `admin_unit_code`."""

    __tablename__ = "priority_areas"
    __table_args__ = (
        CheckConstraint("uplift_percent >= 100 AND uplift_percent <= 150", name="uplift"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    program_code: Mapped[str | None] = mapped_column(String(40), index=True)
    admin_unit_code: Mapped[str] = mapped_column(String(20), index=True)
    uplift_percent: Mapped[int] = mapped_column(Integer)
    legal_basis: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
