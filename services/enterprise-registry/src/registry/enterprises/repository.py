"""Every query over enterprises."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Column,
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
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from kc_common.pagination import Page, PageParams
from kc_common.text import like_pattern
from registry.craft_villages.models import CraftVillage
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


def filtered(filters: EnterpriseFilters, stmt: Select[Any]) -> Select[Any]:
    f = filters
    if f.nothing:
        return stmt.where(Enterprise.id.is_(None))
    if f.only_id is not None:
        stmt = stmt.where(Enterprise.id == f.only_id)
    if f.q:
        stmt = stmt.where(Enterprise.search_text.like(like_pattern(f.q), escape="\\"))
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


async def page(
    session: AsyncSession,
    filters: EnterpriseFilters,
    order: list[tuple[Any, bool]],
    params: PageParams,
) -> Page[dict[str, Any]]:
    """One page of rows as plain dicts of the `PAGE_COLUMNS` (no ORM entities), and the
    filtered total. Not `paginate()`: the count stays a query of its own, over the table rather
    than the page query, and is skipped when a page that is not full already tells the total
    (the last page, or a search with few hits). A `count(*) OVER ()` on the page query lets
    PostgreSQL pick a full walk of the name index for a search (plan flips seen at 100k rows),
    and for the indexed filters it would fetch every heap row."""
    offset, limit = params.offset, params.page_size
    stmt = ordered(filtered(filters, select(*PAGE_COLUMNS)), order).offset(offset).limit(limit)
    rows = (await session.execute(stmt)).all()
    if rows and len(rows) < limit:
        total = offset + len(rows)
    else:
        total = await session.scalar(
            filtered(filters, select(func.count()).select_from(Enterprise))
        )
    items = [dict(zip(PAGE_NAMES, row, strict=False)) for row in rows]
    return Page[dict[str, Any]].model_construct(
        items=items, total=int(total or 0), page=params.page, page_size=params.page_size
    )


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


async def existing_tax_codes(session: AsyncSession, codes: Iterable[str]) -> set[str]:
    wanted = list(codes)
    found: set[str] = set()
    for i in range(0, len(wanted), 1000):
        chunk = wanted[i : i + 1000]
        rows = await session.scalars(
            select(Enterprise.tax_code).where(Enterprise.tax_code.in_(chunk))
        )
        found.update(rows)
    return found


def add(session: AsyncSession, enterprise: Enterprise) -> None:
    session.add(enterprise)


# --- bulk import: rows staged in a temporary table, checked there, copied in one statement ---
_ENTERPRISE = cast(Table, Enterprise.__table__)
STAGE = Table(
    "enterprise_import_stage",
    MetaData(),
    Column("row", Integer, nullable=False),
    Column("ok", Boolean, nullable=False),
    *(Column(c.name, c.type) for c in _ENTERPRISE.c if c.name not in ("created_at", "updated_at")),
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
    registered = exists().where(_ENTERPRISE.c.tax_code == STAGE.c.tax_code)
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


async def _rebuilt_indexes(session: AsyncSession, rows: int) -> list[str]:
    """PostgreSQL, a large import into a smaller table: drops the secondary indexes (not the
    primary key nor the unique tax code) and returns the statements that make them again."""
    if rows < REBUILD_FROM or session.get_bind().dialect.name != "postgresql":
        return []
    existing = await session.scalar(
        select(func.count()).select_from(select(_ENTERPRISE.c.id).limit(rows).subquery())
    )
    if (existing or 0) >= rows:
        return []
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


async def insert_staged(session: AsyncSession, now: datetime, rows: int) -> int:
    """Every staged row into enterprises in one statement; the number inserted. Rows staged
    without an id get one from the database (PostgreSQL's gen_random_uuid, a version 4 UUID as
    `new_id` makes)."""
    stamp = literal(now, type_=_ENTERPRISE.c.created_at.type)
    columns: list[Any] = [STAGE.c[name] for name in _COPIED]
    if session.get_bind().dialect.name == "postgresql":
        columns[_COPIED.index("id")] = func.coalesce(STAGE.c.id, func.gen_random_uuid())
    copied = select(*columns, stamp, stamp)
    rebuild = await _rebuilt_indexes(session, rows)
    result = await session.execute(
        insert(_ENTERPRISE).from_select([*_COPIED, "created_at", "updated_at"], copied)
    )
    if rebuild:
        await session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        for statement in rebuild:
            await session.execute(text(statement))
    conn = await session.connection()
    await conn.run_sync(lambda sync: STAGE.drop(sync))
    return int(cast(CursorResult[Any], result).rowcount or 0)


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
