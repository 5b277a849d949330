"""What the reports read from the other services, with report-service's own identity (a
`service` client holding only read scopes). The machinery is `kc_common.upstream`."""

from __future__ import annotations

from typing import Any

from kc_common.upstream import UpstreamClient

SERVICE_SCOPES = ("registry:read", "projects:read", "budget:read")


class BudgetReader(UpstreamClient):
    service = "budget"

    async def summary(self, year: int) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", f"/api/v1/budget/years/{year}/summary")
        return result

    async def ledger(self, year: int) -> list[dict[str, Any]]:
        """Every ledger entry of the fiscal year (each carries its document date)."""
        return await self._all("/api/v1/budget/ledger", {"fiscal_year": year})


class ProjectsReader(UpstreamClient):
    service = "projects"

    async def projects(self, year: int) -> list[dict[str, Any]]:
        return await self._all("/api/v1/projects", {"fiscal_year": year, "sort": "code"})

    async def stats(self, year: int) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "GET", "/api/v1/projects/stats", params={"fiscal_year": year}
        )
        return result


class RegistryReader(UpstreamClient):
    service = "registry"

    async def admin_units(self) -> dict[str, dict[str, Any]]:
        """Every administrative unit (a few hundred: the whole list in one answer), by code, each
        with the units it became if it is no longer in force (the 2025 arrangement)."""
        body = await self._request("GET", "/api/v1/admin-units")
        units: dict[str, dict[str, Any]] = {}
        for unit in body.get("items", []) if isinstance(body, dict) else []:
            units.setdefault(str(unit["code"]), unit)
        return units
