from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.text import like_pattern
from registry.craft_villages.models import CraftVillage

SORTABLE: dict[str, object] = {
    "name": CraftVillage.name,
    "founded_year": CraftVillage.founded_year,
    "recognized_on": CraftVillage.recognized_on,
    "households": CraftVillage.households,
    "created_at": CraftVillage.created_at,
}


class CraftVillageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self,
        *,
        q: str | None,
        admin_unit_code: str | None,
        is_traditional: bool | None,
        order: list[tuple[Any, bool]],
        offset: int,
        limit: int,
    ) -> tuple[Sequence[CraftVillage], int]:
        conditions = _conditions(q, admin_unit_code, is_traditional)
        total = await self.session.scalar(
            select(func.count()).select_from(CraftVillage).where(*conditions)
        )
        clauses = [c.desc() if d else c.asc() for c, d in order]
        stmt = (
            select(CraftVillage)
            .where(*conditions)
            .order_by(*clauses, CraftVillage.id)
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all(), int(total or 0)

    async def get(self, village_id: uuid.UUID) -> CraftVillage | None:
        return await self.session.get(CraftVillage, village_id)

    async def exists(self, village_id: uuid.UUID) -> bool:
        found = await self.session.scalar(
            select(CraftVillage.id).where(CraftVillage.id == village_id)
        )
        return found is not None

    async def existing_ids(self, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        wanted = list(ids)
        if not wanted:
            return set()
        rows = await self.session.scalars(
            select(CraftVillage.id).where(CraftVillage.id.in_(wanted))
        )
        return set(rows)

    def add(self, village: CraftVillage) -> None:
        self.session.add(village)

    async def flush(self) -> None:
        await self.session.flush()


def _conditions(
    q: str | None, admin_unit_code: str | None, is_traditional: bool | None
) -> list[Any]:
    conditions: list[Any] = []
    if q:
        conditions.append(CraftVillage.search_text.like(like_pattern(q), escape="\\"))
    if admin_unit_code:
        conditions.append(CraftVillage.admin_unit_code == admin_unit_code)
    if is_traditional is not None:
        conditions.append(CraftVillage.is_traditional == is_traditional)
    return conditions


def export_query(
    *,
    q: str | None,
    admin_unit_code: str | None,
    is_traditional: bool | None,
    order: list[tuple[Any, bool]],
) -> Select[Any]:
    """The rows a list with the same filters and order would show, every page of them."""
    clauses = [c.desc() if d else c.asc() for c, d in order]
    return (
        select(CraftVillage.__table__)
        .where(*_conditions(q, admin_unit_code, is_traditional))
        .order_by(*clauses, CraftVillage.id)
    )
