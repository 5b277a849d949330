"""The program report as data: what `format=json` returns, what XLSX and PDF are rendered from,
and what an issued report keeps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

Period = Literal["q1", "q2", "q3", "q4", "h1", "year"]
ReportFormat = Literal["json", "xlsx", "pdf"]


class Money(BaseModel):
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int
    disbursement_rate_percent: float | None = Field(
        description="disbursed ÷ allocated × 100, two decimals; null when nothing is allocated"
    )


class ExecutionLine(Money):
    category: str | None
    category_label: str
    funding_source: str
    funding_source_label: str


class ProjectLine(BaseModel):
    id: str
    code: str
    title: str
    category: str
    category_label: str
    level: str
    level_label: str
    status: str
    status_label: str
    admin_unit_code: str | None
    approved_support_vnd: int = Field(description="0 for rejected or cancelled projects")
    committed_vnd: int = Field(description="from the ledger, to the end of the period")
    disbursed_vnd: int = Field(description="from the ledger, to the end of the period")
    percent_complete: int


class KpiLine(BaseModel):
    code: str
    name: str
    unit: str
    rollup: str
    rollup_label: str
    planned: float | int | None
    actual: float | int | None
    planned_projects: int
    actual_projects: int


class SupportLine(BaseModel):
    """Support to the projects of one commune, or of one level (national or local)."""

    key: str | None
    label: str
    new_unit: str | None = Field(
        None, description="communes: the unit(s) it became in the 2025 arrangement"
    )
    projects: int
    approved_support_vnd: int
    committed_vnd: int
    disbursed_vnd: int


class ProgramRef(BaseModel):
    code: str
    name: str


class ProgramReport(BaseModel):
    year: int
    period: Period
    period_label: str
    period_start: date
    period_end: date
    counts_all_year: bool = Field(
        description="`year`: every money event of the fiscal year, whatever its document date"
    )
    generated_at: datetime
    program: ProgramRef | None
    execution: list[ExecutionLine]
    execution_by_source: list[ExecutionLine]
    execution_total: Money
    projects: list[ProjectLine]
    kpis: list[KpiLine]
    communes: list[SupportLine]
    levels: list[SupportLine]
