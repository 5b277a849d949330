from __future__ import annotations

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

from budget.common import is_postgres
from budget.db import UUID_STR
from budget.ledger.models import (
    ENTRY_SEQ,
    GENESIS_HASH,
    LedgerChainHead,
    LedgerCheckpoint,
    LedgerEntry,
)
from kc_common.db import dialect_insert
from kc_common.pagination import Page, PageParams, paginate

HEAD = type_cast(Table, LedgerChainHead.__table__)
ENTRIES = type_cast(Table, LedgerEntry.__table__)
CHECKPOINTS = type_cast(Table, LedgerCheckpoint.__table__)


async def take_heads(session: AsyncSession, counts: dict[str, int]) -> dict[str, tuple[int, str]]:
    """Reserve `counts[chain]` positions in each chain under its head's row lock; return, per
    chain, (first chain_seq, prev hash). Heads are locked in sorted chain order, so two
    transactions appending to the same chains never wait on each other in a circle.

    The UPDATE takes the row lock (PostgreSQL) or runs under the database write lock (SQLite);
    it is held until the request's transaction ends, so a chain never forks.
    """
    taken: dict[str, tuple[int, str]] = {}
    for chain in sorted(counts):
        count = counts[chain]
        stmt = (
            update(HEAD)
            .where(HEAD.c.chain == chain)
            .values(seq=HEAD.c.seq + count)
            .returning(HEAD.c.seq, HEAD.c.last_hash)
        )
        row = (await session.execute(stmt)).first()
        if row is None:  # the chain's first entry: create its head, then lock it as usual
            await session.execute(
                dialect_insert(session, HEAD)
                .values(
                    chain=chain, seq=0, last_hash=GENESIS_HASH, prev_hash=GENESIS_HASH, entry_seq=0
                )
                .on_conflict_do_nothing(index_elements=["chain"])
            )
            row = (await session.execute(stmt)).one()
        taken[chain] = (int(row[0]) - count + 1, str(row[1]))
    return taken


async def next_seqs(session: AsyncSession, count: int) -> list[int]:
    """`count` new ledger positions: from the sequence on PostgreSQL; on SQLite the next after the
    highest (the head UPDATE before it holds the database's write lock)."""
    if is_postgres(session):
        stmt = select(func.nextval(ENTRY_SEQ.name)).select_from(func.generate_series(1, count))
        return [int(v) for v in (await session.execute(stmt)).scalars()]
    last = (await session.execute(select(func.coalesce(func.max(ENTRIES.c.seq), 0)))).scalar_one()
    return list(range(int(last) + 1, int(last) + 1 + count))


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
# Every column of an entry except the four the database links in (seq, chain_seq, prev_hash, hash).
ENTRY_FIELDS = tuple(
    c.name for c in ENTRIES.c if c.name not in ("seq", "chain_seq", "prev_hash", "hash")
)


def entry_params(values: dict[str, Any], content: str) -> dict[str, Any]:
    """Bind values for `chained_insert`: the entry's columns (with its `chain`) and its
    canonical content."""
    params = {f"entry_{n}": values[n] for n in ENTRY_FIELDS}
    params["entry_content"] = content
    return params


def _link_hash_sql(prev_hash: Any, chain_seq: Any, seq: Any) -> Any:
    """sha256(prev_hash|chain|chain_seq|seq|content) in hex, as `ledger.service.link_hash`
    for hash version 3."""
    return func.encode(
        func.sha256(
            func.convert_to(
                prev_hash
                + literal("|")
                + bindparam("entry_chain", type_=String())
                + literal("|")
                + cast(chain_seq, String)
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
    """PostgreSQL: draw the entry's `seq`, lock its chain's head, link and hash the entry and
    insert it, as one statement (a CTE named `entry` returning chain, seq, chain_seq, prev_hash
    and hash).

    The head moves by an upsert: a chain's very first entry creates its head (chain_seq 1, the
    genesis hash before it), every later one locks and advances it; the new hash is computed in
    the upsert itself (from the locked `last_hash`, the next chain_seq and the drawn seq, handed
    in as `excluded.entry_seq`), and its RETURNING gives the INSERT both ends of the link. With
    `gate` (a CTE), the head moves and the entry is written only if `gate` returned a row:
    another statement's guarded change can carry its ledger entry, taking the head lock last.
    Built once (bind parameters `entry_*`), so running it costs no statement construction.
    """
    drawn = select(func.nextval(ENTRY_SEQ.name).label("seq")).subquery("drawn")
    first = select(
        bindparam("entry_chain", type_=String()),
        literal(1, BigInteger()),
        _link_hash_sql(literal(GENESIS_HASH), literal(1), drawn.c.seq),
        literal(GENESIS_HASH),
        drawn.c.seq,
    ).select_from(drawn)
    if gate is not None:
        first = first.where(exists(select(literal(1)).select_from(gate)))
    upsert = pg_insert(HEAD).from_select(
        ["chain", "seq", "last_hash", "prev_hash", "entry_seq"], first
    )
    head = (
        upsert.on_conflict_do_update(
            index_elements=[HEAD.c.chain],
            set_={
                "seq": HEAD.c.seq + 1,
                "prev_hash": HEAD.c.last_hash,
                "entry_seq": upsert.excluded.entry_seq,
                "last_hash": _link_hash_sql(
                    HEAD.c.last_hash, HEAD.c.seq + 1, upsert.excluded.entry_seq
                ),
            },
        )
        .returning(HEAD.c.chain, HEAD.c.seq, HEAD.c.prev_hash, HEAD.c.last_hash, HEAD.c.entry_seq)
        .cte("head")
    )
    fields = [n for n in ENTRY_FIELDS if n != "chain"]
    columns = [bindparam(f"entry_{n}", type_=_TYPES.get(n, String())).label(n) for n in fields]
    return (
        ENTRIES.insert()
        .from_select(
            [*fields, "chain", "chain_seq", "seq", "prev_hash", "hash"],
            select(
                *columns,
                head.c.chain,
                head.c.seq,
                head.c.entry_seq,
                head.c.prev_hash,
                head.c.last_hash,
            ),
        )
        .returning(
            ENTRIES.c.chain, ENTRIES.c.chain_seq, ENTRIES.c.seq, ENTRIES.c.prev_hash, ENTRIES.c.hash
        )
        .cte("entry")
    )


_ENTRY = chained_insert()
_APPEND_ONE = select(_ENTRY.c.chain_seq, _ENTRY.c.seq, _ENTRY.c.prev_hash, _ENTRY.c.hash)


async def append_one_postgres(
    session: AsyncSession, values: dict[str, Any], content: str
) -> tuple[int, int, str, str]:
    """PostgreSQL: append one entry in one statement (`chained_insert`):
    (chain_seq, seq, prev_hash, hash)."""
    row = (await session.execute(_APPEND_ONE, entry_params(values, content))).one()
    return int(row[0]), int(row[1]), str(row[2]), str(row[3])


async def insert_entries(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await session.execute(ENTRIES.insert(), rows)


async def set_head(session: AsyncSession, chain: str, prev_hash: str, last: dict[str, Any]) -> None:
    """After `take_heads` and the entries' INSERT: the chain's last entry becomes its head."""
    await session.execute(
        update(HEAD)
        .where(HEAD.c.chain == chain)
        .values(last_hash=last["hash"], prev_hash=prev_hash, entry_seq=last["seq"])
    )


async def latest_checkpoint(conn: Any) -> Any:
    """The last signed checkpoint's row, or None before the first."""
    query = select(CHECKPOINTS).order_by(CHECKPOINTS.c.seq.desc()).limit(1)
    return (await conn.execute(query)).first()


async def heads(conn: Any) -> dict[str, tuple[int, str]]:
    """Every chain's head: chain -> (chain_seq, last hash)."""
    rows = await conn.execute(select(HEAD.c.chain, HEAD.c.seq, HEAD.c.last_hash))
    return {str(r[0]): (int(r[1]), str(r[2])) for r in rows}


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


async def head_entry_seqs(conn: Any) -> dict[str, int]:
    """Every chain's last entry's ledger-wide seq, as its head remembers it."""
    rows = await conn.execute(select(HEAD.c.chain, HEAD.c.entry_seq))
    return {str(r[0]): int(r[1]) for r in rows}


def walk_query() -> Select[Any]:
    """Every entry in chain order (chain, chain_seq): the unique index's order."""
    return select(ENTRIES).order_by(ENTRIES.c.chain, ENTRIES.c.chain_seq)


async def count_up_to(conn: Any, seq: int) -> int:
    stmt = select(func.count()).select_from(ENTRIES).where(ENTRIES.c.seq <= seq)
    return int((await conn.execute(stmt)).scalar_one())
