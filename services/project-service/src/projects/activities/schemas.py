from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class SupportRule(BaseModel):
    program_code: str | None
    max_percent: int | None
    max_vnd: int | None
    advance_cap_percent: int
    advance_min_percent_complete: int | None = Field(
        description="Advances only once the latest progress report says more than this"
    )
    legal_basis: str
    note: str | None
    effective_from: date
    effective_to: date | None
    rule: str


class ActivityTypeOut(BaseModel):
    code: str
    name: str
    name_en: str
    support_rules: list[SupportRule]


class CategoryOut(BaseModel):
    code: str
    position: int
    name: str
    name_en: str
    activity_types: list[ActivityTypeOut]


class ActivityCatalog(BaseModel):
    items: list[CategoryOut]
