"""The helpers every service shares: the UTC column type, ids, and one page of a query."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.exc import StatementError

from kc_common.db import Database, UTCDateTime, new_id
from kc_common.localtime import as_utc, utcnow
from kc_common.pagination import PageParams, empty_page, page_of, paginate

T = Table(
    "things",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("at", UTCDateTime),
)


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'h.db'}")
    async with database.engine.begin() as conn:
        await conn.run_sync(T.metadata.create_all)
    yield database
    await database.dispose()


async def test_utc_datetime_comes_back_aware_in_utc_and_refuses_naive_values(db):
    hanoi = datetime(2026, 1, 2, 7, 30, tzinfo=timezone(timedelta(hours=7)))
    async with db.sessionmaker() as session:
        await session.execute(T.insert().values(id=1, name="a", at=hanoi))
        at = (await session.execute(select(T.c.at))).scalar_one()
        assert at == hanoi and at.tzinfo is UTC and at.hour == 0  # SQLite stored it naive
        with pytest.raises(StatementError):
            await session.execute(T.insert().values(id=2, name="b", at=datetime(2026, 1, 2)))


async def test_paginate_counts_every_row_and_returns_the_asked_page(db):
    async with db.sessionmaker() as session:
        await session.execute(T.insert(), [{"id": i, "name": f"n{i}"} for i in range(1, 8)])
        stmt = select(T).where(T.c.id > 1).order_by(T.c.id.desc())
        page = await paginate(session, stmt, PageParams(page=2, page_size=4))
        assert (page.total, page.page, page.page_size) == (6, 2, 4)
        assert [r.id for r in page.items] == [3, 2]
        names = await paginate(
            session, select(T.c.name).order_by(T.c.id), PageParams(1, 2), scalars=True
        )
        assert names.map(str.upper).model_dump() == {
            "items": ["N1", "N2"],
            "total": 7,
            "page": 1,
            "page_size": 2,
        }


def test_a_page_of_a_list_in_memory_and_an_empty_page():
    letters = list("abcdefg")
    assert page_of(letters, PageParams(page=2, page_size=3)).model_dump() == {
        "items": ["d", "e", "f"],
        "total": 7,
        "page": 2,
        "page_size": 3,
    }
    past_the_end = page_of(letters, PageParams(page=4, page_size=3))
    assert (past_the_end.items, past_the_end.total) == ([], 7)
    assert empty_page(PageParams(page=3, page_size=10)).model_dump() == {
        "items": [],
        "total": 0,
        "page": 3,
        "page_size": 10,
    }


def test_ids_and_clock():
    assert isinstance(new_id(), uuid.UUID) and new_id() != new_id()
    assert utcnow().tzinfo is UTC
    assert as_utc(datetime(2026, 1, 1)) == datetime(2026, 1, 1, tzinfo=UTC)
    assert as_utc(datetime(2026, 1, 1, 7, tzinfo=timezone(timedelta(hours=7)))).hour == 0
