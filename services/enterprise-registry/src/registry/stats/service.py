"""Counts for the dashboard.

`enterprises` counts registered establishments that are not dissolved (archived ones are
history). An admin-unit code is named as it was on `valid_on` (the dashboard asks for the end
of its year), since codes were reused after 1/7/2025; without a date, by its latest unit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from registry.reference import repository as reference
from registry.stats import repository
from registry.stats.schemas import AdminUnitCounts, RegistryStats


async def stats(session: AsyncSession, valid_on: date | None = None) -> RegistryStats:
    enterprises = await repository.enterprises_by_unit(session)
    villages = await repository.villages_by_unit(session)
    products = await repository.products_by_unit(session)
    names = await reference.admin_unit_names(session, valid_on)
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
