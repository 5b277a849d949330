"""The money path end to end: program → appropriation → allocation → commitment → payments."""

from budget_factories import (
    API,
    allocate,
    appropriate,
    commit,
    disburse,
    funded_line,
    ledger_count,
    line,
    program,
    project_service,
    verify,
)


async def test_full_flow_and_summary(client, auth):
    await program(client, auth)
    assert (await appropriate(client, auth, 2017, 3_000_000_000)).status_code == 201
    r = await appropriate(client, auth, 2017, 1_500_000_000)
    assert r.json()["appropriated_vnd"] == 4_500_000_000  # decisions add up
    assert (await appropriate(client, auth, 2017, 500_000_000, "national")).status_code == 201
    assert (await allocate(client, auth, 2017, 1_000_000_000)).status_code == 201
    r = await allocate(client, auth, 2017, 200_000_000)  # same line: increases it
    assert r.status_code == 201
    assert r.json()["allocated_vnd"] == 1_200_000_000
    assert (await allocate(client, auth, 2017, 300_000_000, "training")).status_code == 201

    r = await commit(client, auth, 400_000_000)
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["status"] == "open"
    assert c["committed_vnd"] == 400_000_000
    assert c["advance_cap_percent"] == 70

    r = await disburse(client, auth, c["id"], 280_000_000, "advance")
    assert r.status_code == 201, r.text
    assert r.json()["commitment"]["advanced_vnd"] == 280_000_000

    r = await client.get(f"{API}/years/2017/summary", headers=auth("viewer"))
    assert r.status_code == 200
    s = r.json()
    assert s["year"] == 2017
    assert s["totals"] == {
        "appropriated_vnd": 5_000_000_000,
        "allocated_vnd": 1_500_000_000,
        "committed_vnd": 400_000_000,
        "disbursed_vnd": 280_000_000,
        "available_vnd": 1_100_000_000,
    }
    local = next(x for x in s["sources"] if x["funding_source"] == "local")
    assert local["appropriated_vnd"] == 4_500_000_000
    assert local["allocated_vnd"] == 1_500_000_000
    assert local["unallocated_vnd"] == 3_000_000_000
    assert [(ln["category"], ln["funding_source"]) for ln in s["lines"]] == [
        ("training", "local"),
        ("technology_transfer", "local"),
    ]
    tt = s["lines"][1]
    assert tt == {
        "category": "technology_transfer",
        "funding_source": "local",
        "allocated_vnd": 1_200_000_000,
        "committed_vnd": 400_000_000,
        "disbursed_vnd": 280_000_000,
        "available_vnd": 800_000_000,
    }

    r = await client.get(f"{API}/years", headers=auth("program_officer"))
    assert r.json()["items"] == [
        {
            "year": 2017,
            "appropriated_vnd": 5_000_000_000,
            "allocated_vnd": 1_500_000_000,
            "committed_vnd": 400_000_000,
            "disbursed_vnd": 280_000_000,
            "available_vnd": 1_100_000_000,
        }
    ]
    # appropriation ×3, allocation ×3, commitment, disbursement
    assert await ledger_count(client, auth) == 8
    assert await verify(client, auth) == {"ok": True, "entries": 8}


async def test_settlement_releases_the_rest_and_closes(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 100_000_000)).json()
    assert (await disburse(client, auth, c["id"], 70_000_000, "advance")).status_code == 201
    assert (await disburse(client, auth, c["id"], 20_000_000, "final")).status_code == 201
    r = await client.post(
        f"{API}/commitments/{c['id']}/release",
        json={"amount_vnd": 10_000_000, "reason": "settled below the approved amount"},
        headers=project_service(auth),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "closed"
    assert body["committed_vnd"] == 90_000_000
    assert body["released_vnd"] == 10_000_000
    assert body["remaining_vnd"] == 0
    ln = await line(client, auth, 2017, "technology_transfer")
    assert ln["committed_vnd"] == 90_000_000  # a closed commitment keeps its paid part
    assert ln["disbursed_vnd"] == 90_000_000
    r = await disburse(client, auth, c["id"], 1, "final")
    assert r.status_code == 409
    assert r.json()["code"] == "budget.commitment_closed"


async def test_partial_release_and_zero_release(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 100)).json()
    url = f"{API}/commitments/{c['id']}/release"
    r = await client.post(
        url, json={"amount_vnd": 40, "reason": "scope cut"}, headers=project_service(auth)
    )
    assert r.json()["status"] == "open"
    assert r.json()["committed_vnd"] == 60
    r = await client.post(url, json={"amount_vnd": 0, "reason": "x"}, headers=project_service(auth))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "amount_vnd"
    r = await client.post(
        url, json={"amount_vnd": 61, "reason": "x"}, headers=project_service(auth)
    )
    assert r.status_code == 409
    assert r.json()["code"] == "budget.release_exceeds_remaining"
    assert (await disburse(client, auth, c["id"], 60, "final")).status_code == 201
    r = await client.post(
        url, json={"amount_vnd": 0, "reason": "settled"}, headers=project_service(auth)
    )
    assert r.status_code == 200
    assert r.json()["status"] == "closed"
    r = await client.get(f"{API}/commitments/{c['id']}", headers=auth("viewer"))
    assert r.json()["status"] == "closed"
    assert (await verify(client, auth))["ok"] is True
