from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kc_common.localtime import as_utc
from kc_common.schemas import (
    DocumentDate,
    InputModel,
    MultilineText,
    PastDate,
    PositiveVnd,
    Vnd,
)
from projects.kpis.schemas import KpiRollup
from projects.projects.models import ProjectAction, ProjectStatus

# Free text that may span lines: objectives, outcomes, notes, reasons.
Text = Annotated[MultilineText, StringConstraints(min_length=1, max_length=5000)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(min_length=3, max_length=500)]
KpiName = Annotated[str, StringConstraints(min_length=1, max_length=60)]
# Numbers only: "12" is refused rather than read as 12.0 (strict, like the money fields).
# Bounded like money (kc_common MAX_VND): the program's figures add every project's numbers up,
# and one absurd value (1.7e308 twice is infinity; 10**400 is no figure) broke them for everyone.
MAX_KPI = 10**15
KpiNumber = (
    Annotated[int, Field(strict=True, ge=0, le=MAX_KPI)]
    | Annotated[float, Field(strict=True, ge=0, le=MAX_KPI, allow_inf_nan=False)]
)


class BaselineResult(InputModel):
    """A cleaner-production amount per year before (`baseline`) and after (`result`) the project;
    the saving is computed from the two."""

    baseline: KpiNumber
    result: KpiNumber


# Keys are codes from GET /kpis (checked against the catalogue by the service): a number, or for
# `baseline_result` indicators `{"baseline": n, "result": n}`.
Kpis = dict[KpiName, KpiNumber | BaselineResult]
Percent = Annotated[int, Field(strict=True, ge=0, le=100)]
Level = Literal["local", "national"]
FundingSource = Literal["local", "national", "other"]


# `+00:00`, as the API always wrote it (pydantic's own serializer writes `Z`)
Timestamp = Annotated[datetime, PlainSerializer(lambda v: as_utc(v).isoformat(), return_type=str)]


class _In(InputModel):
    """Unknown fields and control, bidi and zero-width characters (nested KPIs too) are refused."""


Quantity = (
    Annotated[int, Field(strict=True, gt=0, le=10**9)]
    | Annotated[float, Field(strict=True, gt=0, le=10**9, allow_inf_nan=False)]
)


class CostLine(_In):
    """A line of the detailed cost estimate (Form 1). `quantity` × `unit_price_vnd` must come to
    whole đồng; `is_management` marks the implementing unit's management cost (capped)."""

    item: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    quantity: Quantity = Field(description="At most two decimals, e.g. 2.5 (months)")
    unit_price_vnd: Vnd
    support_vnd: Vnd = 0
    counterpart_vnd: Vnd = 0
    is_management: bool = False

    @field_validator("quantity")
    @classmethod
    def _two_decimals(cls, value: int | float) -> int | float:
        if isinstance(value, float) and round(value, 2) != value:
            raise PydanticCustomError("project.quantity_decimals", "at most two decimals")
        return value


CostLines = Annotated[list[CostLine], Field(min_length=1, max_length=300)]


class ProjectFields(_In):
    title: Title
    activity_type: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    level: Level = "local"
    fiscal_year: Annotated[int, Field(ge=2000, le=2100)]
    program_code: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    implementing_unit: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    beneficiary_enterprise_id: uuid.UUID | None = None
    craft_village_id: uuid.UUID | None = None
    admin_unit_code: Annotated[str, StringConstraints(pattern=r"^\d{2,5}$")] | None = None
    start_on: date | None = None
    end_on: date | None = None
    total_cost_vnd: PositiveVnd
    requested_support_vnd: Vnd
    counterpart_vnd: Vnd = 0
    objectives: Text | None = None
    expected_outcomes: Text | None = None
    planned_kpis: Kpis = Field(default_factory=dict)
    cost_lines: CostLines | None = Field(
        default=None,
        description="The detailed cost estimate (Form 1); when given, its sums must equal "
        "total_cost_vnd, requested_support_vnd and counterpart_vnd",
    )

    @model_validator(mode="after")
    def _dates(self) -> ProjectFields:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise PydanticCustomError(
                "project.end_before_start", "end_on must not be before start_on"
            )
        return self


class ProjectCreate(ProjectFields):
    document_date: DocumentDate = Field(
        default=None, description="The proposal's date; the day it is recorded if not given"
    )


class ProjectUpdate(_In):
    """Partial update of a draft; the merged project is validated as a whole."""

    title: Title | None = None
    activity_type: Annotated[str, StringConstraints(min_length=1, max_length=60)] | None = None
    level: Level | None = None
    fiscal_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    program_code: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    implementing_unit: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    beneficiary_enterprise_id: uuid.UUID | None = None
    craft_village_id: uuid.UUID | None = None
    admin_unit_code: Annotated[str, StringConstraints(pattern=r"^\d{2,5}$")] | None = None
    start_on: date | None = None
    end_on: date | None = None
    total_cost_vnd: PositiveVnd | None = None
    requested_support_vnd: Vnd | None = None
    counterpart_vnd: Vnd | None = None
    objectives: Text | None = None
    expected_outcomes: Text | None = None
    planned_kpis: Kpis | None = None
    cost_lines: CostLines | None = None

    @field_validator(
        "title",
        "activity_type",
        "level",
        "fiscal_year",
        "implementing_unit",
        "total_cost_vnd",
        "requested_support_vnd",
        "counterpart_vnd",
        "planned_kpis",
    )
    @classmethod
    def _no_nulls_for_required(cls, value: Any, info: ValidationInfo) -> Any:
        # Runs only for fields sent; a blank title arrives here as None ("not given").
        if value is None:
            raise PydanticCustomError("validation.not_null", "may not be null")
        return value


class CostLineOut(BaseModel):
    item: str
    unit: str
    quantity: int | float
    unit_price_vnd: int
    support_vnd: int
    counterpart_vnd: int
    is_management: bool = False
    amount_vnd: int = Field(description="quantity × unit_price_vnd")

    @model_validator(mode="before")
    @classmethod
    def _amount(cls, data: Any) -> Any:
        if isinstance(data, dict) and "amount_vnd" not in data:
            amount = Decimal(str(data["quantity"])) * int(data["unit_price_vnd"])
            return {**data, "amount_vnd": int(amount)}
        return data


class ProjectOut(BaseModel):
    # allowed_actions has a default but is always sent: required in the published schema.
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )

    id: uuid.UUID
    code: str
    program_code: str | None
    title: str
    activity_type: str
    category: str
    level: str
    fiscal_year: int
    implementing_unit: str
    beneficiary_enterprise_id: uuid.UUID | None
    craft_village_id: uuid.UUID | None
    admin_unit_code: str | None
    start_on: date | None
    end_on: date | None
    total_cost_vnd: int
    requested_support_vnd: int
    counterpart_vnd: int
    objectives: str | None
    expected_outcomes: str | None
    planned_kpis: dict[str, Any]
    actual_kpis: dict[str, Any] | None
    cost_lines: list[CostLineOut] | None
    status: ProjectStatus
    appraisal_score: int | None
    recommended_support_vnd: int | None
    decision_number: str | None
    decision_date: date | None
    funding_source: str | None
    approved_support_vnd: int | None
    commitment_id: uuid.UUID | None
    percent_complete: int
    accepted_on: date | None
    acceptance_record_number: str | None
    accepted_support_vnd: int | None
    advanced_vnd: int
    disbursed_vnd: int
    recovered_vnd: int
    released_vnd: int
    settled_on: date | None
    pending_saga: str | None
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    allowed_actions: list[ProjectAction] = Field(
        default_factory=list,
        description="The transitions (`POST /projects/{id}/<action>`) the caller may post now, "
        "by the project's status and the caller's role",
        examples=[["submit", "cancellation"]],
    )


class DocumentDateIn(_In):
    """The optional body of a step that needs nothing else (submit, start)."""

    document_date: DocumentDate = None


class AppraisalIn(_In):
    score: Percent
    recommendation: Literal["approve", "reject", "revise"]
    recommended_support_vnd: Vnd | None = None
    notes: Text | None = None
    document_date: DocumentDate = None


class ApprovalIn(_In):
    decision_number: Short
    decision_date: PastDate = Field(description="The decision's date: the approval's document date")
    approved_support_vnd: PositiveVnd
    funding_source: FundingSource


class ReasonIn(_In):
    reason: Text
    document_date: DocumentDate = None


class ProgressReportIn(_In):
    period: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    percent_complete: Percent
    notes: Text | None = None
    kpis: Kpis = Field(default_factory=dict)
    document_date: DocumentDate = None


class ProgressReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    project_id: uuid.UUID
    period: str
    percent_complete: int
    notes: str | None
    kpis: dict[str, Any]
    reported_by: str
    created_at: Timestamp


class AdvanceIn(_In):
    amount_vnd: PositiveVnd
    reference: Short = Field(description="The voucher's number")
    document_date: DocumentDate = None


class AcceptanceIn(_In):
    accepted_on: PastDate = Field(description="The minutes' date: the acceptance's document date")
    record_number: Short
    accepted_support_vnd: Vnd
    actual_kpis: Kpis = Field(default_factory=dict)


class SettlementIn(_In):
    settled_on: PastDate = Field(description="The settlement's date: its document date")
    reference: Short


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    seq: int
    document_date: date = Field(description="The date of the document behind the step")
    at: Timestamp = Field(description="When the step was recorded")
    action: str
    from_status: str | None
    to_status: str | None
    actor_sub: str
    actor_username: str | None
    actor_role: str
    payload: dict[str, Any]


class EventList(BaseModel):
    items: list[EventOut]


class ProgressReportList(BaseModel):
    items: list[ProgressReportOut]


class CategoryStats(BaseModel):
    category: str
    count: int
    requested_support_vnd: int
    approved_support_vnd: int
    accepted_support_vnd: int
    disbursed_vnd: int


class KpiStats(BaseModel):
    """`planned`/`actual`: code -> rolled-up value (sum, mean for percentages, saving for
    baseline/result); `items` says the same with names, units and how each was rolled up."""

    planned: dict[str, float | int]
    actual: dict[str, float | int]
    items: list[KpiRollup] = []


class ProjectStats(BaseModel):
    fiscal_year: int | None
    total: int
    by_status: dict[str, int]
    by_category: list[CategoryStats]
    kpis: KpiStats


class ImplementingUnit(BaseModel):
    name: str
    projects: int = Field(description="how many projects name it")
