"""Projects (đề án khuyến công), their history, progress reports and money steps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.auth import ENTERPRISE, FINANCE_OFFICER, PROGRAM_MANAGER, PROGRAM_OFFICER
from kc_common.db import SORT_KEY, UTCDateTime
from kc_common.localtime import utcnow
from projects.db import Base


class ProjectStatus(StrEnum):
    """Where a project stands in its life; published as an enum in the OpenAPI."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPRAISED = "appraised"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    ACCEPTED = "accepted"
    SETTLED = "settled"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


STATUSES = tuple(s.value for s in ProjectStatus)


@dataclass(frozen=True)
class Transition:
    """A step a project may take: the statuses it is taken from and the user roles that take
    it. The routes admit callers by `roles`; the service checks `statuses` (409 otherwise)."""

    statuses: tuple[str, ...]
    roles: tuple[str, ...]


class ProjectAction(StrEnum):
    """A transition, named by its endpoint's last path segment (`POST /projects/{id}/<action>`);
    ProjectOut.allowed_actions lists them."""

    SUBMIT = "submit"
    APPRAISAL = "appraisal"
    APPROVAL = "approval"
    REJECTION = "rejection"
    START = "start"
    PROGRESS_REPORTS = "progress-reports"
    ADVANCES = "advances"
    ACCEPTANCE = "acceptance"
    SETTLEMENT = "settlement"
    CANCELLATION = "cancellation"


S = ProjectStatus
TRANSITIONS: dict[ProjectAction, Transition] = {
    ProjectAction.SUBMIT: Transition((S.DRAFT,), (PROGRAM_OFFICER, ENTERPRISE)),
    ProjectAction.APPRAISAL: Transition((S.SUBMITTED, S.APPRAISED), (PROGRAM_OFFICER,)),
    ProjectAction.APPROVAL: Transition((S.APPRAISED,), (PROGRAM_MANAGER,)),
    ProjectAction.REJECTION: Transition((S.SUBMITTED, S.APPRAISED), (PROGRAM_MANAGER,)),
    ProjectAction.START: Transition((S.APPROVED,), (PROGRAM_OFFICER,)),
    ProjectAction.PROGRESS_REPORTS: Transition((S.IN_PROGRESS,), (PROGRAM_OFFICER,)),
    ProjectAction.ADVANCES: Transition((S.APPROVED, S.IN_PROGRESS), (FINANCE_OFFICER,)),
    ProjectAction.ACCEPTANCE: Transition((S.IN_PROGRESS,), (PROGRAM_OFFICER,)),
    ProjectAction.SETTLEMENT: Transition((S.ACCEPTED,), (FINANCE_OFFICER,)),
    ProjectAction.CANCELLATION: Transition(
        (S.DRAFT, S.SUBMITTED, S.APPRAISED, S.APPROVED, S.IN_PROGRESS), (PROGRAM_MANAGER,)
    ),
}
del S


class CodeCounter(Base):
    """The last project number used per fiscal year: `KC-YYYY-NNNN` without gaps or duplicates."""

    __tablename__ = "project_code_counters"

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    program_code: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    search_text: Mapped[str] = mapped_column(String(600), index=True)  # folded code + title
    # "by title" sorts by this: kc_common.text.sort_key(title), Vietnamese order in code points
    title_key: Mapped[str] = mapped_column(SORT_KEY, index=True)
    activity_type: Mapped[str] = mapped_column(String(60), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    level: Mapped[str] = mapped_column(String(20))
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    implementing_unit: Mapped[str] = mapped_column(String(300))
    beneficiary_enterprise_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    craft_village_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    admin_unit_code: Mapped[str | None] = mapped_column(String(20), index=True)
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    total_cost_vnd: Mapped[int] = mapped_column(BigInteger)
    requested_support_vnd: Mapped[int] = mapped_column(BigInteger)
    counterpart_vnd: Mapped[int] = mapped_column(BigInteger)
    objectives: Mapped[str | None] = mapped_column(Text)
    expected_outcomes: Mapped[str | None] = mapped_column(Text)
    planned_kpis: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the detailed cost estimate (Form 1): [{item, unit, quantity, unit_price_vnd, support_vnd,
    # counterpart_vnd, is_management}], None when not given
    cost_lines: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    actual_kpis: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")

    appraisal_score: Mapped[int | None] = mapped_column(Integer)
    recommended_support_vnd: Mapped[int | None] = mapped_column(BigInteger)
    decision_number: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[date | None] = mapped_column(Date)
    funding_source: Mapped[str | None] = mapped_column(String(20))
    approved_support_vnd: Mapped[int | None] = mapped_column(BigInteger)
    commitment_id: Mapped[uuid.UUID | None] = mapped_column()
    percent_complete: Mapped[int] = mapped_column(Integer, default=0)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    acceptance_record_number: Mapped[str | None] = mapped_column(String(100))
    accepted_support_vnd: Mapped[int | None] = mapped_column(BigInteger)
    advanced_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    disbursed_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    recovered_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    released_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    settled_on: Mapped[date | None] = mapped_column(Date)

    # A money step (saga) that was started and not yet finished: approve, advance, settle, cancel.
    pending_saga: Mapped[str | None] = mapped_column(String(20), index=True)
    pending_payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    pending_since: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProjectEvent(Base):
    """The history: every transition with actor, time, document date, from/to status and
    payload."""

    __tablename__ = "project_events"
    __table_args__ = (UniqueConstraint("project_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # the date of the document behind the step (decision, minutes, voucher), beside `at`
    document_date: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    actor_sub: Mapped[str] = mapped_column(String(200))
    actor_username: Mapped[str | None] = mapped_column(String(200))
    actor_role: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))


class ProgressReport(Base):
    __tablename__ = "progress_reports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(20))
    percent_complete: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    kpis: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reported_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Payment(Base):
    """Money moved for the project in budget-service: advance, final, recovery, release."""

    __tablename__ = "project_payments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str | None] = mapped_column(String(200))
    budget_entry_id: Mapped[str | None] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
