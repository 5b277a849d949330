from budget_factories import (
    API,
    allocate,
    commitment_body,
    funded_line,
    ledger_count,
    line,
    project_service,
)
from sqlalchemy import text


async def test_sequential_replay_returns_the_first_response(app, client, auth):
    await funded_line(client, auth)
    body = commitment_body(5_000_000, project=False)
    headers = {**auth("program_manager"), "Idempotency-Key": "k-1"}
    first = await client.post(f"{API}/commitments", json=body, headers=headers)
    second = await client.post(f"{API}/commitments", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 5_000_000
    assert await ledger_count(client, auth, kind="commitment") == 1
    entry = (await client.get(f"{API}/ledger?kind=commitment", headers=auth("viewer"))).json()
    assert entry["items"][0]["idempotency_key"] == "k-1"
    assert entry["items"][0]["actor_subject"] == "test-program_manager"
    assert entry["items"][0]["actor_role"] == "program_manager"


async def test_same_key_with_another_body_is_422(client, auth):
    await funded_line(client, auth)
    headers = {**auth("program_manager"), "Idempotency-Key": "k-2"}
    body = commitment_body(5_000_000, project=False)
    assert (await client.post(f"{API}/commitments", json=body, headers=headers)).status_code == 201
    r = await client.post(
        f"{API}/commitments", json={**body, "amount_vnd": 6_000_000}, headers=headers
    )
    assert r.status_code == 422
    assert r.json()["code"] == "idempotency.key_reused"
    assert r.json()["errors"][0]["field"] == "Idempotency-Key"
    # and on another endpoint too
    r = await client.post(
        f"{API}/years/2017/allocations",
        json={"category": "training", "funding_source": "local", "amount_vnd": 1},
        headers=headers,
    )
    assert r.status_code == 422
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 5_000_000


async def test_keys_are_scoped_to_the_caller(client, auth):
    await funded_line(client, auth)
    body = commitment_body(1_000, project=False)
    a = {**auth("program_manager", subject="a"), "Idempotency-Key": "same"}
    b = {**auth("program_manager", subject="b"), "Idempotency-Key": "same"}
    ra = await client.post(f"{API}/commitments", json=body, headers=a)
    rb = await client.post(f"{API}/commitments", json=body, headers=b)
    assert ra.status_code == rb.status_code == 201
    assert ra.json()["id"] != rb.json()["id"]


async def test_a_refusal_is_not_stored_so_the_key_can_be_retried(app, client, auth):
    await funded_line(client, auth, allocated=1_000)
    body = commitment_body(5_000)
    headers = {**project_service(auth), "Idempotency-Key": "project:p:approve"}
    r = await client.post(f"{API}/commitments", json=body, headers=headers)
    assert r.status_code == 409
    assert r.json()["code"] == "budget.insufficient_funds"
    async with app.state.db.engine.connect() as conn:
        assert (await conn.execute(text("SELECT COUNT(*) FROM idempotency_records"))).scalar() == 0
    assert await ledger_count(client, auth, kind="commitment") == 0
    assert (await allocate(client, auth, 2017, 4_000)).status_code == 201
    r = await client.post(f"{API}/commitments", json=body, headers=headers)
    assert r.status_code == 201
    assert (await client.post(f"{API}/commitments", json=body, headers=headers)).json() == r.json()


async def test_a_replay_is_answered_even_once_the_line_is_full(app, client, auth):
    # The first request took the whole line: the replay must still get its 201, not a 409
    # (on PostgreSQL the guarded statement is refused first, then the key is found).
    await funded_line(client, auth, allocated=5_000)
    body = commitment_body(5_000)
    headers = {**project_service(auth), "Idempotency-Key": "fills-the-line"}
    first = await client.post(f"{API}/commitments", json=body, headers=headers)
    replay = await client.post(f"{API}/commitments", json=body, headers=headers)
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["idempotent-replayed"] == "true"
    other = await client.post(f"{API}/commitments", json={**body, "amount_vnd": 1}, headers=headers)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency.key_reused"
    fresh = await client.post(f"{API}/commitments", json=body, headers=project_service(auth))
    assert fresh.status_code == 409
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 5_000
    assert await ledger_count(client, auth, kind="commitment") == 1


async def test_every_money_post_replays(client, auth):
    await funded_line(client, auth, cap=100)
    pm = auth("program_manager")
    fo = auth("finance_officer")
    # money not tied to a project: people commit, pay, recover and release it themselves
    body = commitment_body(1_000, project=False)
    c = (await client.post(f"{API}/commitments", json=body, headers=pm)).json()
    calls = [
        (
            f"{API}/years/2017/appropriations",
            {"funding_source": "other", "amount_vnd": 10, "decision_number": "1"},
            fo,
        ),
        (
            f"{API}/years/2017/allocations",
            {"category": "training", "funding_source": "local", "amount_vnd": 10},
            pm,
        ),
        (
            f"{API}/years/2017/reallocations",
            {
                "from_category": "training",
                "to_category": "consulting",
                "funding_source": "local",
                "amount_vnd": 5,
                "reason": "r",
            },
            pm,
        ),
        (
            f"{API}/disbursements",
            {"commitment_id": c["id"], "amount_vnd": 100, "kind": "advance"},
            fo,
        ),
        (f"{API}/commitments/{c['id']}/recoveries", {"amount_vnd": 10, "reason": "r"}, fo),
        (f"{API}/commitments/{c['id']}/release", {"amount_vnd": 10, "reason": "r"}, pm),
    ]
    for i, (url, body, headers) in enumerate(calls):
        h = {**headers, "Idempotency-Key": f"each-{i}"}
        before = await ledger_count(client, auth)
        first = await client.post(url, json=body, headers=h)
        assert first.status_code in (200, 201), (url, first.text)
        after = await ledger_count(client, auth)
        again = await client.post(url, json=body, headers=h)
        assert (again.status_code, again.json()) == (first.status_code, first.json()), url
        assert await ledger_count(client, auth) == after > before


async def test_bad_key_is_422(client, auth):
    await funded_line(client, auth)
    r = await client.post(
        f"{API}/commitments",
        json=commitment_body(1, project=False),
        headers={**auth("program_manager"), "Idempotency-Key": "x" * 300},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "Idempotency-Key"
