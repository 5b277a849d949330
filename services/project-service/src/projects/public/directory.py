"""The registry facts the public pages show, read with the service's own identity and kept for a
while in memory: an enterprise's name, kind, commune and trade; a commune's name and what it
became in the 2025 merger; the VSIC trade names.

Only the fields the public may see leave this module (`Beneficiary`, `Commune`): the registry's
answer also holds the owner's gender, phone and e-mail, and those are dropped here, at the first
step, so nothing downstream can leak them by accident.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from kc_common.errors import ProblemError
from projects.upstream import RegistryClient

log = logging.getLogger(__name__)

# Kinds published by name. A household business (hộ kinh doanh) carries its owner's name, so
# the public sees its commune and trade instead.
NAMED_KINDS = frozenset({"enterprise", "cooperative", "cooperative_group", "cooperative_union"})


@dataclass(frozen=True)
class Beneficiary:
    kind: str
    name: str | None  # None for a household business
    admin_unit_code: str | None
    trade_code: str | None
    trade_name: str | None


@dataclass(frozen=True)
class Commune:
    code: str
    name: str | None
    current_code: str | None
    current_name: str | None


class RegistryDirectory:
    """A small time-limited cache in front of the registry. A registry that does not answer
    leaves the field empty (the page still shows the project and its money)."""

    def __init__(self, registry: RegistryClient, ttl_seconds: float) -> None:
        self.registry = registry
        self.ttl = ttl_seconds
        self._cache: dict[str, tuple[float, Any]] = {}
        self._sectors: dict[str, str] | None = None
        self._sectors_at = 0.0

    async def _get(self, key: str, path: str, params: dict[str, Any] | None = None) -> Any:
        hit = self._cache.get(key)
        now = time.monotonic()
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        try:
            value = await self.registry.read(path, params)
        except ProblemError as exc:  # not remembered: the next request asks again
            log.warning("registry lookup %s failed: %s", path, exc.code)
            return None
        if len(self._cache) > 20_000:  # bounded: a province has thousands, not millions
            self._cache.clear()
        self._cache[key] = (now, value)
        return value

    async def sectors(self) -> dict[str, str]:
        if self._sectors is None or time.monotonic() - self._sectors_at > self.ttl:
            body = await self._get("sectors", "/api/v1/sectors")
            items = (body or {}).get("items", [])
            self._sectors = {str(s["code"]): str(s["name"]) for s in items}
            self._sectors_at = time.monotonic()
        return self._sectors

    async def beneficiary(self, enterprise_id: str) -> Beneficiary | None:
        raw = await self._get(f"e:{enterprise_id}", f"/api/v1/enterprises/{enterprise_id}")
        if not isinstance(raw, dict):
            return None
        kind = str(raw.get("kind") or "")
        sector = raw.get("sector_code")
        sectors = await self.sectors()
        trade_name = sectors.get(str(sector)[:2]) if sector else None
        return Beneficiary(
            kind=kind,
            name=str(raw["name"]) if kind in NAMED_KINDS and raw.get("name") else None,
            admin_unit_code=raw.get("admin_unit_code"),
            trade_code=sector,
            trade_name=trade_name,
        )

    async def commune(self, code: str) -> Commune:
        body = await self._get(f"u:{code}", "/api/v1/admin-units", {"code": code})
        rows = [r for r in (body or {}).get("items", []) if r.get("code") == code]
        if not rows:
            return Commune(code=code, name=None, current_code=None, current_name=None)
        # the latest row of that code; if it has ended, the unit it became is the current one
        latest = max(rows, key=lambda r: r.get("valid_from") or "")
        name = latest.get("name")
        if latest.get("valid_to") and latest.get("successors"):
            successor = latest["successors"][0]
            return Commune(code, name, successor.get("code"), successor.get("name"))
        return Commune(code, name, code, name)

    async def beneficiaries(self, ids: set[str]) -> dict[str, Beneficiary | None]:
        found = await asyncio.gather(*(self.beneficiary(i) for i in sorted(ids)))
        return dict(zip(sorted(ids), found, strict=True))

    async def communes(self, codes: set[str]) -> dict[str, Commune]:
        found = await asyncio.gather(*(self.commune(c) for c in sorted(codes)))
        return dict(zip(sorted(codes), found, strict=True))
