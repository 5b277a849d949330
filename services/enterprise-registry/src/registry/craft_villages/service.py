"""Rules for craft villages (Decree 52/2018/NĐ-CP).

A recognised craft village has at least 20% of its households in the craft and at least two
years of stable operation; a traditional craft is over 50 years old locally. Unrecognised
villages (candidates) are registered without those thresholds; the counts must still add up.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.errors import NotFound, Unprocessable
from kc_common.localtime import utcnow
from kc_common.pagination import Page, PageParams
from kc_common.text import fold, sort_key
from registry.craft_villages import repository
from registry.craft_villages.models import CraftVillage
from registry.craft_villages.repository import VillageFilters
from registry.craft_villages.schemas import (
    REQUIRED_FIELDS,
    CraftVillageCreate,
    CraftVillageUpdate,
)
from registry.reference import service as reference

MIN_CRAFT_SHARE = 0.20
MIN_YEARS_OPERATING = 2
TRADITIONAL_YEARS = 50
INVALID = "registry.invalid_craft_village"


def village_error(v: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """The first (field, message key, params) breaking the rules, or None."""
    households, craft = v.get("households"), v.get("craft_households")
    if households is not None and craft is not None and craft > households:
        return "craft_households", "registry.craft_households_exceed", {}
    founded, recognized = v.get("founded_year"), v.get("recognized_on")
    this_year = utcnow().year
    traditional = ("is_traditional", "registry.traditional_years", {"years": TRADITIONAL_YEARS})
    if founded is not None and founded > this_year:
        return "founded_year", "validation.not_future", {}
    if recognized is not None:
        if recognized > utcnow().date():
            return "recognized_on", "validation.not_future", {}
        if households and craft is not None and craft < MIN_CRAFT_SHARE * households:
            return (
                "craft_households",
                "registry.craft_share",
                {"percent": round(MIN_CRAFT_SHARE * 100)},
            )
        if founded is not None and founded > recognized.year - MIN_YEARS_OPERATING:
            return "founded_year", "registry.craft_years", {"years": MIN_YEARS_OPERATING}
        if (
            v.get("is_traditional")
            and founded is not None
            and (founded > recognized.year - TRADITIONAL_YEARS)
        ):
            return traditional
    elif (
        v.get("is_traditional") and founded is not None and founded > this_year - TRADITIONAL_YEARS
    ):
        return traditional
    return None


async def page(
    session: AsyncSession, filters: VillageFilters, params: PageParams
) -> Page[CraftVillage]:
    return await repository.page(session, filters, params)


async def get(session: AsyncSession, village_id: uuid.UUID) -> CraftVillage:
    village = await repository.get(session, village_id)
    if village is None:
        raise NotFound(code="registry.craft_village_not_found")
    return village


async def create(session: AsyncSession, body: CraftVillageCreate) -> CraftVillage:
    data = body.model_dump()
    await _check(session, data, check_unit=True)
    village = CraftVillage(**data, search_text=_search(data), name_key=sort_key(data["name"]))
    await repository.add(session, village)
    return village


async def update(
    session: AsyncSession, village_id: uuid.UUID, body: CraftVillageUpdate
) -> CraftVillage:
    village = await get(session, village_id)
    sent = body.model_dump(exclude_unset=True)
    nulls = [f for f in REQUIRED_FIELDS if f in sent and sent[f] is None]
    if nulls:
        raise Unprocessable.for_field(nulls[0], "validation.not_null")
    merged = {c: getattr(village, c) for c in CraftVillageCreate.model_fields}
    merged.update(sent)
    await _check(session, merged, check_unit="admin_unit_code" in sent)
    for key, value in sent.items():
        setattr(village, key, value)
    village.search_text = _search(merged)
    village.name_key = sort_key(village.name)
    village.updated_at = utcnow()
    await session.flush()
    return village


async def _check(session: AsyncSession, data: dict[str, Any], *, check_unit: bool) -> None:
    if problem := village_error(data):
        field, message, params = problem
        raise Unprocessable.for_field(field, message, code=INVALID, params=params or None)
    if check_unit:
        await reference.check_admin_unit(session, data["admin_unit_code"])


def _search(data: dict[str, Any]) -> str:
    return f"{fold(data['name'])} {fold(data['craft'])}"[:520]
