"""Every query over reference data (admin units, sectors)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.reference.models import AdminUnit, Sector


async def admin_units(
    session: AsyncSession,
    *,
    valid_on: date | None,
    level: str | None,
    parent_code: str | None,
    code: str | None = None,
) -> Sequence[AdminUnit]:
    stmt = select(AdminUnit)
    if code is not None:
        stmt = stmt.where(AdminUnit.code == code)
    if valid_on is not None:
        stmt = stmt.where(
            AdminUnit.valid_from <= valid_on,
            or_(AdminUnit.valid_to.is_(None), AdminUnit.valid_to >= valid_on),
        )
    if level is not None:
        stmt = stmt.where(AdminUnit.level == level)
    if parent_code is not None:
        stmt = stmt.where(AdminUnit.parent_code == parent_code)
    stmt = stmt.order_by(AdminUnit.level, AdminUnit.code, AdminUnit.valid_from)
    return (await session.scalars(stmt)).all()


async def all_admin_units(session: AsyncSession) -> Sequence[AdminUnit]:
    """Every version of every unit (a few hundred rows), oldest first per code."""
    stmt = select(AdminUnit).order_by(AdminUnit.code, AdminUnit.valid_from)
    return (await session.scalars(stmt)).all()


async def admin_unit_ends(session: AsyncSession) -> dict[str, date | None]:
    """code → the last day any unit with that code existed (None: still exists)."""
    ends: dict[str, date | None] = {}
    rows = await session.execute(select(AdminUnit.code, AdminUnit.valid_to))
    for code, valid_to in rows:
        known = ends.get(code, date.min)
        if code not in ends or (known is not None and (valid_to is None or valid_to > known)):
            ends[code] = valid_to
    return ends


async def admin_unit_exists(session: AsyncSession, code: str) -> bool:
    found = await session.scalar(select(AdminUnit.code).where(AdminUnit.code == code))
    return found is not None


async def admin_unit_names(session: AsyncSession, valid_on: date | None = None) -> dict[str, str]:
    """code → its name on `valid_on` (codes repeat across time: 25771 was Phường Tương Bình
    Hiệp until 2025-06-30); a code not in force that day, or no date, takes its latest name."""
    rows = await session.execute(
        select(AdminUnit.code, AdminUnit.name, AdminUnit.valid_from, AdminUnit.valid_to).order_by(
            AdminUnit.valid_from
        )
    )
    names: dict[str, str] = {}
    in_force: dict[str, str] = {}
    for code, name, valid_from, valid_to in rows:
        names[code] = name
        if valid_on and valid_from <= valid_on and (valid_to is None or valid_to >= valid_on):
            in_force[code] = name
    return {**names, **in_force}


async def sectors(session: AsyncSession) -> Sequence[Sector]:
    return (await session.scalars(select(Sector).order_by(Sector.code))).all()


async def sector_map(session: AsyncSession) -> dict[str, str]:
    """code → section letter, for every section and division."""
    rows = await session.execute(select(Sector.code, Sector.section_code))
    return {code: section for code, section in rows}
