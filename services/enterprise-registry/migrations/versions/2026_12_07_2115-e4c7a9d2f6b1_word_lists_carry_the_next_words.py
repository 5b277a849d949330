"""the search word lists carry the words that follow each word (`enterprise_words.next_words`)

A phrase's walk ("vu thi", sorted by name) read the names of "vu" in name order and probed the
name index for each to see whether it held "vu thi": 3,545 probes at 6M rows, most of them
"dịch vụ" companies. With the next words in the list's own index (INCLUDE), the walk skips those
names on the index pages it reads anyway and probes about the page's hits (51): 8.9 ms → 1.7 ms
in PostgreSQL. PostgreSQL only (SQLite has no word lists). The lists are listed again, filled
first and indexed after, as migration d9b2e6f1a4c3 did: about 4 minutes at 6M rows.

Revision ID: e4c7a9d2f6b1
Revises: d9b2e6f1a4c3
Create Date: 2026-12-07 21:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e4c7a9d2f6b1"
down_revision: str | None = "d9b2e6f1a4c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# This migration's own copy of the listing (a later change of registry.enterprises.words must
# not change what it did).
_WITH_NEXT_WORDS = """
INSERT INTO enterprise_words (word, name_key, id, next_words)
SELECT w.word, e.name_key, e.id, w.next_words FROM enterprises e,
    LATERAL (
        SELECT o.word,
               coalesce(' ' || string_agg(DISTINCT o.after_word, ' ')
                               FILTER (WHERE o.after_word <> '') || ' ', '') AS next_words
        FROM (SELECT t.word, lead(t.word) OVER (ORDER BY t.n) AS after_word
              FROM unnest(string_to_array(e.search_text, ' ')) WITH ORDINALITY AS t(word, n)) o
        WHERE o.word <> ''
        GROUP BY o.word
    ) w
"""
_WORDS_ONLY = """
INSERT INTO enterprise_words (word, name_key, id)
SELECT w.word, e.name_key, e.id FROM enterprises e,
    LATERAL (SELECT DISTINCT word FROM unnest(string_to_array(e.search_text, ' ')) AS word
             WHERE word <> '') w
"""
# The words of the imports still waiting in the backlog (listed above with every row, but not
# counted into the vocabulary, as `catch_up` would have): then every listed word the vocabulary
# still lacks (migration d9b2e6f1a4c3 dropped a waiting import's backlog row the same way). A
# walk expands a token through the vocabulary only: a word missing there is a list never
# walked, its names never found.
_COUNT_WAITING = """
INSERT INTO enterprise_word_vocabulary AS v (word, docs)
SELECT w.word, count(*) FROM enterprise_words w
WHERE w.id IN (SELECT e.id FROM enterprises e JOIN enterprise_word_backlog b
               ON e.created_at = b.created_at)
GROUP BY w.word
ON CONFLICT (word) DO UPDATE SET docs = v.docs + excluded.docs
"""
_ADD_UNKNOWN = """
INSERT INTO enterprise_word_vocabulary (word, docs)
SELECT w.word, count(*) FROM enterprise_words w
WHERE NOT EXISTS (SELECT 1 FROM enterprise_word_vocabulary v WHERE v.word = w.word)
GROUP BY w.word
"""


def _relist(next_words: bool) -> None:
    """The word lists again from every row; the backlog of imports waiting to be listed is then
    empty (each would be listed a second time: a duplicate key, holding up later imports), its
    words counted into the vocabulary first."""
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")
    op.execute("DROP TABLE enterprise_words")
    extra = ", next_words text NOT NULL" if next_words else ""
    op.execute(
        "CREATE TABLE enterprise_words (word text NOT NULL, "
        f'name_key varchar(400) COLLATE "C" NOT NULL, id uuid NOT NULL{extra})'
    )
    op.execute(_WITH_NEXT_WORDS if next_words else _WORDS_ONLY)
    include = " INCLUDE (next_words)" if next_words else ""
    op.execute(
        "ALTER TABLE enterprise_words ADD CONSTRAINT pk_enterprise_words "
        f"PRIMARY KEY (word, name_key, id){include}"
    )
    op.execute(_COUNT_WAITING)
    op.execute(_ADD_UNKNOWN)
    op.execute("DELETE FROM enterprise_word_backlog")
    op.execute("ANALYZE enterprise_words")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _relist(next_words=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _relist(next_words=False)
