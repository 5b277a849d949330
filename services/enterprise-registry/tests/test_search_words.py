"""A name search at national scale takes other access paths on PostgreSQL (a walk of a word's
names in name order, the adjacent word pair index, or the trigram index and the name walk):
every path finds exactly the rows and order SQLite finds, and every write keeps the word lists
right."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from kc_common.testing import settings_for_tests
from kc_common.text import fold, sort_key
from registry.app import create_app
from registry.enterprises import repository, words
from registry.settings import RegistrySettings
from tests.conftest import make_enterprise
from tests.test_import_export import VI_HEADER, csv_bytes, upload, vi_row

URL = "/api/v1/enterprises"
NAMES = [
    "Công ty TNHH Minh Long",
    "Công ty TNHH Nhựa An Thạnh An Quang",
    "Công ty Cổ phần Nhựa An Thạnh Phú Quang",
    "Hợp tác xã Gốm sứ Lái Thiêu",
    "Hộ kinh doanh Gốm sứ Vũ Thị Lan",
    "Hộ kinh doanh Bánh tráng Vũ Thị Hoa",
    "Hộ kinh doanh Bánh tráng Nguyễn Văn An",
    "Hộ kinh doanh Mây tre Nguyễn Thị Minh",
    "Hộ kinh doanh Mây tre Nguyễn Thị Minh",  # the same name twice: ordered by id
    "Cơ sở Nguyễnx Lợi",
    "Tổ hợp tác Sơn mài Tương Bình Hiệp",
    "Doanh nghiệp tư nhân Long Vũ Thịnh",
    "Cơ sở 50% lãi_suất",
]
QUERIES = [
    "inh lon",  # a fragment inside words ("Minh Long")
    "nhua an thanh an quang",  # a phrase of common words (pairs)
    "an thanh an",
    "nguyen",  # broad, in several words ("Nguyễnx")
    "vu thi",  # ends a word, starts one ("Vũ Thịnh")
    "gom su",
    "u thi",
    "ho kinh doanh may tre nguyen thi minh",
    "50%",
    "i_s",
    "long",
    "xyz",
]
# (walk budget, pairs below): the walk, the pair index, the trigram index / name walk.
PATHS = {"walk": (10**9, 0), "pairs": (-1, 10**9), "plain": (-1, 0)}


def _expected(rows: list[dict], q: str, **filters: str) -> list[str]:
    hits = [
        r for r in rows if fold(q) in fold(r["name"]) and all(r[k] == v for k, v in filters.items())
    ]
    return [r["id"] for r in sorted(hits, key=lambda r: (sort_key(r["name"]), r["id"]))]


async def _all_pages(client, headers, **params) -> list[str]:
    ids: list[str] = []
    body = (await client.get(URL, params=params, headers=headers)).json()
    ids += [e["id"] for e in body["items"]]
    while body["next_cursor"]:
        response = await client.get(
            URL, params={**params, "cursor": body["next_cursor"]}, headers=headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        ids += [e["id"] for e in body["items"]]
    return ids


# In Vietnamese order: ă after a, đ after d, ơ after ô; letters first, then tones.
IN_ORDER = [
    "Cơ sở Anh Đào",
    "Cơ sở Ăn Uống",
    "Cơ sở Dũng Tiến",
    "Cơ sở Đại Phát",
    "Cơ sở Hòa Bình",
    "Cơ sở Hoa Sen",
    "Cơ sở Ông Tư",
    "Cơ sở Ơn Trời",
    "Cơ sở Zeta",
]


@pytest.mark.parametrize("path", list(PATHS))
async def test_names_sort_in_vietnamese_order_on_every_path(client, auth, monkeypatch, path):
    """A list and a search sorted by name, forwards, backwards and page by page (on
    PostgreSQL through each access path), give the names in dictionary order, not by code
    point (which put 'Đ', 'Ă' and 'Ơ' after 'Z')."""
    headers = auth("admin")
    monkeypatch.setattr(words, "WALK_BUDGET", PATHS[path][0])
    monkeypatch.setattr(words, "PAIRS_BELOW", PATHS[path][1])
    for name in reversed(IN_ORDER):
        await make_enterprise(client, headers, name=name)
    made = {
        e["name"]: e["id"]
        for e in (await client.get(URL, params={"page_size": 50}, headers=headers)).json()["items"]
    }
    for params in ({}, {"q": "co so"}, {"q": "co so", "page_size": 2}, {"page_size": 4}):
        ids = await _all_pages(client, headers, sort="name", **params)
        assert ids == [made[name] for name in IN_ORDER], params
    body = (await client.get(URL, params={"sort": "-name"}, headers=headers)).json()
    assert [e["name"] for e in body["items"]] == IN_ORDER[::-1]


@pytest.mark.parametrize("path", list(PATHS))
async def test_every_path_finds_what_sqlite_finds(client, auth, app, monkeypatch, path):
    headers = auth("admin")
    postgres = app.state.db.engine.dialect.name == "postgresql"
    budget, pairs_below = PATHS[path]
    monkeypatch.setattr(words, "WALK_BUDGET", budget)
    monkeypatch.setattr(words, "PAIRS_BELOW", pairs_below)
    taken = {"walk": 0, "pairs": 0, "following": 0}
    built = repository.page_statement

    def spy(shape):
        taken["walk"] += shape.walk_words > 0
        taken["following"] += shape.walk_following
        taken["pairs"] += shape.pairs
        return built(shape)

    monkeypatch.setattr(repository, "page_statement", spy)
    rows = []
    for i, name in enumerate(NAMES):
        kind = "household_business" if name.startswith("Hộ") else "enterprise"
        fields = {"name": name, "kind": kind}
        if kind == "household_business":
            fields["tax_code"] = f"79{i:010d}"
        rows.append(await make_enterprise(client, headers, **fields))
    for q in QUERIES:
        for page_size in (1, 2, 50):
            ids = await _all_pages(client, headers, q=q, page_size=page_size)
            assert ids == _expected(rows, q), (q, page_size)
        # with a filter, and by OFFSET pages
        ids = await _all_pages(client, headers, q=q, kind="household_business", page_size=1)
        assert ids == _expected(rows, q, kind="household_business"), q
        second = (
            await client.get(URL, params={"q": q, "page_size": 1, "page": 2}, headers=headers)
        ).json()
        assert [e["id"] for e in second["items"]] == _expected(rows, q)[1:2], q
        body = (await client.get(URL, params={"q": q}, headers=headers)).json()
        assert body["total"] == len(_expected(rows, q)) and body["total_is_exact"] is True
    if postgres and path == "walk":
        # phrases walk with their next token read off the list ("vu thi", "an thanh an" …)
        assert taken["walk"] > taken["following"] > 0 and taken["pairs"] == 0
    elif postgres and path == "pairs":
        assert taken["walk"] == 0 and taken["pairs"] > 0
    else:
        assert taken["walk"] == 0 and taken["pairs"] == 0


def _entries_of(name_key: str, enterprise_id, folded: str) -> set[tuple]:
    """What the lists should hold for one name, worked out here: each distinct word with the
    distinct words right after it, as ' a b ' ('' after the last word only)."""
    tokens = folded.split(" ")
    following: dict[str, set[str]] = {}
    for i, word in enumerate(tokens):
        if word:
            following.setdefault(word, set())
            if i + 1 < len(tokens) and tokens[i + 1]:
                following[word].add(tokens[i + 1])
    return {(w, name_key, enterprise_id, frozenset(after)) for w, after in following.items()}


async def _lists_are_right(app) -> None:
    """The word lists hold exactly each enterprise's distinct words under its name key, each
    with the words that follow it; the vocabulary has every listed word."""
    if app.state.db.engine.dialect.name != "postgresql":
        return
    async with app.state.db.engine.connect() as conn:
        names = (
            await conn.execute(text("SELECT name_key, id, search_text FROM enterprises"))
        ).all()
        rows = (
            await conn.execute(text("SELECT word, name_key, id, next_words FROM enterprise_words"))
        ).all()
        unknown = await conn.scalar(
            text(
                "SELECT count(*) FROM enterprise_words w WHERE NOT EXISTS "
                "(SELECT 1 FROM enterprise_word_vocabulary v WHERE v.word = w.word)"
            )
        )
    expected = set().union(*(_entries_of(*n) for n in names)) if names else set()
    for *_, next_words in rows:  # ' a b ': spaced on both sides, or empty
        assert next_words == "" or (next_words.startswith(" ") and next_words.endswith(" "))
    listed = {(w, k, i, frozenset(n.split())) for w, k, i, n in rows}
    assert len(listed) == len(rows) and listed == expected
    assert unknown == 0 and rows


async def test_writes_keep_the_word_lists_right(client, auth, app):
    headers = auth("admin")
    first = await make_enterprise(client, headers, name="Công ty TNHH Gốm sứ Minh Long Minh")
    await make_enterprise(client, headers, name="Cơ sở Mây tre đan Phú Quang")
    await _lists_are_right(app)
    # a new name: the old words go, the new ones come, a new word joins the vocabulary
    response = await client.patch(
        f"{URL}/{first['id']}", json={"name": "Công ty TNHH Zirconi Bình Dương"}, headers=headers
    )
    assert response.status_code == 200, response.text
    await _lists_are_right(app)
    found = (await client.get(URL, params={"q": "minh long"}, headers=headers)).json()
    assert found["total"] == 0
    found = (await client.get(URL, params={"q": "zirconi"}, headers=headers)).json()
    assert [e["id"] for e in found["items"]] == [first["id"]]
    # other fields only: the lists stay as they are
    response = await client.patch(f"{URL}/{first['id']}", json={"employees": 12}, headers=headers)
    assert response.status_code == 200, response.text
    await _lists_are_right(app)
    # archiving keeps the row, and so its words
    response = await client.delete(f"{URL}/{first['id']}", headers=headers)
    assert response.status_code == 200, response.text
    await _lists_are_right(app)


@pytest.mark.parametrize("rebuild", [False, True])
async def test_an_import_lists_its_rows(client, auth, app, monkeypatch, rebuild):
    headers = auth("admin")
    if rebuild:  # the large-import path that rebuilds the indexes
        monkeypatch.setattr(repository, "REBUILD_FROM", 100)
    await make_enterprise(client, headers, name="Công ty TNHH Hạt điều Bình Phước")
    response = await upload(client, headers, csv_bytes(VI_HEADER, [vi_row(i) for i in range(300)]))
    assert response.status_code == 201, response.text[:300]
    await _lists_are_right(app)
    found = (await client.get(URL, params={"q": "hat dieu so 29"}, headers=headers)).json()
    assert found["total"] == 11  # 29 and 290..299
    if app.state.db.engine.dialect.name == "postgresql":
        async with app.state.db.engine.connect() as conn:
            # the lists' primary key is there again (the rebuild path dropped it), and the
            # vocabulary counted the imported names: 300 rows + the one made before
            keys = await conn.scalar(
                text("SELECT count(*) FROM pg_constraint WHERE conname = 'pk_enterprise_words'")
            )
            docs = await conn.scalar(
                text("SELECT docs FROM enterprise_word_vocabulary WHERE word = 'dieu'")
            )
        assert (keys, docs) == (1, 301)
    found = (await client.get(URL, params={"q": "dieu so 299"}, headers=headers)).json()
    assert [e["name"] for e in found["items"]] == ["Cơ sở chế biến hạt điều số 299"]


async def test_an_import_waiting_for_its_word_lists_is_found_without_them(
    client, auth, app, monkeypatch
):
    """Until its rows are listed, no search walks the lists (they would miss them): the other
    paths find them. A name changed meanwhile is listed by the catch-up, under the new name."""
    headers = auth("admin")
    monkeypatch.setattr(words, "WALK_BUDGET", 10**9)  # walk whenever the lists may be walked
    ran = []

    async def not_yet() -> bool:
        ran.append(True)
        return True

    monkeypatch.setattr(app.state.word_lists, "once", not_yet)
    shapes = []
    built = repository.page_statement

    def spy(shape):
        shapes.append(shape)
        return built(shape)

    monkeypatch.setattr(repository, "page_statement", spy)
    # listed already: the lists know the word, and would give only this one
    await make_enterprise(client, headers, name="Công ty TNHH Hạt điều Bình Phước")
    response = await upload(client, headers, csv_bytes(VI_HEADER, [vi_row(i) for i in range(30)]))
    assert response.status_code == 201, response.text[:300]
    assert ran == [True]  # the route asked for the catch-up after its response
    first = (await client.get(URL, params={"q": "hat dieu so 1"}, headers=headers)).json()
    assert first["total"] == 11  # 1 and 10..19
    renamed = first["items"][0]
    response = await client.patch(
        f"{URL}/{renamed['id']}", json={"name": "Cơ sở Zirconi Tân Uyên"}, headers=headers
    )
    assert response.status_code == 200, response.text
    postgres = app.state.db.engine.dialect.name == "postgresql"
    found = (await client.get(URL, params={"q": "dieu"}, headers=headers)).json()
    assert found["total"] == 30  # one word, which the lists would answer
    assert not any(s.walk_words for s in shapes)
    await words.catch_up(app.state.db)
    await _lists_are_right(app)
    shapes.clear()
    found = (await client.get(URL, params={"q": "zirconi"}, headers=headers)).json()
    assert [e["id"] for e in found["items"]] == [renamed["id"]]
    found = (await client.get(URL, params={"q": "dieu"}, headers=headers)).json()
    assert found["total"] == 30
    assert any(s.walk_words for s in shapes) is postgres  # the lists are walked again
    if postgres:
        async with app.state.db.engine.connect() as conn:
            waiting = await conn.scalar(text("SELECT count(*) FROM enterprise_word_backlog"))
        assert waiting == 0


async def _left_waiting(client, headers, app, name: str) -> None:
    """An enterprise as an import whose listing never ran leaves it: not in the word lists, its
    `created_at` in the backlog."""
    made = await make_enterprise(client, headers, name=name)
    async with app.state.db.engine.begin() as conn:
        await conn.execute(text("DELETE FROM enterprise_words WHERE id = :id"), {"id": made["id"]})
        await conn.execute(
            text("INSERT INTO enterprise_word_backlog SELECT created_at, false FROM enterprises")
        )


async def test_a_start_lists_an_import_left_waiting(database_url, signer, client, auth, app):
    """An import whose listing never ran (the process stopped) is listed when a registry
    starts."""
    if app.state.db.engine.dialect.name != "postgresql":
        return
    await _left_waiting(client, auth("admin"), app, "Cơ sở Zirconi Phú Giáo")
    started = create_app(RegistrySettings(**settings_for_tests(database_url, signer)))
    async with started.router.lifespan_context(started):
        await asyncio.wait_for(started.state.word_lists.first_done.wait(), 60)
    await _lists_are_right(app)


async def test_a_failed_catch_up_is_tried_again(
    database_url, signer, client, auth, app, monkeypatch
):
    """A listing that fails (a failover, a deadlock) is tried again by the process itself, soon,
    not only at the next start or the next import."""
    if app.state.db.engine.dialect.name != "postgresql":
        return
    await _left_waiting(client, auth("admin"), app, "Cơ sở Zirconi Bến Cát")
    monkeypatch.setattr(words, "FIRST_RETRY_SECONDS", 0.05)
    real_catch_up = words.catch_up
    attempts = []

    async def fails_twice(db) -> None:
        attempts.append(db)
        if len(attempts) <= 2:
            raise ConnectionError("the primary went away")
        await real_catch_up(db)

    monkeypatch.setattr(words, "catch_up", fails_twice)
    started = create_app(RegistrySettings(**settings_for_tests(database_url, signer)))
    metrics = started.state.metrics.registry
    async with started.router.lifespan_context(started):
        for _ in range(200):
            async with app.state.db.engine.connect() as conn:
                waiting = await conn.scalar(text("SELECT count(*) FROM enterprise_word_backlog"))
            # the gauge is set once the listing has returned, a moment after its commit
            now_waiting = metrics.get_sample_value("registry_word_list_imports_waiting")
            if not waiting and now_waiting == 0:
                break
            await asyncio.sleep(0.05)
        failures = metrics.get_sample_value("registry_word_list_catch_up_failures_total")
    assert waiting == 0 and len(attempts) >= 3
    assert (failures, now_waiting) == (2, 0)  # what the operators see on /metrics
    await _lists_are_right(app)
