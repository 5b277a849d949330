"""An annual plan's approval with real processes on PostgreSQL: all projects or none, when
budget-service is killed in the middle of the batch, and when a single approval races the plan
for the same last money."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from typing import Any

import asyncpg
import httpx

from tests.system.conftest import ROOT
from tests.system.test_project_sagas import API, CATEGORY, Stack, approval
from tests.system.test_project_sagas import stack as stack  # the same processes, for this module


def decision(year: int) -> dict[str, Any]:
    return {
        "decision_number": f"{year - 2000}/QĐ-UBND",
        "decision_date": f"{year}-03-15",
        "funding_source": "local",
    }


def submitted_plan(stack: Stack, year: int, projects: list[dict[str, Any]]) -> str:
    r = stack.call(
        "projects",
        "POST",
        "/plans",
        "program_officer",
        {"fiscal_year": year, "level": "local", "title": f"Kế hoạch khuyến công năm {year}"},
    )
    assert r.status_code == 201, r.text
    plan_id = str(r.json()["id"])
    for p in projects:
        r = stack.call(
            "projects",
            "POST",
            f"/plans/{plan_id}/items",
            "program_officer",
            {"project_id": p["id"]},
        )
        assert r.status_code == 201, r.text
    r = stack.call("projects", "POST", f"/plans/{plan_id}/submit", "program_officer")
    assert r.status_code == 200, r.text
    return plan_id


def plan(stack: Stack, plan_id: str) -> dict[str, Any]:
    r = stack.call("projects", "GET", f"/plans/{plan_id}", "viewer")
    assert r.status_code == 200, r.text
    return dict(r.json())


def all_or_none(stack: Stack, year: int, projects: list[dict[str, Any]]) -> str:
    """Every project approved on its own open commitment, or every one appraised with none; the
    line's committed total is what the approved projects hold, and the ledger verifies.
    Returns "all" or "none"."""
    states = []
    approved_total = 0
    for p in projects:
        now = stack.project(p["id"])
        commitments = stack.commitments(p["id"])
        assert now["pending_saga"] is None, now
        if now["status"] == "approved":
            [c] = commitments
            assert (c["id"], c["committed_vnd"], c["status"]) == (
                now["commitment_id"],
                now["approved_support_vnd"],
                "open",
            )
            approved_total += c["committed_vnd"]
        else:
            assert (now["status"], now["commitment_id"], commitments) == ("appraised", None, [])
        states.append(now["status"])
    assert len(set(states)) == 1, states
    return "all" if states[0] == "approved" else "none"


def verified(stack: Stack) -> None:
    r = stack.call("budget", "GET", "/budget/ledger/verify", "viewer")
    assert r.status_code == 200 and r.json()["ok"] is True, r.text


def asyncpg_url(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://")


async def hold_line_and_kill_budget(stack: Stack, year: int, plan_id: str) -> httpx.Response:
    """Lock the year's allocation line in budget's database, send the plan's approval, wait
    until budget's batch is waiting for that lock (inside its transaction), kill the budget
    process (SIGKILL) and only then let the lock go: the batch dies in the middle."""
    budget = stack.procs["budget"]
    url = asyncpg_url(budget.env["BUDGET_DATABASE_URL"])
    database = url.rsplit("/", 1)[1]
    holder = await asyncpg.connect(url)
    watcher = await asyncpg.connect(url)
    try:
        tx = holder.transaction()
        await tx.start()
        await holder.execute(
            "SELECT 1 FROM allocation_lines WHERE fiscal_year = $1 FOR UPDATE", year
        )
        async with httpx.AsyncClient(timeout=60) as client:
            sent = asyncio.create_task(
                client.post(
                    f"{stack.procs['projects'].url}{API}/plans/{plan_id}/approval",
                    json=decision(year),
                    headers=stack.h.headers("program_manager"),
                )
            )
            deadline = time.monotonic() + 60
            while True:  # until the batch's UPDATE waits on our row lock
                waiting = await watcher.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
                    database,
                )
                if waiting:
                    break
                assert not sent.done(), (await sent).text
                assert time.monotonic() < deadline, "the batch never reached the line"
                await asyncio.sleep(0.05)
            assert budget.proc is not None
            budget.proc.kill()
            budget.proc.wait(timeout=10)
            budget.stop()  # forget the dead process (same port and database on restart)
            await tx.rollback()
            return await sent
    finally:
        await holder.close()
        await watcher.close()


def reconcile(stack: Stack) -> dict[str, int]:
    """`python -m projects.reconcile` with project-service's own settings, as operations run it."""
    projects = stack.procs["projects"]
    done = subprocess.run(
        [sys.executable, "-m", "projects.reconcile", "--grace", "0"],
        env={**os.environ, **projects.env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


async def test_budget_killed_in_the_middle_of_the_batch_then_reconciled(stack: Stack) -> None:
    year = 2016
    stack.fund(year, 1_000_000_000)
    projects = [stack.appraised(year, support) for support in (300_000_000, 250_000_000)]
    plan_id = submitted_plan(stack, year, projects)

    r = await hold_line_and_kill_budget(stack, year, plan_id)
    # budget died with the request in flight: project-service cannot know whether it committed
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "upstream.unavailable"
    assert plan(stack, plan_id)["pending_saga"] == "approve"
    assert {stack.project(p["id"])["pending_saga"] for p in projects} == {"plan"}

    stack.procs["budget"].start()
    # the killed transaction committed nothing
    assert all(stack.commitments(p["id"]) == [] for p in projects)
    assert stack.line(year)["committed_vnd"] == 0
    # another approval meanwhile must not slip past the pending plan
    r = stack.call(
        "projects",
        "POST",
        f"/projects/{projects[0]['id']}/approval",
        "program_manager",
        approval(),
    )
    assert r.status_code == 409 and r.json()["code"] == "project.saga_in_progress"

    done = reconcile(stack)
    assert (done["plans_finished"], done["plans_failed"]) == (1, 0), done
    after = plan(stack, plan_id)
    assert (after["status"], after["pending_saga"], after["decision_number"]) == (
        "approved",
        None,
        decision(year)["decision_number"],
    )
    assert all_or_none(stack, year, projects) == "all"
    line = stack.line(year)
    assert (line["committed_vnd"], line["available_vnd"]) == (550_000_000, 450_000_000)
    r = stack.call("budget", "GET", "/budget/ledger", "viewer", params={"fiscal_year": year})
    commitments = [e for e in r.json()["items"] if e["kind"] == "commitment"]
    assert sorted(e["amount_vnd"] for e in commitments) == [250_000_000, 300_000_000]
    assert {e["document_date"] for e in commitments} == {f"{year}-03-15"}
    verified(stack)

    # the manager's retry after the outage gets the approved plan, nothing committed again
    r = stack.call("projects", "POST", f"/plans/{plan_id}/approval", "program_manager",
                   decision(year))  # fmt: skip
    assert r.status_code == 409 and r.json()["code"] == "plan.invalid_transition"
    assert stack.line(year)["committed_vnd"] == 550_000_000


async def test_a_single_approval_racing_the_plan_for_the_last_money(stack: Stack) -> None:
    year = 2018
    stack.fund(year, 500_000_000)  # the plan (400m) or the single project (300m), not both
    in_plan = [stack.appraised(year, 200_000_000) for _ in range(2)]
    alone = stack.appraised(year, 300_000_000)
    plan_id = submitted_plan(stack, year, in_plan)
    url = stack.procs["projects"].url
    headers = stack.h.headers("program_manager")
    async with httpx.AsyncClient(timeout=60) as client:
        by_plan, single = await asyncio.gather(
            client.post(
                f"{url}{API}/plans/{plan_id}/approval", json=decision(year), headers=headers
            ),
            client.post(
                f"{url}{API}/projects/{alone['id']}/approval", json=approval(), headers=headers
            ),
        )
    assert sorted([by_plan.status_code, single.status_code]) == [200, 409], (
        by_plan.text,
        single.text,
    )
    loser = by_plan if by_plan.status_code == 409 else single
    assert loser.json()["code"] == "budget.insufficient_funds"
    outcome = all_or_none(stack, year, in_plan)
    after = plan(stack, plan_id)
    lone = stack.project(alone["id"])
    line = stack.line(year)
    if by_plan.status_code == 200:
        assert (outcome, after["status"], lone["status"]) == ("all", "approved", "appraised")
        assert stack.commitments(alone["id"]) == []
        assert line["committed_vnd"] == 400_000_000
    else:
        assert (outcome, after["status"], after["pending_saga"]) == ("none", "submitted", None)
        assert [s["category"] for s in loser.json()["params"]["short_lines"]] == [CATEGORY]
        [c] = stack.commitments(alone["id"])
        assert (lone["status"], lone["commitment_id"]) == ("approved", c["id"])
        assert line["committed_vnd"] == 300_000_000
    assert line["committed_vnd"] + line["available_vnd"] == 500_000_000
    verified(stack)
