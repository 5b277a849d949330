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
