"""Annual plans (kế hoạch khuyến công năm): the appraised projects of a year and level that are
approved together, all or none, by one decision."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.auth import PROGRAM_MANAGER, PROGRAM_OFFICER
from kc_common.db import UTCDateTime
from kc_common.localtime import utcnow
from projects.db import Base


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"


class PlanAction(StrEnum):
    """A step on a plan, named by its endpoint's last path segment (`POST /plans/{id}/<action>`;
    `items` also stands for removing an item); PlanOut.allowed_actions lists them."""

    ITEMS = "items"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVAL = "approval"
    REVISIONS = "revisions"


@dataclass(frozen=True)
class PlanTransition:
    statuses: tuple[str, ...]
    roles: tuple[str, ...]


EDITORS = (PROGRAM_OFFICER, PROGRAM_MANAGER)
S = PlanStatus
PLAN_TRANSITIONS: dict[PlanAction, PlanTransition] = {
    PlanAction.ITEMS: PlanTransition((S.DRAFT,), EDITORS),
    PlanAction.SUBMIT: PlanTransition((S.DRAFT,), EDITORS),
    PlanAction.RETURN: PlanTransition((S.SUBMITTED,), EDITORS),
    PlanAction.APPROVAL: PlanTransition((S.SUBMITTED,), (PROGRAM_MANAGER,)),
    PlanAction.REVISIONS: PlanTransition((S.APPROVED,), EDITORS),
}
del S


class Plan(Base):
    __tablename__ = "annual_plans"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "level"),  # one plan per year and level
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("status IN ('draft', 'submitted', 'approved')", name="status_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # the current version's decision (None until it is approved)
    decision_number: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[date | None] = mapped_column(Date)
    funding_source: Mapped[str | None] = mapped_column(String(20))
    # the approval saga while it runs: see plans/flows.py
    pending_saga: Mapped[str | None] = mapped_column(String(20), index=True)
    pending_payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    pending_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanItem(Base):
    """A project in a plan; a project is in one plan at most (the unique project_id)."""

    __tablename__ = "annual_plan_items"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("annual_plans.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    added_in_version: Mapped[int] = mapped_column(Integer)
    approved_in_version: Mapped[int | None] = mapped_column(Integer)
    commitment_id: Mapped[uuid.UUID | None] = mapped_column()
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanDecision(Base):
    """The decision that approved a version of a plan."""

    __tablename__ = "annual_plan_decisions"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("annual_plans.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[date] = mapped_column(Date)
    funding_source: Mapped[str] = mapped_column(String(20))
    projects: Mapped[int] = mapped_column(Integer)  # approved by this version
    approved_vnd: Mapped[int] = mapped_column(BigInteger)  # committed by this version
    client_key: Mapped[str | None] = mapped_column(String(200))
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
