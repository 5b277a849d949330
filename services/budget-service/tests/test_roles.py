import uuid

import pytest
from budget_factories import API, commitment_body

READS = [
    "/programs",
    "/years",
    "/years/2017/summary",
    "/years/2017/appropriations",
    "/years/2017/allocations",
    "/commitments",
    "/ledger",
    "/ledger/verify",
]

WRITES = [
    (
        "/programs",
        {"code": "P", "name": "n", "start_year": 2016, "end_year": 2020, "planned_annual_vnd": 1},
        {"admin", "program_manager"},
        set(),
    ),
    (
        "/years/2017/appropriations",
        {"funding_source": "local", "amount_vnd": 1, "decision_number": "1"},
        {"finance_officer"},
        set(),
    ),
    (
        "/years/2017/allocations",
        {"category": "training", "funding_source": "local", "amount_vnd": 1},
        {"program_manager"},
        set(),
    ),
    ("/years/2017/carry-over", {}, {"program_manager"}, set()),
    # the role check alone: money tied to a project is test_project_workflow.py's
    ("/commitments", commitment_body(1, project=False), {"program_manager"}, {"budget:write"}),
    (
        f"/commitments/{uuid.uuid4()}/release",
        {"amount_vnd": 1, "reason": "r"},
        {"program_manager"},
        {"budget:write"},
    ),
    (
        "/disbursements",
        {"commitment_id": str(uuid.uuid4()), "amount_vnd": 1, "kind": "final"},
        {"finance_officer"},
        {"budget:write"},
    ),
    (
        f"/commitments/{uuid.uuid4()}/recoveries",
        {"amount_vnd": 1, "reason": "r"},
        {"finance_officer"},
        {"budget:write"},
    ),
]

USERS = ["admin", "program_manager", "program_officer", "finance_officer", "viewer", "enterprise"]


async def test_reads(client, auth):
    for path in READS:
        assert (await client.get(API + path)).status_code == 401
        for role in ["admin", "program_manager", "program_officer", "finance_officer", "viewer"]:
            assert (await client.get(API + path, headers=auth(role))).status_code == 200, (
                path,
                role,
            )
        r = await client.get(
            API + path, headers=auth("enterprise", enterprise_id=str(uuid.uuid4()))
        )
        assert r.status_code == 403
        assert r.json()["code"] == "auth.forbidden"
        for client_role in ["integration", "service"]:
            ok = await client.get(API + path, headers=auth(client_role, scopes=["budget:read"]))
            assert ok.status_code == 200
            no = await client.get(API + path, headers=auth(client_role, scopes=["registry:read"]))
            assert no.status_code == 403


@pytest.mark.parametrize(("path", "body", "roles", "scopes"), WRITES)
async def test_writes(client, auth, path, body, roles, scopes):
    assert (await client.post(API + path, json=body)).status_code == 401
    r = await client.post(API + path, json=body, headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 401
    for role in USERS:
        r = await client.post(API + path, json=body, headers=auth(role))
        if role in roles:
            assert r.status_code != 403, (path, role)
        else:
            assert r.status_code == 403, (path, role, r.text)
    for client_role in ["integration", "service"]:
        r = await client.post(
            API + path, json=body, headers=auth(client_role, scopes=["budget:read"])
        )
        assert r.status_code == 403
        r = await client.post(
            API + path, json=body, headers=auth(client_role, scopes=["budget:write"])
        )
        assert (r.status_code != 403) == bool(scopes), (path, client_role)
