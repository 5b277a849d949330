"""Every query over craft villages."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.pagination import Page, PageParams, paginate
from kc_common.text import like_pattern
from registry.craft_villages.models import CraftVillage

SORTABLE: dict[str, object] = {
    "name": CraftVillage.name_key,  # Vietnamese order
    "founded_year": CraftVillage.founded_year,
    "recognized_on": CraftVillage.recognized_on,
    "households": CraftVillage.households,
    "created_at": CraftVillage.created_at,
}


@dataclass(frozen=True)
class VillageFilters:
    """What a list (and its export) asks for; `order` from `parse_sort` over `SORTABLE`."""

    q: str | None = None
    admin_unit_code: str | None = None
    is_traditional: bool | None = None
    order: tuple[tuple[Any, bool], ...] = ()


def listed(filters: VillageFilters, stmt: Select[Any]) -> Select[Any]:
    """`stmt` narrowed to the filters, in the list's order (id last: a stable order to page)."""
    f = filters
    if f.q:
        stmt = stmt.where(CraftVillage.search_text.like(like_pattern(f.q), escape="\\"))
    if f.admin_unit_code:
        stmt = stmt.where(CraftVillage.admin_unit_code == f.admin_unit_code)
    if f.is_traditional is not None:
        stmt = stmt.where(CraftVillage.is_traditional == f.is_traditional)
    clauses = [c.desc() if d else c.asc() for c, d in f.order]
    return stmt.order_by(*clauses, CraftVillage.id)


async def page(
    session: AsyncSession, filters: VillageFilters, params: PageParams
) -> Page[CraftVillage]:
    return await paginate(session, listed(filters, select(CraftVillage)), params, scalars=True)


def export_query(filters: VillageFilters) -> Select[Any]:
    """The rows a list with the same filters and order would show, every page of them."""
    return listed(filters, select(CraftVillage.__table__))


async def get(session: AsyncSession, village_id: uuid.UUID) -> CraftVillage | None:
    return await session.get(CraftVillage, village_id)


async def exists(session: AsyncSession, village_id: uuid.UUID) -> bool:
    found = await session.scalar(select(CraftVillage.id).where(CraftVillage.id == village_id))
    return found is not None


async def existing_ids(session: AsyncSession, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list(ids)
    if not wanted:
        return set()
    rows = await session.scalars(select(CraftVillage.id).where(CraftVillage.id.in_(wanted)))
    return set(rows)


async def add(session: AsyncSession, village: CraftVillage) -> None:
    session.add(village)
    await session.flush()
