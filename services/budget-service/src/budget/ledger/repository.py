from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Select, Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from budget.common import dialect_insert
from budget.ledger.models import GENESIS_HASH, LedgerEntry, LedgerHead

HEAD = cast(Table, LedgerHead.__table__)
ENTRIES = cast(Table, LedgerEntry.__table__)
HEAD_ID = 1


async def take_head(session: AsyncSession, count: int) -> tuple[int, str]:
    """Reserve `count` sequence numbers under the head's row lock; return (first seq, prev hash).

    The UPDATE takes the row lock (PostgreSQL) or runs under the database write lock (SQLite);
    it is held until the request's transaction ends, so chains never fork.
    """
    stmt = (
        update(HEAD)
        .where(HEAD.c.id == HEAD_ID)
        .values(seq=HEAD.c.seq + count)
        .returning(HEAD.c.seq, HEAD.c.last_hash)
    )
    row = (await session.execute(stmt)).first()
    if row is None:  # the very first entry: create the head, then lock it like everyone else
        await session.execute(
            dialect_insert(session, HEAD)
            .values(id=HEAD_ID, seq=0, last_hash=GENESIS_HASH)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        row = (await session.execute(stmt)).one()
    return int(row[0]) - count + 1, str(row[1])


async def insert_entries(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await session.execute(ENTRIES.insert(), rows)


async def set_head_hash(session: AsyncSession, last_hash: str) -> None:
    await session.execute(update(HEAD).where(HEAD.c.id == HEAD_ID).values(last_hash=last_hash))


async def head(session: AsyncSession) -> Any:
    return (await session.execute(select(HEAD.c.seq, HEAD.c.last_hash))).first()


def _filtered(stmt: Select[Any], filters: dict[str, Any]) -> Select[Any]:
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(ENTRIES.c[name] == value)
    return stmt


async def list_entries(
    session: AsyncSession, filters: dict[str, Any], offset: int, limit: int
) -> tuple[Sequence[Any], int]:
    total = (
        await session.execute(_filtered(select(func.count()).select_from(ENTRIES), filters))
    ).scalar_one()
    rows = (
        await session.execute(
            _filtered(select(ENTRIES), filters).order_by(ENTRIES.c.seq).offset(offset).limit(limit)
        )
    ).all()
    return rows, int(total)


async def entries_after(session: AsyncSession, seq: int, batch: int) -> Sequence[Any]:
    stmt = select(ENTRIES).where(ENTRIES.c.seq > seq).order_by(ENTRIES.c.seq).limit(batch)
    return (await session.execute(stmt)).all()
