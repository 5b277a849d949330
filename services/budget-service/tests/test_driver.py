"""budget.driver: statements compiled once for asyncpg, run on the driver's own connection."""

import uuid

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    func,
    literal,
    select,
)
from sqlalchemy.exc import IntegrityError

from budget.driver import DriverStatement, driver_connection, violated_constraint
from kc_common.db import Database
from kc_common.testing import postgres_admin_url

# asyncpg-specific: runs against the test PostgreSQL whatever TEST_DATABASE says (`make test`
# needs PostgreSQL anyway, and fails if it is unreachable).


async def test_a_driver_statement_commits_on_its_own_and_names_a_violated_constraint():
    table = f"kc_driver_{uuid.uuid4().hex[:8]}"
    t = Table(
        table,
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("name", String(20), nullable=False),
        Column("kind", String(10), nullable=False),
    )
    insert = DriverStatement(
        t.insert()
        .from_select(
            ["id", "name", "kind"],
            select(
                bindparam("id", type_=Integer()), bindparam("name", type_=String()), literal("x")
            ),
        )
        .returning(t.c.id, t.c.kind)
    )
    db = Database(postgres_admin_url(), pool_size=2)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(t.metadata.create_all)
        async with db.sessionmaker() as session, driver_connection(session) as conn:
            row = await insert.fetchrow(conn, {"id": 1, "name": "một"})
            assert (row["id"], row["kind"]) == (1, "x")  # the literal was bound with its value
            # committed already: another connection sees it while this one is still held
            async with db.engine.connect() as other:
                count = (await other.execute(select(func.count()).select_from(t))).scalar_one()
            assert count == 1
            with pytest.raises(IntegrityError) as caught:
                await insert.fetchrow(conn, {"id": 1, "name": "hai"})
            assert violated_constraint(caught.value) == f"{table}_pkey"
            with pytest.raises(KeyError):  # a missing bind parameter is not silently NULL
                await insert.fetchrow(conn, {"id": 2})
            # the connection is usable after the error: no transaction was left aborted
            assert (await insert.fetchrow(conn, {"id": 2, "name": "hai"}))["id"] == 2
    finally:
        async with db.engine.begin() as conn:
            await conn.run_sync(t.metadata.drop_all)
        await db.dispose()


def test_a_driver_statement_refuses_types_the_driver_cannot_take_as_they_are():
    t = Table("kc_json", MetaData(), Column("doc", JSON))
    with pytest.raises(TypeError):
        DriverStatement(t.insert().values(doc=bindparam("doc")))
