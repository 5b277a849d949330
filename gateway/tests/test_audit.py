from datetime import date

import pytest

PID = "3f2b8c1e-9a47-4d2b-8e61-0c5a9f7d2b10"
OTHER = "7d1e4a20-5b3c-4f8e-9a61-2c8b0e9f4d31"


async def test_auth_events_are_audited(app, client, user_token):
    from conftest import create_user, login

    admin = await user_token("admin", "root")
    await create_user(app, "lan", "viewer")
    await login(client, "lan", "wrong-password")
    refresh = (await login(client, "lan")).json()["refresh_token"]
    refresh = (await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})).json()[
        "refresh_token"
    ]
    await client.post("/api/v1/auth/logout", json={"refresh_token": refresh})
    r = await client.get("/api/v1/audit-events", headers=admin, params={"username": "lan"})
    assert r.status_code == 200, r.text
    kinds = [e["kind"] for e in r.json()["items"]]
    assert kinds == ["auth.logout", "auth.refresh", "auth.login_succeeded", "auth.login_failed"]
    failed = r.json()["items"][-1]
    assert failed["ip"] == "127.0.0.1" and failed["request_id"] and failed["at"]
    r = await client.get(
        "/api/v1/audit-events",
        headers=admin,
        params={"kind": "auth.login_succeeded", "page_size": 1},
    )
    assert r.json()["total"] == 2 and len(r.json()["items"]) == 1  # root and lan


async def test_lockout_is_audited(app, client, user_token):
    from conftest import create_user, login

    admin = await user_token("admin", "root")
    await create_user(app, "lan", "viewer")
    for _ in range(5):
        await login(client, "lan", "wrong-password")
    r = await client.get("/api/v1/audit-events", headers=admin, params={"kind": "auth.lockout"})
    assert r.json()["total"] == 1 and r.json()["items"][0]["username"] == "lan"


async def test_gateway_writes_are_audited(client, user_token):
    admin = await user_token("admin", "root")
    r = await client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "lan",
            "full_name": "Lan",
            "role": "viewer",
            "password": "mot-mat-khau-dai",
        },
    )
    assert r.status_code == 201
    r = await client.get(
        "/api/v1/audit-events",
        headers=admin,
        params={"kind": "request.write", "path": "/api/v1/users"},
    )
    (event,) = r.json()["items"]
    assert (event["method"], event["status"], event["username"], event["role"]) == (
        "POST",
        201,
        "root",
        "admin",
    )


async def test_filters_are_validated(client, user_token):
    admin = await user_token("admin", "root")
    r = await client.get(
        "/api/v1/audit-events",
        headers=admin,
        params={"since": "2030-01-01T00:00:00", "until": "2020-01-01T00:00:00"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "until"
    r = await client.get("/api/v1/audit-events", headers=admin, params={"since": "yesterday"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "since"
    r = await client.get(
        "/api/v1/audit-events",
        headers=admin,
        params={"since": "2020-01-01T00:00:00+07:00", "status": 200},
    )
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("kind", "method", "path", "created", "expected"),
    [
        ("request.write", "POST", f"/api/v1/projects/{PID}/approval", None,
         ("project.approval", "project", PID)),
        ("request.write", "POST", "/api/v1/enterprises", PID,
         ("enterprise.create", "enterprise", PID)),
        ("request.write", "PATCH", f"/api/v1/enterprises/{PID}", None,
         ("enterprise.update", "enterprise", PID)),
        ("request.write", "DELETE", f"/api/v1/enterprises/{PID}", None,
         ("enterprise.delete", "enterprise", PID)),
        ("request.write", "POST", "/api/v1/enterprises/import", None,
         ("enterprise.import", "enterprise", None)),
        ("request.write", "POST", f"/api/v1/projects/{PID}/progress-reports", None,
         ("project.progress_reports", "project", PID)),
        ("request.write", "POST", f"/api/v1/projects/{PID}/change-requests/{OTHER}/decision",
         None, ("project.change_requests.decision", "project", PID)),
        ("request.write", "POST", "/api/v1/budget/years/2020/allocations", None,
         ("budget_year.allocations", "budget_year", "2020")),
        ("request.write", "POST", f"/api/v1/budget/commitments/{PID}/release", None,
         ("commitment.release", "commitment", PID)),
        ("request.write", "PATCH", f"/api/v1/users/{PID}", None, ("user.update", "user", PID)),
        ("request.write", "POST", "/api/v1/unknown/thing", None, ("request.write", None, None)),
        ("request.write", "POST", "/api/v1/projectsx", None, ("request.write", None, None)),
        ("auth.login_failed", "POST", "/api/v1/auth/token", None,
         ("auth.login_failed", None, None)),
    ],
)  # fmt: skip
def test_an_event_names_its_action_and_record(kind, method, path, created, expected):
    from gateway.audit.records import describe

    found = describe(kind, method, path, created)
    assert (found.action, found.record_type, found.record_id) == expected


@pytest.fixture
async def echo_gateway(make_settings, echo_url):
    """A gateway whose three services are the echo process (writes answer 201/200)."""
    from gateway.app import create_app
    from gateway.models import Base
    from kc_common.testing import asgi_client, empty_tables

    app = create_app(
        make_settings(registry_url=echo_url, projects_url=echo_url, budget_url=echo_url)
    )
    async with app.router.lifespan_context(app):
        async for client in asgi_client(app):
            yield app, client
        await app.state.audit.flush()
        await empty_tables(app.state.db.engine, Base.metadata)


async def bearer(app, client, username, role):
    from conftest import create_user, login

    await create_user(app, username, role)
    return {"Authorization": f"Bearer {(await login(client, username)).json()['access_token']}"}


async def test_write_events_name_who_did_what_to_which_record(echo_gateway):
    from kc_common.localtime import local_today

    app, client = echo_gateway
    lan = await bearer(app, client, "lan", "program_officer")
    admin = await bearer(app, client, "root", "admin")
    assert (
        await client.post(f"/api/v1/projects/{PID}/approval", json={}, headers=lan)
    ).status_code == 201
    await client.patch(f"/api/v1/enterprises/{OTHER}", json={}, headers=lan)
    await client.post("/api/v1/budget/years/2020/allocations", json={}, headers=lan)
    made = await client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "hoa",
            "full_name": "Hoa",
            "role": "viewer",
            "password": "mot-mat-khau-dai",
        },
    )
    assert made.status_code == 201

    async def events(**params):
        r = await client.get("/api/v1/audit-events", headers=admin, params=params)
        assert r.status_code == 200, r.text
        return r.json()["items"]

    (approval,) = await events(record_type="project")
    assert (approval["action"], approval["record_type"], approval["record_id"]) == (
        "project.approval",
        "project",
        PID,
    )
    assert approval["username"] == "lan" and approval["method"] == "POST"
    # The person, case ignored; the record by its id; a creation by the id it answered with.
    assert {e["action"] for e in await events(actor="LAN")} == {
        "project.approval",
        "enterprise.update",
        "budget_year.allocations",
        "auth.login_succeeded",
    }
    assert [e["action"] for e in await events(record_id=OTHER)] == ["enterprise.update"]
    assert [e["record_id"] for e in await events(record_type="budget_year")] == ["2020"]
    (created,) = await events(record_type="user", actor="root")
    assert created["action"] == "user.create"
    assert created["record_id"] == made.json()["id"]
    assert [e["action"] for e in await events(record_id=made.json()["id"])] == ["user.create"]
    # Days are Vietnamese days, both ends included.
    today = local_today()
    assert len(await events(actor="LAN", **{"from": today, "to": today})) == 4
    yesterday = date.fromordinal(today.toordinal() - 1)
    assert await events(**{"to": yesterday.isoformat()}) == []
    assert await events(record_type="project", kind="auth.login_succeeded") == []
    for bad, field in (
        ({"from": today.isoformat(), "to": yesterday.isoformat()}, "to"),
        ({"record_type": "planet"}, "record_type"),
        ({"from": "31/12/2025"}, "from"),
        ({"record_id": "a%"}, "record_id"),
    ):
        r = await client.get("/api/v1/audit-events", headers=admin, params=bad)
        assert r.status_code == 422, bad
        assert r.json()["errors"][0]["field"] == field
