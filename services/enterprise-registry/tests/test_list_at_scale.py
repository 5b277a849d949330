"""The enterprise list at national scale, on both databases: counts that stop at a cap, keyset
cursors, and search semantics (a folded fragment anywhere in the name, a tax-code prefix) that
are the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from registry.enterprises import repository
from tests.conftest import make_enterprise

URL = "/api/v1/enterprises"


async def _pages(client, headers, **params):
    """Every page through `next_cursor`: the ids in order and the bodies."""
    bodies = [(await client.get(URL, params=params, headers=headers)).json()]
    while bodies[-1]["next_cursor"]:
        response = await client.get(
            URL, params={**params, "cursor": bodies[-1]["next_cursor"]}, headers=headers
        )
        assert response.status_code == 200, response.text
        bodies.append(response.json())
    return [e["id"] for b in bodies for e in b["items"]], bodies


async def test_count_stops_at_the_cap(client, auth, monkeypatch):
    headers = auth("admin")
    monkeypatch.setattr(repository, "COUNT_CAP", 3)
    for i in range(5):
        await make_enterprise(client, headers, name=f"Cơ sở gốm Lái Thiêu {i}")
    await make_enterprise(client, headers, name="Công ty cơ khí Dĩ An")
    # A list: the count runs and stops at the cap.
    body = (await client.get(URL, params={"page_size": 2}, headers=headers)).json()
    assert body["total"] == 3 and body["total_is_exact"] is False
    assert body["total_estimate"] is None or body["total_estimate"] >= 3
    # A search: counted up to the cap, or (PostgreSQL) not counted when the planner expects
    # more; either way the same answer on both databases.
    body = (
        await client.get(URL, params={"q": "lai thieu", "page_size": 2}, headers=headers)
    ).json()
    assert body["total"] == 3 and body["total_is_exact"] is False
    assert len(body["items"]) == 2
    # Under the cap: exact, with or without a count.
    for params in ({"q": "co khi"}, {"q": "co khi", "page_size": 1}, {"page_size": 50}):
        body = (await client.get(URL, params=params, headers=headers)).json()
        expected = 1 if "q" in params else 6
        assert body["total"] == expected and body["total_is_exact"] is True
        assert body["total_estimate"] is None


async def test_exact_counts_below_the_cap(client, auth):
    headers = auth("admin")
    for i in range(4):
        await make_enterprise(client, headers, name=f"Hộ kinh doanh mây tre {i}")
    body = (await client.get(URL, params={"page_size": 3}, headers=headers)).json()
    assert body["total"] == 4 and body["total_is_exact"] is True
    assert body["total_estimate"] is None and body["next_cursor"]


@pytest.mark.parametrize("sort", ["name", "-created_at", "tax_code", "-name,created_at"])
async def test_cursor_pages_walk_the_whole_list_in_order(client, auth, sort):
    headers = auth("admin")
    names = ["Bình An", "An Phú", "Chánh Nghĩa", "Dĩ An", "Đông Hòa", "Lái Thiêu", "An Phú"]
    for name in names:
        await make_enterprise(client, headers, name=f"Cơ sở {name}")
    whole = (await client.get(URL, params={"sort": sort, "page_size": 200}, headers=headers)).json()
    assert whole["next_cursor"] is None and len(whole["items"]) == 7
    ids, bodies = await _pages(client, headers, sort=sort, page_size=3)
    assert ids == [e["id"] for e in whole["items"]]
    assert [len(b["items"]) for b in bodies] == [3, 3, 1]
    assert all(b["total"] == 7 and b["total_is_exact"] for b in bodies)
    # The offset pages give the same rows.
    second = (
        await client.get(URL, params={"sort": sort, "page_size": 3, "page": 2}, headers=headers)
    ).json()
    assert [e["id"] for e in second["items"]] == ids[3:6]


async def test_cursor_with_filters_and_search(client, auth):
    headers = auth("admin")
    for i in range(5):
        await make_enterprise(client, headers, name=f"Cơ sở gốm sứ số {i}", kind="cooperative")
    await make_enterprise(client, headers, name="Cơ sở gốm sứ khác", kind="enterprise")
    ids, bodies = await _pages(client, headers, q="GỐM", kind="cooperative", page_size=2)
    assert len(ids) == 5 and len(set(ids)) == 5
    assert [len(b["items"]) for b in bodies] == [2, 2, 1]


async def test_no_cursor_for_sorts_on_columns_that_may_be_empty(client, auth):
    headers = auth("admin")
    for i in range(3):
        await make_enterprise(client, headers, employees=i)
    body = (
        await client.get(URL, params={"sort": "employees", "page_size": 2}, headers=headers)
    ).json()
    assert body["next_cursor"] is None and body["total"] == 3 and len(body["items"]) == 2


async def test_a_bad_cursor_is_a_422_naming_it(client, auth):
    headers = auth("admin")
    for _ in range(3):
        await make_enterprise(client, headers)
    body = (await client.get(URL, params={"page_size": 1}, headers=headers)).json()
    cursor = body["next_cursor"]
    for params in (
        {"cursor": "not-a-cursor"},
        {"cursor": cursor, "sort": "tax_code"},  # made for another sort
        {"cursor": cursor[:-4]},
        {"cursor": "eyJrIjpbIm5hbWUiXSwidiI6WzEsMl19"},  # {"k":["name"],"v":[1,2]}
        {"cursor": "eyJrIjpbIm5hbWUiXSwidiI6WyJhIiwxMjNdfQ"},  # {"k":["name"],"v":["a",123]}
        {"cursor": "WzEsMl0"},  # [1,2]
        {"cursor": "é"},
    ):
        response = await client.get(URL, params=params, headers=headers)
        assert response.status_code == 422, params
        problem = response.json()
        assert problem["errors"][0]["field"] == "cursor"
        assert problem["code"] == "registry.invalid_cursor"


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("om s", ["gom"]),  # a fragment across a word boundary
        ("inh lon", ["gom"]),  # fragments inside words at both ends
        ("ốm Sứ", ["gom"]),
        ("đồng", ["dong"]),
        ("ong", ["gom", "dong"]),  # "Long", "Đồng"
        ("Phú", ["dong"]),
        ("50%", ["percent"]),
        ("zz", []),
    ],
)
async def test_search_matches_a_folded_fragment_anywhere_in_the_name(client, auth, q, found):
    """The same rows on SQLite and PostgreSQL (this suite runs on both), whichever index the
    planner uses."""
    headers = auth("admin")
    made = {
        "gom": await make_enterprise(client, headers, name="Công ty Gốm sứ Minh Long"),
        "dong": await make_enterprise(client, headers, name="HTX Đồng Phú"),
        "percent": await make_enterprise(client, headers, name="Cơ sở 50% vốn"),
    }
    body = (await client.get(URL, params={"q": q}, headers=headers)).json()
    assert sorted(e["id"] for e in body["items"]) == sorted(made[k]["id"] for k in found)
    assert body["total"] == len(found) and body["total_is_exact"] is True


async def test_tax_codes_match_by_prefix(client, auth):
    headers = auth("admin")
    a = await make_enterprise(client, headers, name="Cơ sở một")
    b = await make_enterprise(client, headers, name="Cơ sở hai")
    code = a["tax_code"]

    async def found(q):
        body = (await client.get(URL, params={"q": q}, headers=headers)).json()
        return {e["id"] for e in body["items"]}

    assert await found(code) == {a["id"]}
    assert a["id"] in await found(code[:4]) and b["id"] in await found(code[:2])
    assert await found(code[3:8]) == set()  # a fragment from inside a code is not a prefix
    assert await found(f"{code}-001") == set()


async def test_tax_code_prefix_bounds():
    assert repository.tax_code_bounds("0319") == ("0319", "031:")


async def test_a_big_list_seen_lately_is_not_counted_again(client, auth, app, monkeypatch):
    """PostgreSQL keeps the estimate of a list seen above the cap for a while and answers from
    it; the answer is the one the count gave."""
    headers = auth("admin")
    monkeypatch.setattr(repository, "COUNT_CAP", 3)
    monkeypatch.setattr(repository, "TRUST_ESTIMATE_ABOVE", 0)
    repository.BIG_LISTS.clear()
    for i in range(5):
        await make_enterprise(client, headers, name=f"Cơ sở mây tre {i}")
    first = (await client.get(URL, params={"page_size": 2}, headers=headers)).json()
    again = (await client.get(URL, params={"page_size": 2}, headers=headers)).json()
    assert first["total"] == again["total"] == 3
    assert first["total_is_exact"] is again["total_is_exact"] is False
    postgres = app.state.db.engine.dialect.name == "postgresql"
    assert len(repository.BIG_LISTS) == (1 if postgres else 0)
    assert again["total_estimate"] == first["total_estimate"]
