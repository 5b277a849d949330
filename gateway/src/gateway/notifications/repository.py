from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.notifications.models import Notification
from gateway.users.models import User
from kc_common.db import dialect_insert
from kc_common.pagination import Page, PageParams, paginate


async def active_users(session: AsyncSession, roles: Sequence[str]) -> list[User]:
    rows = await session.scalars(
        select(User).where(User.is_active.is_(True), User.role.in_(roles)).order_by(User.id)
    )
    return list(rows)


async def add_new(session: AsyncSession, rows: list[dict[str, Any]]) -> list[uuid.UUID]:
    """Insert the rows whose (user_id, key) is not there yet; the ids of those inserted."""
    if not rows:
        return []
    result = await session.execute(
        dialect_insert(session, Notification)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["user_id", "key"])
        .returning(Notification.id)
    )
    return list(result.scalars())


async def page_for(
    session: AsyncSession, user_id: uuid.UUID, params: PageParams, *, unread_only: bool
) -> Page[Any]:
    stmt = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    # Unread first, then the newest.
    stmt = stmt.order_by(
        Notification.read_at.is_not(None), Notification.created_at.desc(), Notification.id
    )
    return await paginate(session, stmt, params, scalars=True)


async def unread_count(session: AsyncSession, user_id: uuid.UUID) -> int:
    total = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return int(total or 0)


async def get_own(
    session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification | None:
    return await session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user_id
        )
    )


async def mark_read(session: AsyncSession, notification: Notification, when: dt.datetime) -> None:
    # Only the first read counts (a replay keeps the first time).
    await session.execute(
        update(Notification)
        .where(Notification.id == notification.id, Notification.read_at.is_(None))
        .values(read_at=when)
    )


async def unsent(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Notification]:
    if not ids:
        return []
    rows = await session.scalars(
        select(Notification)
        .where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
        .order_by(Notification.due_on)
    )
    return list(rows)


async def mark_emailed(session: AsyncSession, ids: Sequence[uuid.UUID], when: dt.datetime) -> None:
    await session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
        .values(emailed_at=when)
    )
