"""Change requests (điều chỉnh đề án) on approved projects, and who must decide each kind."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.db import UTCDateTime
from projects.db import Base


class ChangeKind(StrEnum):
    BUDGET = "budget"
    CONTENT = "content"
    SCHEDULE = "schedule"
    BENEFICIARY = "beneficiary"
    LOCATION = "location"


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ChangeRule(Base):
    """Which level must decide a change: by kind, direction (a budget `increase` or `decrease`;
    `any` otherwise) and the project's level. Data, seeded by migration 0004."""

    __tablename__ = "change_rules"
    __table_args__ = ({"info": {"reference": True}},)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    direction: Mapped[str] = mapped_column(String(10), primary_key=True)
    project_level: Mapped[str] = mapped_column(String(20), primary_key=True)
    approver: Mapped[str] = mapped_column(String(40))
    approver_name: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(String(200))


class ChangeRequest(Base):
    __tablename__ = "change_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        UniqueConstraint("project_id", "number"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    # the project's values the change replaced, kept when it is applied
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    approver: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=ChangeStatus.PENDING.value)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision_number: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per project
