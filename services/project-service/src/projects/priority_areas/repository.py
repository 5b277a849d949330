"""The priority areas' queries (the model is the activities' own: the support check reads it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.pagination import Page, PageParams, paginate
from projects.activities.models import PriorityArea


def in_force(on: date) -> ColumnElement[bool]:
    """A mark in force on `on`: from its first day to its last (none: open)."""
    return and_(
        PriorityArea.effective_from <= on,
        or_(PriorityArea.effective_to.is_(None), PriorityArea.effective_to >= on),
    )


async def page(
    session: AsyncSession,
    params: PageParams,
    *,
    program_code: str | None,
    admin_unit_code: str | None,
    on: date | None,
) -> Page[Any]:
    """By unit, then the newest period first."""
    stmt = select(PriorityArea)
    if program_code is not None:
        stmt = stmt.where(PriorityArea.program_code == program_code)
    if admin_unit_code is not None:
        stmt = stmt.where(PriorityArea.admin_unit_code == admin_unit_code)
    if on is not None:
        stmt = stmt.where(in_force(on))
    stmt = stmt.order_by(
        PriorityArea.admin_unit_code, PriorityArea.effective_from.desc(), PriorityArea.id
    )
    return await paginate(session, stmt, params, scalars=True)


async def writers_in_turn(session: AsyncSession) -> None:
    """Two managers marking the same unit at once must not both pass the overlap check: on
    PostgreSQL writers of this small table take turns (reads go on); SQLite's writers already
    do (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE priority_areas IN SHARE ROW EXCLUSIVE MODE"))


async def overlapping(session: AsyncSession, area: PriorityArea) -> PriorityArea | None:
    """Another mark of the same unit and program (or both for every program) whose period
    meets `area`'s."""
    same_program = (
        PriorityArea.program_code.is_(None)
        if area.program_code is None
        else PriorityArea.program_code == area.program_code
    )
    conditions = [
        PriorityArea.id != area.id,
        PriorityArea.admin_unit_code == area.admin_unit_code,
        same_program,
        or_(PriorityArea.effective_to.is_(None), PriorityArea.effective_to >= area.effective_from),
    ]
    if area.effective_to is not None:
        conditions.append(PriorityArea.effective_from <= area.effective_to)
    with session.no_autoflush:
        return (await session.scalars(select(PriorityArea).where(*conditions).limit(1))).first()
