"""Every query over typical products."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.pagination import Page, PageParams, paginate
from kc_common.text import like_pattern
from registry.enterprises.models import Enterprise
from registry.typical_products.models import TypicalProduct
from registry.typical_products.schemas import PASS_SCORE

SORTABLE: dict[str, object] = {
    "name": TypicalProduct.name_key,  # Vietnamese order
    "recognized_year": TypicalProduct.recognized_year,
    "score": TypicalProduct.score,
    "valid_until": TypicalProduct.valid_until,
    "created_at": TypicalProduct.created_at,
}


@dataclass(frozen=True)
class ProductFilters:
    """What a list (and its export) asks for; `order` from `parse_sort` over `SORTABLE`."""

    q: str | None = None
    enterprise_id: uuid.UUID | None = None
    group: str | None = None
    tier: str | None = None
    recognized_year: int | None = None
    recognized: bool | None = None
    order: tuple[tuple[Any, bool], ...] = ()


def listed(filters: ProductFilters, stmt: Select[Any]) -> Select[Any]:
    """`stmt` narrowed to the filters, in the list's order (id last: a stable order to page)."""
    f = filters
    if f.q:
        stmt = stmt.where(TypicalProduct.search_text.like(like_pattern(f.q), escape="\\"))
    if f.enterprise_id:
        stmt = stmt.where(TypicalProduct.enterprise_id == f.enterprise_id)
    if f.group:
        stmt = stmt.where(TypicalProduct.group == f.group)
    if f.tier:
        stmt = stmt.where(TypicalProduct.tier == f.tier)
    if f.recognized_year:
        stmt = stmt.where(TypicalProduct.recognized_year == f.recognized_year)
    if f.recognized is not None:
        stmt = stmt.where(
            TypicalProduct.score >= PASS_SCORE
            if f.recognized
            else TypicalProduct.score < PASS_SCORE
        )
    clauses = [c.desc() if d else c.asc() for c, d in f.order]
    return stmt.order_by(*clauses, TypicalProduct.id)


async def page(
    session: AsyncSession, filters: ProductFilters, params: PageParams
) -> Page[TypicalProduct]:
    return await paginate(session, listed(filters, select(TypicalProduct)), params, scalars=True)


def export_query(filters: ProductFilters) -> Select[Any]:
    """Every row a list with the same filters would show, with the enterprise's name."""
    stmt = select(*TypicalProduct.__table__.c, Enterprise.name.label("enterprise_name")).join(
        Enterprise, Enterprise.id == TypicalProduct.enterprise_id, isouter=True
    )
    return listed(filters, stmt)


async def get(session: AsyncSession, product_id: uuid.UUID) -> TypicalProduct | None:
    return await session.get(TypicalProduct, product_id)


async def add(session: AsyncSession, product: TypicalProduct) -> None:
    session.add(product)
    await session.flush()
