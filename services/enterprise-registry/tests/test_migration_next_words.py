"""Migration e4c7a9d2f6b1 lists the search words again with their next words. An import still
waiting in the backlog when it runs is listed by it (and its backlog row goes), so its words
must join the vocabulary too: a walk expands a token through the vocabulary only, and a word
missing there is a list never walked (its names never found by the walk)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from kc_common.testing import database_kind, drop_postgres_database, migrate
from kc_common.text import fold, sort_key
from tests.conftest import ALEMBIC_INI
from tests.test_migration_search_text import _database, _run

BEFORE = "d9b2e6f1a4c3"


def test_an_import_waiting_at_the_migration_joins_the_vocabulary():
    if database_kind() == "sqlite":
        return  # SQLite has no word lists
    url = _database()
    try:
        migrate(ALEMBIC_INI, url, BEFORE)
        stamp = datetime(2026, 12, 1, tzinfo=UTC)
        insert = (
            "INSERT INTO enterprises (id, tax_code, name, name_key, search_text, kind, "
            "admin_unit_code, is_rural_industrial, owner_ethnic_minority, status, created_at, "
            "updated_at) VALUES (:id, :code, :name, :key, :search, 'enterprise', '25747', "
            "false, false, 'active', :at, :at)"
        )
        # an import committed, its listing (words and vocabulary) not done yet
        names = ["Cơ sở Zirconi Phú Giáo", "Cơ sở Zirconi Bến Cát"]
        rows = [
            {
                "id": str(uuid.uuid4()),
                "code": f"030123456{i}",
                "name": name,
                "key": sort_key(name),
                "search": fold(name),
                "at": stamp,
            }
            for i, name in enumerate(names)
        ]
        asyncio.run(_run(url, insert, rows))
        asyncio.run(
            _run(
                url,
                "INSERT INTO enterprise_word_backlog (created_at, rebuild) VALUES (:at, false)",
                [{"at": stamp}],
            )
        )

        migrate(ALEMBIC_INI, url, "head")
        waiting = asyncio.run(_run(url, "SELECT count(*) FROM enterprise_word_backlog"))
        unknown = asyncio.run(
            _run(
                url,
                "SELECT DISTINCT w.word FROM enterprise_words w WHERE NOT EXISTS "
                "(SELECT 1 FROM enterprise_word_vocabulary v WHERE v.word = w.word) ORDER BY 1",
            )
        )
        docs = asyncio.run(
            _run(url, "SELECT docs FROM enterprise_word_vocabulary WHERE word = 'zirconi'")
        )
        assert waiting[0][0] == 0
        assert [w for (w,) in unknown] == []  # every listed word can be walked
        assert [d for (d,) in docs] == [2]
    finally:
        drop_postgres_database(url)
