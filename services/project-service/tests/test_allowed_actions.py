"""ProjectOut.allowed_actions: the transitions a caller may post now, from the one table that
the routes (roles) and the service (statuses) also use; `status` is a published enum."""

import uuid
from types import SimpleNamespace

from kc_common.auth import Principal
from projects.projects.models import STATUSES, TRANSITIONS, ProjectStatus
from projects.projects.service import allowed_actions
from tests.factories import API, appraised, approval, create, enterprise, fund, post, project_body


async def actions(client, auth, pid: str, role: str, **kw) -> list[str]:
    r = await client.get(f"{API}/projects/{pid}", headers=auth(role, **kw))
    assert r.status_code == 200, r.text
    return list(r.json()["allowed_actions"])


async def test_allowed_actions_follow_status_and_role(client, budget, auth):
    await fund(budget, auth)
    p = await create(client, auth)
    pid = p["id"]
    assert p["allowed_actions"] == ["submit"]  # the creating officer's own answer
    assert await actions(client, auth, pid, "program_manager") == ["cancellation"]
    for role in ("finance_officer", "viewer", "admin"):
        assert await actions(client, auth, pid, role) == []

    p = await appraised(client, auth)
    pid = p["id"]
    assert p["allowed_actions"] == ["appraisal"]  # appraised again: the latest wins
    assert await actions(client, auth, pid, "program_manager") == [
        "approval",
        "rejection",
        "cancellation",
    ]
    r = await post(client, auth, "program_manager", f"/projects/{pid}/approval", approval())
    assert r.status_code == 200, r.text
    assert r.json()["allowed_actions"] == ["cancellation"]
    assert await actions(client, auth, pid, "program_officer") == ["start"]
    assert await actions(client, auth, pid, "finance_officer") == ["advances"]
    r = await post(client, auth, "program_officer", f"/projects/{pid}/start")
    assert r.json()["allowed_actions"] == ["progress-reports", "acceptance"]

    listed = await client.get(f"{API}/projects", headers=auth("finance_officer"))
    by_id = {x["id"]: x["allowed_actions"] for x in listed.json()["items"]}
    assert by_id[pid] == ["advances"]


async def test_an_enterprise_user_may_submit_its_own_draft_only(client, registry, auth):
    mine = await enterprise(registry, auth)
    me = auth("enterprise", enterprise_id=mine)
    r = await client.post(f"{API}/projects", json=project_body(), headers=me)
    assert r.status_code == 201 and r.json()["allowed_actions"] == ["submit"]
    r = await client.post(f"{API}/projects/{r.json()['id']}/submit", headers=me)
    assert r.status_code == 200 and r.json()["allowed_actions"] == []


def test_someone_elses_project_allows_an_enterprise_user_nothing():
    project = SimpleNamespace(status="draft", beneficiary_enterprise_id=uuid.uuid4())
    stranger = Principal(subject="e", role="enterprise", enterprise_id=str(uuid.uuid4()))
    owner = Principal(
        subject="o", role="enterprise", enterprise_id=str(project.beneficiary_enterprise_id)
    )
    assert allowed_actions(project, stranger) == []  # type: ignore[arg-type]
    assert allowed_actions(project, owner) == ["submit"]  # type: ignore[arg-type]


def test_every_status_in_the_table_is_a_status():
    assert set(STATUSES) == {s.value for s in ProjectStatus}
    for step in TRANSITIONS.values():
        assert set(step.statuses) <= set(STATUSES) and step.roles


def test_status_is_an_enum_in_the_openapi(app):
    spec = app.openapi()
    assert spec["components"]["schemas"]["ProjectStatus"]["enum"] == list(STATUSES)
    out = spec["components"]["schemas"]["ProjectOut"]["properties"]
    assert out["status"] == {"$ref": "#/components/schemas/ProjectStatus"}
    assert out["allowed_actions"]["items"] == {"$ref": "#/components/schemas/ProjectAction"}
    assert spec["components"]["schemas"]["ProjectAction"]["enum"] == list(TRANSITIONS)
    listing = spec["paths"][f"{API}/projects"]["get"]["parameters"]
    status = next(p for p in listing if p["name"] == "status")
    assert {"$ref": "#/components/schemas/ProjectStatus"} in status["schema"]["anyOf"]


async def test_an_unknown_status_filter_is_422(client, auth):
    r = await client.get(f"{API}/projects?status=nope", headers=auth("viewer"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"
