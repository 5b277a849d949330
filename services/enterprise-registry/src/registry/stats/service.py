"""Counts for the dashboard.

`enterprises` counts registered establishments that are not dissolved (archived ones are
history). An admin-unit code is named as it was on `valid_on` (the dashboard asks for the end
of its year), since codes were reused after 1/7/2025; without a date, by its latest unit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from registry.reference.repository import ReferenceRepository
from registry.stats.repository import StatsRepository
from registry.stats.schemas import AdminUnitCounts, RegistryStats


class StatsService:
    def __init__(self, session: AsyncSession) -> None:
        self.repo = StatsRepository(session)
        self.reference = ReferenceRepository(session)

    async def stats(self, valid_on: date | None = None) -> RegistryStats:
        enterprises = await self.repo.enterprises_by_unit()
        villages = await self.repo.villages_by_unit()
        products = await self.repo.products_by_unit()
        names = await self.reference.admin_unit_names(valid_on)
        codes = sorted(set(enterprises) | set(villages) | set(products))
        return RegistryStats(
            enterprises=sum(enterprises.values()),
            craft_villages=sum(villages.values()),
            typical_products=sum(products.values()),
            by_admin_unit=[
                AdminUnitCounts(
                    admin_unit_code=code,
                    admin_unit_name=names.get(code),
                    enterprises=enterprises.get(code, 0),
                    craft_villages=villages.get(code, 0),
                    typical_products=products.get(code, 0),
                )
                for code in codes
            ],
        )
