"""The asyncpg side of kc_common.db: pooled connections."""

import asyncio
import os

import pytest
from sqlalchemy import text

from kc_common.db import Database, read_session
from kc_common.testing import postgres_admin_url

# asyncpg-specific: runs against the test PostgreSQL whatever TEST_DATABASE says (`make test`
# needs PostgreSQL anyway, and fails if it is unreachable).


@pytest.mark.parametrize("pre_ping", [True, False])
async def test_a_terminated_pooled_connection_is_replaced_at_checkout(pre_ping):
    db = Database(postgres_admin_url(), pool_size=1, pre_ping=pre_ping)
    other = Database(postgres_admin_url(), pool_size=1)
    try:
        async with db.engine.connect() as conn:
            pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with other.engine.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await asyncio.sleep(0.2)  # the driver sees the server close the socket
        async with db.engine.connect() as conn:
            new_pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        assert new_pid != pid
    finally:
        await db.dispose()
        await other.dispose()


@pytest.mark.parametrize(("max_overflow", "kept"), [(None, 1), (0, 2)])
async def test_the_pool_keeps_connections_without_overflow(max_overflow, kept):
    """With overflow (the default: as many again) a connection opened beyond the pool's size is
    closed when it comes back to a full pool, so the next burst opens it again; with
    `max_overflow=0` and a pool of that size every connection opened stays."""
    size = 1 if max_overflow is None else 2
    db = Database(postgres_admin_url(), pool_size=size, max_overflow=max_overflow, pre_ping=False)
    try:
        pids = set()
        for _ in range(2):  # two bursts of two requests at once
            async with db.engine.connect() as a, db.engine.connect() as b:
                for conn in (a, b):
                    pids.add((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())
        assert db.engine.pool.checkedin() == kept  # type: ignore[attr-defined]
        assert len(pids) == (3 if max_overflow is None else 2)  # the overflow one was reopened
    finally:
        await db.dispose()


async def test_a_read_session_runs_each_statement_on_its_own():
    """No BEGIN/ROLLBACK around a read request's statements: each is its own transaction, so
    each `now()` (the start of its transaction) is its own; inside one they would be equal."""
    db = Database(postgres_admin_url(), pool_size=1)
    try:
        async with read_session(db) as session:
            first = (await session.execute(text("SELECT now()"))).scalar_one()
            await asyncio.sleep(0.01)
            second = (await session.execute(text("SELECT now()"))).scalar_one()
            assert first < second
    finally:
        await db.dispose()


async def test_a_read_session_takes_its_connection_at_its_first_statement():
    """A request refused before it reads (401, 403, 422) or one that only streams on a
    connection of its own does not hold a pooled connection for its read session."""
    db = Database(postgres_admin_url(), pool_size=1, max_overflow=0)
    pool = db.read_engine.pool
    try:
        async with read_session(db) as session:
            assert pool.checkedout() == 0  # type: ignore[attr-defined]
            async with db.read_engine.connect() as stream:  # the pool's one connection
                assert (await stream.execute(text("SELECT 1"))).scalar_one() == 1
            await session.execute(text("SELECT 1"))
            assert pool.checkedout() == 1  # type: ignore[attr-defined]
        assert pool.checkedout() == 0  # type: ignore[attr-defined]
        async with db.engine.begin() as conn:  # the same connection, in a transaction again
            first = (await conn.execute(text("SELECT now()"))).scalar_one()
            await asyncio.sleep(0.01)
            assert (await conn.execute(text("SELECT now()"))).scalar_one() == first
    finally:
        await db.dispose()


async def test_work_after_commit_runs_once_after_the_request_committed():
    """`after_commit` work runs after the request's commit (another connection sees the row)
    in a transaction of its own, once however often it was asked for."""
    import httpx
    from fastapi import FastAPI

    from kc_common.db import SessionDep, after_commit

    db = Database(postgres_admin_url(), pool_size=2)
    table = f"kc_after_commit_{os.getpid()}"
    seen: list[tuple[int, int]] = []

    async def work(session) -> None:
        async with db.engine.connect() as other:  # sees only what is committed
            rows = (await other.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
        seen.append((rows, (await session.execute(text("SELECT txid_current()"))).scalar_one()))

    app = FastAPI()
    app.state.db = db

    @app.post("/write")
    async def write(session: SessionDep) -> int:
        await session.execute(text(f"INSERT INTO {table} VALUES (1)"))
        after_commit(session, work)
        after_commit(session, work)
        return int((await session.execute(text("SELECT txid_current()"))).scalar_one())

    try:
        async with db.engine.begin() as conn:
            await conn.execute(text(f"CREATE TABLE {table} (n int)"))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post("/write")
        assert response.status_code == 200
        assert len(seen) == 1
        rows, txid = seen[0]
        assert rows == 1 and txid != response.json()
    finally:
        async with db.engine.begin() as conn:
            await conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
        await db.dispose()
