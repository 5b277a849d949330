from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from typing import cast as type_cast

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    Select,
    String,
    Table,
    bindparam,
    cast,
    exists,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from budget.common import dialect_insert
from budget.db import UUID_STR
from budget.ledger.models import GENESIS_HASH, LedgerEntry, LedgerHead
from kc_common.pagination import Page, PageParams, paginate

HEAD = type_cast(Table, LedgerHead.__table__)
ENTRIES = type_cast(Table, LedgerEntry.__table__)
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
        await ensure_head(session)
        row = (await session.execute(stmt)).one()
    return int(row[0]) - count + 1, str(row[1])


async def ensure_head(session: AsyncSession) -> None:
    await session.execute(
        dialect_insert(session, HEAD)
        .values(id=HEAD_ID, seq=0, last_hash=GENESIS_HASH, prev_hash=GENESIS_HASH)
        .on_conflict_do_nothing(index_elements=["id"])
    )


_TYPES: dict[str, Any] = {
    "created_at": DateTime(timezone=True),
    "document_date": Date(),
    "hash_version": Integer(),
    "amount_vnd": BigInteger(),
    "fiscal_year": Integer(),
    "id": UUID_STR,
    "project_id": UUID_STR,
    "commitment_id": UUID_STR,
}
# Every column of an entry except the three the database links in (seq, prev_hash, hash).
ENTRY_FIELDS = tuple(c.name for c in ENTRIES.c if c.name not in ("seq", "prev_hash", "hash"))


def entry_params(values: dict[str, Any], content: str) -> dict[str, Any]:
    """Bind values for `chained_insert`: the entry's columns and its canonical content."""
    params = {f"entry_{n}": values[n] for n in ENTRY_FIELDS}
    params["entry_content"] = content
    return params


def _link_hash_sql(prev_hash: Any, seq: Any) -> Any:
    """sha256(prev_hash || '|' || seq || '|' || content) in hex, as `ledger.service.link_hash`."""
    return func.encode(
        func.sha256(
            func.convert_to(
                prev_hash
                + literal("|")
                + cast(seq, String)
                + literal("|")
                + bindparam("entry_content", type_=String()),
                literal("UTF8"),
            )
        ),
        literal("hex"),
    )


def chained_insert(gate: Any = None) -> Any:
    """PostgreSQL: lock the head, link and hash one entry, and insert it, as one statement (a CTE
    named `entry` returning seq, prev_hash and hash).

    The head moves by an upsert: the very first entry creates the head row (seq 1, linked to the
    genesis hash), every later one locks and advances it, so the entry is always written by this
    statement itself, which may therefore run on its own (autocommit) without a second step.
    With `gate` (a CTE), the head moves and the entry is written only if `gate` returned a row:
    another statement's guarded change can carry its ledger entry, taking the head lock last.
    Built once (bind parameters `entry_*`), so running it costs no statement construction.
    """
    first = select(
        literal(HEAD_ID),
        literal(1, BigInteger()),
        _link_hash_sql(literal(GENESIS_HASH), literal(1)),
        literal(GENESIS_HASH),
    )
    if gate is not None:
        first = first.where(exists(select(literal(1)).select_from(gate)))
    upsert = pg_insert(HEAD).from_select(["id", "seq", "last_hash", "prev_hash"], first)
    head = (
        upsert.on_conflict_do_update(
            index_elements=[HEAD.c.id],
            set_={
                "seq": HEAD.c.seq + 1,
                "prev_hash": HEAD.c.last_hash,
                "last_hash": _link_hash_sql(HEAD.c.last_hash, HEAD.c.seq + 1),
            },
        )
        .returning(HEAD.c.seq, HEAD.c.prev_hash, HEAD.c.last_hash)
        .cte("head")
    )
    columns = [
        bindparam(f"entry_{n}", type_=_TYPES.get(n, String())).label(n) for n in ENTRY_FIELDS
    ]
    return (
        ENTRIES.insert()
        .from_select(
            [*ENTRY_FIELDS, "seq", "prev_hash", "hash"],
            select(*columns, head.c.seq, head.c.prev_hash, head.c.last_hash),
        )
        .returning(ENTRIES.c.seq, ENTRIES.c.prev_hash, ENTRIES.c.hash)
        .cte("entry")
    )


_ENTRY = chained_insert()
_APPEND_ONE = select(_ENTRY.c.seq, _ENTRY.c.prev_hash, _ENTRY.c.hash)


async def append_one_postgres(
    session: AsyncSession, values: dict[str, Any], content: str
) -> tuple[int, str, str]:
    """PostgreSQL: append one entry in one statement (`chained_insert`): (seq, prev_hash, hash)."""
    row = (await session.execute(_APPEND_ONE, entry_params(values, content))).one()
    return int(row[0]), str(row[1]), str(row[2])


async def insert_entries(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await session.execute(ENTRIES.insert(), rows)


async def set_head_hash(session: AsyncSession, prev_hash: str, last_hash: str) -> None:
    await session.execute(
        update(HEAD).where(HEAD.c.id == HEAD_ID).values(last_hash=last_hash, prev_hash=prev_hash)
    )


async def head(session: AsyncSession) -> Any:
    return (await session.execute(select(HEAD.c.seq, HEAD.c.last_hash))).first()


def _filtered(stmt: Select[Any], filters: dict[str, Any]) -> Select[Any]:
    for name, value in filters.items():
        if value is None:
            continue
        if name == "document_date_from":
            stmt = stmt.where(ENTRIES.c.document_date >= value)
        elif name == "document_date_to":
            stmt = stmt.where(ENTRIES.c.document_date <= value)
        else:
            stmt = stmt.where(ENTRIES.c[name] == value)
    return stmt


async def list_entries(
    session: AsyncSession, filters: dict[str, Any], params: PageParams
) -> Page[Any]:
    return await paginate(session, export_query(filters), params)


def export_query(filters: dict[str, Any]) -> Select[Any]:
    """Every entry a list with the same filters would show, in chain order."""
    return _filtered(select(ENTRIES), filters).order_by(ENTRIES.c.seq)


async def entries_after(session: AsyncSession, seq: int, up_to: int, batch: int) -> Sequence[Any]:
    stmt = (
        select(ENTRIES)
        .where(ENTRIES.c.seq > seq, ENTRIES.c.seq <= up_to)
        .order_by(ENTRIES.c.seq)
        .limit(batch)
    )
    return (await session.execute(stmt)).all()
