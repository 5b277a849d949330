import itertools

from budget_factories import API, by_id, commit, disburse, funded_line, verify
from sqlalchemy import text


async def test_tampered_entry_is_reported_by_id(app, client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000_000)).json()
    await disburse(client, auth, c["id"], 500_000)
    assert await verify(client, auth) == {"ok": True, "entries": 4}
    entries = (await client.get(f"{API}/ledger", headers=auth("viewer"))).json()["items"]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    assert all(e["prev_hash"] == p["hash"] for p, e in itertools.pairwise(entries))
    target = entries[2]
    assert target["kind"] == "commitment"
    async with app.state.db.engine.begin() as conn:
        await conn.execute(
            by_id("UPDATE ledger_entries SET amount_vnd = amount_vnd + 1 WHERE id = :id"),
            {"id": target["id"]},
        )
    result = await verify(client, auth)
    assert result["ok"] is False
    assert result["first_broken_entry_id"] == target["id"]
    assert result["entries"] == 3


async def test_deleted_entry_breaks_the_chain(app, client, auth):
    await funded_line(client, auth)
    await commit(client, auth, 1_000)
    await commit(client, auth, 1_000)
    entries = (await client.get(f"{API}/ledger", headers=auth("viewer"))).json()["items"]
    async with app.state.db.engine.begin() as conn:
        await conn.execute(
            by_id("DELETE FROM ledger_entries WHERE id = :id"),
            {"id": entries[1]["id"]},
        )
    result = await verify(client, auth)
    assert result["ok"] is False
    assert result["first_broken_entry_id"] == entries[2]["id"]
    async with app.state.db.engine.begin() as conn:
        await conn.execute(text("DELETE FROM ledger_entries WHERE seq >= 2"))
    result = await verify(client, auth)
    assert result["ok"] is False  # the head still remembers the lost tail


async def test_ledger_filters_and_paging(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000)).json()
    await commit(client, auth, 2_000)
    r = await client.get(
        f"{API}/ledger", params={"project_id": c["project_id"]}, headers=auth("viewer")
    )
    assert [e["commitment_id"] for e in r.json()["items"]] == [c["id"]]
    r = await client.get(f"{API}/ledger", params={"commitment_id": c["id"]}, headers=auth("viewer"))
    assert r.json()["total"] == 1
    r = await client.get(
        f"{API}/ledger",
        params={"fiscal_year": 2017, "kind": "commitment", "page_size": 1, "page": 2},
        headers=auth("integration", scopes=["budget:read"]),
    )
    body = r.json()
    assert (body["total"], body["page"], body["page_size"], len(body["items"])) == (2, 2, 1, 1)
    assert body["items"][0]["amount_vnd"] == 2_000
    r = await client.get(f"{API}/ledger", params={"kind": "nope"}, headers=auth("viewer"))
    assert r.status_code == 422
    r = await client.get(f"{API}/ledger", params={"project_id": "x"}, headers=auth("viewer"))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "project_id"


async def test_empty_ledger_verifies(client, auth):
    assert await verify(client, auth) == {"ok": True, "entries": 0}
