from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kc_common.schemas import InputModel as In
from kc_common.schemas import PastDate
from projects.plans.models import PlanAction, PlanStatus
from projects.projects.models import ProjectStatus
from projects.projects.schemas import FundingSource, Level, Short, Timestamp, Title


class PlanCreate(In):
    fiscal_year: int = Field(ge=2000, le=2100)
    level: Level
    title: Title


class PlanItemIn(In):
    project_id: uuid.UUID


class PlanApprovalIn(In):
    decision_number: Short
    decision_date: PastDate = Field(
        description="The decision's date: the document date of every project it approves"
    )
    funding_source: FundingSource


class PlanItemOut(BaseModel):
    project_id: uuid.UUID
    code: str
    title: str
    category: str
    activity_type: str
    status: ProjectStatus = Field(description="The project's status")
    score: int | None = Field(description="The appraisal score")
    recommended_support_vnd: int
    rank: int = Field(description="1 = the highest appraisal score (ties: by code)")
    added_in_version: int
    approved_in_version: int | None
    commitment_id: uuid.UUID | None


class PlanLineOut(BaseModel):
    """Planned against allocated on one category × funding source line of the plan's year.
    `allocated_vnd`, `available_vnd` and `fits` are null when budget-service could not say."""

    category: str
    funding_source: FundingSource
    planned_vnd: int = Field(description="The recommended support of the plan's items")
    to_commit_vnd: int = Field(description="The part not yet committed (items not approved)")
    allocated_vnd: int | None
    available_vnd: int | None = Field(description="allocated − committed on the line now")
    fits: bool | None = Field(description="to_commit_vnd ≤ available_vnd")


class PlanDecisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    decision_number: str
    decision_date: date
    funding_source: FundingSource
    projects: int
    approved_vnd: int
    approved_by: str
    approved_at: Timestamp


class PlanSummary(BaseModel):
    # the fields with defaults are always sent: required in the published schema
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )

    id: uuid.UUID
    fiscal_year: int
    level: Level
    title: str
    status: PlanStatus
    version: int
    decision_number: str | None
    decision_date: date | None
    funding_source: FundingSource | None
    pending_saga: str | None = Field(description="`approve` while the approval is under way")
    created_at: Timestamp
    updated_at: Timestamp
    allowed_actions: list[PlanAction] = Field(
        default_factory=list, description="The steps this caller may take on the plan now"
    )


class PlanListItem(PlanSummary):
    item_count: int = 0
    planned_vnd: int = 0


class PlanOut(PlanSummary):
    items: list[PlanItemOut]
    by_category: list[PlanLineOut]
    decisions: list[PlanDecisionOut] = Field(description="One per approved version")
    warnings: list[str] = Field(default_factory=list)
