from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SkipValidation, model_validator
from pydantic_core import PydanticCustomError

from kc_common.schemas import InputModel, PastDate, PositiveVnd, Vnd
from projects.changes.models import ChangeKind, ChangeStatus
from projects.projects.schemas import Kpis, Short, Text, Timestamp, Title

AdminUnitCode = Annotated[str, Field(pattern=r"^\d{2,5}$")]


class _Changes(InputModel):
    @model_validator(mode="after")
    def _something(self) -> _Changes:
        if not self.model_dump(exclude_none=True):
            raise PydanticCustomError("project.change_empty", "nothing to change")
        return self


class BudgetChange(_Changes):
    """A new approved support amount: more raises the commitment, less releases money; with
    the project's new total cost and counterpart when those changed too (the policy's limit is
    then taken on the new total)."""

    approved_support_vnd: PositiveVnd
    total_cost_vnd: PositiveVnd | None = None
    counterpart_vnd: Vnd | None = None


class ContentChange(_Changes):
    """New objectives, outcomes, title or planned KPIs (at least one)."""

    title: Title | None = None
    objectives: Text | None = None
    expected_outcomes: Text | None = None
    planned_kpis: Kpis | None = None


class ScheduleChange(_Changes):
    """New start and/or end date."""

    start_on: date | None = None
    end_on: date | None = None


class BeneficiaryChange(_Changes):
    """Another beneficiary, checked with the registry as at creation (exists and active)."""

    beneficiary_enterprise_id: uuid.UUID


class LocationChange(_Changes):
    """Another place: a commune (or district) code, as at creation."""

    admin_unit_code: AdminUnitCode


CHANGE_MODELS: dict[ChangeKind, type[_Changes]] = {
    ChangeKind.BUDGET: BudgetChange,
    ChangeKind.CONTENT: ContentChange,
    ChangeKind.SCHEDULE: ScheduleChange,
    ChangeKind.BENEFICIARY: BeneficiaryChange,
    ChangeKind.LOCATION: LocationChange,
}


AnyChange = BudgetChange | ContentChange | ScheduleChange | BeneficiaryChange | LocationChange


class ChangeRequestIn(InputModel):
    kind: ChangeKind
    reason: Text
    # Published as the union of the kinds' models; validated by the service against the model
    # of `kind`, so that an error names `changes.<field>`.
    changes: SkipValidation[AnyChange] = Field(
        description="By kind: budget {approved_support_vnd}; content {title, objectives, "
        "expected_outcomes, planned_kpis}; schedule {start_on, end_on}; beneficiary "
        "{beneficiary_enterprise_id}; location {admin_unit_code}"
    )


class DecisionIn(InputModel):
    approved: bool
    decision_number: Short | None = Field(
        default=None, description="Required for an approval: the decision's number"
    )
    decision_date: PastDate | None = Field(
        default=None, description="Required for an approval; the history's document date"
    )
    note: Text | None = None


class ChangeRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    project_id: uuid.UUID
    number: int
    kind: ChangeKind
    reason: str
    changes: dict[str, Any]
    previous: dict[str, Any] | None = Field(description="The values an approved change replaced")
    approver: str = Field(
        description="The level that must decide it: ministry, department, provincial_committee "
        "or doit (data: by kind, direction and project level)"
    )
    status: ChangeStatus
    requested_by: str
    requested_at: Timestamp
    decision_number: str | None
    decision_date: date | None
    note: str | None
    decided_by: str | None
    decided_at: Timestamp | None
