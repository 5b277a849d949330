"""Money tied to a project moves only through the project: commitments with a `project_id`, and
their payments, releases and recoveries, are project-service's (role `service`); anyone else gets
403 `budget.use_project_workflow` and nothing is written. Money not tied to a project (program
management costs) is still committed, paid, recovered and released by people."""

from typing import Any

import httpx
import pytest
from budget_factories import (
    API,
    Auth,
    commit,
    commitment_body,
    disburse,
    funded_line,
    ledger_count,
    line,
    project_service,
    verify,
)
from fastapi import FastAPI
from sqlalchemy import text


def refused_as_project_money(r: httpx.Response) -> None:
    assert r.status_code == 403, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "budget.use_project_workflow"
    assert "chỉ được chuyển qua các bước của đề án" in body["detail"]
    assert set(body["params"]) == {"project_id", "action"}


async def written(app: FastAPI, client: httpx.AsyncClient, auth: Auth) -> dict[str, Any]:
    """Everything a money POST could have written."""
    async with app.state.db.engine.connect() as conn:
        counts = {
            table: (await conn.execute(text(f"SELECT COUNT(*) FROM {table}"))).scalar()
            for table in ("commitments", "disbursements", "idempotency_records", "ledger_entries")
        }
        commitments = (
            await conn.execute(
                text(
                    "SELECT id, committed_vnd, released_vnd, disbursed_vnd, advanced_vnd, status "
                    "FROM commitments ORDER BY id"
                )
            )
        ).all()
    ln = await line(client, auth, 2017, "technology_transfer")
    return {**counts, "commitments_rows": [tuple(r) for r in commitments], "line": ln}


async def test_finance_cannot_pay_a_projects_commitment_directly(app, client, auth):
    # The finding: a `final` disbursement of 100% posted by finance on an approved project that
    # was never accepted; the project could then never be settled.
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000)).json()
    before = await written(app, client, auth)
    for kind in ("final", "advance"):
        r = await disburse(
            client, auth, c["id"], 1_000 if kind == "final" else 1, kind, as_role="finance_officer"
        )
        refused_as_project_money(r)
    r = await client.post(
        f"{API}/disbursements",
        json={"commitment_id": c["id"], "amount_vnd": 1_000, "kind": "final"},
        headers={**auth("finance_officer"), "Idempotency-Key": "pay-it-all"},
    )
    refused_as_project_money(r)
    assert await written(app, client, auth) == before  # no payment, no ledger entry, no key row
    # project-service pays it at settlement
    assert (await disburse(client, auth, c["id"], 1_000, "final")).status_code == 201


async def test_manager_cannot_release_a_projects_commitment_directly(app, client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000)).json()
    url = f"{API}/commitments/{c['id']}/release"
    before = await written(app, client, auth)
    for amount in (1_000, 1, 0):
        r = await client.post(
            url,
            json={"amount_vnd": amount, "reason": "no longer needed"},
            headers={**auth("program_manager"), "Idempotency-Key": f"release-{amount}"},
        )
        refused_as_project_money(r)
    assert await written(app, client, auth) == before
    r = await client.post(
        url, json={"amount_vnd": 1_000, "reason": "cancelled"}, headers=project_service(auth)
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "closed"


async def test_finance_cannot_recover_on_a_projects_commitment_directly(app, client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000)).json()
    assert (await disburse(client, auth, c["id"], 500)).status_code == 201
    before = await written(app, client, auth)
    r = await client.post(
        f"{API}/commitments/{c['id']}/recoveries",
        json={"amount_vnd": 500, "reason": "returned"},
        headers={**auth("finance_officer"), "Idempotency-Key": "recover"},
    )
    refused_as_project_money(r)
    assert await written(app, client, auth) == before


async def test_manager_cannot_commit_to_a_project_directly(app, client, auth):
    # also how commitments for projects that do not exist were made: only project-service
    # commits to a project now, and it does so for its own projects at approval
    await funded_line(client, auth)
    before = await written(app, client, auth)
    for headers in (
        auth("program_manager"),
        {**auth("program_manager"), "Idempotency-Key": "commit-1"},
    ):
        r = await client.post(f"{API}/commitments", json=commitment_body(1_000), headers=headers)
        refused_as_project_money(r)
    assert await written(app, client, auth) == before
    assert (await commit(client, auth, 1_000)).status_code == 201


async def test_the_refusal_comes_before_the_other_refusals(client, auth):
    # a person learns nothing about a project's commitment beyond "use the project"
    await funded_line(client, auth, allocated=1_000)
    r = await client.post(
        f"{API}/commitments", json=commitment_body(10**9), headers=auth("program_manager")
    )
    refused_as_project_money(r)  # not 409 insufficient funds
    c = (await commit(client, auth, 1_000)).json()
    r = await client.post(
        f"{API}/commitments/{c['id']}/release",
        json={"amount_vnd": 1_000, "reason": "x"},
        headers=project_service(auth),
    )
    assert r.json()["status"] == "closed"
    refused_as_project_money(await disburse(client, auth, c["id"], 1, as_role="finance_officer"))
    r = await client.post(
        f"{API}/commitments/{c['id']}/release",
        json={"amount_vnd": 1, "reason": "x"},
        headers=auth("program_manager"),
    )
    refused_as_project_money(r)  # not 409 closed


# what each caller gets on (commit, pay, recover, release) of a project's money: the role check
# turns some away first (auth.forbidden); those it lets through meet this rule
PROJECT_WORKFLOW = "budget.use_project_workflow"
EXPECTED = {
    "admin": ("auth.forbidden",) * 4,
    "program_officer": ("auth.forbidden",) * 4,
    "viewer": ("auth.forbidden",) * 4,
    "program_manager": (PROJECT_WORKFLOW, "auth.forbidden", "auth.forbidden", PROJECT_WORKFLOW),
    "finance_officer": ("auth.forbidden", PROJECT_WORKFLOW, PROJECT_WORKFLOW, "auth.forbidden"),
    # an integration client holding budget:write is not project-service either
    "integration": (PROJECT_WORKFLOW,) * 4,
    "service": (201, 201, 201, 200),
}


@pytest.mark.parametrize("caller", sorted(EXPECTED))
async def test_only_project_service_moves_project_money(client, auth, caller):
    await funded_line(client, auth, cap=100)
    c = (await commit(client, auth, 10_000)).json()
    assert (await disburse(client, auth, c["id"], 1_000)).status_code == 201
    clients = ("integration", "service")
    headers = auth(caller, scopes=["budget:write"]) if caller in clients else auth(caller)
    calls = [
        (f"{API}/commitments", commitment_body(1_000)),
        (f"{API}/disbursements", {"commitment_id": c["id"], "amount_vnd": 100, "kind": "final"}),
        (f"{API}/commitments/{c['id']}/recoveries", {"amount_vnd": 100, "reason": "r"}),
        (f"{API}/commitments/{c['id']}/release", {"amount_vnd": 100, "reason": "r"}),
    ]
    for (url, body), expected in zip(calls, EXPECTED[caller], strict=True):
        r = await client.post(url, json=body, headers=headers)
        if isinstance(expected, int):
            assert r.status_code == expected, (url, r.text)
        elif expected == PROJECT_WORKFLOW:
            refused_as_project_money(r)
        else:
            assert (r.status_code, r.json()["code"]) == (403, expected), (url, r.text)
    c = (await client.get(f"{API}/commitments/{c['id']}", headers=auth("viewer"))).json()
    moved = caller == "service"
    assert (c["disbursed_vnd"], c["released_vnd"]) == ((1_000, 100) if moved else (1_000, 0))
    assert await ledger_count(client, auth, kind="commitment") == (2 if moved else 1)


async def test_money_not_tied_to_a_project_is_moved_by_people(app, client, auth):
    """Program management costs: committed by the manager, paid and recovered by finance,
    released by the manager, without project-service."""
    await funded_line(client, auth, cap=100)
    r = await client.post(
        f"{API}/commitments",
        json=commitment_body(1_000, project=False),
        headers={**auth("program_manager"), "Idempotency-Key": "management-costs"},
    )
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["project_id"] is None
    body = {k: v for k, v in commitment_body(500).items() if k != "project_id"}  # omitted
    r = await client.post(f"{API}/commitments", json=body, headers=auth("program_manager"))
    assert r.status_code == 201, r.text
    assert r.json()["project_id"] is None
    r = await disburse(client, auth, c["id"], 600, "final", as_role="finance_officer")
    assert r.status_code == 201, r.text
    r = await client.post(
        f"{API}/commitments/{c['id']}/recoveries",
        json={"amount_vnd": 100, "reason": "overpaid"},
        headers=auth("finance_officer"),
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        f"{API}/commitments/{c['id']}/release",
        json={"amount_vnd": 500, "reason": "not needed"},
        headers=auth("program_manager"),
    )
    assert r.status_code == 200, r.text
    assert (r.json()["committed_vnd"], r.json()["disbursed_vnd"], r.json()["status"]) == (
        500,
        500,
        "closed",
    )
    ln = await line(client, auth, 2017, "technology_transfer")
    assert (ln["committed_vnd"], ln["disbursed_vnd"]) == (1_000, 500)
    r = await client.get(f"{API}/ledger", params={"commitment_id": c["id"]}, headers=auth("viewer"))
    entries = r.json()["items"]
    assert [e["kind"] for e in entries] == ["commitment", "disbursement", "recovery", "release"]
    assert {e["project_id"] for e in entries} == {None}
    assert await ledger_count(client, auth, kind="commitment") == 2
    assert (await verify(client, auth))["ok"] is True
    # and people still cannot move a project's money on the same line
    refused_as_project_money(
        await client.post(
            f"{API}/commitments", json=commitment_body(1), headers=auth("program_manager")
        )
    )
