from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from projects.changes.models import ChangeRequest, ChangeRule


async def rule(session: AsyncSession, kind: str, direction: str, level: str) -> ChangeRule | None:
    return await session.get(ChangeRule, (kind, direction, level))


async def next_number(session: AsyncSession, project_id: uuid.UUID) -> int:
    """Under the project's row lock: the next number of its change requests."""
    stmt = select(func.coalesce(func.max(ChangeRequest.number), 0)).where(
        ChangeRequest.project_id == project_id
    )
    return int((await session.execute(stmt)).scalar_one()) + 1


async def add(session: AsyncSession, change: ChangeRequest) -> ChangeRequest:
    session.add(change)
    await session.flush()
    return change


async def get(
    session: AsyncSession, project_id: uuid.UUID, change_id: uuid.UUID
) -> ChangeRequest | None:
    stmt = select(ChangeRequest).where(
        ChangeRequest.id == change_id, ChangeRequest.project_id == project_id
    )
    return (await session.scalars(stmt)).one_or_none()


async def page(
    session: AsyncSession, project_id: uuid.UUID, offset: int, limit: int
) -> tuple[Sequence[ChangeRequest], int]:
    where = ChangeRequest.project_id == project_id
    total = (await session.execute(select(func.count()).where(where))).scalar_one()
    stmt = select(ChangeRequest).where(where).order_by(ChangeRequest.number.desc())
    rows = (await session.scalars(stmt.offset(offset).limit(limit))).all()
    return rows, int(total)


async def approved(session: AsyncSession, project_id: uuid.UUID) -> Sequence[ChangeRequest]:
    """A project's approved changes in the order they were asked (the forms and the public page
    list them so)."""
    stmt = (
        select(ChangeRequest)
        .where(ChangeRequest.project_id == project_id, ChangeRequest.status == "approved")
        .order_by(ChangeRequest.number)
    )
    return (await session.scalars(stmt)).all()
