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

import asyncio
import hashlib
import json
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from budget.ledger import repository
from budget.ledger.models import GENESIS_HASH, LEGACY_CHAIN
from budget.ledger.service import CHECKPOINT, CONTENT_FIELDS_BY_VERSION, ENTRY, KEPT, Verification
from kc_common.localtime import as_utc

CP = repository.CHECKPOINTS
E = repository.ENTRIES
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


_esc = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes for a str


def _j(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    return _esc(str(value))


def _template(version: int) -> str:
    names = sorted(CONTENT_FIELDS_BY_VERSION[version])
    return "{" + ",".join(f'"{n}":%s' for n in names) + "}"


# the canonical content (`service.content_of`) written out field by field in sorted key order:
# the same bytes as json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False),
# several times faster (checked against it in the tests)
_TEMPLATES = {v: (_template(v), sorted(CONTENT_FIELDS_BY_VERSION[v])) for v in (1, 2, 3)}


def _content(values: dict[str, Any], version: int) -> str:
    template, names = _TEMPLATES[version]
    parts = []
    for name in names:
        value = values[name]
        if name == "created_at":
            parts.append(_esc(as_utc(value).isoformat()))
        elif name == "document_date":
            parts.append(_esc(value.isoformat()))
        else:
            parts.append(_j(value))
    return template % tuple(parts)


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


_PG_INTS = ("amount_vnd", "fiscal_year")
_PG_UUIDS = ("id", "project_id", "commitment_id")
_UTC = "(created_at AT TIME ZONE 'UTC')"


def _pg_json(column: str) -> str:
    """SQL: the column's value as `service.content_of` writes it into the canonical JSON.

    PostgreSQL's to_json escapes a text as Python's encoder does with ensure_ascii=False (quote,
    backslash, the short escapes for backspace, form feed, newline, return and tab, other control
    characters as a lowercase \\u00xx, nothing else); `created_at` as datetime.isoformat() in UTC
    (no fraction when it is zero)."""
    if column in _PG_INTS:
        return f"{column}::text"
    if column == "created_at":
        seconds = """'YYYY-MM-DD"T"HH24:MI:SS'"""
        return (
            f"CASE WHEN date_trunc('second', created_at) = created_at "
            f"""THEN '"' || to_char({_UTC}, {seconds}) || '+00:00"' """
            f"""ELSE '"' || to_char({_UTC}, {seconds[:-1]}.US') || '+00:00"' END"""
        )
    if column == "document_date":
        return """'"' || to_char(document_date, 'YYYY-MM-DD') || '"'"""
    value = f"{column}::text" if column in _PG_UUIDS else column
    return f"COALESCE(to_json({value})::text, 'null')"


def _pg_content(version: int) -> str:
    names = sorted(CONTENT_FIELDS_BY_VERSION[version])
    parts = [
        "'" + ("{" if i == 0 else ",") + f'"{name}":' + "', " + _pg_json(name)
        for i, name in enumerate(names)
    ]
    return "concat(" + ", ".join(parts) + ", '}')"


def _pg_link() -> str:
    legacy = "concat(prev_hash, '|', seq, '|', "
    chained = "concat(prev_hash, '|', chain, '|', chain_seq, '|', seq, '|', "
    return (
        f"CASE hash_version WHEN 1 THEN {legacy}{_pg_content(1)}) "
        f"WHEN 2 THEN {legacy}{_pg_content(2)}) "
        f"ELSE {chained}{_pg_content(3)}) END"
    )


# PostgreSQL checks every entry itself (its hash: sha256 over the canonical content, built in C,
# checked against `service.entry_hash` by the tests; its place and link to the entry before it in
# its chain, by window functions over the (chain, chain_seq) index) and sends back only the
# entries that fail, each chain's last entry, and the entries the last checkpoint names: Python
# then follows a few rows per chain instead of hashing every entry.
_PG_NAMES = (
    "id", "seq", "chain", "chain_seq", "hash_version", "prev_hash", "hash",
    "hash_ok", "seq_ok", "prev_ok", "version_ok", "is_last",
)  # fmt: skip
_PG_WALK = (
    "SELECT id, seq, chain, chain_seq, hash_version, prev_hash, hash, hash_ok, seq_ok, prev_ok, "  # noqa: S608 - our own columns
    "version_ok, is_last FROM (SELECT *, count(*) FILTER (WHERE NOT ok) OVER "
    "(PARTITION BY chain ORDER BY chain_seq) AS bad FROM (SELECT *, "
    "hash_ok AND seq_ok AND prev_ok AND version_ok AS ok FROM ("
    "SELECT id::text, seq, chain, chain_seq, hash_version, prev_hash, hash, "
    f"encode(sha256(convert_to({_pg_link()}, 'UTF8')), 'hex') = hash AS hash_ok, "
    "chain_seq = COALESCE(lag(chain_seq) OVER w, 0) + 1 AS seq_ok, "
    f"prev_hash = COALESCE(lag(hash) OVER w, '{GENESIS_HASH}') AS prev_ok, "
    f"((hash_version < 3) = (chain = '{LEGACY_CHAIN}')) "
    "AND (hash_version >= 3 OR seq = chain_seq) AS version_ok, "
    "lead(chain_seq) OVER w IS NULL AS is_last "
    "FROM ledger_entries WHERE chain >= $3 AND ($4::text IS NULL OR chain < $4) "
    "WINDOW w AS (PARTITION BY chain ORDER BY chain_seq)) linked) judged) counted "
    # a chain's first broken entry, its last, and those the last checkpoint names
    "WHERE (NOT ok AND bad = 1) OR is_last "
    "OR (chain, chain_seq) IN (SELECT * FROM unnest($1::text[], $2::bigint[])) "
    "ORDER BY chain, chain_seq"
)


def _ranges(heads: dict[str, tuple[int, str]], parts: int) -> list[tuple[str, str | None]]:
    """Contiguous ranges of chain names, about as many entries each (a head's chain_seq is its
    chain's length), covering every name (also of chains with no head)."""
    total = sum(seq for seq, _ in heads.values())
    names = sorted(heads)
    bounds: list[str] = []
    running = 0
    for i, chain in enumerate(names[:-1]):
        running += heads[chain][0]
        if len(bounds) < parts - 1 and running >= total * (len(bounds) + 1) / parts:
            bounds.append(names[i + 1])  # the next range starts at the next chain
    starts = ["", *bounds]
    return [(lo, starts[i + 1] if i + 1 < len(starts) else None) for i, lo in enumerate(starts)]


def _check(chain: _Chain, values: dict[str, Any]) -> str | None:
    """Why this entry breaks its chain, or None."""
    if chain.head is None:
        return "no head for this entry's chain"
    version = values["hash_version"]
    if "hash_ok" in values:  # checked by PostgreSQL
        version_ok, seq_ok, prev_ok = values["version_ok"], values["seq_ok"], values["prev_ok"]
        hash_ok = values["hash_ok"]
    else:
        version_ok = ((version < 3) == (chain.name == LEGACY_CHAIN)) and (
            version >= 3 or values["seq"] == values["chain_seq"]
        )
        seq_ok = values["chain_seq"] == chain.expected_seq
        prev_ok = values["prev_hash"] == chain.prev
        hash_ok = _hash(values, version) == values["hash"]
    if not version_ok:
        return "hash version or sequence number does not fit the chain"
    if not seq_ok:
        return "an entry before this one in its chain is missing or out of place"
    if not prev_ok:
        return "link to the previous entry of its chain broken"
    if not hash_ok:
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


@dataclass(frozen=True)
class Kept:
    """A checkpoint copied off the database by someone who does not trust it (its number and
    signature): the database must still hold exactly that checkpoint. What catches the newest
    checkpoints being removed together with the entries after the one left."""

    seq: int
    signature: str


async def _checkpoints(
    conn: AsyncConnection, signer: Any, kept: Kept | None
) -> tuple[dict[str, Any], tuple[str, str] | None]:
    """Every checkpoint's signature and link, and the `kept` copy among them; (the last one's
    heads, (`Verification.problem`, what is wrong) if anything is)."""
    heads: dict[str, Any] = {}
    prev_seq, prev_signature = 0, ""
    result = await conn.stream(select(CP).order_by(CP.c.seq).execution_options(yield_per=500))
    async for row in result:
        if kept is not None and row.seq == kept.seq and row.signature != kept.signature:
            return heads, (KEPT, f"checkpoint {row.seq} is not the copy kept outside the database")
        try:
            body = json.loads(row.body)
        except ValueError:
            return heads, (CHECKPOINT, f"checkpoint {row.seq} is unreadable")
        if row.seq != prev_seq + 1 or body.get("prev_signature") != prev_signature:
            why = f"a checkpoint before checkpoint {row.seq} is missing or changed"
            return heads, (CHECKPOINT, why)
        if body.get("seq") != row.seq or body.get("key_id") != row.key_id:
            return heads, (CHECKPOINT, f"checkpoint {row.seq} does not match its signed body")
        if signer is None or not signer.valid(row.key_id, row.body, row.signature):
            why = f"checkpoint {row.seq}: signature not valid (or key unknown)"
            return heads, (CHECKPOINT, why)
        heads = body["heads"]
        prev_seq, prev_signature = row.seq, row.signature
    if kept is not None and kept.seq > prev_seq:
        return heads, (
            KEPT,
            f"checkpoint {kept.seq}, kept outside the database, is missing: the ledger ends at "
            f"checkpoint {prev_seq}, so what followed it may have been removed",
        )
    return heads, None


async def _pg_part(
    engine: AsyncEngine, snapshot: str, marks: dict[str, Any], lo: str, hi: str | None
) -> list[dict[str, Any]]:
    """`_PG_WALK` over one range of chains, on a connection of its own that sees the snapshot
    `verify` exported."""
    chains = list(marks)
    positions = [int(marks[c][0]) for c in chains]
    async with engine.connect() as conn:
        driver: Any = (await conn.get_raw_connection()).driver_connection
        async with driver.transaction(isolation="repeatable_read", readonly=True):
            await driver.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            rows = await driver.fetch(_PG_WALK, chains, positions, lo, hi)
    return [dict(zip(_PG_NAMES, row, strict=True)) for row in rows]


async def _batches(
    conn: AsyncConnection, batch: int, marks: dict[str, Any], heads: dict[str, Any], workers: int
) -> AsyncIterator[list[dict[str, Any]]]:
    """The entries in chain order. On PostgreSQL `_PG_WALK` (the entries it found broken, the
    first of each chain only, each chain's last, those at the checkpoint's `marks`: a few per
    chain), over `workers` ranges of chains at once, each on its own connection in this
    snapshot; on SQLite SQLAlchemy's own stream of every entry, `batch` at a time, checked
    here."""
    if conn.dialect.name == "postgresql":
        engine = conn.engine
        snapshot = (await conn.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
        ranges = _ranges(heads, max(1, workers))
        parts = await asyncio.gather(
            *(_pg_part(engine, snapshot, marks, lo, hi) for lo, hi in ranges)
        )
        for part in parts:
            yield part
        return
    result = await conn.stream(repository.walk_query().execution_options(yield_per=batch))
    async for part in result.partitions(batch):
        yield [dict(zip(_COLUMNS, row, strict=True)) for row in part]


async def _walk(
    conn: AsyncConnection, signer: Any, kept: Kept | None, batch: int, workers: int
) -> tuple[int, list[_Break], tuple[str, str] | None]:
    heads = await repository.heads(conn)
    head_entry_seqs = await repository.head_entry_seqs(conn)
    marks, checkpoint_problem = await _checkpoints(conn, signer, kept)
    breaks: list[_Break] = []
    count = 0
    chain: _Chain | None = None
    seen: set[str] = set()
    async for part in _batches(conn, batch, marks, heads, workers):
        for values in part:
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
            chain.expected_seq = values["chain_seq"] + 1
            chain.prev = values["hash"]
            chain.last = (values["id"], values["seq"])
    if chain is not None and (b := _finish(chain)) is not None:
        breaks.append(b)
    for name in sorted((set(heads) | set(marks)) - seen):  # chains with no entry left at all
        head, mark = heads.get(name), marks.get(name)
        if (head and head[0] > 0) or mark:
            breaks.append(_Break(math.inf, None, f"every entry of chain {name} is missing"))
    if conn.dialect.name == "postgresql":  # only some entries came: count them all
        count = int((await conn.execute(select(func.count()).select_from(E))).scalar_one())
    return count, breaks, checkpoint_problem


async def verify(
    session: AsyncSession, signer: Any, kept: Kept | None, batch: int, workers: int
) -> Verification:
    engine = session.bind
    assert isinstance(engine, AsyncEngine)
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execution_options(isolation_level="REPEATABLE READ")
        async with conn.begin():
            count, breaks, checkpoint_problem = await _walk(conn, signer, kept, batch, workers)
            if not breaks:
                if checkpoint_problem:
                    kind, detail = checkpoint_problem
                    return Verification(False, count, None, detail, kind)
                return Verification(True, count)
            first = min(breaks, key=lambda b: b.position)
            if first.entry_id is not None and first.position != math.inf:
                count = await repository.count_up_to(conn, int(first.position))
            return Verification(False, count, first.entry_id, first.detail, ENTRY)
