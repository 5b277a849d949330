from __future__ import annotations

from pydantic import BaseModel

from budget.common import Category, FundingSource


class PublicLine(BaseModel):
    category: Category
    funding_source: FundingSource
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int


class PublicSource(BaseModel):
    funding_source: FundingSource
    appropriated_vnd: int
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int


class PublicYear(BaseModel):
    year: int
    program_name: str | None
    appropriated_vnd: int
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int
    sources: list[PublicSource]
    lines: list[PublicLine]


class PublicYearPage(BaseModel):
    items: list[PublicYear]
    total: int
    page: int
    page_size: int
