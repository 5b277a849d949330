"""HTTP clients for the services project-service calls: budget-service and the registry.

One pooled httpx client per process (app.state.http, or a test transport). Calls to budget carry a
`service` token from a `ServiceTokenProvider` and an `Idempotency-Key`. Failures map to
problem+json: unreachable or 5xx → 503 `upstream.unavailable`; a 4xx refusal (409
`budget.insufficient_funds`, 422 ...) is passed through with its status and code.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

import httpx

from kc_common import messages
from kc_common.errors import FieldError, ProblemError, UpstreamUnavailable

SERVICE_SCOPES = ("registry:read", "budget:read", "budget:write")


class ServiceTokenProvider(Protocol):
    """Gives the bearer token this service presents to the others."""

    async def token(self) -> str: ...

    def invalidate(self) -> None: ...


class StaticTokenProvider:
    """TEST ONLY: a pre-minted token (PROJECTS_SERVICE_TOKEN); refused in production settings."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def token(self) -> str:
        return self._token

    def invalidate(self) -> None:
        return None


class ClientCredentialsTokenProvider:
    """OAuth2 client-credentials grant at the gateway, cached until shortly before expiry."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: tuple[str, ...] = SERVICE_SCOPES,
    ) -> None:
        self._http = http
        self._url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._scopes = scopes
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        async with self._lock:
            if self._token and time.monotonic() < self._expires_at - 30:
                return self._token
            try:
                response = await self._http.post(
                    self._url,
                    data={
                        "grant_type": "client_credentials",
                        "client_id": self._client_id,
                        "client_secret": self._client_secret,
                        "scope": " ".join(self._scopes),
                    },
                )
            except httpx.HTTPError as exc:
                raise UpstreamDown("gateway", f"token endpoint unreachable: {exc!r}") from exc
            if response.status_code != 200:
                raise UpstreamDown(
                    "gateway", f"token endpoint answered {response.status_code}: {response.text}"
                )
            body = response.json()
            self._token = str(body["access_token"])
            self._expires_at = time.monotonic() + float(body.get("expires_in", 300))
            return self._token

    def invalidate(self) -> None:
        self._token = None


class UpstreamDown(UpstreamUnavailable):
    """503: the other service could not be reached or failed. `maybe_applied` is False only
    when the request provably never reached it (connection refused)."""

    def __init__(self, service: str, reason: str, *, maybe_applied: bool = False) -> None:
        super().__init__(
            message="project.upstream_down", params={"service": service}, extra={"service": service}
        )
        self.service = service
        self.reason = reason  # for the log, not for the person
        self.maybe_applied = maybe_applied

    def __str__(self) -> str:
        return f"{self.service}: {self.reason}"


class UpstreamRefused(ProblemError):
    """The other service refused the request (4xx); its status and code are passed through."""

    title = "Refused by another service"

    def __init__(self, service: str, status: int, body: dict[str, Any]) -> None:
        errors = [FieldError(**e) for e in body.get("errors") or [] if isinstance(e, dict)]
        params = body.get("params")
        # The other service answered in this request's language (Accept-Language is passed on).
        super().__init__(
            body.get("detail") or body.get("title"),
            code=str(body.get("code") or f"{service}.refused"),
            params=params if isinstance(params, dict) else None,
            errors=errors or None,
            extra={"service": service},
        )
        self.status = status
        self.title = str(body.get("title") or self.title)
        self.service = service


class _Upstream:
    service = "upstream"

    def __init__(self, http: httpx.AsyncClient, base_url: str, tokens: ServiceTokenProvider):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        token: str | None = None,
    ) -> Any:
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {token or await self.tokens.token()}",
                "Accept-Language": messages.current_language(),
            }
            if idempotency_key:
                headers["Idempotency-Key"] = idempotency_key
            try:
                response = await self.http.request(
                    method, self.base_url + path, json=json, params=params, headers=headers
                )
            except httpx.ConnectError as exc:
                raise UpstreamDown(self.service, f"unreachable ({exc!r})") from exc
            except httpx.HTTPError as exc:
                raise UpstreamDown(self.service, f"failed ({exc!r})", maybe_applied=True) from exc
            if response.status_code == 401 and token is None and attempt == 1:
                self.tokens.invalidate()
                continue
            return self._result(response)
        raise AssertionError("unreachable")

    def _result(self, response: httpx.Response) -> Any:
        status = response.status_code
        if status < 300:
            return response.json() if response.content else None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if status in (401, 403):
            raise UpstreamDown(self.service, f"refused our credentials ({status})")
        if status >= 500 or status == 429:
            raise UpstreamDown(self.service, f"answered {status}", maybe_applied=True)
        raise UpstreamRefused(self.service, status, body)


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
        self._program_years: frozenset[int] = frozenset()
        self._program_years_at = -PROGRAM_YEARS_TTL_SECONDS

    async def program_covers(self, fiscal_year: int) -> bool:
        """Whether a program covers `fiscal_year`; `UpstreamDown` (503) if budget cannot say."""
        fresh = time.monotonic() - self._program_years_at < PROGRAM_YEARS_TTL_SECONDS
        if fresh and fiscal_year in self._program_years:
            return True
        years: set[int] = set()
        page = 1
        while True:
            body = await self._request(
                "GET", "/api/v1/budget/programs", params={"page": page, "page_size": 200}
            )
            items = list(body.get("items", [])) if isinstance(body, dict) else []
            for p in items:
                years.update(range(int(p["start_year"]), int(p["end_year"]) + 1))
            if not items or page * 200 >= int(body.get("total", 0)):
                break
            page += 1
        self._program_years, self._program_years_at = frozenset(years), time.monotonic()
        return fiscal_year in years

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
    ) -> dict[str, Any]:
        body = {
            "project_id": project_id,
            "fiscal_year": fiscal_year,
            "category": category,
            "funding_source": source,
            "amount_vnd": amount,
            **_dated(document_date),
        }
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
