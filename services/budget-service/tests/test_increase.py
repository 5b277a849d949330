"""An approved change raises a project's commitment within its line (one guarded UPDATE, its
own ledger entry, idempotent, project-service only); a commitment carries the activity's advance
cap when it is lower than the program's."""

import asyncio

from budget_factories import (
    API,
    allocate,
    commit,
    commitment_body,
    disburse,
    funded_line,
    ledger_count,
    line,
    project_service,
    verify,
)


async def increase(client, auth, cid: str, amount: int, key: str, headers=None):
    return await client.post(
        f"{API}/commitments/{cid}/increase",
        json={"amount_vnd": amount, "reason": "Điều chỉnh tăng theo QĐ 45/QĐ-SCT"},
        headers={**(headers or project_service(auth)), "Idempotency-Key": key},
    )


async def test_an_increase_takes_the_line_once_and_is_in_the_ledger(client, auth):
    await funded_line(client, auth, allocated=1_000_000_000)
    c = (await commit(client, auth, 600_000_000)).json()
    r = await increase(client, auth, c["id"], 300_000_000, "inc-1")
    assert r.status_code == 200, r.text
    assert (r.json()["amount_vnd"], r.json()["committed_vnd"]) == (900_000_000, 900_000_000)
    again = await increase(client, auth, c["id"], 300_000_000, "inc-1")  # a replay
    assert again.status_code == 200 and again.json() == r.json()
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 900_000_000
    assert await ledger_count(client, auth, kind="increase") == 1
    assert (await verify(client, auth))["ok"] is True

    # one đồng past the line's allocation: refused, nothing written
    r = await increase(client, auth, c["id"], 100_000_001, "inc-2")
    assert r.status_code == 409 and r.json()["code"] == "budget.insufficient_funds"
    got = (await client.get(f"{API}/commitments/{c['id']}", headers=auth("viewer"))).json()
    assert got["committed_vnd"] == 900_000_000
    assert await ledger_count(client, auth, kind="increase") == 1


async def test_only_project_service_increases_and_only_an_open_project_commitment(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 100_000_000)).json()
    r = await increase(client, auth, c["id"], 1, "k-1", headers=auth("program_manager"))
    assert r.status_code == 403 and r.json()["code"] == "budget.use_project_workflow"
    own = await client.post(
        f"{API}/commitments",
        json=commitment_body(50_000_000, project=False),
        headers=auth("program_manager"),
    )
    r = await increase(client, auth, own.json()["id"], 1, "k-2")
    assert r.status_code == 409 and r.json()["code"] == "budget.increase_without_project"
    await client.post(
        f"{API}/commitments/{c['id']}/release",
        json={"amount_vnd": 100_000_000, "reason": "Hủy đề án"},
        headers=project_service(auth),
    )
    r = await increase(client, auth, c["id"], 1, "k-3")
    assert r.status_code == 409 and r.json()["code"] == "budget.commitment_closed"


async def test_two_increases_racing_for_the_last_money_one_wins(client, auth):
    await funded_line(client, auth, allocated=1_000_000_000)
    a = (await commit(client, auth, 400_000_000)).json()
    b = (await commit(client, auth, 400_000_000)).json()
    results = await asyncio.gather(
        increase(client, auth, a["id"], 200_000_000, "race-a"),
        increase(client, auth, b["id"], 200_000_000, "race-b"),
    )
    assert sorted(r.status_code for r in results) == [200, 409]
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 1_000_000_000


async def test_a_commitment_keeps_the_lower_of_the_activitys_and_the_programs_cap(client, auth):
    await funded_line(client, auth, cap=70)
    body = {**commitment_body(100_000_000), "advance_cap_percent": 30}
    r = await client.post(f"{API}/commitments", json=body, headers=project_service(auth))
    assert r.status_code == 201 and r.json()["advance_cap_percent"] == 30
    assert (await disburse(client, auth, r.json()["id"], 30_000_001)).status_code == 409
    assert (await disburse(client, auth, r.json()["id"], 30_000_000)).status_code == 201
    body = {**commitment_body(100_000_000), "advance_cap_percent": 90}
    r = await client.post(f"{API}/commitments", json=body, headers=project_service(auth))
    assert r.json()["advance_cap_percent"] == 70


async def test_the_managing_agencys_own_costs_take_at_most_1_5_percent(client, auth):
    # 1,000,000,000 for training and 100,000,000 for management: the cap is 16,500,000
    await funded_line(client, auth, category="training", allocated=1_000_000_000)
    r = await allocate(client, auth, 2017, 100_000_000, "program_management")
    assert r.status_code == 201, r.text

    async def direct(amount: int):
        body = commitment_body(amount, category="program_management", project=False)
        return await client.post(f"{API}/commitments", json=body, headers=auth("program_manager"))

    first = await direct(16_000_000)
    assert first.status_code == 201, first.text
    r = await direct(500_001)
    assert r.status_code == 409 and r.json()["code"] == "budget.management_cap_exceeded"
    assert r.json()["params"]["cap_vnd"] == 16_500_000
    assert (await direct(500_000)).status_code == 201
    # a project in the category is not the agency's own cost
    r = await commit(client, auth, 50_000_000, category="program_management")
    assert r.status_code == 201, r.text
    # money given back makes room again
    r = await client.post(
        f"{API}/commitments/{first.json()['id']}/release",
        json={"amount_vnd": 1_000_000, "reason": "Không sử dụng hết"},
        headers=auth("program_manager"),
    )
    assert r.status_code == 200, r.text
    assert (await direct(1_000_000)).status_code == 201
    assert (await direct(1)).json()["code"] == "budget.management_cap_exceeded"
    assert (await line(client, auth, 2017, "program_management"))["committed_vnd"] == 66_500_000
