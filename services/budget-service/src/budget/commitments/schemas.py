from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from budget.common import (
    Category,
    FiscalYear,
    FundingSource,
    InModel,
    UtcDatetime,
)
from kc_common.schemas import DocumentDate, MultilineText, PositiveVnd, Vnd


class CommitmentStatus(StrEnum):
    open = "open"
    closed = "closed"


class DisbursementKind(StrEnum):
    advance = "advance"
    final = "final"


class CommitmentIn(InModel):
    project_id: uuid.UUID | None = Field(
        default=None,
        description="The project the money is for, or none for money not tied to a project "
        "(program management costs). Money tied to a project is committed, paid, released and "
        "recovered only by project-service (403 `budget.use_project_workflow` for anyone else).",
    )
    fiscal_year: FiscalYear
    category: Category
    funding_source: FundingSource
    amount_vnd: PositiveVnd
    document_date: DocumentDate = None


class CommitmentOut(BaseModel):
    id: str
    project_id: str | None = Field(description="null: money not tied to a project")
    fiscal_year: int
    category: Category
    funding_source: FundingSource
    amount_vnd: int = Field(description="Committed at first")
    committed_vnd: int = Field(description="Still committed: amount − released")
    released_vnd: int
    disbursed_vnd: int = Field(description="Paid out, net of recoveries")
    advanced_vnd: int = Field(description="The advance part of disbursed_vnd")
    remaining_vnd: int = Field(description="committed − disbursed: what may still be paid")
    advance_cap_percent: int
    status: CommitmentStatus
    document_date: date = Field(description="The date of the decision that committed the money")
    created_at: UtcDatetime
    updated_at: UtcDatetime


class CommitmentBatchIn(InModel):
    """Several commitments made together, all or none (an annual plan's approval)."""

    commitments: list[CommitmentIn] = Field(min_length=1, max_length=500)


class CommitmentBatchOut(BaseModel):
    items: list[CommitmentOut] = Field(description="In the order they were asked for")


class ShortLine(BaseModel):
    """An allocation line a batch asked more of than it has left."""

    fiscal_year: int
    category: Category
    funding_source: FundingSource
    requested_vnd: int = Field(description="What the batch asked of the line")
    available_vnd: int = Field(description="allocated − committed on the line when refused")


class ReleaseIn(InModel):
    amount_vnd: Vnd = Field(description="0 only to close a commitment with nothing left to pay")
    reason: MultilineText = Field(min_length=1, max_length=2000)
    document_date: DocumentDate = None


class RecoveryIn(InModel):
    amount_vnd: PositiveVnd
    reason: MultilineText = Field(min_length=1, max_length=2000)
    reference: str = Field(default="", max_length=200)
    document_date: DocumentDate = None


class DisbursementIn(InModel):
    commitment_id: uuid.UUID
    amount_vnd: PositiveVnd
    kind: DisbursementKind
    reference: str = Field(default="", max_length=200, description="The voucher's number")
    document_date: DocumentDate = None


class DisbursementOut(BaseModel):
    id: str
    commitment_id: str
    amount_vnd: int
    kind: DisbursementKind
    reference: str
    document_date: date
    created_at: UtcDatetime
    commitment: CommitmentOut
