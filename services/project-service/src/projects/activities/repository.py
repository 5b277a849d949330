from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from projects.activities.models import ActivityType, Category, PriorityArea, SupportPolicy
from projects.priority_areas import repository as priority_areas


async def categories(session: AsyncSession) -> Sequence[Category]:
    return (await session.scalars(select(Category).order_by(Category.position))).all()


async def activity_types(session: AsyncSession) -> Sequence[ActivityType]:
    stmt = select(ActivityType).order_by(ActivityType.category_code, ActivityType.position)
    return (await session.scalars(stmt)).all()


async def activity_type(session: AsyncSession, code: str) -> ActivityType | None:
    return await session.get(ActivityType, code)


async def policies(
    session: AsyncSession, *, program_code: str | None = None, on: date | None = None
) -> Sequence[SupportPolicy]:
    stmt = select(SupportPolicy)
    if program_code is not None:
        stmt = stmt.where(
            or_(SupportPolicy.program_code.is_(None), SupportPolicy.program_code == program_code)
        )
    if on is not None:
        stmt = stmt.where(
            SupportPolicy.effective_from <= on,
            or_(SupportPolicy.effective_to.is_(None), SupportPolicy.effective_to >= on),
        )
    stmt = stmt.order_by(SupportPolicy.activity_type, SupportPolicy.effective_from)
    return (await session.scalars(stmt)).all()


async def policy_for(
    session: AsyncSession, activity_type: str, program_code: str | None, on: date
) -> SupportPolicy | None:
    """The program's own rule if it has one, else the national default, valid on `on`."""
    stmt = (
        select(SupportPolicy)
        .where(
            SupportPolicy.activity_type == activity_type,
            SupportPolicy.effective_from <= on,
            or_(SupportPolicy.effective_to.is_(None), SupportPolicy.effective_to >= on),
        )
        .order_by(SupportPolicy.effective_from.desc())
    )
    rows = (await session.scalars(stmt)).all()
    own = [p for p in rows if program_code and p.program_code == program_code]
    national = [p for p in rows if p.program_code is None]
    candidates = own or national
    return candidates[0] if candidates else None


async def priority_area(
    session: AsyncSession, admin_unit_code: str, program_code: str | None, on: date
) -> PriorityArea | None:
    """The program's own mark on the unit if it has one, else one for every program."""
    stmt = select(PriorityArea).where(
        PriorityArea.admin_unit_code == admin_unit_code,
        priority_areas.in_force(on),
        or_(PriorityArea.program_code.is_(None), PriorityArea.program_code == program_code),
    )
    rows = (await session.scalars(stmt)).all()
    own = [a for a in rows if program_code and a.program_code == program_code]
    candidates = own or [a for a in rows if a.program_code is None]
    return candidates[0] if candidates else None
