"""`POST /budget/commitments/batch`: several commitments in one transaction, all or none."""

import asyncio
from typing import Any

import httpx
from budget_factories import (
    API,
    Auth,
    allocate,
    commitment_body,
    funded_line,
    line,
    project_service,
    verify,
)
from fastapi import FastAPI
from sqlalchemy import text


async def batch(
    client: httpx.AsyncClient, auth: Auth, items: list[dict[str, Any]], **headers: str
) -> httpx.Response:
    return await client.post(
        f"{API}/commitments/batch",
        json={"commitments": items},
        headers={**project_service(auth), **headers},
    )


async def written(app: FastAPI) -> dict[str, Any]:
    async with app.state.db.engine.connect() as conn:
        return {
            table: (await conn.execute(text(f"SELECT COUNT(*) FROM {table}"))).scalar()
            for table in ("commitments", "idempotency_records", "ledger_entries")
        }


async def two_lines(client: httpx.AsyncClient, auth: Auth) -> None:
    """technology_transfer/local 1,000 and consulting/local 500 in 2017."""
    await funded_line(client, auth, allocated=1_000)
    assert (await allocate(client, auth, 2017, 500, "consulting")).status_code == 201


async def test_a_batch_commits_each_item_with_its_own_ledger_entry(app, client, auth):
    await two_lines(client, auth)
    items = [
        commitment_body(600),
        commitment_body(400),
        commitment_body(500, category="consulting"),
    ]
    r = await batch(client, auth, items, **{"Idempotency-Key": "plan:1:v1:approve"})
    assert r.status_code == 201, r.text
    out = r.json()["items"]
    assert [(c["project_id"], c["amount_vnd"], c["status"]) for c in out] == [
        (i["project_id"], i["amount_vnd"], "open") for i in items
    ]
    assert len({c["id"] for c in out}) == 3
    assert (await line(client, auth, 2017, "technology_transfer"))["available_vnd"] == 0
    assert (await line(client, auth, 2017, "consulting"))["available_vnd"] == 0
    r = await client.get(f"{API}/ledger", params={"fiscal_year": 2017}, headers=auth("viewer"))
    entries = [e for e in r.json()["items"] if e["kind"] == "commitment"]
    assert sorted((e["commitment_id"], e["amount_vnd"]) for e in entries) == sorted(
        (c["id"], c["amount_vnd"]) for c in out
    )
    assert {e["idempotency_key"] for e in entries} == {"plan:1:v1:approve"}
    assert await verify(client, auth) == {"ok": True, "entries": 3 + 3}


async def test_a_short_line_refuses_the_whole_batch_and_names_it(app, client, auth):
    await two_lines(client, auth)
    before = await written(app)
    items = [
        commitment_body(1_000),  # fits its line exactly
        commitment_body(300, category="consulting"),
        commitment_body(300, category="consulting"),  # the two together are 100 too many
    ]
    r = await batch(client, auth, items, **{"Idempotency-Key": "plan:2:v1:approve"})
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["code"] == "budget.insufficient_funds"
    assert problem["params"]["short_lines"] == [
        {
            "fiscal_year": 2017,
            "category": "consulting",
            "funding_source": "local",
            "requested_vnd": 600,
            "available_vnd": 500,
        }
    ]
    assert "consulting/local" in problem["detail"]
    assert await written(app) == before  # no commitment, entry or key row
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 0
    # the same key may be used again once the batch fits
    r = await batch(client, auth, items[:2], **{"Idempotency-Key": "plan:2:v1:approve"})
    assert r.status_code == 201, r.text


async def test_a_replay_returns_the_same_commitments(app, client, auth):
    await two_lines(client, auth)
    items = [commitment_body(100), commitment_body(200, category="consulting")]
    key = {"Idempotency-Key": "plan:3:v1:approve"}
    first = await batch(client, auth, items, **key)
    again = await batch(client, auth, items, **key)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 100
    other = await batch(client, auth, items[:1], **key)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency.key_reused"


async def test_only_project_service_commits_a_projects_money(app, client, auth):
    await two_lines(client, auth)
    before = await written(app)
    items = [commitment_body(100, project=False), commitment_body(100)]
    r = await client.post(
        f"{API}/commitments/batch", json={"commitments": items}, headers=auth("program_manager")
    )
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "budget.use_project_workflow"
    assert await written(app) == before
    r = await client.post(
        f"{API}/commitments/batch",
        json={"commitments": items[:1]},
        headers=auth("program_manager"),
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        f"{API}/commitments/batch", json={"commitments": items}, headers=auth("viewer")
    )
    assert r.status_code == 403


async def test_bad_input_names_the_field(client, auth):
    r = await batch(client, auth, [])
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "commitments"
    bad = commitment_body(100) | {"amount_vnd": -5}
    r = await batch(client, auth, [bad])
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "commitments.0.amount_vnd"


async def test_a_single_commitment_racing_a_batch_for_the_last_money(app, client, auth):
    # The line holds 1,000: a batch of 600 + 400 and a single 500 cannot both be committed.
    await funded_line(client, auth, allocated=1_000)
    batch_items = [commitment_body(600), commitment_body(400)]
    single = commitment_body(500)
    rb, rs = await asyncio.gather(
        batch(client, auth, batch_items),
        client.post(f"{API}/commitments", json=single, headers=project_service(auth)),
    )
    assert sorted([rb.status_code, rs.status_code]) == [201, 409], (rb.text, rs.text)
    loser = rb if rb.status_code == 409 else rs
    assert loser.json()["code"] == "budget.insufficient_funds"
    ln = await line(client, auth, 2017, "technology_transfer")
    expected = 1_000 if rb.status_code == 201 else 500
    assert ln["committed_vnd"] == expected
    async with app.state.db.engine.connect() as conn:
        total = (await conn.execute(text("SELECT SUM(committed_vnd) FROM commitments"))).scalar()
    assert total == expected
    assert (await verify(client, auth))["ok"] is True
