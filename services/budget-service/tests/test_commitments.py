import uuid

from budget_factories import (
    API,
    by_id,
    commit,
    commitment_body,
    disburse,
    funded_line,
    line,
    project_service,
    verify,
)
from sqlalchemy import text


async def test_commitment_refused_beyond_the_line(client, auth):
    await funded_line(client, auth, allocated=1_000)
    assert (await commit(client, auth, 600)).status_code == 201
    r = await commit(client, auth, 401)
    assert r.status_code == 409
    assert r.json()["code"] == "budget.insufficient_funds"
    assert r.headers["content-type"] == "application/problem+json"
    r = await commit(client, auth, 1, category="consulting")  # no such line
    assert r.status_code == 409
    r = await commit(client, auth, 1, year=2030)  # no program
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "fiscal_year"
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 600


async def test_advance_cap_and_over_disbursement(client, auth):
    await funded_line(client, auth, cap=70)
    c = (await commit(client, auth, 1_000)).json()
    assert (await disburse(client, auth, c["id"], 600, "advance")).status_code == 201
    r = await disburse(client, auth, c["id"], 101, "advance")
    assert r.status_code == 409
    assert r.json()["code"] == "budget.advance_cap_exceeded"
    assert (await disburse(client, auth, c["id"], 100, "advance")).status_code == 201
    r = await disburse(client, auth, c["id"], 301, "final")
    assert r.status_code == 409
    assert r.json()["code"] == "budget.over_disbursement"
    r = await disburse(client, auth, c["id"], 300, "final")
    assert r.status_code == 201
    assert r.json()["commitment"]["remaining_vnd"] == 0
    assert r.json()["commitment"]["advanced_vnd"] == 700


async def test_cap_is_the_programs(client, auth):
    await funded_line(client, auth, cap=30)
    c = (await commit(client, auth, 1_000)).json()
    assert c["advance_cap_percent"] == 30
    assert (await disburse(client, auth, c["id"], 301, "advance")).status_code == 409
    assert (await disburse(client, auth, c["id"], 300, "advance")).status_code == 201


async def test_a_remembered_cap_that_is_no_longer_the_programs_is_read_again(app, client, auth):
    # The API never changes a program's cap; done here in SQL, the PostgreSQL path's remembered
    # cap goes stale, and its statement must notice, write nothing, and use the program's.
    await funded_line(client, auth, cap=30)
    assert (await commit(client, auth, 1_000)).json()["advance_cap_percent"] == 30
    async with app.state.db.engine.begin() as conn:
        await conn.execute(text("UPDATE programs SET advance_cap_percent = 50"))
    c = (await commit(client, auth, 1_000)).json()
    assert c["advance_cap_percent"] == 50
    async with app.state.db.engine.connect() as conn:
        stored = (
            await conn.execute(
                by_id("SELECT advance_cap_percent FROM commitments WHERE id = :id"),
                {"id": c["id"]},
            )
        ).scalar_one()
    assert stored == 50
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 2_000
    assert (await verify(client, auth))["ok"] is True


async def test_recovery_after_cancellation(client, auth):
    await funded_line(client, auth, allocated=10_000)
    c = (await commit(client, auth, 1_000)).json()
    await disburse(client, auth, c["id"], 700, "advance")
    # cancellation: release what is not paid, which closes the commitment
    r = await client.post(
        f"{API}/commitments/{c['id']}/release",
        json={"amount_vnd": 300, "reason": "cancelled"},
        headers=project_service(auth),
    )
    assert r.json()["status"] == "closed"
    assert (await line(client, auth, 2017, "technology_transfer"))["committed_vnd"] == 700
    url = f"{API}/commitments/{c['id']}/recoveries"
    r = await client.post(
        url, json={"amount_vnd": 701, "reason": "refund"}, headers=project_service(auth)
    )
    assert r.status_code == 409
    assert r.json()["code"] == "budget.recovery_exceeds_disbursed"
    r = await client.post(
        url,
        json={"amount_vnd": 700, "reason": "advance returned", "reference": "GNT-7"},
        headers=project_service(auth),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["disbursed_vnd"], body["advanced_vnd"], body["committed_vnd"]) == (0, 0, 0)
    assert body["released_vnd"] == 1_000
    ln = await line(client, auth, 2017, "technology_transfer")
    assert (ln["committed_vnd"], ln["disbursed_vnd"], ln["available_vnd"]) == (0, 0, 10_000)
    assert (await verify(client, auth))["ok"] is True


async def test_recovery_on_an_open_commitment_can_be_paid_again(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000)).json()
    await disburse(client, auth, c["id"], 500, "final")
    r = await client.post(
        f"{API}/commitments/{c['id']}/recoveries",
        json={"amount_vnd": 200, "reason": "overpaid"},
        headers=project_service(auth),
    )
    assert r.json()["disbursed_vnd"] == 300
    assert r.json()["committed_vnd"] == 1_000
    assert (await disburse(client, auth, c["id"], 700, "final")).status_code == 201


async def test_get_list_and_404(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000)).json()
    await commit(client, auth, 2_000)
    r = await client.get(f"{API}/commitments/{c['id']}", headers=auth("viewer"))
    assert r.json() == c
    r = await client.get(f"{API}/commitments/{uuid.uuid4()}", headers=auth("viewer"))
    assert r.status_code == 404
    r = await client.get(f"{API}/commitments/not-a-uuid", headers=auth("viewer"))
    assert r.status_code == 422
    r = await client.get(
        f"{API}/commitments", params={"project_id": c["project_id"]}, headers=auth("viewer")
    )
    assert [x["id"] for x in r.json()["items"]] == [c["id"]]
    r = await client.get(
        f"{API}/commitments",
        params={"fiscal_year": 2017, "status": "open", "category": "technology_transfer"},
        headers=auth("viewer"),
    )
    assert r.json()["total"] == 2
    r = await client.get(f"{API}/commitments", params={"status": "x"}, headers=auth("viewer"))
    assert r.status_code == 422
    r = await client.post(
        f"{API}/commitments/{uuid.uuid4()}/release",
        json={"amount_vnd": 1, "reason": "x"},
        headers=auth("program_manager"),
    )
    assert r.status_code == 404
    r = await disburse(client, auth, str(uuid.uuid4()), 1)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "commitment_id"


async def test_bad_input_is_422_naming_the_field(client, auth):
    await funded_line(client, auth)
    cases = [
        ({"amount_vnd": -5}, "amount_vnd"),
        ({"amount_vnd": 0}, "amount_vnd"),
        ({"amount_vnd": 10.5}, "amount_vnd"),
        ({"amount_vnd": 10.0}, "amount_vnd"),
        ({"amount_vnd": "10"}, "amount_vnd"),
        ({"amount_vnd": 10**16}, "amount_vnd"),
        ({"amount_vnd": 10**30}, "amount_vnd"),
        ({"category": "parties"}, "category"),
        ({"funding_source": "foreign"}, "funding_source"),
        ({"project_id": "12"}, "project_id"),
        ({"fiscal_year": 1999}, "fiscal_year"),
        ({"surprise": 1}, "surprise"),
    ]
    for patch, field in cases:
        body = {**commitment_body(1), **patch}
        r = await client.post(f"{API}/commitments", json=body, headers=project_service(auth))
        assert r.status_code == 422, (patch, r.text)
        assert field in [e["field"] for e in r.json()["errors"]], (patch, r.json())
    r = await client.post(
        f"{API}/commitments",
        content=b"{not json",
        headers={**project_service(auth), "content-type": "application/json"},
    )
    assert r.status_code == 422
    r = await client.post(
        f"{API}/disbursements",
        json={"commitment_id": str(uuid.uuid4()), "amount_vnd": 1, "kind": "bonus"},
        headers=auth("finance_officer"),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "kind"
