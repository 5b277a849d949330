"""The dashboard's HTTP client: GET requests to the services with the caller's token (it reads
no database; the dashboard owns no tables)."""

from __future__ import annotations

from typing import Any

import httpx


class UpstreamProblem(Exception):
    """A service that did not give a usable answer. `code` is for people (the SPA words it in
    their language): timeout | unavailable | refused | unexpected; `detail` is for operators."""

    def __init__(self, detail: str, code: str = "unexpected") -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


async def get_json(
    client: httpx.AsyncClient,
    url: str,
    *,
    token: str,
    request_id: str | None,
    timeout_seconds: float,
    params: dict[str, Any] | None = None,
) -> Any:
    headers = {"authorization": f"Bearer {token}", "accept": "application/json"}
    if request_id:
        headers["x-request-id"] = request_id
    try:
        response = await client.get(url, params=params, headers=headers, timeout=timeout_seconds)
    except httpx.TimeoutException:
        raise UpstreamProblem("did not answer in time", "timeout") from None
    except httpx.TransportError as exc:
        raise UpstreamProblem(f"unavailable ({type(exc).__name__})", "unavailable") from None
    if response.status_code != 200:
        detail = ""
        try:
            body = response.json()
            detail = str(body.get("detail") or body.get("title") or "")
        except ValueError:
            pass
        raise UpstreamProblem(
            f"HTTP {response.status_code}{': ' + detail if detail else ''}", "refused"
        )
    try:
        return response.json()
    except ValueError:
        raise UpstreamProblem("answered with something that is not JSON") from None
