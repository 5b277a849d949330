"""Dashboard rules: ask the three services in parallel; a part that fails becomes null plus a
warning, never an error for the whole page."""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from gateway.dashboard import upstream_client
from gateway.dashboard.schemas import (
    Dashboard,
    DashboardBudgetSummary,
    DashboardBudgetYear,
    DashboardProjectStats,
    DashboardRegistryStats,
    DashboardWarning,
)
from gateway.dashboard.upstream_client import UpstreamProblem
from gateway.proxy.upstreams import Upstream

M = TypeVar("M", bound=BaseModel)


async def build(
    client: httpx.AsyncClient,
    upstreams: dict[str, Upstream],
    *,
    year: int,
    token: str,
    request_id: str | None,
    timeout_seconds: float,
) -> Dashboard:
    def fetch(service: str, path: str, params: dict[str, Any] | None = None) -> Any:
        return upstream_client.get_json(
            client,
            upstreams[service].base_url + path,
            token=token,
            request_id=request_id,
            timeout_seconds=timeout_seconds,
            params=params,
        )

    results = await asyncio.gather(
        fetch("budget", f"/api/v1/budget/years/{year}/summary"),
        fetch("budget", "/api/v1/budget/years"),
        fetch("projects", "/api/v1/projects/stats", {"fiscal_year": year}),
        # Admin units named as they stood at the end of the year (codes were reused in 2025).
        fetch("registry", "/api/v1/registry/stats", {"valid_on": f"{year}-12-31"}),
        return_exceptions=True,
    )
    warnings: list[DashboardWarning] = []

    def part(service: str, what: str, result: Any, model: type[M]) -> M | None:
        if isinstance(result, UpstreamProblem):
            warnings.append(
                DashboardWarning(
                    service=service, code=result.code, detail=f"{what}: {result.detail}"
                )
            )
            return None
        if isinstance(result, BaseException):
            raise result
        try:
            return model.model_validate(result)
        except ValidationError:
            warnings.append(DashboardWarning(service=service, detail=f"{what}: unexpected answer"))
            return None

    budget = part("budget", "year summary", results[0], DashboardBudgetSummary)
    by_year: list[DashboardBudgetYear] | None = None
    years = results[1]
    if isinstance(years, dict) and isinstance(years.get("items"), list):
        years = years["items"]
    if isinstance(years, list):
        try:
            by_year = [DashboardBudgetYear.model_validate(y) for y in years]
        except ValidationError:
            warnings.append(DashboardWarning(service="budget", detail="years: unexpected answer"))
    else:
        part("budget", "years", years, DashboardBudgetYear)  # records the warning
    return Dashboard(
        year=year,
        budget=budget,
        budget_by_year=by_year,
        projects=part("projects", "stats", results[2], DashboardProjectStats),
        registry=part("registry", "stats", results[3], DashboardRegistryStats),
        warnings=warnings,
    )
