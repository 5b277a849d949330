from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from projects.kpis.models import KpiIndicator


async def indicators(session: AsyncSession) -> Sequence[KpiIndicator]:
    return (await session.scalars(select(KpiIndicator).order_by(KpiIndicator.position))).all()
