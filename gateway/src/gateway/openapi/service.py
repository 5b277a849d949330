"""The merged document at runtime: the services' /openapi.json fetched over the pooled client,
cached briefly; a service that cannot be reached keeps its last good document."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx

from gateway.openapi.merge import SERVICE_ORDER, merge
from gateway.proxy.upstreams import Upstream

log = logging.getLogger("gateway.openapi")


class MergedOpenApi:
    def __init__(
        self,
        client: httpx.AsyncClient,
        upstreams: dict[str, Upstream],
        gateway_doc: Callable[[], dict[str, Any]],
        *,
        ttl: float,
    ) -> None:
        self._client = client
        self._upstreams = upstreams
        self._gateway_doc = gateway_doc
        self._ttl = ttl
        self._last_good: dict[str, dict[str, Any]] = {}
        self._doc: dict[str, Any] | None = None
        self._built_at = 0.0
        self._lock = asyncio.Lock()

    async def document(self) -> dict[str, Any]:
        async with self._lock:
            if self._doc is None or time.monotonic() - self._built_at > self._ttl:
                await self._refresh()
                self._built_at = time.monotonic()
            assert self._doc is not None
            return self._doc

    async def _refresh(self) -> None:
        async def fetch(name: str) -> None:
            try:
                r = await self._client.get(
                    self._upstreams[name].base_url + "/openapi.json", timeout=3.0
                )
                r.raise_for_status()
                self._last_good[name] = r.json()
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("openapi of %s unavailable: %s", name, type(exc).__name__)

        await asyncio.gather(*(fetch(n) for n in SERVICE_ORDER))
        self._doc = merge(self._gateway_doc(), self._last_good)
