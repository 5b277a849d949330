"""Calling another service with this service's own identity.

One pooled httpx client per process (app.state.http, or a test transport). Each call carries a
`service` token from a `ServiceTokenProvider` (the gateway's OAuth2 client-credentials grant) and
the caller's language. Failures map to problem+json: unreachable or 5xx → 503
`upstream.unavailable` (a service may name its own message: `UpstreamDown.message_key`); a 4xx
refusal (409 `budget.insufficient_funds`, 422 ...) is passed through with its status and code.
"""

from __future__ import annotations

import asyncio
import functools
import ssl
import time
from typing import Any, ClassVar, Protocol

import httpx

from kc_common import messages
from kc_common.errors import FieldError, ProblemError, UpstreamUnavailable


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The one TLS context of this process's outgoing clients (`verify=`): making one reads the
    CA bundle, ~25 ms of CPU, which each client made with its own would pay again (every app
    start in the tests made four)."""
    return httpx.create_ssl_context()


class ServiceTokenProvider(Protocol):
    """Gives the bearer token this service presents to the others."""

    async def token(self) -> str: ...

    def invalidate(self) -> None: ...


class UpstreamDown(UpstreamUnavailable):
    """503: the other service could not be reached or failed. `maybe_applied` is False only
    when the request provably never reached it (connection refused)."""

    message_key: ClassVar[str] = "upstream.service_down"

    def __init__(self, service: str, reason: str, *, maybe_applied: bool = False) -> None:
        super().__init__(
            message=self.message_key, params={"service": service}, extra={"service": service}
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


class StaticTokenProvider:
    """TEST ONLY: a pre-minted token (`…_SERVICE_TOKEN`); production settings refuse it."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def token(self) -> str:
        return self._token

    def invalidate(self) -> None:
        return None


class NoCredentials:
    """No client credentials configured: every call is a 503 whose reason says so (logged)."""

    def __init__(self, prefix: str, down: type[UpstreamDown] = UpstreamDown) -> None:
        self._prefix = prefix
        self._down = down

    async def token(self) -> str:
        raise self._down(
            "gateway",
            f"no service credentials: set {self._prefix}CLIENT_ID/{self._prefix}CLIENT_SECRET",
        )

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
        scopes: tuple[str, ...],
        down: type[UpstreamDown] = UpstreamDown,
    ) -> None:
        self._http = http
        self._url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._scopes = scopes
        self._down = down
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
                raise self._down("gateway", f"token endpoint unreachable: {exc!r}") from exc
            if response.status_code != 200:
                raise self._down(
                    "gateway", f"token endpoint answered {response.status_code}: {response.text}"
                )
            body = response.json()
            self._token = str(body["access_token"])
            self._expires_at = time.monotonic() + float(body.get("expires_in", 300))
            return self._token

    def invalidate(self) -> None:
        self._token = None


class UpstreamClient:
    """The calls to one other service; subclasses name it (`service`) and add its operations.
    `down`: the 503 raised when it cannot answer (a service may word its own)."""

    service = "upstream"
    down: type[UpstreamDown] = UpstreamDown

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
                raise self.down(self.service, f"unreachable ({exc!r})") from exc
            except httpx.HTTPError as exc:
                raise self.down(self.service, f"failed ({exc!r})", maybe_applied=True) from exc
            if response.status_code == 401 and token is None and attempt == 1:
                self.tokens.invalidate()  # an expired or revoked token: one fresh try
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
            raise self.down(self.service, f"refused our credentials ({status})")
        if status >= 500 or status == 429:
            raise self.down(self.service, f"answered {status}", maybe_applied=True)
        raise UpstreamRefused(self.service, status, body)

    async def _all(
        self, path: str, params: dict[str, Any] | None = None, *, page_size: int = 200
    ) -> list[dict[str, Any]]:
        """Every item of a paged list (`items`, `total`), page by page."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            body = await self._request(
                "GET", path, params={**(params or {}), "page": page, "page_size": page_size}
            )
            chunk = list(body.get("items", [])) if isinstance(body, dict) else []
            items.extend(chunk)
            if not chunk or page * page_size >= int(body.get("total", 0)):
                return items
            page += 1
