"""HTTP clients for the services project-service calls: budget-service and the registry.

The calling machinery (service token, language, failures as problem+json) is
`kc_common.upstream`; money calls to budget also carry an `Idempotency-Key`.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from kc_common.upstream import (
    ClientCredentialsTokenProvider,
    ServiceTokenProvider,
    StaticTokenProvider,
    UpstreamClient,
    UpstreamRefused,
)
from kc_common.upstream import UpstreamDown as _UpstreamDown

__all__ = [
    "SERVICE_SCOPES",
    "BudgetClient",
    "ClientCredentialsTokenProvider",
    "RegistryClient",
    "ServiceTokenProvider",
    "StaticTokenProvider",
    "UpstreamDown",
    "UpstreamRefused",
]

SERVICE_SCOPES = ("registry:read", "budget:read", "budget:write")


class UpstreamDown(_UpstreamDown):
    """503 in project-service's words: the step is not finished."""

    message_key = "project.upstream_down"


class _Upstream(UpstreamClient):
    down = UpstreamDown


def _dated(document_date: str | None) -> dict[str, str]:
    """`document_date` for a body only when there is one: a step without one sends the same body
    as before, so its Idempotency-Key replays the same request."""
    return {"document_date": document_date} if document_date else {}


# How long the fiscal years that programs cover are remembered. Programs are only ever created,
# never changed or removed, so a covered year stays covered; a year not covered is asked again.
PROGRAM_YEARS_TTL_SECONDS = 60.0


class BudgetClient(_Upstream):
    service = "budget"

    def __init__(self, http: httpx.AsyncClient, base_url: str, tokens: ServiceTokenProvider):
        super().__init__(http, base_url, tokens)
        self._program_years: dict[int, tuple[str, ...]] = {}
        self._program_codes: frozenset[str] = frozenset()
        self._program_years_at = -PROGRAM_YEARS_TTL_SECONDS

    async def programs_of(self, fiscal_year: int) -> tuple[str, ...]:
        """The codes of the programs covering `fiscal_year` (remembered a while once found; a
        year not found is asked again, so a program just made counts at once); `UpstreamDown`
        (503) if budget cannot say."""
        fresh = time.monotonic() - self._program_years_at < PROGRAM_YEARS_TTL_SECONDS
        if fresh and fiscal_year in self._program_years:
            return self._program_years[fiscal_year]
        await self._load_programs()
        return self._program_years.get(fiscal_year, ())

    async def has_program(self, code: str) -> bool:
        """Whether a program has `code` (asked again when not remembered, as for a year)."""
        fresh = time.monotonic() - self._program_years_at < PROGRAM_YEARS_TTL_SECONDS
        if not (fresh and code in self._program_codes):
            await self._load_programs()
        return code in self._program_codes

    async def _load_programs(self) -> None:
        years: dict[int, list[str]] = {}
        page = 1
        while True:
            body = await self._request(
                "GET", "/api/v1/budget/programs", params={"page": page, "page_size": 200}
            )
            items = list(body.get("items", [])) if isinstance(body, dict) else []
            for p in items:
                for year in range(int(p["start_year"]), int(p["end_year"]) + 1):
                    years.setdefault(year, []).append(str(p["code"]))
            if not items or page * 200 >= int(body.get("total", 0)):
                break
            page += 1
        self._program_years = {year: tuple(codes) for year, codes in years.items()}
        self._program_codes = frozenset(c for codes in years.values() for c in codes)
        self._program_years_at = time.monotonic()

    async def commit(
        self,
        *,
        key: str,
        project_id: str,
        fiscal_year: int,
        category: str,
        source: str,
        amount: int,
        document_date: str | None = None,
        advance_cap_percent: int | None = None,
    ) -> dict[str, Any]:
        body = {
            "project_id": project_id,
            "fiscal_year": fiscal_year,
            "category": category,
            "funding_source": source,
            "amount_vnd": amount,
            **_dated(document_date),
        }
        if advance_cap_percent is not None:
            body["advance_cap_percent"] = advance_cap_percent
        result: dict[str, Any] = await self._request(
            "POST", "/api/v1/budget/commitments", json=body, idempotency_key=key
        )
        return result

    async def commit_batch(
        self, *, key: str, commitments: list[dict[str, Any]], document_date: str | None = None
    ) -> list[dict[str, Any]]:
        """Several commitments, all or none, under one key (an annual plan's approval): the
        commitments in the order given; `UpstreamRefused` 409 `budget.insufficient_funds`
        naming the short lines."""
        body = {"commitments": [{**c, **_dated(document_date)} for c in commitments]}
        result = await self._request(
            "POST", "/api/v1/budget/commitments/batch", json=body, idempotency_key=key
        )
        return list(result["items"])

    async def allocation_lines(self, fiscal_year: int) -> list[dict[str, Any]]:
        """The year's allocation lines (allocated, committed, available per category × source)."""
        body = await self._request(
            "GET", f"/api/v1/budget/years/{fiscal_year}/allocations", params={"page_size": 200}
        )
        return list(body.get("items", [])) if isinstance(body, dict) else []

    async def disburse(
        self,
        *,
        key: str,
        commitment_id: str,
        amount: int,
        kind: str,
        reference: str,
        document_date: str | None = None,
    ) -> dict[str, Any]:
        body = {
            "commitment_id": commitment_id,
            "amount_vnd": amount,
            "kind": kind,
            "reference": reference,
            **_dated(document_date),
        }
        result: dict[str, Any] = await self._request(
            "POST", "/api/v1/budget/disbursements", json=body, idempotency_key=key
        )
        return result

    async def release(
        self,
        *,
        key: str,
        commitment_id: str,
        amount: int,
        reason: str,
        document_date: str | None = None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST",
            f"/api/v1/budget/commitments/{commitment_id}/release",
            json={"amount_vnd": amount, "reason": reason, **_dated(document_date)},
            idempotency_key=key,
        )
        return result

    async def increase(
        self,
        *,
        key: str,
        commitment_id: str,
        amount: int,
        reason: str,
        document_date: str | None = None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST",
            f"/api/v1/budget/commitments/{commitment_id}/increase",
            json={"amount_vnd": amount, "reason": reason, **_dated(document_date)},
            idempotency_key=key,
        )
        return result

    async def recover(
        self,
        *,
        key: str,
        commitment_id: str,
        amount: int,
        reason: str,
        reference: str,
        document_date: str | None = None,
    ) -> dict[str, Any]:
        body = {"amount_vnd": amount, "reason": reason, "reference": reference}
        result: dict[str, Any] = await self._request(
            "POST",
            f"/api/v1/budget/commitments/{commitment_id}/recoveries",
            json={**body, **_dated(document_date)},
            idempotency_key=key,
        )
        return result

    async def commitment(self, commitment_id: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "GET", f"/api/v1/budget/commitments/{commitment_id}"
        )
        return result

    async def commitments_for(self, project_id: str) -> list[dict[str, Any]]:
        body = await self._request(
            "GET",
            "/api/v1/budget/commitments",
            params={"project_id": project_id, "page_size": 200},
        )
        if isinstance(body, dict):
            return list(body.get("items", []))
        return list(body or [])

    async def ledger_for(self, project_id: str) -> list[dict[str, Any]]:
        """The project's ledger entries in chain order (commitment, disbursements, releases)."""
        body = await self._request(
            "GET", "/api/v1/budget/ledger", params={"project_id": project_id, "page_size": 200}
        )
        return list(body.get("items", [])) if isinstance(body, dict) else []


class RegistryClient(_Upstream):
    service = "registry"

    async def enterprise(self, enterprise_id: str, *, token: str | None = None) -> dict | None:
        """The enterprise, or None if the registry does not know it."""
        try:
            result: dict[str, Any] = await self._request(
                "GET", f"/api/v1/enterprises/{enterprise_id}", token=token
            )
        except UpstreamRefused as exc:
            if exc.status in (404, 422):
                return None
            raise
        return result

    async def read(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """A GET under the registry's API with this service's identity (reference data, the
        public pages' names and communes)."""
        return await self._request("GET", path, params=params)
