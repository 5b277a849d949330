from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from budget.common import dialect_insert, utcnow
from budget.idempotency.models import IdempotencyRecord

T = cast(Table, IdempotencyRecord.__table__)


async def claim(session: AsyncSession, subject: str, key: str, request_hash: str) -> bool:
    """Insert the key row; False if it exists. A concurrent holder makes this wait (unique PK)."""
    stmt = (
        dialect_insert(session, T)
        .values(subject=subject, key=key, request_hash=request_hash, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["subject", "key"])
        .returning(T.c.key)
    )
    return (await session.execute(stmt)).first() is not None


async def get(session: AsyncSession, subject: str, key: str) -> Any:
    stmt = select(T.c.request_hash, T.c.status_code, T.c.response_body).where(
        T.c.subject == subject, T.c.key == key
    )
    return (await session.execute(stmt)).one()


async def complete(
    session: AsyncSession, subject: str, key: str, status_code: int, body: str
) -> None:
    await session.execute(
        update(T)
        .where(T.c.subject == subject, T.c.key == key)
        .values(status_code=status_code, response_body=body)
    )
