"""registry word lists: each folded name's words in name order, and its adjacent word pairs

PostgreSQL only (SQLite keeps its scan): access paths for a name search at 6M rows, see
`registry.enterprises.words` and docs/architecture.md, "Registry at national scale".
`enterprise_words (word, name, id)` lists each name under each of its distinct words (primary
key in that order: a walk of one word's names in name order), `enterprise_word_vocabulary` the
words with the number of names holding each, and a GIN expression index holds each name's
adjacent word pairs (`registry_word_pairs(search_text)`). Built set-based from the rows in
place: a national registry migrates without a reload.

Revision ID: 8f3b6d2a9c71
Revises: 5d2a7c9e1b34
Create Date: 2026-12-07 03:30:00
"""

import logging
import time
from collections.abc import Sequence

from alembic import op

revision: str = "8f3b6d2a9c71"
down_revision: str | None = "5d2a7c9e1b34"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")

# Adjacent pairs of the words `fold` separates by one space ("a b c" -> {"a b", "b c"}).
PAIRS_FUNCTION = """
CREATE FUNCTION registry_word_pairs(folded text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(p.a || ' ' || p.b), '{}')
    FROM (SELECT string_to_array(folded, ' ') AS w) s,
         unnest(s.w[1:cardinality(s.w) - 1], s.w[2:cardinality(s.w)]) AS p(a, b)
$$
"""


def _step(what: str, sql: str) -> None:
    started = time.monotonic()
    op.execute(sql)
    logger.info("word lists: %s in %.0f s", what, time.monotonic() - started)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")
    op.execute(PAIRS_FUNCTION)
    _step(
        "pair index",
        "CREATE INDEX ix_enterprises_word_pairs ON enterprises "
        "USING gin (registry_word_pairs(search_text))",
    )
    # Filled first and indexed after: one sort instead of 6M x 8 index insertions.
    op.execute(
        "CREATE TABLE enterprise_words (word text NOT NULL, name varchar(255) NOT NULL, "
        "id uuid NOT NULL)"
    )
    _step(
        "word lists filled",
        "INSERT INTO enterprise_words (word, name, id) "
        "SELECT w.word, e.name, e.id FROM enterprises e, "
        "LATERAL (SELECT DISTINCT word FROM unnest(string_to_array(e.search_text, ' ')) AS word "
        "WHERE word <> '') w",
    )
    _step(
        "word lists indexed",
        "ALTER TABLE enterprise_words ADD CONSTRAINT pk_enterprise_words "
        "PRIMARY KEY (word, name, id)",
    )
    op.execute(
        'CREATE TABLE enterprise_word_vocabulary (word text COLLATE "C" NOT NULL, '
        "docs bigint NOT NULL, CONSTRAINT pk_enterprise_word_vocabulary PRIMARY KEY (word))"
    )
    _step(
        "vocabulary",
        "INSERT INTO enterprise_word_vocabulary (word, docs) "
        "SELECT word, count(*) FROM enterprise_words GROUP BY word",
    )
    op.execute(
        "CREATE INDEX ix_enterprise_word_vocabulary_trgm ON enterprise_word_vocabulary "
        "USING gin (word gin_trgm_ops)"
    )
    # Statistics of the new tables and of the pair expression (its estimates pick the paths).
    for table in ("enterprises", "enterprise_words", "enterprise_word_vocabulary"):
        _step(f"analyze {table}", f"ANALYZE {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE enterprise_word_vocabulary")
    op.execute("DROP TABLE enterprise_words")
    op.execute("DROP INDEX ix_enterprises_word_pairs")
    op.execute("DROP FUNCTION registry_word_pairs(text)")
