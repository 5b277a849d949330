from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from budget.common import Category, FundingSource, InModel, UtcDatetime
from kc_common.schemas import DocumentDate, MultilineText, PositiveVnd


class AppropriationIn(InModel):
    funding_source: FundingSource
    amount_vnd: PositiveVnd
    decision_number: str = Field(min_length=1, max_length=100)
    document_date: DocumentDate = None


class AppropriationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    fiscal_year: int
    funding_source: FundingSource
    amount_vnd: int
    decision_number: str
    document_date: date
    created_at: UtcDatetime
    appropriated_vnd: int | None = Field(
        default=None, description="The year × source total right after this decision"
    )


class AllocationIn(InModel):
    category: Category
    funding_source: FundingSource
    amount_vnd: PositiveVnd
    document_date: DocumentDate = None


class AllocationLineOut(BaseModel):
    fiscal_year: int
    category: Category
    funding_source: FundingSource
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int
    available_vnd: int
    carried_in_vnd: int
    carried_out_vnd: int


class ReallocationIn(InModel):
    from_category: Category
    to_category: Category
    funding_source: FundingSource
    amount_vnd: PositiveVnd
    reason: MultilineText = Field(min_length=1, max_length=2000)
    document_date: DocumentDate = None


class ReallocationOut(BaseModel):
    fiscal_year: int
    funding_source: FundingSource
    amount_vnd: int
    reason: str
    from_line: AllocationLineOut
    to_line: AllocationLineOut


class CarryOverIn(InModel):
    reason: MultilineText = Field(default="", max_length=2000)


class CarriedLine(BaseModel):
    category: Category | None = Field(description="null: appropriated money never allocated")
    funding_source: FundingSource
    amount_vnd: int


class CarryOverOut(BaseModel):
    fiscal_year: int
    to_year: int
    amount_vnd: int
    reason: str
    created_at: UtcDatetime
    lines: list[CarriedLine]


class Totals(BaseModel):
    appropriated_vnd: int
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int
    available_vnd: int


class SourceSummary(Totals):
    funding_source: FundingSource
    unallocated_vnd: int
    carried_in_vnd: int
    carried_out_vnd: int


class LineSummary(BaseModel):
    category: Category
    funding_source: FundingSource
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int
    available_vnd: int


class ProgramRef(BaseModel):
    id: str
    code: str
    name: str


class YearSummary(BaseModel):
    year: int
    program: ProgramRef | None = None
    carried_over: bool = False
    totals: Totals
    sources: list[SourceSummary]
    lines: list[LineSummary]


class YearExecution(Totals):
    year: int


class YearsOut(BaseModel):
    items: list[YearExecution]
