"""Counts over the other domains' tables (stats has none of its own)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.craft_villages.models import CraftVillage
from registry.enterprises.models import Enterprise
from registry.typical_products.models import TypicalProduct

ARCHIVED = "dissolved"


async def enterprises_by_unit(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(Enterprise.admin_unit_code, func.count())
        .where(Enterprise.status != ARCHIVED)
        .group_by(Enterprise.admin_unit_code)
    )
    return {code: int(n) for code, n in rows}


async def villages_by_unit(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(CraftVillage.admin_unit_code, func.count()).group_by(CraftVillage.admin_unit_code)
    )
    return {code: int(n) for code, n in rows}


async def products_by_unit(session: AsyncSession) -> dict[str, int]:
    """Typical products counted where their enterprise is registered."""
    rows = await session.execute(
        select(Enterprise.admin_unit_code, func.count())
        .select_from(TypicalProduct)
        .join(Enterprise, Enterprise.id == TypicalProduct.enterprise_id)
        .group_by(Enterprise.admin_unit_code)
    )
    return {code: int(n) for code, n in rows}
