"""`GET /budget/ledger/verify`: every chain, its head and the signed checkpoints, in one pass.

One snapshot (REPEATABLE READ on PostgreSQL, a read transaction on SQLite): the heads, the
checkpoints, then every entry in (chain, chain_seq) order, streamed in batches, so memory stays
the same whatever the ledger's size (one chain's state at a time; the heads and the last
checkpoint's heads, one pair per chain). Each chain must run from chain_seq 1, every entry
linking to the one before it and matching its hash, up to its head; and reach at least the
hash the last checkpoint names for it. Of the broken entries found (one at most per chain), the
earliest in ledger order (`seq`) is named; `entries` then counts the entries up to it in that
order, else all of them.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from budget.ledger import repository
from budget.ledger.models import GENESIS_HASH, LEGACY_CHAIN
from budget.ledger.service import CONTENT_FIELDS_BY_VERSION, Verification
from kc_common.localtime import as_utc

CP = repository.CHECKPOINTS
_COLUMNS = [c.name for c in repository.ENTRIES.c]


@dataclass
class _Break:
    position: float  # where in ledger order: the entry's seq, or after it for missing entries
    entry_id: str | None
    detail: str


class _Chain:
    """One chain's walk."""

    def __init__(
        self,
        name: str,
        head: tuple[int, str] | None,
        head_entry_seq: int,
        mark: tuple[int, str] | None,
    ) -> None:
        self.name, self.head, self.mark = name, head, mark
        self.head_entry_seq = head_entry_seq
        self.expected_seq, self.prev = 1, GENESIS_HASH
        self.last: tuple[str, int] | None = None  # (id, seq) of the last good entry
        self.broken: _Break | None = None


def _content(values: dict[str, Any], version: int) -> str:
    content = {name: values[name] for name in CONTENT_FIELDS_BY_VERSION[version]}
    content["created_at"] = as_utc(content["created_at"]).isoformat()
    if "document_date" in content:
        content["document_date"] = content["document_date"].isoformat()
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _hash(values: dict[str, Any], version: int) -> str:
    content = _content(values, version)
    if version < 3:
        link = f"{values['prev_hash']}|{values['seq']}|{content}"
    else:
        link = (
            f"{values['prev_hash']}|{values['chain']}|{values['chain_seq']}|"
            f"{values['seq']}|{content}"
        )
    return hashlib.sha256(link.encode()).hexdigest()


def _check(chain: _Chain, values: dict[str, Any]) -> str | None:
    """Why this entry breaks its chain, or None."""
    if chain.head is None:
        return "no head for this entry's chain"
    version = values["hash_version"]
    if (version < 3) != (chain.name == LEGACY_CHAIN):
        return "hash version does not fit the chain"
    if values["chain_seq"] != chain.expected_seq:
        return "an entry before this one in its chain is missing or out of place"
    if values["prev_hash"] != chain.prev:
        return "link to the previous entry of its chain broken"
    if version < 3 and values["seq"] != values["chain_seq"]:
        return "sequence number changed"
    if _hash(values, version) != values["hash"]:
        return "content does not match its hash"
    mark = chain.mark
    if mark is not None and mark[0] == values["chain_seq"] and mark[1] != values["hash"]:
        return "does not match the last checkpoint"
    if values["chain_seq"] > chain.head[0]:
        return "past its chain's head"
    return None


def _finish(chain: _Chain) -> _Break | None:
    if chain.broken is not None:
        return chain.broken
    at = (chain.last[1] + 0.5) if chain.last else math.inf
    last_id = chain.last[0] if chain.last else None
    reached = chain.expected_seq - 1
    if chain.mark is not None and reached < chain.mark[0]:
        return _Break(
            at,
            last_id,
            f"entries after this one are missing: chain {chain.name} reached "
            f"{chain.mark[0]} at the last checkpoint",
        )
    if chain.head is not None and (reached, chain.prev) != chain.head:
        # where the lost last entry stood in ledger order, as its head remembers it
        at = max(at, chain.head_entry_seq + 0.5)
        return _Break(at, last_id, f"entries are missing at the end of chain {chain.name}")
    return None


async def _checkpoints(conn: AsyncConnection, signer: Any) -> tuple[dict[str, Any], str | None]:
    """Every checkpoint's signature and link; (the last one's heads, what is wrong if anything)."""
    heads: dict[str, Any] = {}
    prev_seq, prev_signature = 0, ""
    result = await conn.stream(select(CP).order_by(CP.c.seq).execution_options(yield_per=500))
    async for row in result:
        try:
            body = json.loads(row.body)
        except ValueError:
            return heads, f"checkpoint {row.seq} is unreadable"
        if row.seq != prev_seq + 1 or body.get("prev_signature") != prev_signature:
            return heads, f"a checkpoint before checkpoint {row.seq} is missing or changed"
        if body.get("seq") != row.seq or body.get("key_id") != row.key_id:
            return heads, f"checkpoint {row.seq} does not match its signed body"
        if signer is None or not signer.valid(row.key_id, row.body, row.signature):
            return heads, f"checkpoint {row.seq}: signature not valid (or key unknown)"
        heads = body["heads"]
        prev_seq, prev_signature = row.seq, row.signature
    return heads, None


async def _walk(
    conn: AsyncConnection, signer: Any, batch: int
) -> tuple[int, list[_Break], str | None]:
    heads = await repository.heads(conn)
    head_entry_seqs = await repository.head_entry_seqs(conn)
    marks, checkpoint_problem = await _checkpoints(conn, signer)
    breaks: list[_Break] = []
    count = 0
    chain: _Chain | None = None
    seen: set[str] = set()
    result = await conn.stream(repository.walk_query().execution_options(yield_per=batch))
    async for part in result.partitions(batch):
        for row in part:
            values = dict(zip(_COLUMNS, row, strict=True))
            count += 1
            name = values["chain"]
            if chain is None or chain.name != name:
                if chain is not None and (b := _finish(chain)) is not None:
                    breaks.append(b)
                mark = marks.get(name)
                chain = _Chain(
                    name,
                    heads.get(name),
                    head_entry_seqs.get(name, 0),
                    (mark[0], mark[1]) if mark else None,
                )
                seen.add(name)
            if chain.broken is not None:
                continue
            why = _check(chain, values)
            if why is not None:
                chain.broken = _Break(values["seq"], values["id"], why)
                continue
            chain.expected_seq += 1
            chain.prev = values["hash"]
            chain.last = (values["id"], values["seq"])
    if chain is not None and (b := _finish(chain)) is not None:
        breaks.append(b)
    for name in sorted((set(heads) | set(marks)) - seen):  # chains with no entry left at all
        head, mark = heads.get(name), marks.get(name)
        if (head and head[0] > 0) or mark:
            breaks.append(_Break(math.inf, None, f"every entry of chain {name} is missing"))
    return count, breaks, checkpoint_problem


async def verify(session: AsyncSession, signer: Any, batch: int) -> Verification:
    engine = session.bind
    assert isinstance(engine, AsyncEngine)
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execution_options(isolation_level="REPEATABLE READ")
        async with conn.begin():
            count, breaks, checkpoint_problem = await _walk(conn, signer, batch)
            if not breaks:
                if checkpoint_problem:
                    return Verification(False, count, None, checkpoint_problem)
                return Verification(True, count)
            first = min(breaks, key=lambda b: b.position)
            if first.entry_id is not None and first.position != math.inf:
                count = await repository.count_up_to(conn, int(first.position))
            return Verification(False, count, first.entry_id, first.detail)
