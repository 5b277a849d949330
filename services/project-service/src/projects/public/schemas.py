"""What the public sees of a project. Built field by field (never from the staff model), so a field
added to projects for staff does not appear here by itself."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

PublicStatus = Literal["approved", "in_progress", "accepted", "settled", "cancelled"]


class PublicCommune(BaseModel):
    code: str = Field(description="the commune code the project recorded")
    name: str | None = Field(None, description="its name (before the 2025 merger, if it ended)")
    current_code: str | None = Field(None, description="the commune it is part of today")
    current_name: str | None = None


class PublicBeneficiary(BaseModel):
    """An enterprise, cooperative or union by name; a household business only by its commune
    and trade (its name is its owner's name)."""

    kind: str = Field(description="enterprise, cooperative, cooperative_group, "
                      "household_business or cooperative_union")  # fmt: skip
    name: str | None = Field(None, description="null for a household business")
    commune_code: str | None = None
    trade_code: str | None = Field(None, description="VSIC 2018 code of its trade")
    trade_name: str | None = None


class PublicDisbursement(BaseModel):
    kind: Literal["advance", "final", "recovery"]
    amount_vnd: int = Field(description="a recovery is negative")
    date: date


class PublicProject(BaseModel):
    code: str
    title: str
    category: str
    activity_type: str
    level: str
    fiscal_year: int
    status: PublicStatus
    commune: PublicCommune | None
    beneficiary: PublicBeneficiary | None
    funding_source: str | None
    decision_number: str | None
    decision_date: date | None
    start_on: date | None
    end_on: date | None
    approved_support_vnd: int
    disbursed_vnd: int
    accepted_support_vnd: int | None
    accepted_on: date | None
    settled_on: date | None


class PublicChange(BaseModel):
    """An approved change (điều chỉnh) and the decision behind it; for a budget change the
    approved support before and after."""

    kind: Literal["budget", "content", "schedule", "beneficiary", "location"]
    decision_number: str | None
    decision_date: date | None
    approved_support_before_vnd: int | None = None
    approved_support_after_vnd: int | None = None


class PublicProjectDetail(PublicProject):
    disbursements: list[PublicDisbursement]
    changes: list[PublicChange] = Field(
        default_factory=list, description="approved changes, oldest first"
    )


class PublicProjectPage(BaseModel):
    items: list[PublicProject]
    total: int
    page: int
    page_size: int


class CommuneSupport(BaseModel):
    commune: PublicCommune
    projects: int
    approved_support_vnd: int
    disbursed_vnd: int


class CommuneSupportList(BaseModel):
    items: list[CommuneSupport]
    geojson_url: str | None = Field(
        None,
        description="commune boundaries a province has supplied (GeoJSON, features keyed by "
        "`properties.code`); null when none is configured",
    )
