"""The dashboard aggregate (CONTRACTS.md). Parts come from the services; each may be null, with
a warning saying why."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class BudgetTotals(_Open):
    appropriated_vnd: int = 0
    allocated_vnd: int = 0
    committed_vnd: int = 0
    disbursed_vnd: int = 0
    available_vnd: int = 0


class BudgetLine(_Open):
    category: str
    funding_source: str
    allocated_vnd: int = 0
    committed_vnd: int = 0
    disbursed_vnd: int = 0
    available_vnd: int = 0


class BudgetSummary(_Open):
    year: int
    totals: BudgetTotals
    sources: list[dict[str, Any]] = []
    lines: list[BudgetLine] = []


class BudgetYear(_Open):
    year: int
    appropriated_vnd: int = 0
    allocated_vnd: int = 0
    committed_vnd: int = 0
    disbursed_vnd: int = 0
    available_vnd: int = 0


class CategoryStats(_Open):
    category: str
    count: int = 0
    requested_support_vnd: int = 0
    approved_support_vnd: int = 0
    accepted_support_vnd: int = 0
    disbursed_vnd: int = 0


class Kpis(_Open):
    planned: dict[str, float] = {}
    actual: dict[str, float] = {}


class ProjectStats(_Open):
    fiscal_year: int | None = None
    total: int = 0
    by_status: dict[str, int] = {}
    by_category: list[CategoryStats] = []
    kpis: Kpis = Kpis()


class AdminUnitStats(_Open):
    admin_unit_code: str
    admin_unit_name: str | None = None
    enterprises: int = 0
    craft_villages: int = 0
    typical_products: int = 0


class RegistryStats(_Open):
    enterprises: int = 0
    craft_villages: int = 0
    typical_products: int = 0
    by_admin_unit: list[AdminUnitStats] = []


class DashboardWarning(BaseModel):
    service: str
    detail: str


class Dashboard(BaseModel):
    year: int
    budget: BudgetSummary | None
    budget_by_year: list[BudgetYear] | None
    projects: ProjectStats | None
    registry: RegistryStats | None
    warnings: list[DashboardWarning]
