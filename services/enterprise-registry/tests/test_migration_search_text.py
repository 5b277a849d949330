"""Migration 5d2a7c9e1b34 on existing rows, on both databases: `search_text` loses the tax
code (a name folded to 300 characters is recomputed), and the downgrade puts it back."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from kc_common.testing import (
    database_kind,
    drop_postgres_database,
    migrate,
    postgres_admin_url,
    recreate_postgres_database,
)
from kc_common.text import fold
from tests.conftest import ALEMBIC_INI

BEFORE = "b3c8e1f0a7d2"
# "ß" folds to "ss": a 206-character name whose folded form is longer than the column.
LONG = "Xưởng " + "ß" * 200


def _database() -> str:
    if database_kind() == "sqlite":
        return f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='kc-test-mig-')) / 'm.db'}"
    name = f"kc_test_registry_migration_{os.getpid()}"
    asyncio.run(recreate_postgres_database(name))
    return postgres_admin_url().rsplit("/", 1)[0] + f"/{name}"


async def _run(url: str, statement: str, params: list[dict] | None = None) -> list[sa.Row]:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(sa.text(statement), params or [{}])
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


def test_search_text_becomes_the_folded_name_and_back():
    url = _database()
    try:
        migrate(ALEMBIC_INI, url, BEFORE)
        rows = [
            ("0301234567", "Cơ sở Gốm sứ Đồng Nai"),
            ("0301234568-001", LONG),
        ]
        insert = (
            "INSERT INTO enterprises (id, tax_code, name, search_text, kind, admin_unit_code, "
            "is_rural_industrial, owner_ethnic_minority, status, created_at, updated_at) VALUES "
            "(:id, :code, :name, :search, 'enterprise', '25747', false, false, 'active', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        ids = {code: uuid.uuid4() for code, _ in rows}
        old = {code: f"{fold(name)} {code}"[:300] for code, name in rows}
        params = [
            {
                "id": ids[code] if database_kind() != "sqlite" else ids[code].hex,
                "code": code,
                "name": name,
                "search": old[code],
            }
            for code, name in rows
        ]
        asyncio.run(_run(url, insert, params))
        assert len(old["0301234568-001"]) == 300  # cut: the tax code was lost at the end

        migrate(ALEMBIC_INI, url, "head")
        found = dict(asyncio.run(_run(url, "SELECT tax_code, search_text FROM enterprises")))
        assert found == {code: fold(name)[:300] for code, name in rows}

        from alembic import command
        from alembic.config import Config

        cfg = Config(str(ALEMBIC_INI))
        cfg.set_main_option("script_location", str(ALEMBIC_INI.parent / "migrations"))
        cfg.set_main_option("sqlalchemy.url", url)
        command.downgrade(cfg, BEFORE)
        found = dict(asyncio.run(_run(url, "SELECT tax_code, search_text FROM enterprises")))
        assert found == old
    finally:
        drop_postgres_database(url)
