"""names in Vietnamese order: `name_key` (kc_common.text.sort_key of the name) on enterprises,
craft villages and typical products

Lists sorted by name sorted by code points: 'Đại Phát' after 'Zeta', 'Ăn' after 'Yên'. The key
is computed in Python for every row (in batches by id), the enterprises' name indexes move to
it, and on PostgreSQL the search word lists are listed again under it (`enterprise_words (word,
name_key, id)`, filled first and indexed after, as migration 8f3b6d2a9c71 built them).

Revision ID: d9b2e6f1a4c3
Revises: c6e1f4a2b9d8
Create Date: 2026-12-07 19:15:00
"""

import logging
import time
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kc_common.text import sort_key

revision: str = "d9b2e6f1a4c3"
down_revision: str | None = "c6e1f4a2b9d8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")
BATCH = 20_000
SMALL_TABLES = ("craft_villages", "typical_products")  # sorted by name too, without an index
NAME_KEY = sa.String(400).with_variant(sa.String(400, collation="C"), "postgresql")


def _fill_keys(table: str) -> None:
    """Every row's key, in batches by id (a national registry: 6M rows, ~1 min of Python)."""
    conn = op.get_bind()
    postgresql = conn.dialect.name == "postgresql"
    started, done, last = time.monotonic(), 0, None
    while True:
        after = "" if last is None else "WHERE id > :last "
        rows = conn.execute(
            sa.text(f"SELECT id, name FROM {table} {after}ORDER BY id LIMIT {BATCH}"),  # noqa: S608 - our own SQL
            {"last": last},
        ).all()
        if not rows:
            break
        if postgresql:
            conn.execute(
                sa.text(
                    f"UPDATE {table} e SET name_key = v.k FROM "  # noqa: S608 - our own SQL
                    "unnest(CAST(:ids AS uuid[]), CAST(:keys AS text[])) AS v(id, k) "
                    "WHERE e.id = v.id"
                ),
                {"ids": [r.id for r in rows], "keys": [sort_key(r.name) for r in rows]},
            )
        else:
            conn.execute(
                sa.text(f"UPDATE {table} SET name_key = :k WHERE id = :id"),  # noqa: S608
                [{"k": sort_key(r.name), "id": r.id} for r in rows],
            )
        done, last = done + len(rows), rows[-1].id
    logger.info("name keys of %s: %d rows in %.0f s", table, done, time.monotonic() - started)


def _relist_words(key: str) -> None:
    """PostgreSQL: the word lists again, under `key` (`name_key`, or `name` going down), of
    every row; the backlog of imports waiting to be listed is then empty."""
    op.execute("DROP TABLE enterprise_words")
    kind = 'varchar(400) COLLATE "C"' if key == "name_key" else "varchar(255)"
    op.execute(f"CREATE TABLE enterprise_words (word text NOT NULL, {key} {kind} NOT NULL, id uuid NOT NULL)")  # fmt: skip
    op.execute(
        f"INSERT INTO enterprise_words (word, {key}, id) "  # noqa: S608 - our own names
        f"SELECT w.word, e.{key}, e.id FROM enterprises e, "
        "LATERAL (SELECT DISTINCT word FROM unnest(string_to_array(e.search_text, ' ')) AS word "
        "WHERE word <> '') w"
    )
    op.execute(
        "ALTER TABLE enterprise_words ADD CONSTRAINT pk_enterprise_words "
        f"PRIMARY KEY (word, {key}, id)"
    )
    # Every row is listed now, an import still waiting too: its backlog row would list it a
    # second time (a duplicate key) and hold up every later import behind it.
    op.execute("DELETE FROM enterprise_word_backlog")
    op.execute("ANALYZE enterprise_words")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for table in SMALL_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("name_key", NAME_KEY, nullable=True))
        _fill_keys(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("name_key", existing_type=NAME_KEY, nullable=False)
    # The name indexes go first: every row is rewritten, and they are replaced anyway.
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprises_admin_unit_code_kind_name")
        batch_op.drop_index("ix_enterprises_name_id")
        batch_op.add_column(sa.Column("name_key", NAME_KEY, nullable=True))
    _fill_keys("enterprises")
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.alter_column("name_key", existing_type=NAME_KEY, nullable=False)
        batch_op.create_index(
            "ix_enterprises_admin_unit_code_kind_name_key",
            ["admin_unit_code", "kind", "name_key", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_enterprises_name_key_id",
            ["name_key", "id"],
            unique=False,
            postgresql_include=["search_text", "tax_code"],
        )
    if postgresql:
        _relist_words("name_key")
        op.execute("ANALYZE enterprises")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprises_name_key_id")
        batch_op.drop_index("ix_enterprises_admin_unit_code_kind_name_key")
        batch_op.create_index(
            "ix_enterprises_name_id",
            ["name", "id"],
            unique=False,
            postgresql_include=["search_text", "tax_code"],
        )
        batch_op.create_index(
            "ix_enterprises_admin_unit_code_kind_name",
            ["admin_unit_code", "kind", "name", "id"],
            unique=False,
        )
    if postgresql:
        _relist_words("name")
    for table in ("enterprises", *SMALL_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("name_key")
