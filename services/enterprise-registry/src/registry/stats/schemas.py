from __future__ import annotations

from pydantic import BaseModel


class AdminUnitCounts(BaseModel):
    admin_unit_code: str
    admin_unit_name: str | None
    enterprises: int
    craft_villages: int
    typical_products: int


class RegistryStats(BaseModel):
    enterprises: int
    craft_villages: int
    typical_products: int
    by_admin_unit: list[AdminUnitCounts]
