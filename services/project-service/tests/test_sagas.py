"""The money steps against the real budget-service: refusals, outages, retries, crashes."""

import asyncio
import uuid
from datetime import timedelta

import pytest

from kc_common.testing import asgi_client
from projects.projects import sagas
from projects.projects.schemas import ApprovalIn
from tests.conftest import DOWN_URL
from tests.factories import (
    API,
    appraised,
    approval,
    approved,
    commitments,
    create,
    fund,
    post,
    summary_line,
)


async def _project(client, auth, pid):
    # As the officer who made the project (ProjectOut.allowed_actions depends on the caller).
    r = await client.get(f"{API}/projects/{pid}", headers=auth("program_officer"))
    assert r.status_code == 200
    return r.json()


async def test_insufficient_funds_leaves_the_project_appraised(client, budget, auth):
    await fund(budget, auth, allocated=200_000_000)
    p = await appraised(client, auth)
    r = await post(client, auth, "program_manager", f"/projects/{p['id']}/approval", approval())
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "budget.insufficient_funds"
    after = await _project(client, auth, p["id"])
    assert (after["status"], after["pending_saga"], after["commitment_id"]) == (
        "appraised",
        None,
        None,
    )
    assert await commitments(budget, auth, p["id"]) == []
    assert (await summary_line(budget, auth))["committed_vnd"] == 0
    history = await client.get(f"{API}/projects/{p['id']}/history", headers=auth("viewer"))
    assert [e["action"] for e in history.json()["items"]][-1] == "appraisal"


async def test_budget_down_is_503_and_a_retry_commits_once(make_app, client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)
    down = make_app(budget_url=DOWN_URL)
    async with down.router.lifespan_context(down):
        async for c in asgi_client(down):
            r = await post(c, auth, "program_manager", f"/projects/{p['id']}/approval", approval())
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "upstream.unavailable"
    assert await _project(client, auth, p["id"]) == p
    r = await post(client, auth, "program_manager", f"/projects/{p['id']}/approval", approval())
    assert r.status_code == 200, r.text
    again = await post(client, auth, "program_manager", f"/projects/{p['id']}/approval", approval())
    assert again.status_code == 409 and again.json()["code"] == "project.invalid_transition"
    assert len(await commitments(budget, auth, p["id"])) == 1


async def test_approval_replay_with_the_same_key(client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)
    key = {"Idempotency-Key": "approve-7"}
    first = await post(
        client, auth, "program_manager", f"/projects/{p['id']}/approval", approval(), **key
    )
    second = await post(
        client, auth, "program_manager", f"/projects/{p['id']}/approval", approval(), **key
    )
    assert first.status_code == second.status_code == 200
    assert first.json()["commitment_id"] == second.json()["commitment_id"]
    assert len(await commitments(budget, auth, p["id"])) == 1


async def test_concurrent_approvals_of_one_project_commit_once(client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)
    results = await asyncio.gather(
        *(
            post(client, auth, "program_manager", f"/projects/{p['id']}/approval", approval())
            for _ in range(4)
        )
    )
    codes = sorted(r.status_code for r in results)
    assert codes.count(200) >= 1 and set(codes) <= {200, 409}, [r.text for r in results]
    assert len(await commitments(budget, auth, p["id"])) == 1
    assert (await summary_line(budget, auth))["committed_vnd"] == 300_000_000


async def test_two_projects_race_for_the_last_money(client, budget, auth):
    await fund(budget, auth, allocated=300_000_000)
    a = await appraised(client, auth)
    b = await appraised(client, auth)
    ra, rb = await asyncio.gather(
        post(client, auth, "program_manager", f"/projects/{a['id']}/approval", approval()),
        post(client, auth, "program_manager", f"/projects/{b['id']}/approval", approval()),
    )
    assert sorted([ra.status_code, rb.status_code]) == [200, 409]
    loser = b if ra.status_code == 200 else a
    assert (await _project(client, auth, loser["id"]))["status"] == "appraised"
    line = await summary_line(budget, auth)
    assert (line["committed_vnd"], line["available_vnd"]) == (300_000_000, 0)


async def test_cancellation_after_an_advance_recovers_and_releases(client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    pid = p["id"]
    await post(client, auth, "program_officer", f"/projects/{pid}/start")
    r = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{pid}/advances",
        {"amount_vnd": 100_000_000, "reference": "UNC-9"},
    )
    assert r.status_code == 200, r.text
    r = await post(
        client,
        auth,
        "program_manager",
        f"/projects/{pid}/cancellation",
        {"reason": "doanh nghiệp ngừng sản xuất"},
    )
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["status"] == "cancelled"
    assert (p["recovered_vnd"], p["disbursed_vnd"], p["released_vnd"]) == (
        100_000_000,
        0,
        300_000_000,
    )
    [c] = await commitments(budget, auth, pid)
    assert (c["status"], c["disbursed_vnd"], c["committed_vnd"]) == ("closed", 0, 0)
    line = await summary_line(budget, auth)
    assert (line["committed_vnd"], line["disbursed_vnd"], line["available_vnd"]) == (
        0,
        0,
        1_000_000_000,
    )
    kinds = [
        e["kind"]
        for e in (
            await budget.get(
                f"{API}/budget/ledger", params={"project_id": pid}, headers=auth("viewer")
            )
        ).json()["items"]
    ]
    assert kinds == ["commitment", "disbursement", "recovery", "release"]
    history = (await client.get(f"{API}/projects/{pid}/history", headers=auth("viewer"))).json()
    last = history["items"][-1]
    assert (last["action"], last["from_status"], last["to_status"]) == (
        "cancellation",
        "in_progress",
        "cancelled",
    )
    assert last["payload"]["recovered_vnd"] == 100_000_000


async def test_cancelling_a_draft_moves_no_money(client, auth):
    p = await create(client, auth)
    r = await post(
        client,
        auth,
        "program_manager",
        f"/projects/{p['id']}/cancellation",
        {"reason": "rút hồ sơ"},
    )
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


@pytest.mark.program(cap=10)  # the program's own advance cap is tighter than ours
async def test_advance_refused_by_budget_is_passed_through(client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    r = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{p['id']}/advances",
        {"amount_vnd": 100_000_000, "reference": "UNC-1"},
    )
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "budget.advance_cap_exceeded"
    after = await _project(client, auth, p["id"])
    assert (after["advanced_vnd"], after["pending_saga"]) == (0, None)


async def test_reconciliation_finishes_an_approval_interrupted_after_the_commit(
    app, client, budget, auth
):
    await fund(budget, auth)
    p = await appraised(client, auth)
    pid = uuid.UUID(p["id"])
    ctx = app.state.saga
    principal = _manager()
    # the process "dies" after budget committed and before the project was updated
    async with ctx.step() as session:
        payload = await sagas.claim_approval(
            session, principal, pid, ApprovalIn(**approval()), None
        )
    await ctx.budget.commit(
        key=payload.key,
        project_id=str(pid),
        fiscal_year=2017,
        category="technology_transfer",
        source="local",
        amount=300_000_000,
    )
    assert (await _project(client, auth, p["id"]))["pending_saga"] == "approve"
    r = await post(client, auth, "program_manager", f"/projects/{pid}/rejection", {"reason": "x"})
    assert r.status_code == 409 and r.json()["code"] == "project.saga_in_progress"
    done = await sagas.reconcile(ctx, grace=timedelta(0))
    assert done["finished"] == 1
    after = await _project(client, auth, p["id"])
    assert (after["status"], after["pending_saga"]) == ("approved", None)
    [c] = await commitments(budget, auth, p["id"])
    assert after["commitment_id"] == c["id"]


async def test_reconciliation_undoes_an_approval_that_never_reached_budget(app, client, auth):
    p = await appraised(client, auth)
    async with app.state.saga.step() as session:
        await sagas.claim_approval(
            session, _manager(), uuid.UUID(p["id"]), ApprovalIn(**approval()), None
        )
    done = await sagas.reconcile(app.state.saga, grace=timedelta(0))
    assert done["undone"] == 1
    after = await _project(client, auth, p["id"])
    assert (after["status"], after["pending_saga"]) == ("appraised", None)


async def test_reconciliation_releases_an_orphan_commitment(app, client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)
    await app.state.saga.budget.commit(
        key=f"project:{p['id']}:approve",
        project_id=p["id"],
        fiscal_year=2017,
        category="technology_transfer",
        source="local",
        amount=300_000_000,
    )
    done = await sagas.reconcile(app.state.saga, grace=timedelta(0))
    assert done["released"] == 1
    [c] = await commitments(budget, auth, p["id"])
    assert c["status"] == "closed"
    assert (await summary_line(budget, auth))["committed_vnd"] == 0


async def test_reconciliation_finishes_a_settlement(app, client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    pid = p["id"]
    await post(client, auth, "program_officer", f"/projects/{pid}/start")
    await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/acceptance",
        {"accepted_on": "2017-11-30", "record_number": "NT-1", "accepted_support_vnd": 250_000_000},
    )
    from projects.projects.schemas import SettlementIn

    async with app.state.saga.step() as session:
        await sagas.claim_settlement(
            session,
            _finance(),
            uuid.UUID(pid),
            SettlementIn(settled_on="2018-01-10", reference="QT-2"),
            None,
        )
    # the final payment went out, then the process died before the release
    await app.state.saga.budget.disburse(
        key=f"project:{pid}:settle:final",
        commitment_id=p["commitment_id"],
        amount=250_000_000,
        kind="final",
        reference="QT-2",
        document_date="2018-01-10",
    )
    done = await sagas.reconcile(app.state.saga, grace=timedelta(0))
    assert done["finished"] == 1
    after = await _project(client, auth, pid)
    assert (after["status"], after["disbursed_vnd"], after["released_vnd"]) == (
        "settled",
        250_000_000,
        50_000_000,
    )
    [c] = await commitments(budget, auth, pid)
    assert (c["status"], c["disbursed_vnd"]) == ("closed", 250_000_000)


async def test_reconcile_command_runs_once(database_url, signer):
    from projects.reconcile import run_once
    from projects.settings import ProjectsSettings

    settings = ProjectsSettings(
        environment="test",
        database_url=database_url,
        jwt_public_key=signer.public_key_pem(),
        budget_url=DOWN_URL,
        log_json=False,
    )
    assert await run_once(settings, 0) == {
        "finished": 0,
        "undone": 0,
        "released": 0,
        "failed": 0,
        "plans_finished": 0,
        "plans_undone": 0,
        "plans_failed": 0,
    }


def _manager():
    from kc_common.auth import Principal

    return Principal(
        subject="test-program_manager", role="program_manager", username="program_manager"
    )


def _finance():
    from kc_common.auth import Principal

    return Principal(
        subject="test-finance_officer", role="finance_officer", username="finance_officer"
    )
