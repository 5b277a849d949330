"""Annual plans: items, ranking, planned against allocated, and the all-or-none approval saga
against the real budget-service."""

import uuid
from datetime import timedelta
from typing import Any

import httpx

from kc_common.auth import Principal
from kc_common.testing import asgi_client
from projects.plans import flows
from projects.plans.schemas import PlanApprovalIn
from tests.conftest import DOWN_URL
from tests.factories import API, Auth, appraised, approval, commitments, create, fund, post
from tests.factories import summary_line as line

DECISION = {
    "decision_number": "512/QĐ-UBND",
    "decision_date": "2017-03-10",
    "funding_source": "local",
}


async def candidate(
    client: httpx.AsyncClient, auth: Auth, score: int = 80, support: int = 200_000_000, **kw: Any
) -> dict[str, Any]:
    """An appraised project recommended for approval with `support`."""
    p = await create(client, auth, **kw)
    r = await post(client, auth, "program_officer", f"/projects/{p['id']}/submit")
    assert r.status_code == 200, r.text
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{p['id']}/appraisal",
        {"score": score, "recommendation": "approve", "recommended_support_vnd": support},
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


async def new_plan(client: httpx.AsyncClient, auth: Auth, **kw: Any) -> dict[str, Any]:
    body = {"fiscal_year": 2017, "level": "local", "title": "Kế hoạch khuyến công năm 2017", **kw}
    r = await post(client, auth, "program_officer", "/plans", body)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def add(client: httpx.AsyncClient, auth: Auth, plan_id: str, pid: str) -> httpx.Response:
    return await post(
        client, auth, "program_officer", f"/plans/{plan_id}/items", {"project_id": pid}
    )


async def submitted_plan(
    client: httpx.AsyncClient, auth: Auth, projects: list[dict[str, Any]]
) -> dict[str, Any]:
    plan = await new_plan(client, auth)
    for p in projects:
        assert (await add(client, auth, plan["id"], p["id"])).status_code == 201
    r = await post(client, auth, "program_officer", f"/plans/{plan['id']}/submit")
    assert r.status_code == 200, r.text
    return dict(r.json())


async def get_plan(client: httpx.AsyncClient, auth: Auth, plan_id: str) -> dict[str, Any]:
    r = await client.get(f"{API}/plans/{plan_id}", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return dict(r.json())


async def project(client: httpx.AsyncClient, auth: Auth, pid: str) -> dict[str, Any]:
    r = await client.get(f"{API}/projects/{pid}", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return dict(r.json())


def manager() -> Principal:
    return Principal(subject="test-program_manager", role="program_manager", username="manager")


async def test_items_are_ranked_and_planned_against_the_allocation(client, budget, auth):
    await fund(budget, auth, allocated=500_000_000)
    low = await candidate(client, auth, score=70)
    high = await candidate(client, auth, score=92)
    mid = await candidate(client, auth, score=85)
    plan = await new_plan(client, auth)
    assert (plan["status"], plan["version"], plan["items"], plan["by_category"]) == (
        "draft",
        1,
        [],
        [],
    )
    for p in (low, high, mid):
        r = await add(client, auth, plan["id"], p["id"])
        assert r.status_code == 201, r.text
    plan = r.json()
    assert [(i["code"], i["score"], i["rank"]) for i in plan["items"]] == [
        (high["code"], 92, 1),
        (mid["code"], 85, 2),
        (low["code"], 70, 3),
    ]
    assert plan["items"][0]["recommended_support_vnd"] == 200_000_000
    [ln] = plan["by_category"]
    assert ln == {
        "category": "technology_transfer",
        "funding_source": "local",
        "planned_vnd": 600_000_000,
        "to_commit_vnd": 600_000_000,
        "allocated_vnd": 500_000_000,
        "available_vnd": 500_000_000,
        "fits": False,
    }
    r = await client.delete(
        f"{API}/plans/{plan['id']}/items/{low['id']}", headers=auth("program_officer")
    )
    assert r.status_code == 200, r.text
    assert [i["rank"] for i in r.json()["items"]] == [1, 2]
    assert r.json()["by_category"][0]["fits"] is True
    listed = await client.get(f"{API}/plans", params={"fiscal_year": 2017}, headers=auth("viewer"))
    assert listed.status_code == 200
    [row] = listed.json()["items"]
    assert (row["id"], row["item_count"], row["planned_vnd"]) == (plan["id"], 2, 400_000_000)


async def test_only_appraised_projects_of_the_year_and_level_go_in(client, auth):
    plan = await new_plan(client, auth)
    draft = await create(client, auth)
    r = await add(client, auth, plan["id"], draft["id"])
    assert r.status_code == 409 and r.json()["code"] == "plan.project_not_appraised"
    other_year = await candidate(client, auth, fiscal_year=2018)
    r = await add(client, auth, plan["id"], other_year["id"])
    assert r.status_code == 422 and r.json()["code"] == "plan.project_other_year"
    assert r.json()["errors"][0]["field"] == "project_id"
    national = await candidate(client, auth, level="national")
    r = await add(client, auth, plan["id"], national["id"])
    assert r.status_code == 422 and r.json()["code"] == "plan.project_other_level"
    r = await add(client, auth, plan["id"], str(uuid.uuid4()))
    assert r.status_code == 422 and r.json()["code"] == "plan.project_unknown"
    ok = await candidate(client, auth)
    assert (await add(client, auth, plan["id"], ok["id"])).status_code == 201
    r = await add(client, auth, plan["id"], ok["id"])
    assert r.status_code == 409 and r.json()["code"] == "plan.item_exists"
    # one plan per year and level
    body = {"fiscal_year": 2017, "level": "local", "title": "Kế hoạch thứ hai"}
    r = await post(client, auth, "program_officer", "/plans", body)
    assert r.status_code == 409 and r.json()["code"] == "plan.exists"
    assert r.json()["params"]["plan_id"] == plan["id"]
    assert len((await get_plan(client, auth, plan["id"]))["items"]) == 1


async def test_steps_from_the_wrong_status_are_409_and_roles_are_checked(client, auth):
    plan = await new_plan(client, auth)
    pid = plan["id"]
    r = await post(client, auth, "program_officer", f"/plans/{pid}/submit")
    assert r.status_code == 409 and r.json()["code"] == "plan.empty"
    for path in ("return", "revisions"):
        r = await post(client, auth, "program_manager", f"/plans/{pid}/{path}")
        assert r.status_code == 409 and r.json()["code"] == "plan.invalid_transition", path
    r = await post(client, auth, "program_manager", f"/plans/{pid}/approval", DECISION)
    assert r.status_code == 409 and r.json()["code"] == "plan.invalid_transition"
    p = await candidate(client, auth)
    assert (await add(client, auth, pid, p["id"])).status_code == 201
    r = await post(client, auth, "program_officer", f"/plans/{pid}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert r.json()["allowed_actions"] == ["return"]
    late = await candidate(client, auth)
    r = await add(client, auth, pid, late["id"])
    assert r.status_code == 409 and r.json()["code"] == "plan.invalid_transition"
    r = await post(client, auth, "program_officer", f"/plans/{pid}/approval", DECISION)
    assert r.status_code == 403
    r = await post(client, auth, "program_manager", f"/plans/{pid}/return")
    assert r.status_code == 200 and r.json()["status"] == "draft"
    assert (await add(client, auth, pid, late["id"])).status_code == 201
    r = await client.get(f"{API}/plans", headers=auth("enterprise"))
    assert r.status_code == 403
    r = await post(client, auth, "viewer", "/plans", {"fiscal_year": 2018, "level": "local",
                                                       "title": "Kế hoạch 2018"})  # fmt: skip
    assert r.status_code == 403


async def test_approval_approves_every_project_with_its_own_commitment(client, budget, auth):
    await fund(budget, auth, allocated=1_000_000_000)
    a = await candidate(client, auth, score=90, support=300_000_000)
    b = await candidate(client, auth, score=80, support=250_000_000)
    plan = await submitted_plan(client, auth, [a, b])
    key = {"Idempotency-Key": "plan-2017-approve"}
    r = await post(
        client, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION, **key
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["status"], out["decision_number"], out["decision_date"], out["pending_saga"]) == (
        "approved",
        "512/QĐ-UBND",
        "2017-03-10",
        None,
    )
    assert [(d["version"], d["projects"], d["approved_vnd"]) for d in out["decisions"]] == [
        (1, 2, 550_000_000)
    ]
    for p, amount in ((a, 300_000_000), (b, 250_000_000)):
        after = await project(client, auth, p["id"])
        [c] = await commitments(budget, auth, p["id"])
        assert (after["status"], after["approved_support_vnd"], after["commitment_id"]) == (
            "approved",
            amount,
            c["id"],
        )
        assert (c["amount_vnd"], c["document_date"]) == (amount, "2017-03-10")
        item = next(i for i in out["items"] if i["project_id"] == p["id"])
        assert (item["commitment_id"], item["approved_in_version"]) == (c["id"], 1)
        history = await client.get(f"{API}/projects/{p['id']}/history", headers=auth("viewer"))
        last = history.json()["items"][-1]
        assert (last["action"], last["document_date"], last["payload"]["plan_id"]) == (
            "approval",
            "2017-03-10",
            plan["id"],
        )
    assert (await line(budget, auth))["committed_vnd"] == 550_000_000
    assert out["by_category"][0]["to_commit_vnd"] == 0 and out["by_category"][0]["fits"] is True
    again = await post(
        client, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION, **key
    )
    assert again.status_code == 200 and again.json()["decisions"] == out["decisions"]
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION)
    assert r.status_code == 409 and r.json()["code"] == "plan.invalid_transition"
    assert (await line(budget, auth))["committed_vnd"] == 550_000_000


async def test_not_enough_money_approves_none_and_names_the_short_line(client, budget, auth):
    await fund(budget, auth, allocated=300_000_000)
    a, b = await candidate(client, auth), await candidate(client, auth)
    plan = await submitted_plan(client, auth, [a, b])
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION)
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "budget.insufficient_funds"
    assert r.json()["params"]["short_lines"] == [
        {
            "fiscal_year": 2017,
            "category": "technology_transfer",
            "funding_source": "local",
            "requested_vnd": 400_000_000,
            "available_vnd": 300_000_000,
        }
    ]
    after = await get_plan(client, auth, plan["id"])
    assert (after["status"], after["pending_saga"], after["decisions"]) == ("submitted", None, [])
    for p in (a, b):
        now = await project(client, auth, p["id"])
        assert (now["status"], now["pending_saga"], now["commitment_id"]) == (
            "appraised",
            None,
            None,
        )
        assert await commitments(budget, auth, p["id"]) == []
    assert (await line(budget, auth))["committed_vnd"] == 0


async def test_budget_unreachable_leaves_the_plan_as_it_was(make_app, client, budget, auth):
    await fund(budget, auth)
    p = await candidate(client, auth)
    plan = await submitted_plan(client, auth, [p])
    down = make_app(budget_url=DOWN_URL)
    async with down.router.lifespan_context(down):
        async for c in asgi_client(down):
            r = await post(c, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION)
            assert r.status_code == 503, r.text
            assert r.json()["code"] == "upstream.unavailable"
            read = await c.get(f"{API}/plans/{plan['id']}", headers=auth("viewer"))
    # read while budget is down: the plan without the budget figures, and a warning
    assert read.status_code == 200
    assert read.json()["by_category"][0]["allocated_vnd"] is None
    assert read.json()["by_category"][0]["fits"] is None
    assert read.json()["warnings"]
    after = await get_plan(client, auth, plan["id"])
    assert (after["status"], after["pending_saga"]) == ("submitted", None)
    assert (await project(client, auth, p["id"]))["pending_saga"] is None
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION)
    assert r.status_code == 200, r.text
    assert len(await commitments(budget, auth, p["id"])) == 1


async def test_reconciliation_finishes_an_approval_interrupted_after_the_batch(
    app, client, budget, auth
):
    await fund(budget, auth)
    a, b = await candidate(client, auth), await candidate(client, auth)
    plan = await submitted_plan(client, auth, [a, b])
    ctx = app.state.saga
    plan_id = uuid.UUID(plan["id"])
    async with ctx.step() as session:
        payload = await flows.claim_approval(
            session, manager(), plan_id, PlanApprovalIn(**DECISION), None
        )
    assert payload is not None
    # the process "dies" after budget committed the batch and before the projects were updated
    await ctx.budget.commit_batch(
        key=payload.key,
        commitments=[
            {
                "project_id": ln.project_id,
                "fiscal_year": 2017,
                "category": ln.category,
                "funding_source": "local",
                "amount_vnd": ln.amount_vnd,
            }
            for ln in payload.lines
        ],
        document_date="2017-03-10",
    )
    assert (await get_plan(client, auth, plan["id"]))["pending_saga"] == "approve"
    assert (await project(client, auth, a["id"]))["pending_saga"] == "plan"
    # nothing else may start on a marked project meanwhile
    r = await post(
        client, auth, "program_manager", f"/projects/{a['id']}/approval", approval(200_000_000)
    )
    assert r.status_code == 409 and r.json()["code"] == "project.saga_in_progress"
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/return")
    assert r.status_code == 409 and r.json()["code"] == "plan.saga_in_progress"
    done = await flows.reconcile(ctx, grace=timedelta(0))
    assert done == {"finished": 1, "undone": 0, "failed": 0}
    after = await get_plan(client, auth, plan["id"])
    assert (after["status"], after["pending_saga"]) == ("approved", None)
    for p in (a, b):
        [c] = await commitments(budget, auth, p["id"])  # replayed, not committed twice
        now = await project(client, auth, p["id"])
        assert (now["status"], now["pending_saga"], now["commitment_id"]) == (
            "approved",
            None,
            c["id"],
        )
    assert (await line(budget, auth))["committed_vnd"] == 400_000_000


async def test_reconciliation_undoes_an_approval_budget_now_refuses(app, client, budget, auth):
    await fund(budget, auth, allocated=500_000_000)
    a, b = await candidate(client, auth), await candidate(client, auth)
    plan = await submitted_plan(client, auth, [a, b])
    ctx = app.state.saga
    async with ctx.step() as session:
        await flows.claim_approval(
            session, manager(), uuid.UUID(plan["id"]), PlanApprovalIn(**DECISION), None
        )
    # before the batch reached budget, a single approval took most of the line
    other = await appraised(client, auth)
    r = await post(client, auth, "program_manager", f"/projects/{other['id']}/approval", approval())
    assert r.status_code == 200, r.text
    done = await flows.reconcile(ctx, grace=timedelta(0))
    assert done == {"finished": 0, "undone": 1, "failed": 0}
    after = await get_plan(client, auth, plan["id"])
    assert (after["status"], after["pending_saga"]) == ("submitted", None)
    for p in (a, b):
        now = await project(client, auth, p["id"])
        assert (now["status"], now["pending_saga"]) == ("appraised", None)
        assert await commitments(budget, auth, p["id"]) == []
    assert (await line(budget, auth))["committed_vnd"] == 300_000_000


async def test_a_project_approved_alone_meanwhile_stops_the_plan(client, budget, auth):
    await fund(budget, auth)
    a, b = await candidate(client, auth), await candidate(client, auth)
    plan = await submitted_plan(client, auth, [a, b])
    r = await post(
        client, auth, "program_manager", f"/projects/{a['id']}/approval", approval(200_000_000)
    )
    assert r.status_code == 200, r.text
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION)
    assert r.status_code == 409 and r.json()["code"] == "plan.items_not_ready"
    assert r.json()["params"]["projects"] == [a["code"]]
    assert await commitments(budget, auth, b["id"]) == []


async def test_a_revision_approves_only_what_it_adds(client, budget, auth):
    await fund(budget, auth)
    first = await candidate(client, auth)
    plan = await submitted_plan(client, auth, [first])
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/approval", DECISION)
    assert r.status_code == 200, r.text
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/revisions")
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["version"], r.json()["decision_number"]) == (
        "draft",
        2,
        None,
    )
    r = await client.delete(
        f"{API}/plans/{plan['id']}/items/{first['id']}", headers=auth("program_officer")
    )
    assert r.status_code == 409 and r.json()["code"] == "plan.item_approved"
    second = await candidate(client, auth, support=150_000_000)
    r = await add(client, auth, plan["id"], second["id"])
    assert r.status_code == 201, r.text
    assert r.json()["by_category"][0]["to_commit_vnd"] == 150_000_000
    assert (
        await post(client, auth, "program_officer", f"/plans/{plan['id']}/submit")
    ).status_code == 200
    v2 = {**DECISION, "decision_number": "888/QĐ-UBND", "decision_date": "2017-08-01"}
    r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/approval", v2)
    assert r.status_code == 200, r.text
    assert [
        (d["version"], d["decision_number"], d["approved_vnd"]) for d in r.json()["decisions"]
    ] == [
        (1, "512/QĐ-UBND", 200_000_000),
        (2, "888/QĐ-UBND", 150_000_000),
    ]
    assert len(await commitments(budget, auth, first["id"])) == 1
    [c] = await commitments(budget, auth, second["id"])
    assert c["document_date"] == "2017-08-01"
    assert (await line(budget, auth))["committed_vnd"] == 350_000_000


async def test_bad_input_is_422_naming_the_field(client, auth):
    for field, value in [
        ("title", "Kế hoạch \u202e2017"),
        ("level", "district"),
        ("fiscal_year", 1999),
    ]:
        body = {"fiscal_year": 2017, "level": "local", "title": "Kế hoạch 2017", field: value}
        r = await post(client, auth, "program_officer", "/plans", body)
        assert r.status_code == 422, (field, r.text)
        assert r.json()["errors"][0]["field"] == field
    plan = await new_plan(client, auth)
    for field, value in [("decision_number", "512\x01/QĐ"), ("funding_source", "bank")]:
        body = {**DECISION, field: value}
        r = await post(client, auth, "program_manager", f"/plans/{plan['id']}/approval", body)
        assert r.status_code == 422, (field, r.text)
        assert r.json()["errors"][0]["field"] == field
    r = await post(
        client, auth, "program_officer", f"/plans/{plan['id']}/items", {"project_id": "x"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "project_id"
    r = await client.get(f"{API}/plans/{uuid.uuid4()}", headers=auth("viewer"))
    assert r.status_code == 404 and r.json()["code"] == "plan.not_found"
    assert (await get_plan(client, auth, plan["id"]))["items"] == []
