"""Every query over enterprises."""

from __future__ import annotations

import base64
import functools
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import (
    BindParameter,
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
    bindparam,
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
from registry.enterprises.models import Enterprise, EnterpriseChanges

SORTABLE: dict[str, object] = {
    "name": Enterprise.name_key,  # Vietnamese order (kc_common.text.sort_key)
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


def tax_code_bounds(code: str) -> tuple[str, str]:
    """`tax_code LIKE '<code>%'` as a range on the unique index (`>= code` and below the
    next string of that length), which both databases answer off the index in byte order."""
    return code, code[:-1] + chr(ord(code[-1]) + 1)


# The filters as statements built once per shape (which filters are set), their values bound at
# execution: building SQLAlchemy's expression tree of a list page cost more of its CPU than
# compiling it (which SQLAlchemy caches) or converting its 50 rows.
TABLE = cast(Table, Enterprise.__table__)
_EQUAL = ("only_id", "admin_unit_code", "kind", "size", "craft_village_id", "status")


def filter_values(filters: EnterpriseFilters) -> dict[str, Any]:
    """What the filters bind, by name; the names in order are their shape (`_conditions`)."""
    f = filters
    if f.nothing:
        return {"f_nothing": None}
    values: dict[str, Any] = {}
    if f.q:
        values["f_q"] = like_pattern(f.q)
        code = f.q.strip()
        if _TAX_PREFIX.match(code):  # or the start of a tax code
            values["f_tax_from"], values["f_tax_below"] = tax_code_bounds(code)
    for name in _EQUAL:
        value = getattr(f, name)
        if value is not None and value != "":
            values[f"f_{name}"] = value
    if f.sector_code:  # a letter is a section; a division finds its groups and classes too
        values["f_sector_section" if f.sector_code.isalpha() else "f_sector_prefix"] = f.sector_code
    if f.is_rural_industrial is not None:
        values["f_is_rural_industrial"] = f.is_rural_industrial
    return values


@functools.cache
def _conditions(shape: tuple[str, ...]) -> tuple[ColumnElement[bool], ...]:
    """The WHERE clauses of a filter shape. A search is a diacritic-folded fragment anywhere in
    the name (`search_text` = `fold(name)`), or the start of a tax code: the same rows on SQLite
    and PostgreSQL."""
    c = TABLE.c
    clauses: list[ColumnElement[bool]] = []
    for name in shape:
        bound: BindParameter[Any] = bindparam(name)
        if name == "f_nothing":
            clauses.append(c.id.is_(None))
        elif name == "f_only_id":
            clauses.append(c.id == bound)
        elif name == "f_q":
            by_name = c.search_text.like(bound, escape="\\")
            if "f_tax_from" in shape:
                by_code = and_(
                    c.tax_code >= bindparam("f_tax_from"), c.tax_code < bindparam("f_tax_below")
                )
                clauses.append(or_(by_name, by_code))
            else:
                clauses.append(by_name)
        elif name == "f_sector_prefix":
            clauses.append(c.sector_code.startswith(bound))
        elif name not in ("f_tax_from", "f_tax_below"):
            clauses.append(c[name.removeprefix("f_")] == bound)
    return tuple(clauses)


def filtered(filters: EnterpriseFilters, stmt: Select[Any]) -> tuple[Select[Any], dict[str, Any]]:
    """`stmt` with the filters' WHERE clauses, and the values to execute it with."""
    values = filter_values(filters)
    return stmt.where(*_conditions(tuple(values))), values


def ordered(stmt: Select[Any], order: list[tuple[Any, bool]]) -> Select[Any]:
    clauses = [col.desc() if desc else col.asc() for col, desc in order]
    return stmt.order_by(*clauses, TABLE.c.id)  # id: a stable order for paging


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


def after_cursor(order: list[tuple[Any, bool]]) -> ColumnElement[bool]:
    """The rows after the cursor's row in this order, its keys bound as `after_0`, `after_1`, …
    (`cursor_values`)."""
    columns = [(TABLE.c[col.key], desc) for col, desc in order] + [(TABLE.c.id, False)]
    typed = [bindparam(f"after_{i}", type_=col.type) for i, (col, _) in enumerate(columns)]
    if all(not desc for _, desc in columns):  # one row comparison: a range on the index
        return tuple_(*(col for col, _ in columns)) > tuple_(*typed)
    # Mixed directions: (a after) or (a equal and b after) or ...
    alternatives = []
    for i, (col, desc) in enumerate(columns):
        equal = [c == v for (c, _), v in zip(columns[:i], typed[:i], strict=True)]
        alternatives.append(and_(*equal, col < typed[i] if desc else col > typed[i]))
    return or_(*alternatives)


def cursor_values(order: list[tuple[Any, bool]], cursor: str) -> dict[str, Any]:
    """What `after_cursor` binds (`BadCursor` if the cursor is not one of ours or was made for
    another sort)."""
    return {f"after_{i}": value for i, value in enumerate(cursor_keys(order, cursor))}


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
    `COUNT_CAP`: a page that is not full tells it; else a count that stops at the cap, asked in
    the page's own statement (one round trip). On PostgreSQL a search the planner expects to
    match more than twice the cap is not counted at all (`total_is_exact` false, `total` the
    cap, `total_estimate` the planner's figure). See docs/architecture.md, "Registry at
    national scale"."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    limit = params.page_size
    keyset = keyset_capable(order)
    offset = 0 if cursor is not None else params.offset
    estimate: int | None = None
    walk: words.Walk | None = None
    pairs: list[str] = []
    parts = words.tokens(filters.q or "")
    tax_code_like = bool(_TAX_PREFIX.match((filters.q or "").strip()))
    if postgresql and filters.q and not filters.nothing:
        # The planner's estimate of the hits picks the access path (and spares the count).
        estimate = await planner_estimate(session, filters)
    if estimate is not None and parts and not tax_code_like:
        phrase = words.inner_pairs(parts) if estimate < words.PAIRS_BELOW else []
        if len(order) == 1 and order[0][0].key == "name_key" and not order[0][1]:
            walk = await words.choose_walk(session, parts, estimate, offset + limit + 1)
            # A phrase with few hits: the pair index finds about those few rows; walking a
            # word's list costs more than reading them.
            if walk is not None and phrase and walk.cost > 2 * estimate + limit:
                walk = None
        if walk is None:
            pairs = phrase
    values = filter_values(filters)
    filter_shape = tuple(values)
    if cursor is not None:
        values.update(cursor_values(order, cursor))
    known = uncounted(filters, postgresql=postgresql, estimate=estimate)
    kept = COUNTS.get(filters) if known is None else None
    shape = PageShape(
        filters=filter_shape,
        order=tuple((col.key, desc) for col, desc in order),
        after=cursor is not None,
        walk_words=len(walk.words) if walk is not None else 0,
        walk_following=walk is not None and walk.following is not None,
        pairs=bool(pairs),
        # The count rides along as a column when a full page would need it: a first page (one
        # that is not full tells its total itself, and its count read only its few hits off the
        # same index) or a cursor's. Not beside a walk, whose few hits the count would find off
        # another index, maybe at length, nor beside a phrase of the pair index, whose page is
        # seldom full and whose candidates the count would read a second time. PostgreSQL
        # only: SQLite runs in process (no round trip to save) and has no trigram index, so a
        # count beside a page of few hits would be a second scan of the table.
        counted=postgresql
        and known is None
        and kept is None
        and (cursor is not None or offset == 0)
        and not (walk or pairs),
        # The change marker rides along whenever a count may be needed: it tells whether a
        # count kept from before still holds, or stamps the one counted here.
        marked=known is None,
    )
    values.update(page_offset=offset, page_limit=limit + 1, count_limit=COUNT_CAP + 1)
    if walk is not None:
        values.update({f"word_{i}": word for i, word in enumerate(walk.words)})
        values["walk_wanted"] = offset + limit + 1
        if walk.following is not None:
            values["following"] = walk.following
    if pairs:
        values["pairs"] = pairs
    conn = await session.connection()
    found = (await conn.execute(page_statement(shape), values)).all()
    rows = [dict(zip(PAGE_NAMES, row, strict=False)) for row in found]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(order, rows[-1]) if more and keyset and rows else None
    if cursor is None and not more and (rows or offset == 0):
        # The last page (or a search with few hits) tells the total itself.
        return FoundPage(rows, offset + len(rows), True, None, next_cursor)
    if known is not None:
        return FoundPage(rows, *known, next_cursor)
    marker = found[0][len(PAGE_NAMES)] if found else None
    if kept is not None and marker is not None and kept[0] == marker:
        n = kept[1]  # nothing was written since it was counted
    else:
        if shape.counted and found:
            n = int(found[0][-1])
        else:
            n, marker = await capped_count(session, filters, pairs)
        if marker is not None:
            COUNTS.put(filters, (marker, n))
    total, exact, shown = await past_the_cap(
        session, filters, n, postgresql=postgresql, estimate=estimate
    )
    return FoundPage(rows, total, exact, shown, next_cursor)


@dataclass(frozen=True)
class PageShape:
    """What a page's statement is made of; its values are bound at execution."""

    filters: tuple[str, ...]
    order: tuple[tuple[str, bool], ...]
    after: bool  # a cursor's page: the rows after its keys
    walk_words: int  # walked off this many words' lists (0: off the indexes of `enterprises`)
    walk_following: bool  # the walk keeps only entries whose next words hold the next token
    pairs: bool  # prefiltered by the word-pair index
    counted: bool  # with the capped count as its last column
    marked: bool  # with the change marker after the page's columns (`COUNTS`)


@functools.lru_cache(maxsize=2048)
def page_statement(shape: PageShape) -> Select[Any]:
    """The ids of the page in order (`page_offset`, `page_limit`), then their rows."""
    conditions = _conditions(shape.filters)
    order = [(TABLE.c[key], desc) for key, desc in shape.order]
    if shape.walk_words:
        check = select(literal(True)).where(*conditions)
        chosen = words.walked_ids(
            shape.walk_words, check, after=shape.after, following=shape.walk_following
        ).subquery()
    else:
        inner = select(TABLE.c.id, *(col for col, _ in order)).where(*conditions)
        if shape.pairs:
            inner = inner.where(words.pairs_prefilter())
        if shape.after:
            inner = inner.where(after_cursor(order))
        inner = ordered(inner, order).offset(bindparam("page_offset"))
        chosen = inner.limit(bindparam("page_limit")).subquery()
    stmt = select(*PAGE_COLUMNS).join(chosen, chosen.c.id == TABLE.c.id)
    stmt = stmt.order_by(
        *[chosen.c[col.key].desc() if desc else chosen.c[col.key] for col, desc in order],
        chosen.c.id,
    )
    if shape.marked:
        stmt = stmt.add_columns(_MARKER)
    if shape.counted:
        stmt = stmt.add_columns(_count_statement(shape.filters, shape.pairs).scalar_subquery())
    return stmt


# How many writes enterprises has had (models.EnterpriseChanges), read in a page's statement.
_MARKER = select(EnterpriseChanges.changes).scalar_subquery()


@functools.cache
def _count_statement(shape: tuple[str, ...], pairs: bool) -> Select[Any]:
    """At most `count_limit` rows of the filter shape, counted (`pairs`: off the word-pair
    index, which every row of the phrase is in)."""
    capped = select(TABLE.c.id).where(*_conditions(shape))
    if pairs:
        capped = capped.where(words.pairs_prefilter())
    capped = capped.limit(bindparam("count_limit"))
    return select(func.count()).select_from(capped.subquery())


# On PostgreSQL a search the planner expects to match more than this is not counted at all: its
# estimates of these filters (admin unit and kind from the column statistics, `LIKE '%…%'` from
# the 1,000-name histogram of the folded name) were within a few percent at 100k and 6M rows;
# the margin keeps a list of 7,000 rows estimated at 12,000 from reading "hơn 10.000".
TRUST_ESTIMATE_ABOVE = 2 * COUNT_CAP


K = TypeVar("K")
V = TypeVar("V")


class Remembered(Generic[K, V]):
    """Values kept for a while in this process: planner estimates, which only change at
    ANALYZE. Bounded: past `most` entries it starts afresh."""

    def __init__(self, seconds: float, most: int = 1000) -> None:
        self.seconds, self.most = seconds, most
        self._kept: dict[K, tuple[V, float]] = {}

    def get(self, key: K) -> V | None:
        kept = self._kept.get(key)
        if kept is None or time.monotonic() - kept[1] >= self.seconds:
            return None
        return kept[0]

    def put(self, key: K, value: V) -> None:
        if len(self._kept) >= self.most:
            self._kept.clear()
        self._kept[key] = (value, time.monotonic())

    def clear(self) -> None:
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


# A list (no `q`) is counted up to the cap unless an estimate of it above was seen lately: the
# count of a big list reads 10,001 index entries (12 ms at 6M rows) on every page, while its
# estimate (column statistics) only changes at ANALYZE. Per process; a few hundred filter sets.
BIG_LISTS: Remembered[EnterpriseFilters, int] = Remembered(300.0)
# A search's estimate (EXPLAIN, a round trip and a compile) is asked once per filter set a while.
ESTIMATES: Remembered[EnterpriseFilters, int] = Remembered(300.0)


# A count up to the cap, kept per filter set in this process with the change marker it was
# counted at, and reused while the marker is unchanged: paging through a search, or the same
# list asked again, does not count its thousands of hits again (9.6 ms for "gom su" at 100k
# rows). The marker is bumped after every write's commit (`mark_changed`); the time limit
# bounds what a write that never bumped it (a process killed between the two) leaves stale.
COUNTS: Remembered[EnterpriseFilters, tuple[int, int]] = Remembered(60.0)


async def capped_count(
    session: AsyncSession, filters: EnterpriseFilters, pairs: list[str] | None = None
) -> tuple[int, int | None]:
    """How many rows the filters select, counting no further than one past `COUNT_CAP`
    (`pairs`: the search's `words.inner_pairs`, to count off the pair index), and the change
    marker read in the same snapshot: a write the count missed bumps the marker after it."""
    values = filter_values(filters)
    stmt = _marked_count_statement(tuple(values), bool(pairs))
    values["count_limit"] = COUNT_CAP + 1
    if pairs:
        values["pairs"] = pairs
    n, marker = (await session.execute(stmt, values)).one()
    return int(n or 0), marker


@functools.cache
def _marked_count_statement(shape: tuple[str, ...], pairs: bool) -> Select[Any]:
    return _count_statement(shape, pairs).add_columns(_MARKER)


async def mark_changed(session: AsyncSession) -> None:
    """Bump the change marker: after a write's commit (kc_common.db.after_commit), so that a
    snapshot that sees the bump sees the write, and writers never queue on the marker's row
    inside their own transactions."""
    await session.execute(update(EnterpriseChanges).values(changes=EnterpriseChanges.changes + 1))


def uncounted(
    filters: EnterpriseFilters, *, postgresql: bool, estimate: int | None
) -> tuple[int, bool, int | None] | None:
    """(total, exact, estimate) of a list that is not counted (PostgreSQL: a search expected
    above `TRUST_ESTIMATE_ABOVE`, a big list seen lately), else None: it is counted."""
    if not postgresql:
        return None
    if filters.q:
        if estimate is not None and estimate > TRUST_ESTIMATE_ABOVE:
            return COUNT_CAP, False, estimate
        return None
    big = BIG_LISTS.get(filters)
    return (COUNT_CAP, False, big) if big is not None else None


async def past_the_cap(
    session: AsyncSession,
    filters: EnterpriseFilters,
    n: int,
    *,
    postgresql: bool,
    estimate: int | None,
) -> tuple[int, bool, int | None]:
    """(total, exact, estimate) from a capped count `n`: exact up to `COUNT_CAP`, else the cap
    and the planner's estimate (a big list is remembered, see `BIG_LISTS`)."""
    if n <= COUNT_CAP:
        return n, True, None
    if postgresql and estimate is None:
        estimate = await planner_estimate(session, filters)
    shown = max(estimate or 0, n)
    if postgresql and not filters.q and shown > TRUST_ESTIMATE_ABOVE:
        BIG_LISTS.put(filters, shown)
    return COUNT_CAP, False, shown


async def planner_estimate(session: AsyncSession, filters: EnterpriseFilters) -> int:
    """PostgreSQL's estimate of the rows the filters select (EXPLAIN, no execution), remembered
    for a while (`ESTIMATES`)."""
    remembered = ESTIMATES.get(filters)
    if remembered is not None:
        return remembered
    stmt, values = filtered(filters, select(TABLE.c.id))
    conn = await session.connection()
    compiled = stmt.compile(dialect=conn.dialect)
    bound = compiled.construct_params(values)
    args = tuple(bound[name] for name in compiled.positiontup or ())
    result = await conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", args)
    plan = result.scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    ESTIMATES.put(filters, estimate)
    return estimate


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
    stmt, values = filtered(filters, select(TABLE))
    result = await conn.stream(ordered(stmt, order).execution_options(yield_per=batch), values)
    async for row in result.mappings():
        yield row
