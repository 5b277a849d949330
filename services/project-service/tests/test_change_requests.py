"""Change requests (điều chỉnh đề án): asked on an approved project, decided by the manager; a
budget increase raises the commitment through the saga, a decrease releases the difference."""

import uuid

from tests.factories import (
    API,
    appraised,
    approval,
    approved,
    commitments,
    enterprise,
    fund,
    post,
    project_body,
    summary_line,
)

# a demonstration model: ≤ 30% of 2,000,000,000, so up to 600,000,000 of support
MODEL = {
    "activity_type": "demonstration_model",
    "total_cost_vnd": 2_000_000_000,
    "counterpart_vnd": 1_700_000_000,
}


def cr_path(pid: str) -> str:
    return f"/projects/{pid}/change-requests"


async def ask(client, auth, pid: str, kind: str, changes, role: str = "program_officer"):
    body = {"kind": kind, "reason": "Giá máy tăng so với dự toán", "changes": changes}
    return await post(client, auth, role, cr_path(pid), body)


def decision(approved: bool = True, number: str = "45/QĐ-SCT") -> dict:
    return {
        "approved": approved,
        "decision_number": number,
        "decision_date": "2017-06-20",
        "note": "Đồng ý",
    }


async def decide(client, auth, pid: str, cr_id: str, body: dict, role: str = "program_manager"):
    return await post(client, auth, role, f"{cr_path(pid)}/{cr_id}/decision", body)


async def test_an_approved_increase_raises_the_commitment_and_is_in_the_history(
    client, budget, auth
):
    await fund(budget, auth)
    p = await approved(client, auth, **MODEL)
    r = await ask(client, auth, p["id"], "budget", {"approved_support_vnd": 400_000_000})
    assert r.status_code == 201, r.text
    cr = r.json()
    assert cr["status"] == "pending" and cr["number"] == 1
    assert cr["approver"] == "provincial_committee"  # a local project's increase
    assert (await summary_line(budget, auth))["committed_vnd"] == 300_000_000

    # a decision dated after today is refused, and nothing moves
    future = {**decision(), "decision_date": "2099-01-01"}
    r = await decide(client, auth, p["id"], cr["id"], future)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "decision_date"
    assert (await summary_line(budget, auth))["committed_vnd"] == 300_000_000
    r = await decide(client, auth, p["id"], cr["id"], decision())
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved"
    assert r.json()["previous"] == {"approved_support_vnd": 300_000_000}
    project = (await client.get(f"{API}/projects/{p['id']}", headers=auth("viewer"))).json()
    assert project["approved_support_vnd"] == 400_000_000 and project["pending_saga"] is None
    [c] = await commitments(budget, auth, p["id"])
    assert (c["amount_vnd"], c["committed_vnd"]) == (400_000_000, 400_000_000)
    assert (await summary_line(budget, auth))["committed_vnd"] == 400_000_000
    events = (await client.get(f"{API}/projects/{p['id']}/history", headers=auth("viewer"))).json()
    changed = [e for e in events["items"] if e["action"] == "change_approved"]
    assert len(changed) == 1 and changed[0]["document_date"] == "2017-06-20"
    assert changed[0]["payload"]["decision_number"] == "45/QĐ-SCT"

    # more than 30% of the cost needs a higher cost: the limit is taken on the new total
    r = await ask(client, auth, p["id"], "budget", {"approved_support_vnd": 700_000_000})
    assert r.status_code == 422 and r.json()["params"]["limit_vnd"] == 600_000_000
    assert "nội dung 'Mô hình trình diễn kỹ thuật'" in r.json()["detail"]
    bigger = {"approved_support_vnd": 700_000_000, "total_cost_vnd": 2_400_000_000}
    assert (await ask(client, auth, p["id"], "budget", bigger)).status_code == 201

    # the same decision again is a replay: nothing moves twice
    r = await decide(client, auth, p["id"], cr["id"], decision())
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert (await summary_line(budget, auth))["committed_vnd"] == 400_000_000
    r = await decide(client, auth, p["id"], cr["id"], decision(approved=False))
    assert r.status_code == 409 and r.json()["code"] == "project.change_request_decided"


async def test_an_increase_the_line_cannot_take_stays_pending(client, budget, auth):
    await fund(budget, auth, allocated=350_000_000)
    p = await approved(client, auth, **MODEL)
    cr = (await ask(client, auth, p["id"], "budget", {"approved_support_vnd": 400_000_000})).json()
    r = await decide(client, auth, p["id"], cr["id"], decision())
    assert r.status_code == 409 and r.json()["code"] == "budget.insufficient_funds"
    listed = (await client.get(f"{API}{cr_path(p['id'])}", headers=auth("viewer"))).json()
    assert listed["total"] == 1 and listed["items"][0]["status"] == "pending"
    project = (await client.get(f"{API}/projects/{p['id']}", headers=auth("viewer"))).json()
    assert project["approved_support_vnd"] == 300_000_000 and project["pending_saga"] is None
    [c] = await commitments(budget, auth, p["id"])
    assert c["committed_vnd"] == 300_000_000

    await fund(budget, auth, allocated=100_000_000)  # more money on the line: decided again
    r = await decide(client, auth, p["id"], cr["id"], decision())
    assert r.status_code == 200, r.text
    assert (await summary_line(budget, auth))["committed_vnd"] == 400_000_000


async def test_an_approved_decrease_releases_the_difference(client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    cr = (await ask(client, auth, p["id"], "budget", {"approved_support_vnd": 200_000_000})).json()
    assert cr["approver"] == "doit"  # a reduction of a local project
    r = await decide(client, auth, p["id"], cr["id"], decision())
    assert r.status_code == 200, r.text
    [c] = await commitments(budget, auth, p["id"])
    assert (c["committed_vnd"], c["released_vnd"], c["status"]) == (
        200_000_000,
        100_000_000,
        "open",
    )
    project = (await client.get(f"{API}/projects/{p['id']}", headers=auth("viewer"))).json()
    # the reduction is the new approved support, not money left unused: approved − released is
    # still what stays committed, through the settlement too
    assert (project["approved_support_vnd"], project["released_vnd"]) == (200_000_000, 0)
    pid = p["id"]
    assert (
        await post(client, auth, "program_officer", f"/projects/{pid}/start")
    ).status_code == 200
    acceptance = {
        "accepted_on": "2017-11-30",
        "record_number": "NT-01",
        "accepted_support_vnd": 150_000_000,
        "actual_kpis": {},
    }
    r = await post(client, auth, "program_officer", f"/projects/{pid}/acceptance", acceptance)
    assert r.status_code == 200, r.text
    settlement = {"settled_on": "2018-01-10", "reference": "QT-01"}
    r = await post(client, auth, "finance_officer", f"/projects/{pid}/settlement", settlement)
    assert r.status_code == 200, r.text
    project = r.json()
    [c] = await commitments(budget, auth, pid)
    assert project["released_vnd"] == 50_000_000 and c["released_vnd"] == 150_000_000
    assert project["approved_support_vnd"] - project["released_vnd"] == c["committed_vnd"]


async def test_changes_are_checked_by_their_kind(client, budget, registry, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    cases = [
        ("budget", {"approved_support_vnd": "400000000"}, "changes.approved_support_vnd"),
        ("budget", {"approved_support_vnd": 300_000_000}, "changes.approved_support_vnd"),
        ("budget", {"approved_support_vnd": 900_000_000}, "changes.approved_support_vnd"),
        ("schedule", {"end_on": "2017-01-01"}, "changes.end_on"),
        ("schedule", {"start_on": "2017-05-01", "budget": 1}, "changes.budget"),
        ("location", {"admin_unit_code": "Thủ Dầu Một"}, "changes.admin_unit_code"),
        ("content", {}, "changes"),
        ("content", {"planned_kpis": {"no_such_kpi": 1}}, "changes.planned_kpis.no_such_kpi"),
        (
            "beneficiary",
            {"beneficiary_enterprise_id": str(uuid.uuid4())},
            "changes.beneficiary_enterprise_id",
        ),
    ]
    for kind, changes, field in cases:
        r = await ask(client, auth, p["id"], kind, changes)
        assert r.status_code == 422, (kind, changes, r.text)
        assert [e["field"] for e in r.json()["errors"]] == [field], (kind, r.text)
    listed = (await client.get(f"{API}{cr_path(p['id'])}", headers=auth("viewer"))).json()
    assert listed["total"] == 0

    other = await enterprise(registry, auth)
    r = await ask(client, auth, p["id"], "beneficiary", {"beneficiary_enterprise_id": other})
    assert r.status_code == 201, r.text
    assert r.json()["approver"] == "doit"

    draft = (await post(client, auth, "program_officer", "/projects", project_body())).json()
    r = await ask(client, auth, draft["id"], "schedule", {"end_on": "2017-12-31"})
    assert r.status_code == 409 and r.json()["code"] == "project.invalid_transition"


async def test_approved_changes_update_the_project_and_a_rejection_does_not(client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    schedule = (await ask(client, auth, p["id"], "schedule", {"end_on": "2017-12-20"})).json()
    place = (await ask(client, auth, p["id"], "location", {"admin_unit_code": "25747"})).json()
    assert (schedule["number"], place["number"]) == (1, 2)

    r = await decide(client, auth, p["id"], schedule["id"], decision(), role="program_officer")
    assert r.status_code == 403
    r = await decide(client, auth, p["id"], schedule["id"], {"approved": True})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "decision_number"

    assert (await decide(client, auth, p["id"], schedule["id"], decision())).status_code == 200
    r = await decide(client, auth, p["id"], place["id"], {"approved": False, "note": "Không"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    project = (await client.get(f"{API}/projects/{p['id']}", headers=auth("viewer"))).json()
    assert project["end_on"] == "2017-12-20" and project["admin_unit_code"] == "74"
    listed = (await client.get(f"{API}{cr_path(p['id'])}", headers=auth("viewer"))).json()
    by_number = {c["number"]: c for c in listed["items"]}
    assert by_number[1]["previous"] == {"end_on": "2017-11-30"}
    assert by_number[2]["previous"] is None

    # an enterprise sees only its own projects' requests
    r = await client.get(
        f"{API}{cr_path(p['id'])}", headers=auth("enterprise", enterprise_id=str(uuid.uuid4()))
    )
    assert r.status_code == 404


async def test_an_approved_change_of_beneficiary_keeps_the_one_it_replaced(
    client, budget, registry, auth
):
    await fund(budget, auth)
    first, second = await enterprise(registry, auth), await enterprise(registry, auth)
    p = await approved(client, auth, beneficiary_enterprise_id=first)
    cr = await ask(client, auth, p["id"], "beneficiary", {"beneficiary_enterprise_id": second})
    r = await decide(client, auth, p["id"], cr.json()["id"], decision())
    assert r.status_code == 200, r.text
    assert r.json()["previous"] == {"beneficiary_enterprise_id": first}
    project = (await client.get(f"{API}/projects/{p['id']}", headers=auth("viewer"))).json()
    assert project["beneficiary_enterprise_id"] == second


async def test_new_financing_must_add_up_and_may_come_alone(client, budget, auth):
    """A change of total cost or counterpart is checked like a proposal's financing (an approved
    one had left 100,000,000 of the cost uncovered); one that keeps the support moves no money."""
    await fund(budget, auth)
    p = await approved(client, auth)  # 600,000,000 of cost, 300,000,000 approved
    short = {"approved_support_vnd": 280_000_000, "total_cost_vnd": 800_000_000,
             "counterpart_vnd": 400_000_000}  # fmt: skip
    r = await ask(client, auth, p["id"], "budget", short)
    assert r.status_code == 422 and r.json()["code"] == "project.counterpart_insufficient", r.text
    assert r.json()["errors"][0]["field"] == "changes.counterpart_vnd"

    alone = {"approved_support_vnd": 300_000_000, "total_cost_vnd": 650_000_000,
             "counterpart_vnd": 350_000_000}  # fmt: skip
    r = await ask(client, auth, p["id"], "budget", alone)
    assert r.status_code == 201, r.text
    r = await decide(client, auth, p["id"], r.json()["id"], decision())
    assert r.status_code == 200 and r.json()["status"] == "approved", r.text
    project = (await client.get(f"{API}/projects/{p['id']}", headers=auth("viewer"))).json()
    assert (project["total_cost_vnd"], project["counterpart_vnd"]) == (650_000_000, 350_000_000)
    assert project["approved_support_vnd"] == 300_000_000 and project["pending_saga"] is None
    assert (await summary_line(budget, auth))["committed_vnd"] == 300_000_000  # nothing moved
    # the same amounts again are no change
    r = await ask(client, auth, p["id"], "budget", alone)
    assert r.status_code == 422 and r.json()["code"] == "project.change_no_difference", r.text


async def test_a_project_leaving_a_priority_area_leaves_its_raised_level(client, budget, auth):
    """Proposed in a priority commune at 150% and moved out, a project kept support the policy
    allows only there: the move is checked against the new place's level."""
    await fund(budget, auth)
    mark = {
        "admin_unit_code": "25840",
        "uplift_percent": 150,
        "legal_basis": "Quyết định 12/2016/QĐ-UBND",
        "effective_from": "2016-01-01",
    }
    assert (await post(client, auth, "program_manager", "/priority-areas", mark)).status_code == 201
    # machinery: ≤ 50% and ≤ 300,000,000; raised to ≤ 75% and ≤ 450,000,000 there
    p = await appraised(client, auth, admin_unit_code="25840", total_cost_vnd=1_000_000_000,
                        requested_support_vnd=450_000_000, counterpart_vnd=550_000_000)  # fmt: skip
    r = await post(client, auth, "program_manager", f"/projects/{p['id']}/approval",
                   approval(450_000_000))  # fmt: skip
    assert r.status_code == 200, r.text
    r = await ask(client, auth, p["id"], "location", {"admin_unit_code": "25747"})
    assert r.status_code == 422 and r.json()["code"] == "project.support_above_policy", r.text
    assert r.json()["errors"][0]["field"] == "changes.admin_unit_code"
    assert r.json()["params"]["limit_vnd"] == 300_000_000
