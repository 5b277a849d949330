"""PostgreSQL access paths for a name search at national scale: the words of each folded name
in name order, and the adjacent word pairs (docs/architecture.md, "Registry at national scale").

They only choose which rows to look at: every row found is still checked by the search's own
`search_text LIKE '%…%'` and the list's filters, so a search finds the same rows as on SQLite
(which has none of this). Tokens are split on the single space `fold` leaves between words:

- a folded query of one token is a fragment of one word of the name: it is in a vocabulary word
  containing it (`LIKE '%t%'` on the vocabulary);
- in a query of several, the first token ends a word of the name (`'%t'`), the last starts one
  (`'t%'`), the ones between are whole words, and two whole ones side by side are an adjacent
  pair of the name (`registry_word_pairs`, a GIN expression index on `enterprises`).

`enterprise_words (word, name_key, id)` lists each name under each of its distinct words, in
name order (`name_key`, Vietnamese order) on its primary key: a search sorted by name walks the
list of its rarest token in order and stops at the page, however late the hits sort. Each entry
also carries the words that follow that word in the name (`next_words`, ' a b ', in the primary
key's INCLUDE): a phrase's walk skips, inside the list itself, the names in which its token is
not followed by the phrase's next word ("vu thi" walks the names of "vu" but looks only at those
where "vu" is followed by a word starting "thi", not the thousands of "dịch vụ" companies).
`enterprise_word_vocabulary` holds every word with the number of names it was in when counted
(a planning hint: single writes add new words but do not recount, so that two writes never
wait on a common word's row)."""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import math
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnElement,
    CompoundSelect,
    DateTime,
    MetaData,
    Select,
    Table,
    Text,
    Uuid,
    bindparam,
    func,
    insert,
    literal,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.db import SORT_KEY, Database
from kc_common.observability import Metrics
from kc_common.text import fold
from registry.enterprises.models import Enterprise

logger = logging.getLogger(__name__)

# PostgreSQL only (migration 8f3b6d2a9c71): not in the ORM metadata, SQLite has no such tables.
_META = MetaData()
WORDS = Table(
    "enterprise_words",
    _META,
    Column("word", Text, primary_key=True),
    Column("name_key", SORT_KEY, primary_key=True),
    Column("id", Uuid, primary_key=True),
    Column("next_words", Text, nullable=False),
)
VOCABULARY = Table(
    "enterprise_word_vocabulary",
    _META,
    Column("word", Text, primary_key=True),
    Column("docs", BigInteger, nullable=False),
)

# Imports whose rows are not listed yet (migration 4a7d2c8e6f15): `queue_imported`, `catch_up`.
BACKLOG = Table(
    "enterprise_word_backlog",
    _META,
    Column("created_at", DateTime(timezone=True), primary_key=True),
    Column("rebuild", Boolean, nullable=False),
)

# What migrations 8f3b6d2a9c71 and 4a7d2c8e6f15 make on PostgreSQL outside the ORM models
# (`alembic check`).
UNMODELLED = frozenset(
    {
        "enterprise_words",
        "enterprise_word_vocabulary",
        "enterprise_word_backlog",
        "ix_enterprise_word_vocabulary_trgm",
        "ix_enterprises_word_pairs",
    }
)

# A token whose vocabulary expansion has more words than this is not walked (a fragment such as
# "an" is in hundreds of words); another token, or the other paths, serve such a search.
MAX_EXPANSION = 32
# The walk is taken when it expects to look at no more than this many listed names (each one
# an index-only probe of the name index by (name, id): ~10k probes is ~10-20 ms at 6M rows).
WALK_BUDGET = 10_000
# Below this many expected hits a phrase with an inner word pair is prefiltered by the pair index
# (a bitmap of the few names holding every pair) instead of the trigram index, whose posting
# lists for common words are long.
PAIRS_BELOW = 20_000


def tokens(q: str) -> list[str]:
    folded = fold(q)
    return folded.split(" ") if folded else []


def inner_pairs(parts: list[str]) -> list[str]:
    """The adjacent pairs of whole words a name holding the phrase must have."""
    inner = parts[1:-1]
    return sorted({f"{a} {b}" for a, b in itertools.pairwise(inner)})


def _escaped(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _vocabulary_pattern(i: int, parts: list[str]) -> str:
    """What the vocabulary's words are matched against for token `i` (`_vocabulary_match`)."""
    token = _escaped(parts[i])
    if len(parts) == 1:
        return f"%{token}%"
    if i == 0:
        return f"%{token}"
    if i == len(parts) - 1:
        return f"{token}%"
    return parts[i]


def _vocabulary_match(i: int, n: int) -> ColumnElement[bool]:
    word, pattern = VOCABULARY.c.word, bindparam(f"token_{i}", type_=Text)
    if n > 1 and 0 < i < n - 1:
        return word == pattern
    return word.like(pattern, escape="\\")


_WAITING = -1  # the lookup's row that counts the imports waiting to be listed


@functools.cache
def _vocabulary_lookup(n: int) -> CompoundSelect[Any]:
    """The vocabulary words of each of `n` tokens (`token_0`, …), with their counts; and, in
    the same round trip, how many imports wait in the backlog (`i` = `_WAITING`)."""
    waiting = select(literal(_WAITING), literal(""), func.count()).select_from(BACKLOG)
    return union_all(
        *(
            select(literal(i).label("i"), VOCABULARY.c.word, VOCABULARY.c.docs)
            .where(_vocabulary_match(i, n))
            .limit(MAX_EXPANSION + 1)
            for i in range(n)
        ),
        waiting,
    )


@dataclass(frozen=True)
class Walk:
    words: tuple[str, ...]
    cost: float
    # `next_words LIKE following`: the phrase's next token after the walked one (None: the walked
    # token is the phrase's last, or the search is one token)
    following: str | None = None


def _following_pattern(i: int, parts: list[str]) -> str | None:
    """What the words after token `i`'s word must hold (`next_words`, ' a b '): the next token
    as a whole word, or, the phrase's last, as the start of one."""
    if i >= len(parts) - 1:
        return None
    token = _escaped(parts[i + 1])
    return f"% {token}%" if i + 1 == len(parts) - 1 else f"% {token} %"


async def choose_walk(
    session: AsyncSession, parts: list[str], estimate: int, wanted: int
) -> Walk | None:
    """The token whose vocabulary words' lists are cheapest to walk for `wanted` hits, when
    `estimate` hits are expected: a list of d names of D in all (the token's words) gives about
    `wanted * D / estimate` names per `wanted` hits, at most d. None above the budget."""
    patterns = {f"token_{i}": _vocabulary_pattern(i, parts) for i in range(len(parts))}
    found: dict[int, list[tuple[str, int]]] = {i: [] for i in range(len(parts))}
    for i, word, docs in await session.execute(_vocabulary_lookup(len(parts)), patterns):
        if i == _WAITING:
            if docs:  # the lists miss an import's names yet: the other paths find them
                return None
            continue
        found[i].append((word, int(docs)))
    best: Walk | None = None
    for i, listed in found.items():
        if len(listed) > MAX_EXPANSION:
            continue
        total = sum(d for _, d in listed)
        per_list = math.ceil(wanted * total / max(estimate, 1))
        cost = float(sum(min(d, per_list) for _, d in listed))
        if best is None or cost < best.cost:
            best = Walk(tuple(w for w, _ in listed), cost, _following_pattern(i, parts))
    if best is None or best.cost > WALK_BUDGET:
        return None
    return best


def walked_ids(words: int, check: Select[Any], *, after: bool, following: bool) -> Select[Any]:
    """`(name_key, id)` of the page's rows in name order: the lists of `words` words (`word_0`,
    …) walked in order (index only), with `following` only the entries whose next words match
    `following` (`Walk.following`, in the index), every listed name left checked against the
    row (`check`, a `SELECT true … WHERE` of the search and filters, made a per-row subplan so
    that the walk stays in order and stops early), at most `walk_wanted` from each list, after
    the cursor's `(after_0, after_1)` = (name_key, id) if `after`. The first n hits overall are
    among the first n of each list they are in, so the merged, deduplicated lists give them
    exactly; then `page_offset` and `page_limit`."""
    row = cast(Table, Enterprise.__table__).c
    branches = []
    for i in range(words):
        branch = select(WORDS.c.name_key, WORDS.c.id).where(WORDS.c.word == bindparam(f"word_{i}"))
        if following:
            # before the check: read off the list's own index page, it spares the probe of the
            # name index for every name whose word is followed by another word
            branch = branch.where(
                WORDS.c.next_words.like(bindparam("following", type_=Text), escape="\\")
            )
        branch = branch.where(
            # by (name_key, id) as listed: an index-only probe of the name index, which carries the
            # folded name, in the walk's own order (10 ms for "vu thi" at 6M against 19 ms by
            # id, each probe on another heap page)
            check.where(row.name_key == WORDS.c.name_key, row.id == WORDS.c.id).scalar_subquery(),
        )
        if after:
            keys = (
                bindparam("after_0", type_=WORDS.c.name_key.type),
                bindparam("after_1", type_=WORDS.c.id.type),
            )
            branch = branch.where(tuple_(WORDS.c.name_key, WORDS.c.id) > tuple_(*keys))
        branches.append(
            branch.order_by(WORDS.c.name_key, WORDS.c.id).limit(bindparam("walk_wanted"))
        )
    merged = union_all(*branches).subquery()
    return (
        select(merged.c.name_key, merged.c.id)
        .distinct()
        .order_by(merged.c.name_key, merged.c.id)
        .offset(bindparam("page_offset"))
        .limit(bindparam("page_limit"))
    )


def pairs_prefilter() -> ColumnElement[bool]:
    """`registry_word_pairs(search_text) @> :pairs` (`inner_pairs` of the search's tokens):
    what the pair index answers."""
    held = func.registry_word_pairs(Enterprise.__table__.c.search_text, type_=ARRAY(Text))
    return held.op("@>")(bindparam("pairs", type_=ARRAY(Text)))


# --- keeping the lists right: every write that sets a name, in its own transaction ----------

# Lists the words of the rows `where` selects and adds new words to the vocabulary. A single
# write keeps `ON CONFLICT DO NOTHING` (cheap for one row; safe should a name be listed twice)
# and leaves the counts alone; an import's rows are new ids, so their entries go in without the
# conflict check (it cost +60% of the statement at 1M rows) and the import, one writer, adds
# its counts.
# Each name's entries: its distinct words, each with the distinct words that follow it in the
# name (' a b ', '' after the name's last word only).
LISTED_ENTRIES = """
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
LIST_COLUMNS = "(word, name_key, id, next_words)"
PRIMARY_KEY = "PRIMARY KEY (word, name_key, id) INCLUDE (next_words)"

_LIST_ROWS = (
    """
WITH listed AS (
    INSERT INTO enterprise_words """
    + LIST_COLUMNS
    + LISTED_ENTRIES
    + """
    WHERE {where}
    {order}
    {conflict}
    RETURNING word
)
INSERT INTO enterprise_word_vocabulary AS v (word, docs)
SELECT word, count(*) FROM listed GROUP BY word
ON CONFLICT (word) DO {on_known_word}
"""
)
_KEY_ORDER = "ORDER BY 1, 2, 3  -- in key order: each leaf page of the primary key is written once"


def _postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def relist(
    session: AsyncSession,
    enterprise_id: uuid.UUID,
    before: tuple[str, str] | None,
    created_at: datetime | None = None,
) -> None:
    """After a create (`before` None) or an update of one enterprise (flushed, created at
    `created_at`): its names under the words it had (`before` = (name_key, search_text)) are
    dropped, then listed under its words now. New words join the vocabulary."""
    if not _postgresql(session):
        return
    if before is not None and await _import_waits(session, created_at):
        return  # its import's `catch_up` lists it under the name it has then
    if before is not None:
        name_key, folded = before
        await session.execute(
            text(
                "DELETE FROM enterprise_words WHERE word = ANY(string_to_array(:folded, ' ')) "
                "AND name_key = :name_key AND id = :id"
            ),
            {"folded": folded, "name_key": name_key, "id": enterprise_id},
        )
    listing = _LIST_ROWS.format(
        where="e.id = :id",
        order=_KEY_ORDER,
        conflict="ON CONFLICT DO NOTHING",
        on_known_word="NOTHING",
    )
    await session.execute(text(listing), {"id": enterprise_id})


async def _import_waits(session: AsyncSession, created_at: datetime | None) -> bool:
    """Whether the rows imported at `created_at` wait in the backlog. The backlog's row is read
    FOR SHARE: a `catch_up` listing them now (FOR UPDATE) finishes first, and then it is gone;
    one that starts later waits for this transaction, and lists what it wrote."""
    if created_at is None:
        return False
    waiting = select(BACKLOG.c.created_at).where(BACKLOG.c.created_at == created_at)
    return (await session.scalar(waiting.with_for_update(read=True))) is not None


async def queue_imported(session: AsyncSession, created_at: datetime, *, rebuild: bool) -> None:
    """The import's step: its rows (they share their `created_at`) wait in the backlog, to be
    listed by `catch_up` once they are committed. The import answers without waiting for
    8-9 entries a row (40 s of a 1M-row import); no search walks the lists meanwhile."""
    if not _postgresql(session):
        return
    await session.execute(insert(BACKLOG).values(created_at=created_at, rebuild=rebuild))


async def catch_up(db: Database) -> None:
    """Lists the rows of each import in the backlog, one import a transaction, oldest first,
    and takes it off the backlog. Run after an import's response and at every start (an import
    whose listing was cut short is listed again: a transaction). Two processes never list the
    same import: the backlog's row is locked FOR UPDATE, and the second finds it gone."""
    if db.engine.dialect.name != "postgresql":
        return
    while True:
        async with db.sessionmaker() as session, session.begin():
            oldest = BACKLOG.select().order_by(BACKLOG.c.created_at).limit(1).with_for_update()
            waiting = (await session.execute(oldest)).first()
            if waiting is None:
                return
            started = time.monotonic()
            await list_imported(session, waiting.created_at, rebuild=waiting.rebuild)
            await session.execute(
                BACKLOG.delete().where(BACKLOG.c.created_at == waiting.created_at)
            )
        logger.info(
            "word lists: import of %s listed in %.1f s",
            waiting.created_at.isoformat(),
            time.monotonic() - started,
        )


# How often a registry looks at the backlog on its own (an import listed by a process that
# stopped, or one whose listing failed), and how soon it tries again after a failure.
POLL_SECONDS = 60.0
FIRST_RETRY_SECONDS = 1.0


class CatchUp:
    """The process's keeper of the backlog (`app.state.word_lists`): `once` after each import's
    response, and `keep`, the process's task, at every start, every POLL_SECONDS and, after a
    failure (a failover, a deadlock with a write of a new word), again in 1, 2, 4 ... s. Until
    then searches stay right without the walk; a failure is logged each time it happens."""

    def __init__(self, db: Database, metrics: Metrics) -> None:
        self.db = db
        self.first_done = asyncio.Event()  # the start's own attempt has ended
        self._running = asyncio.Lock()  # one listing at a time in this process
        # for the operators (`/metrics`): failures, and whether the last attempt left imports
        # waiting (searches slower meanwhile)
        self.failures = metrics.counter(
            "registry_word_list_catch_up_failures",
            "Attempts to list imported rows under their search words that failed",
        )
        self.waiting = metrics.gauge(
            "registry_word_list_imports_waiting",
            "1 while an import's rows wait to be listed after a failed attempt, else 0",
        )

    async def once(self) -> bool:
        """`catch_up`; False (logged and counted) if it failed."""
        async with self._running:
            try:
                await catch_up(self.db)
            except Exception:
                logger.exception("word lists: catching up failed; trying again")
                self.failures.inc()
                self.waiting.set(1)
                return False
            self.waiting.set(0)
            return True

    async def keep(self) -> None:
        retry = FIRST_RETRY_SECONDS
        while True:
            listed = await self.once()
            self.first_done.set()
            if listed:
                retry = FIRST_RETRY_SECONDS
                await asyncio.sleep(POLL_SECONDS)
            else:
                await asyncio.sleep(retry)
                retry = min(retry * 2, POLL_SECONDS)


async def list_imported(session: AsyncSession, created_at: datetime, *, rebuild: bool) -> None:
    """Every row of one import (they share their `created_at`, found on its index) listed under
    its words, in one statement. `rebuild`: a large import into a smaller table (its indexes
    were made afresh): the lists' primary key is dropped and built again after the insert, one
    sort instead of 8-9 index insertions a row (measured at 1M rows into an empty table: see
    docs/architecture.md)."""
    if not _postgresql(session):
        return
    if rebuild:
        await session.execute(
            text("ALTER TABLE enterprise_words DROP CONSTRAINT pk_enterprise_words")
        )
    listing = _LIST_ROWS.format(
        where="e.created_at = :created_at",
        order="" if rebuild else _KEY_ORDER,
        conflict="",
        on_known_word="UPDATE SET docs = v.docs + excluded.docs",
    )
    await session.execute(text(listing), {"created_at": created_at})
    if rebuild:
        await session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        await session.execute(
            text(f"ALTER TABLE enterprise_words ADD CONSTRAINT pk_enterprise_words {PRIMARY_KEY}")
        )
