from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.text import like_pattern
from registry.enterprises.models import Enterprise
from registry.typical_products.models import TypicalProduct
from registry.typical_products.schemas import PASS_SCORE

SORTABLE: dict[str, object] = {
    "name": TypicalProduct.name,
    "recognized_year": TypicalProduct.recognized_year,
    "score": TypicalProduct.score,
    "valid_until": TypicalProduct.valid_until,
    "created_at": TypicalProduct.created_at,
}


class TypicalProductRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self,
        *,
        q: str | None = None,
        enterprise_id: uuid.UUID | None = None,
        group: str | None = None,
        tier: str | None = None,
        recognized_year: int | None = None,
        recognized: bool | None = None,
        order: list[tuple[Any, bool]],
        offset: int,
        limit: int,
    ) -> tuple[Sequence[TypicalProduct], int]:
        conditions = _conditions(q, enterprise_id, group, tier, recognized_year, recognized)
        total = await self.session.scalar(
            select(func.count()).select_from(TypicalProduct).where(*conditions)
        )
        clauses = [c.desc() if d else c.asc() for c, d in order]
        stmt = (
            select(TypicalProduct)
            .where(*conditions)
            .order_by(*clauses, TypicalProduct.id)
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all(), int(total or 0)

    async def get(self, product_id: uuid.UUID) -> TypicalProduct | None:
        return await self.session.get(TypicalProduct, product_id)

    def add(self, product: TypicalProduct) -> None:
        self.session.add(product)

    async def flush(self) -> None:
        await self.session.flush()


def _conditions(
    q: str | None,
    enterprise_id: uuid.UUID | None,
    group: str | None,
    tier: str | None,
    recognized_year: int | None,
    recognized: bool | None,
) -> list[Any]:
    conditions: list[Any] = []
    if q:
        conditions.append(TypicalProduct.search_text.like(like_pattern(q), escape="\\"))
    if enterprise_id:
        conditions.append(TypicalProduct.enterprise_id == enterprise_id)
    if group:
        conditions.append(TypicalProduct.group == group)
    if tier:
        conditions.append(TypicalProduct.tier == tier)
    if recognized_year:
        conditions.append(TypicalProduct.recognized_year == recognized_year)
    if recognized is not None:
        conditions.append(
            TypicalProduct.score >= PASS_SCORE if recognized else TypicalProduct.score < PASS_SCORE
        )
    return conditions


def export_query(
    *,
    q: str | None = None,
    enterprise_id: uuid.UUID | None = None,
    group: str | None = None,
    tier: str | None = None,
    recognized_year: int | None = None,
    recognized: bool | None = None,
    order: list[tuple[Any, bool]],
) -> Select[Any]:
    """Every row a list with the same filters would show, with the enterprise's name."""
    clauses = [c.desc() if d else c.asc() for c, d in order]
    conditions = _conditions(q, enterprise_id, group, tier, recognized_year, recognized)
    return (
        select(*TypicalProduct.__table__.c, Enterprise.name.label("enterprise_name"))
        .join(Enterprise, Enterprise.id == TypicalProduct.enterprise_id, isouter=True)
        .where(*conditions)
        .order_by(*clauses, TypicalProduct.id)
    )
