from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.users.models import User
from kc_common.pagination import Page, PageParams, paginate


async def get(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def by_username(session: AsyncSession, username: str) -> User | None:
    return await session.scalar(select(User).where(User.username == username))


async def search(
    session: AsyncSession,
    *,
    role: str | None,
    is_active: bool | None,
    q: str | None,
    params: PageParams,
) -> Page[User]:
    conditions = []
    if role:
        conditions.append(User.role == role)
    if is_active is not None:
        conditions.append(User.is_active == is_active)
    if q:
        pattern = (
            "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        conditions.append(
            or_(
                func.lower(User.username).like(pattern, escape="\\"),
                func.lower(User.full_name).like(pattern, escape="\\"),
            )
        )
    stmt = select(User).where(*conditions).order_by(User.username)
    return await paginate(session, stmt, params, scalars=True)


async def lock_active_admins(session: AsyncSession) -> int:
    """Lock every active admin's row (until commit) and count them."""
    rows = await session.scalars(
        select(User.id).where(User.role == "admin", User.is_active.is_(True)).with_for_update()
    )
    return len(list(rows))


async def add(session: AsyncSession, user: User) -> User:
    session.add(user)
    await session.flush()
    return user


async def register_failure(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    now: datetime,
    threshold: int,
    lock_until: datetime,
) -> int:
    """Atomically count a failed login; locks the account when the count reaches `threshold`.

    A lock that has run out starts the count again. Returns the new consecutive count.
    """
    expired = (User.locked_until.is_not(None)) & (User.locked_until <= now)
    base = func.coalesce(User.failed_login_count, 0)
    new_count = case((expired, 1), else_=base + 1)
    result = await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            failed_login_count=new_count,
            locked_until=case(
                (new_count >= threshold, lock_until),
                (expired, None),
                else_=User.locked_until,
            ),
        )
        .returning(User.failed_login_count)
        .execution_options(synchronize_session=False)
    )
    count = result.scalar_one()
    return int(count)


async def register_success(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(failed_login_count=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )
