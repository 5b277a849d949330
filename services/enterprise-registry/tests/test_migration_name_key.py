"""Migration d9b2e6f1a4c3 on existing rows, on both databases: every name gets its Vietnamese
sort key, PostgreSQL's word lists are listed again under it (an import still waiting to be
listed included: its backlog row goes, or its listing would collide), and the downgrade
undoes it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from kc_common.testing import database_kind, drop_postgres_database, migrate
from kc_common.text import fold, sort_key
from tests.conftest import ALEMBIC_INI
from tests.test_migration_search_text import _database, _run

BEFORE = "c6e1f4a2b9d8"
NAMES = ["Cơ sở Zeta", "Cơ sở Đại Phát", "Cơ sở Ăn Uống"]


def test_names_get_their_keys_and_the_word_lists_follow():
    url = _database()
    postgresql = database_kind() != "sqlite"
    try:
        migrate(ALEMBIC_INI, url, BEFORE)
        stamp = datetime(2026, 12, 1, tzinfo=UTC)
        insert = (
            "INSERT INTO enterprises (id, tax_code, name, search_text, kind, admin_unit_code, "
            "is_rural_industrial, owner_ethnic_minority, status, created_at, updated_at) VALUES "
            "(:id, :code, :name, :search, 'enterprise', '25747', false, false, 'active', "
            ":at, :at)"
        )
        rows = [
            {
                "id": str(uuid.uuid4()) if postgresql else uuid.uuid4().hex,
                "code": f"030123456{i}",
                "name": name,
                "search": fold(name),
                "at": stamp,
            }
            for i, name in enumerate(NAMES)
        ]
        asyncio.run(_run(url, insert, rows))
        if postgresql:  # an import committed, its listing not done yet
            asyncio.run(
                _run(
                    url,
                    "INSERT INTO enterprise_word_backlog (created_at, rebuild) VALUES (:at, false)",
                    [{"at": stamp}],
                )
            )

        migrate(ALEMBIC_INI, url, "head")
        found = asyncio.run(_run(url, "SELECT name, name_key FROM enterprises ORDER BY name_key"))
        assert [name for name, _ in found] == ["Cơ sở Ăn Uống", "Cơ sở Đại Phát", "Cơ sở Zeta"]
        assert all(key == sort_key(name) for name, key in found)
        if postgresql:
            waiting = asyncio.run(_run(url, "SELECT count(*) FROM enterprise_word_backlog"))
            listed = asyncio.run(
                _run(url, "SELECT count(DISTINCT id) FROM enterprise_words WHERE word = 'so'")
            )
            assert waiting[0][0] == 0 and listed[0][0] == 3

        from alembic import command
        from alembic.config import Config

        cfg = Config(str(ALEMBIC_INI))
        cfg.set_main_option("script_location", str(ALEMBIC_INI.parent / "migrations"))
        cfg.set_main_option("sqlalchemy.url", url)
        command.downgrade(cfg, BEFORE)
        names = asyncio.run(_run(url, "SELECT name FROM enterprises ORDER BY name"))
        assert [n for (n,) in names] == sorted(NAMES)
    finally:
        drop_postgres_database(url)
