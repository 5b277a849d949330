"""Every query over enterprises."""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    CursorResult,
    Integer,
    MetaData,
    RowMapping,
    Select,
    Table,
    and_,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.types import TypeDecorator

from kc_common.pagination import PageParams
from kc_common.text import like_pattern
from registry.craft_villages.models import CraftVillage
from registry.enterprises import words
from registry.enterprises.models import Enterprise

SORTABLE: dict[str, object] = {
    "name": Enterprise.name,
    "tax_code": Enterprise.tax_code,
    "employees": Enterprise.employees,
    "established_on": Enterprise.established_on,
    "created_at": Enterprise.created_at,
    "updated_at": Enterprise.updated_at,
    "admin_unit_code": Enterprise.admin_unit_code,
}


# What a list shows of each enterprise (every column but the derived search and section ones).
PAGE_COLUMNS = tuple(
    c for c in Enterprise.__table__.c if c.name not in ("search_text", "sector_section")
)
PAGE_NAMES = tuple(c.name for c in PAGE_COLUMNS)


@dataclass(frozen=True)
class EnterpriseFilters:
    q: str | None = None
    admin_unit_code: str | None = None
    sector_code: str | None = None
    kind: str | None = None
    size: str | None = None
    craft_village_id: uuid.UUID | None = None
    status: str | None = None
    is_rural_industrial: bool | None = None
    # An enterprise user sees only its own row; None means "no such restriction".
    only_id: uuid.UUID | None = None
    nothing: bool = False


# A count stops here: above it a list says "more than 10,000" (`total_is_exact` false, `total`
# the cap) with the planner's estimate beside it, rather than counting millions of rows a page.
COUNT_CAP = 10_000
# A tax code, or the start of one, as typed: digits and the branch hyphen.
_TAX_PREFIX = re.compile(r"^[0-9][0-9-]{0,13}$")


def tax_code_prefix(code: str) -> ColumnElement[bool]:
    """`tax_code LIKE '<code>%'` as a range on the unique index (`>= code` and below the
    next string of that length), which both databases answer off the index in byte order."""
    upper = code[:-1] + chr(ord(code[-1]) + 1)
    return and_(Enterprise.tax_code >= code, Enterprise.tax_code < upper)


def search_clause(q: str) -> ColumnElement[bool]:
    """A diacritic-folded fragment anywhere in the name (`search_text` = `fold(name)`), or the
    start of a tax code: the same rows on SQLite and PostgreSQL."""
    by_name = Enterprise.search_text.like(like_pattern(q), escape="\\")
    code = q.strip()
    if _TAX_PREFIX.match(code):
        return or_(by_name, tax_code_prefix(code))
    return by_name


def filtered(filters: EnterpriseFilters, stmt: Select[Any]) -> Select[Any]:
    f = filters
    if f.nothing:
        return stmt.where(Enterprise.id.is_(None))
    if f.only_id is not None:
        stmt = stmt.where(Enterprise.id == f.only_id)
    if f.q:
        stmt = stmt.where(search_clause(f.q))
    if f.admin_unit_code:
        stmt = stmt.where(Enterprise.admin_unit_code == f.admin_unit_code)
    if f.sector_code:
        if f.sector_code.isalpha():
            stmt = stmt.where(Enterprise.sector_section == f.sector_code)
        else:  # a division finds its groups and classes too
            stmt = stmt.where(Enterprise.sector_code.startswith(f.sector_code))
    if f.kind:
        stmt = stmt.where(Enterprise.kind == f.kind)
    if f.size:
        stmt = stmt.where(Enterprise.size == f.size)
    if f.craft_village_id:
        stmt = stmt.where(Enterprise.craft_village_id == f.craft_village_id)
    if f.status:
        stmt = stmt.where(Enterprise.status == f.status)
    if f.is_rural_industrial is not None:
        stmt = stmt.where(Enterprise.is_rural_industrial == f.is_rural_industrial)
    return stmt


def ordered(stmt: Select[Any], order: list[tuple[Any, bool]]) -> Select[Any]:
    clauses = [col.desc() if desc else col.asc() for col, desc in order]
    return stmt.order_by(*clauses, Enterprise.id)  # id: a stable order for paging


# --- keyset cursors ------------------------------------------------------------------------


class BadCursor(ValueError):
    pass


def keyset_capable(order: list[tuple[Any, bool]]) -> bool:
    """A cursor needs sort keys without NULLs (the databases put NULLs at different ends)."""
    return all(not col.nullable for col, _ in order)


def encode_cursor(order: list[tuple[Any, bool]], row: dict[str, Any]) -> str:
    keys = [("-" if desc else "") + col.key for col, desc in order]
    values = [_plain(row[col.key]) for col, _ in order] + [str(row["id"])]
    raw = json.dumps({"k": keys, "v": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def after_cursor(order: list[tuple[Any, bool]], cursor: str) -> ColumnElement[bool]:
    """The rows after the cursor's row in this order (`BadCursor` if it is not one of ours or
    was made for another sort)."""
    typed = cursor_keys(order, cursor)
    columns = [*order, (Enterprise.id, False)]
    if all(not desc for _, desc in columns):  # one row comparison: a range on the index
        return tuple_(*(col for col, _ in columns)) > tuple_(*typed)
    # Mixed directions: (a after) or (a equal and b after) or ...
    alternatives = []
    for i, (col, desc) in enumerate(columns):
        equal = [c == v for (c, _), v in zip(columns[:i], typed[:i], strict=True)]
        alternatives.append(and_(*equal, col < typed[i] if desc else col > typed[i]))
    return or_(*alternatives)


def cursor_keys(order: list[tuple[Any, bool]], cursor: str) -> list[Any]:
    """The cursor's sort keys and id, typed (`BadCursor` if it is not one of ours or was made
    for another sort)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        keys, values = data["k"], data["v"]
    except (ValueError, TypeError, KeyError) as exc:
        raise BadCursor(cursor) from exc
    if keys != [("-" if desc else "") + col.key for col, desc in order]:
        raise BadCursor(cursor)
    if not isinstance(values, list) or len(values) != len(order) + 1:
        raise BadCursor(cursor)
    columns = [*order, (Enterprise.id, False)]
    try:
        return [_typed(col, value) for (col, _), value in zip(columns, values, strict=True)]
    except (ValueError, TypeError) as exc:
        raise BadCursor(cursor) from exc


def _typed(col: Any, value: Any) -> Any:
    kind = col.type.python_type
    if isinstance(col.type, TypeDecorator):
        kind = col.type.impl_instance.python_type
    if value is None:
        raise ValueError("null key")
    if kind in (datetime, date, uuid.UUID) and not isinstance(value, str):
        raise TypeError(value)
    if kind is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive")
        return parsed
    if kind is date:
        return date.fromisoformat(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if not isinstance(value, kind):
        raise TypeError(value)
    return value


# --- the list --------------------------------------------------------------------------------


@dataclass
class FoundPage:
    items: list[dict[str, Any]]
    total: int
    total_is_exact: bool
    total_estimate: int | None
    next_cursor: str | None


async def page(
    session: AsyncSession,
    filters: EnterpriseFilters,
    order: list[tuple[Any, bool]],
    params: PageParams,
    cursor: str | None = None,
) -> FoundPage:
    """One page of rows as plain dicts of the `PAGE_COLUMNS` (no ORM entities), the total, and
    a cursor to the next page.

    The page is two steps: the ids in order off an index (for a broad search, an index-only
    walk of `(name, id)` that carries the folded name; for a selective one, the trigram index;
    the planner picks by its estimate), then those rows. The total is exact up to
    `COUNT_CAP`: a page that is not full tells it; else a count that stops at the cap. On
    PostgreSQL a search the planner expects to match more than twice the cap is not counted at
    all (`total_is_exact` false, `total` the cap, `total_estimate` the planner's figure). See
    docs/architecture.md, "Registry at national scale"."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    limit = params.page_size
    keyset = keyset_capable(order)
    offset = 0 if cursor is not None else params.offset
    estimate: int | None = None
    walk: words.Walk | None = None
    prefilter: ColumnElement[bool] | None = None
    parts = words.tokens(filters.q or "")
    tax_code_like = bool(_TAX_PREFIX.match((filters.q or "").strip()))
    if postgresql and parts and not filters.nothing and not tax_code_like:
        # The planner's estimate of the hits picks the access path (and spares the count).
        estimate = await planner_estimate(session, filters)
        pairs = words.pairs_prefilter(parts) if estimate < words.PAIRS_BELOW else None
        if len(order) == 1 and order[0][0].key == "name" and not order[0][1]:
            walk = await words.choose_walk(session, parts, estimate, offset + limit + 1)
            # A phrase with few hits: the pair index finds about those few rows; walking a
            # word's list costs more than reading them.
            if walk is not None and pairs is not None and walk.cost > 2 * estimate + limit:
                walk = None
        if walk is None:
            prefilter = pairs
    if walk is not None:
        after = tuple(cursor_keys(order, cursor)) if cursor is not None else None
        check = filtered(filters, select(literal(True)))
        walked = words.walked_ids(walk, check, after, offset, limit + 1)
        chosen = walked.subquery()
    else:
        sort_columns = [col for col, _ in order]
        inner = filtered(filters, select(Enterprise.id, *sort_columns))
        if prefilter is not None:
            inner = inner.where(prefilter)
        if cursor is not None:
            inner = inner.where(after_cursor(order, cursor))
        chosen = ordered(inner, order).offset(offset).limit(limit + 1).subquery()
    stmt = select(*PAGE_COLUMNS).join(chosen, chosen.c.id == Enterprise.id)
    stmt = stmt.order_by(
        *[chosen.c[col.key].desc() if desc else chosen.c[col.key] for col, desc in order],
        chosen.c.id,
    )
    rows = [dict(zip(PAGE_NAMES, row, strict=False)) for row in (await session.execute(stmt))]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(order, rows[-1]) if more and keyset and rows else None
    if cursor is None and not more and (rows or offset == 0):
        # The last page (or a search with few hits) tells the total itself.
        return FoundPage(rows, offset + len(rows), True, None, next_cursor)
    total, exact, shown = await count(session, filters, postgresql=postgresql, estimate=estimate)
    return FoundPage(rows, total, exact, shown, next_cursor)


# On PostgreSQL a search the planner expects to match more than this is not counted at all: its
# estimates of these filters (admin unit and kind from the column statistics, `LIKE '%…%'` from
# the 1,000-name histogram of the folded name) were within a few percent at 100k and 6M rows;
# the margin keeps a list of 7,000 rows estimated at 12,000 from reading "hơn 10.000".
TRUST_ESTIMATE_ABOVE = 2 * COUNT_CAP
# A list (no `q`) is counted up to the cap unless an estimate of it above was seen lately: the
# count of a big list reads 10,001 index entries (12 ms at 6M rows) on every page, while its
# estimate (column statistics) only changes at ANALYZE. Per process; a few hundred filter sets.
_BIG_LISTS: dict[EnterpriseFilters, tuple[int, float]] = {}
BIG_LIST_SECONDS = 300.0
_BIG_LISTS_MAX = 1000


async def count(
    session: AsyncSession,
    filters: EnterpriseFilters,
    *,
    postgresql: bool,
    estimate: int | None = None,
) -> tuple[int, bool, int | None]:
    """(total, exact, estimate): exact up to `COUNT_CAP`, else the cap and an estimate (the
    planner's, asked here unless the page already did)."""
    if postgresql and filters.q and estimate is None:
        # A search's capped count can read every hit's heap row: ask the estimate first
        # (EXPLAIN: ~0.3 ms, no rows read). A list by indexed columns counts at most 10,001
        # index entries, cheaper than a second round trip for most lists.
        estimate = await planner_estimate(session, filters)
    if postgresql and filters.q and estimate is not None and estimate > TRUST_ESTIMATE_ABOVE:
        return COUNT_CAP, False, estimate
    if postgresql and not filters.q:
        seen = _BIG_LISTS.get(filters)
        if seen is not None and time.monotonic() - seen[1] < BIG_LIST_SECONDS:
            return COUNT_CAP, False, seen[0]
    capped = filtered(filters, select(Enterprise.id)).limit(COUNT_CAP + 1).subquery()
    n = int(await session.scalar(select(func.count()).select_from(capped)) or 0)
    if n <= COUNT_CAP:
        return n, True, None
    if postgresql and estimate is None:
        estimate = await planner_estimate(session, filters)
    shown = max(estimate or 0, n)
    if postgresql and not filters.q and shown > TRUST_ESTIMATE_ABOVE:
        if len(_BIG_LISTS) >= _BIG_LISTS_MAX:
            _BIG_LISTS.clear()
        _BIG_LISTS[filters] = (shown, time.monotonic())
    return COUNT_CAP, False, shown


async def planner_estimate(session: AsyncSession, filters: EnterpriseFilters) -> int:
    """PostgreSQL's estimate of the rows the filters select (EXPLAIN, no execution)."""
    stmt = filtered(filters, select(Enterprise.id))
    conn = await session.connection()
    compiled = stmt.compile(dialect=conn.dialect)
    args = tuple(compiled.params[name] for name in compiled.positiontup or ())
    result = await conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", args)
    plan = result.scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


async def get(session: AsyncSession, enterprise_id: uuid.UUID) -> Enterprise | None:
    return await session.get(Enterprise, enterprise_id)


async def by_tax_code(session: AsyncSession, tax_code: str) -> Enterprise | None:
    return await session.scalar(select(Enterprise).where(Enterprise.tax_code == tax_code))


async def tax_code_taken(
    session: AsyncSession, tax_code: str, *, other_than: uuid.UUID | None = None
) -> bool:
    stmt = select(Enterprise.id).where(Enterprise.tax_code == tax_code)
    if other_than is not None:
        stmt = stmt.where(Enterprise.id != other_than)
    return (await session.scalar(stmt)) is not None


def add(session: AsyncSession, enterprise: Enterprise) -> None:
    session.add(enterprise)


# --- bulk import: rows staged in a temporary table and checked there (SQLite: then copied in
# one statement; PostgreSQL: inserted in chunks while read, below) ---
_ENTERPRISE = cast(Table, Enterprise.__table__)
_NOT_STAGED = ("id", "created_at", "updated_at")
STAGE = Table(
    "enterprise_import_stage",
    MetaData(),
    Column("row", Integer, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("id", _ENTERPRISE.c.id.type),
    *(Column(c.name, c.type) for c in _ENTERPRISE.c if c.name not in _NOT_STAGED),
    # what the checks over the whole file found
    Column("dup_of", Integer),
    Column("taken", Boolean),
    Column("bad_village", Boolean),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
STAGED_COLUMNS = [c.name for c in STAGE.c if c.name not in ("dup_of", "taken", "bad_village")]
_COPIED = [c.name for c in _ENTERPRISE.c if c.name not in ("created_at", "updated_at")]


async def create_stage(session: AsyncSession) -> None:
    """The import's temporary table, in the request's transaction (PostgreSQL drops it at
    commit; a rollback drops it on both databases)."""
    conn = await session.connection()
    await conn.run_sync(lambda sync: STAGE.drop(sync, checkfirst=True))
    await conn.run_sync(lambda sync: STAGE.create(sync))


async def stage_rows(
    session: AsyncSession, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """One batch of staged tuples (values of `columns`) through SQLAlchemy (SQLite)."""
    await session.execute(insert(STAGE), [dict(zip(columns, r, strict=True)) for r in rows])


async def mark_stage(session: AsyncSession) -> None:
    """Marks, as the row-by-row import did: a row repeating a tax code of an earlier staged row
    (`dup_of` = that row); then, among rows without any problem, a tax code already registered
    (`taken`) and a craft village that does not exist (`bad_village`)."""
    first = (
        select(STAGE.c.tax_code, func.min(STAGE.c.row).label("first"))
        .group_by(STAGE.c.tax_code)
        .having(func.count() > 1)
        .subquery()
    )
    await session.execute(
        update(STAGE)
        .values(dup_of=first.c.first)
        .where(STAGE.c.tax_code == first.c.tax_code, STAGE.c.row > first.c.first)
    )
    clean = and_(STAGE.c.ok, STAGE.c.dup_of.is_(None))
    # another enterprise's (on PostgreSQL the import's own rows may be in already: same id)
    registered = exists().where(
        _ENTERPRISE.c.tax_code == STAGE.c.tax_code, _ENTERPRISE.c.id != STAGE.c.id
    )
    await session.execute(update(STAGE).values(taken=True).where(clean, registered))
    village = CraftVillage.__table__
    unknown = ~exists().where(village.c.id == STAGE.c.craft_village_id)
    await session.execute(
        update(STAGE)
        .values(bad_village=True)
        .where(clean, STAGE.c.craft_village_id.is_not(None), unknown)
    )


async def stage_problems(
    session: AsyncSession, limit: int
) -> tuple[int, int, list[tuple[int, str, str, dict[str, Any]]]]:
    """(problems marked, staged rows with any problem, the first `limit` problems marked)."""
    dup, taken, village = (
        STAGE.c.dup_of.is_not(None),
        STAGE.c.taken.is_(True),
        STAGE.c.bad_village.is_(True),
    )
    counts = (
        await session.execute(
            select(
                func.count().filter(dup),
                func.count().filter(taken),
                func.count().filter(village),
                func.count().filter(~STAGE.c.ok | dup | taken | village),
            )
        )
    ).one()
    problems = int(counts[0]) + int(counts[1]) + int(counts[2])
    found: list[tuple[int, str, str, dict[str, Any]]] = []
    if problems:
        for condition in (dup, taken, village):
            rows = await session.execute(
                select(STAGE.c.row, STAGE.c.tax_code, STAGE.c.dup_of)
                .where(condition)
                .order_by(STAGE.c.row)
                .limit(limit)
            )
            for row, code, dup_of in rows:
                if condition is dup:
                    found.append(
                        (row, "tax_code", "registry.import_duplicate_row", {"row": dup_of})
                    )
                elif condition is taken:
                    params = {"tax_code": code}
                    found.append((row, "tax_code", "registry.duplicate_tax_code", params))
                else:
                    found.append((row, "craft_village_id", "registry.unknown_craft_village", {}))
    return problems, int(counts[3]), found


# A PostgreSQL import at least this large into a table holding fewer rows than it brings builds
# the secondary indexes afresh instead of inserting into them row by row (the trigram index
# above all): measured about 1.5x faster at 400k rows. It holds the table's exclusive lock
# from the DROP INDEX to the commit: lists wait for the import, as for a restore.
REBUILD_FROM = 100_000


async def rows_below(session: AsyncSession, rows: int) -> bool:
    """Whether enterprises holds fewer than `rows` rows (a count that stops there)."""
    existing = await session.scalar(
        select(func.count()).select_from(select(_ENTERPRISE.c.id).limit(rows).subquery())
    )
    return (existing or 0) < rows


async def drop_secondary_indexes(session: AsyncSession) -> list[str]:
    """PostgreSQL: drops the secondary indexes of enterprises (not the primary key nor the
    unique tax code, which the insert checks) and returns the statements that make them
    again (`rebuild_indexes`, in the same transaction)."""
    found = await session.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = 'enterprises'::regclass AND NOT i.indisprimary "
            "AND NOT i.indisunique"
        )
    )
    indexes = list(found)
    for name, _ in indexes:
        await session.execute(text(f"DROP INDEX {name}"))
    return [definition for _, definition in indexes]


async def rebuild_indexes(session: AsyncSession, definitions: list[str]) -> None:
    if definitions:
        # the sorts of a build in memory (the trigram index gained nothing above this)
        await session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for statement in definitions:
        await session.execute(text(statement))


async def insert_staged(session: AsyncSession, now: datetime) -> int:
    """SQLite: every staged row into enterprises in one statement; the number inserted."""
    stamp = literal(now, type_=_ENTERPRISE.c.created_at.type)
    copied = select(*(STAGE.c[name] for name in _COPIED), stamp, stamp)
    result = await session.execute(
        insert(_ENTERPRISE).from_select([*_COPIED, "created_at", "updated_at"], copied)
    )
    await drop_stage(session)
    return int(cast(CursorResult[Any], result).rowcount or 0)


async def drop_stage(session: AsyncSession) -> None:
    conn = await session.connection()
    await conn.run_sync(lambda sync: STAGE.drop(sync))


# --- PostgreSQL: the rows go into enterprises in chunks while the file is still being read ---
# Each chunk is COPYed into a temporary table, then (one round trip, while the next chunk is
# read and checked in Python) its check columns are kept in the stage and, while no problem is
# known, its rows inserted into enterprises. A failed import rolls the whole transaction back,
# so rows inserted before a problem shows up are never seen. The insert runs in a savepoint:
# a tax code already registered (or repeated in the file) or an unknown craft village stops
# the inserting (the unique index and the foreign key say so), the staging goes on, and the
# checks over the stage report the problems as before.
CHUNK = Table(
    "enterprise_import_chunk",
    MetaData(),
    Column("row", Integer, nullable=False),
    Column("ok", Boolean, nullable=False),
    # the new enterprise's id, made by the database (a version 4 UUID, as `new_id` makes)
    Column("id", _ENTERPRISE.c.id.type, server_default=func.gen_random_uuid(), nullable=False),
    *(Column(c.name, c.type) for c in _ENTERPRISE.c if c.name not in _NOT_STAGED),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
CHECKED = ("row", "ok", "id", "tax_code", "craft_village_id")  # what the stage's checks read


async def create_chunk(session: AsyncSession) -> None:
    conn = await session.connection()
    await conn.run_sync(lambda sync: CHUNK.drop(sync, checkfirst=True))
    await conn.run_sync(lambda sync: CHUNK.create(sync))


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def move_chunk_sql(now: datetime, *, insert: bool) -> str:
    """The statements that move the COPYed chunk on (simple protocol: one round trip, no
    parameters; `now` is our own datetime, written as a literal)."""
    checked, copied = _quoted(CHECKED), _quoted(_COPIED)
    stage = f"INSERT INTO {STAGE.name} ({checked}) SELECT {checked} FROM {CHUNK.name}"  # noqa: S608 - our own names
    statements = [stage]
    if insert:
        stamp = f"'{now.isoformat()}'::timestamptz"
        statements += [
            "SAVEPOINT import_chunk",
            f"INSERT INTO enterprises ({copied}, created_at, updated_at) "  # noqa: S608 - our own names and datetime
            f"SELECT {copied}, {stamp}, {stamp} FROM {CHUNK.name} WHERE ok",
            "RELEASE SAVEPOINT import_chunk",
        ]
    statements.append(f"TRUNCATE {CHUNK.name}")
    return ";\n".join(statements)


async def finish_moving(session: AsyncSession) -> None:
    """Drops the chunk and the stage tables of a PostgreSQL import."""
    conn = await session.connection()
    await conn.run_sync(lambda sync: CHUNK.drop(sync))
    await conn.run_sync(lambda sync: STAGE.drop(sync))


async def stream_rows(
    conn: AsyncConnection,
    filters: EnterpriseFilters,
    order: list[tuple[Any, bool]],
    batch: int = 2000,
) -> AsyncIterator[RowMapping]:
    """Rows for an export, read in batches on a connection of its own (the response streams
    after the request's session has closed)."""
    stmt = ordered(filtered(filters, select(Enterprise.__table__)), order)
    result = await conn.stream(stmt.execution_options(yield_per=batch))
    async for row in result.mappings():
        yield row
