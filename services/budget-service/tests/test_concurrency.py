"""Races through the ASGI app: every request has its own session and transaction."""

import asyncio
import uuid

import pytest
from budget_factories import API, commitment_body, funded_line, line, project_service, verify
from sqlalchemy import text

RACERS = 200
FITS = 37
AMOUNT = 1_000_000


@pytest.mark.parametrize("with_keys", [True, False])
async def test_commitments_race_for_one_line(app, client, auth, with_keys):
    await funded_line(client, auth, allocated=FITS * AMOUNT)
    headers = project_service(auth)

    async def one(i: int):
        key = {"Idempotency-Key": f"race-{i}"} if with_keys else {}
        return await client.post(
            f"{API}/commitments", json=commitment_body(AMOUNT), headers={**headers, **key}
        )

    responses = await asyncio.gather(*(one(i) for i in range(RACERS)))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == FITS, sorted(set(statuses))
    assert statuses.count(409) == RACERS - FITS
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {
        "budget.insufficient_funds"
    }
    ln = await line(client, auth, 2017, "technology_transfer")
    assert ln["committed_vnd"] == FITS * AMOUNT == ln["allocated_vnd"]
    async with app.state.db.engine.connect() as conn:
        total = (await conn.execute(text("SELECT SUM(committed_vnd) FROM commitments"))).scalar()
        keys = (await conn.execute(text("SELECT COUNT(*) FROM idempotency_records"))).scalar()
    assert total == FITS * AMOUNT
    assert keys == (FITS if with_keys else 0)  # refusals leave no idempotency record
    assert await verify(client, auth) == {
        "ok": True,
        "entries": 2 + FITS,
    }  # appropriation, allocation, commitments


async def test_disbursements_race_for_one_commitment(app, client, auth):
    await funded_line(client, auth, cap=100)
    r = await client.post(
        f"{API}/commitments", json=commitment_body(FITS * AMOUNT), headers=project_service(auth)
    )
    commitment_id = r.json()["id"]

    async def one(i: int):
        return await client.post(
            f"{API}/disbursements",
            json={
                "commitment_id": commitment_id,
                "amount_vnd": AMOUNT,
                "kind": "final" if i % 2 else "advance",
                "reference": f"UNC-{i}",
            },
            headers={**project_service(auth), "Idempotency-Key": f"pay-{i}"},
        )

    responses = await asyncio.gather(*(one(i) for i in range(RACERS)))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == FITS
    assert statuses.count(409) == RACERS - FITS
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {
        "budget.over_disbursement"
    }
    c = (await client.get(f"{API}/commitments/{commitment_id}", headers=auth("viewer"))).json()
    assert c["disbursed_vnd"] == FITS * AMOUNT
    assert c["remaining_vnd"] == 0
    async with app.state.db.engine.connect() as conn:
        paid = (await conn.execute(text("SELECT SUM(amount_vnd) FROM disbursements"))).scalar()
    assert paid == FITS * AMOUNT
    assert (await line(client, auth, 2017, "technology_transfer"))["disbursed_vnd"] == paid
    assert (await verify(client, auth))["ok"] is True


async def test_advances_race_against_the_cap(client, auth):
    await funded_line(client, auth, cap=70)
    r = await client.post(
        f"{API}/commitments", json=commitment_body(100 * AMOUNT), headers=project_service(auth)
    )
    commitment_id = r.json()["id"]

    async def one(i: int):
        return await client.post(
            f"{API}/disbursements",
            json={"commitment_id": commitment_id, "amount_vnd": AMOUNT, "kind": "advance"},
            headers=project_service(auth),
        )

    responses = await asyncio.gather(*(one(i) for i in range(100)))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 70
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {
        "budget.advance_cap_exceeded"
    }
    c = (await client.get(f"{API}/commitments/{commitment_id}", headers=auth("viewer"))).json()
    assert c["advanced_vnd"] == 70 * AMOUNT


async def test_concurrent_replays_of_one_key_make_one_effect(app, client, auth):
    await funded_line(client, auth)
    body = commitment_body(AMOUNT)
    headers = {**project_service(auth), "Idempotency-Key": "project:x:approve"}
    responses = await asyncio.gather(
        *(client.post(f"{API}/commitments", json=body, headers=headers) for _ in range(30))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 29
    async with app.state.db.engine.connect() as conn:
        count = (await conn.execute(text("SELECT COUNT(*) FROM commitments"))).scalar()
    assert count == 1
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == AMOUNT


async def test_opposite_reallocations_do_not_deadlock(client, auth):
    await funded_line(client, auth, allocated=100 * AMOUNT, category="training")
    r = await client.post(
        f"{API}/years/2017/allocations",
        json={"category": "consulting", "funding_source": "local", "amount_vnd": 100 * AMOUNT},
        headers=auth("program_manager"),
    )
    assert r.status_code == 201

    async def move(i: int):
        a, b = ("training", "consulting") if i % 2 else ("consulting", "training")
        return await client.post(
            f"{API}/years/2017/reallocations",
            json={
                "from_category": a,
                "to_category": b,
                "funding_source": "local",
                "amount_vnd": AMOUNT,
                "reason": f"r{uuid.uuid4().hex[:4]}",
            },
            headers=auth("program_manager"),
        )

    responses = await asyncio.gather(*(move(i) for i in range(40)))
    assert {r.status_code for r in responses} == {201}
    t = await line(client, auth, 2017, "training")
    c = await line(client, auth, 2017, "consulting")
    assert t["allocated_vnd"] + c["allocated_vnd"] == 200 * AMOUNT
    assert (await verify(client, auth))["ok"] is True
