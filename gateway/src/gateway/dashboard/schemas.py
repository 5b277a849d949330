"""The dashboard aggregate (CONTRACTS.md). Parts come from the services; each may be null, with
a warning saying why."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class DashboardBudgetTotals(_Open):
    appropriated_vnd: int = 0
    allocated_vnd: int = 0
    committed_vnd: int = 0
    disbursed_vnd: int = 0
    available_vnd: int = 0


class DashboardBudgetLine(_Open):
    category: str
    funding_source: str
    allocated_vnd: int = 0
    committed_vnd: int = 0
    disbursed_vnd: int = 0
    available_vnd: int = 0


class DashboardBudgetSummary(_Open):
    year: int
    totals: DashboardBudgetTotals
    sources: list[dict[str, Any]] = []
    lines: list[DashboardBudgetLine] = []


class DashboardBudgetYear(_Open):
    year: int
    appropriated_vnd: int = 0
    allocated_vnd: int = 0
    committed_vnd: int = 0
    disbursed_vnd: int = 0
    available_vnd: int = 0


class DashboardCategoryStats(_Open):
    category: str
    count: int = 0
    requested_support_vnd: int = 0
    approved_support_vnd: int = 0
    accepted_support_vnd: int = 0
    disbursed_vnd: int = 0


class DashboardKpiLine(_Open):
    """One catalogue indicator rolled up by project-service: `sum` for counts, `mean` for
    percentages (never added up); for `baseline_result` the value is the saving."""

    code: str
    name_vi: str
    name_en: str
    unit: str
    rollup: Literal["sum", "mean"]
    kind: Literal["value", "baseline_result"] = "value"
    planned: float | None = None
    actual: float | None = None
    planned_projects: int = 0
    actual_projects: int = 0
    planned_baseline: float | None = None
    planned_result: float | None = None
    actual_baseline: float | None = None
    actual_result: float | None = None


class DashboardKpis(_Open):
    planned: dict[str, float] = {}
    actual: dict[str, float] = {}
    items: list[DashboardKpiLine] = []


class DashboardProjectStats(_Open):
    fiscal_year: int | None = None
    total: int
    by_status: dict[str, int]
    by_category: list[DashboardCategoryStats] = []
    kpis: DashboardKpis = DashboardKpis()


class DashboardAdminUnitStats(_Open):
    admin_unit_code: str
    admin_unit_name: str | None = None
    enterprises: int = 0
    craft_villages: int = 0
    typical_products: int = 0


class DashboardRegistryStats(_Open):
    enterprises: int
    craft_villages: int
    typical_products: int
    by_admin_unit: list[DashboardAdminUnitStats] = []


class DashboardWarning(BaseModel):
    service: str
    # timeout | unavailable | refused | unexpected: what the SPA words for people
    code: str = "unexpected"
    detail: str  # for operators, in English


class Dashboard(BaseModel):
    year: int
    budget: DashboardBudgetSummary | None
    budget_by_year: list[DashboardBudgetYear] | None
    projects: DashboardProjectStats | None
    registry: DashboardRegistryStats | None
    warnings: list[DashboardWarning]
