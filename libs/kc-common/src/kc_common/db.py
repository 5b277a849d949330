"""Async engine and the request-owned session, for postgresql+asyncpg and sqlite+aiosqlite.

The request owns the transaction: one AsyncSession per request, committed once after the path
function returns and before the response is sent (FastAPI's `scope="function"`), rolled back on
error. Repositories and services only `flush()`; what must follow the commit they ask for with
`after_commit`.
"""

from __future__ import annotations

import logging
import uuid
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import DateTime, MetaData, String, TypeDecorator, event, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger("kc.db")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """Each service's declarative base gets its own metadata (database per service):

    class Base(DeclarativeBase):
        metadata = new_metadata()
    """
    return MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> uuid.UUID:
    """A new primary key (where a column holds ids as strings, `str(new_id())`)."""
    return uuid.uuid4()


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on both databases: `TIMESTAMP WITH TIME ZONE` on
    PostgreSQL; SQLite stores them naive, in UTC, and they come back with the offset. Naive
    values are refused on the way in (their zone would be a guess)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int | None = None,
    echo: bool = False,
    pre_ping: bool = True,
    transaction_pooler: bool = False,
) -> AsyncEngine:
    """`pre_ping=True`: a pooled connection is pinged at checkout (for asyncpg that is BEGIN, `;`,
    ROLLBACK: three round trips per request). `pre_ping=False`: it is only checked for a closed
    socket (no round trip), which catches a restarted or vanished server, not a silent network
    partition; for request paths where those round trips matter.

    `max_overflow`: connections opened beyond `pool_size` when every pooled one is busy (default:
    as many again). The pool keeps only `pool_size`: an overflow connection is closed when it is
    given back to a full pool, so under a steady load that swings around `pool_size` a request
    can pay for a new connection (on PostgreSQL a backend started, authenticated and its
    statements prepared again). 0 keeps every connection it opens, up to `pool_size`.

    `transaction_pooler=True`: the URL is a PgBouncer in transaction mode, which hands each
    transaction whichever server connection is free. A statement prepared in one transaction is
    then unknown to the next one's server, so neither asyncpg nor SQLAlchemy keeps prepared
    statements, and the names SQLAlchemy gives them are unique (never a clash with a statement
    another client left on that server). Code that runs statements on the driver's connection
    outside a transaction asks `runs_behind_transaction_pooler` and opens one."""
    if is_sqlite(url):
        from kc_common.migrations import ensure_sqlite_dir

        ensure_sqlite_dir(url)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        _make_sqlite_transactions_immediate(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if transaction_pooler:
        connect_args = {
            "statement_cache_size": 0,
            "prepared_statement_cache_size": 0,
            "prepared_statement_name_func": lambda: f"__kc_{uuid.uuid4().hex}__",
        }
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_pre_ping=pre_ping,
        connect_args=connect_args,
    )
    if transaction_pooler:
        _TRANSACTION_POOLED.add(engine.sync_engine)
    if not pre_ping:
        _drop_closed_connections_at_checkout(engine)
    return engine


_TRANSACTION_POOLED: weakref.WeakSet[Any] = weakref.WeakSet()


def runs_behind_transaction_pooler(engine: AsyncEngine) -> bool:
    return engine.sync_engine in _TRANSACTION_POOLED


def _drop_closed_connections_at_checkout(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(_dbapi_conn: Any, _record: Any, proxy: Any) -> None:
        is_closed = getattr(proxy.driver_connection, "is_closed", None)
        if is_closed is not None and is_closed():
            raise DisconnectionError("the pooled connection is closed")  # the pool reconnects


def _make_sqlite_transactions_immediate(engine: AsyncEngine) -> None:
    """SQLite: take the write lock at BEGIN so concurrent writers queue instead of failing.

    pysqlite's own transaction handling is switched off and SQLAlchemy emits BEGIN IMMEDIATE,
    which serialises writers; with a busy timeout they wait. This is what lets the guarded
    money updates hold on SQLite as they do on PostgreSQL.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


# A column holding kc_common.text.sort_key of a name: compared by code points, COLLATE "C" on
# PostgreSQL whatever the database's locale (SQLite compares code points already).
SORT_KEY = String(400).with_variant(String(400, collation="C"), "postgresql")


class Database:
    """Engine plus session factory for one service; lives on `app.state.db`."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 10,
        max_overflow: int | None = None,
        echo: bool = False,
        pre_ping: bool = True,
        transaction_pooler: bool = False,
        read_url: str | None = None,
    ) -> None:
        self.url = url

        def engine(at: str) -> AsyncEngine:
            return create_engine(
                at,
                pool_size=pool_size,
                max_overflow=max_overflow,
                echo=echo,
                pre_ping=pre_ping,
                transaction_pooler=transaction_pooler,
            )

        self.engine = engine(url)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # The replica for reads that may lag (ReadSessionDep); the primary when there is none.
        self.read_engine = engine(read_url) if read_url else self.engine
        # Read sessions (`read_session`): on PostgreSQL, not behind a transaction pooler, each
        # statement on its own (AUTOCOMMIT, the same pool; the level is reset when the
        # connection goes back). A session takes its connection at its first statement only.
        reads = self.read_engine
        if reads.dialect.name == "postgresql" and not runs_behind_transaction_pooler(reads):
            reads = reads.execution_options(isolation_level="AUTOCOMMIT")
        self.read_sessionmaker = async_sessionmaker(reads, expire_on_commit=False)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    db: Database = request.app.state.db
    async with db.sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            if session.in_transaction():  # a request that never used its session has none
                await session.commit()
            await _after_commit(session)


def dialect_insert(session: AsyncSession, table: Any) -> Any:
    """`INSERT` with `ON CONFLICT` support for the session's database (PostgreSQL or SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


AfterCommit = Callable[[AsyncSession], Awaitable[None]]
_AFTER_COMMIT = "kc.after_commit"


def after_commit(session: AsyncSession, work: AfterCommit) -> None:
    """Have `work` run once this request's transaction has committed, in a transaction of its
    own (once, however often it is asked for). For what must follow the commit, never precede
    it, and is safe to lose: a failure is logged, not raised (the request's data is written),
    and a process that dies between the two never runs it."""
    works: list[AfterCommit] = session.info.setdefault(_AFTER_COMMIT, [])
    if work not in works:
        works.append(work)


async def _after_commit(session: AsyncSession) -> None:
    for work in session.info.pop(_AFTER_COMMIT, ()):
        try:
            await work(session)
            await session.commit()
        except Exception:
            await session.rollback()
            log.exception("work after a commit failed")


# scope="function": the commit happens before the response goes out, so a failed commit is an
# error response, never a 200 for data that was not written.
SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with read_session(request.app.state.db) as session:
        yield session


@asynccontextmanager
async def read_session(db: Database) -> AsyncIterator[AsyncSession]:
    """A session for reads only. On PostgreSQL its statements run without a transaction
    (autocommit), each on the latest committed rows: a list page spares BEGIN and ROLLBACK, two
    of its three or four round trips, at the price of a count and its page seeing different
    instants (a replica's reader sees no better). Not behind a transaction pooler, which could
    hand a statement's execution to another server than the one that prepared it. Its
    connection is taken at its first statement (a request refused before it reads takes none).
    Streams open a connection of their own on `db.read_engine`: a cursor needs a transaction."""
    async with db.read_sessionmaker() as session:
        try:
            yield session
        finally:
            await session.rollback()  # reads only: nothing is ever committed through it


# For lists, searches, exports and counts that may be a few seconds behind the primary: the
# read replica when one is configured (settings.read_database_url), else the primary. Never for
# a page the caller reaches right after a write of their own (the record they just saved).
ReadSessionDep = Annotated[AsyncSession, Depends(_read_session)]
