import uuid

import pytest
from conftest import create_user, login

ROLES = ["admin", "program_manager", "program_officer", "finance_officer", "enterprise", "viewer"]


async def test_admin_creates_lists_gets_and_patches_users(client, user_token):
    """(Binding an enterprise user needs the registry: tests/system/test_access_changes.py.)"""
    admin = await user_token("admin", "root")
    r = await client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "cb-minhlong",
            "full_name": "Minh Long",
            "role": "program_officer",
            "password": "mat-khau-dai",
        },
    )
    assert r.status_code == 201, r.text
    user = r.json()
    assert user["role"] == "program_officer" and user["enterprise_id"] is None
    assert user["is_active"]
    assert "password" not in user and "password_hash" not in user
    r = await client.get("/api/v1/users", headers=admin, params={"role": "program_officer"})
    assert r.json()["total"] == 1 and r.json()["items"][0]["username"] == "cb-minhlong"
    r = await client.get("/api/v1/users", headers=admin, params={"q": "MINH", "page_size": 1})
    assert r.json()["total"] == 1 and r.json()["page_size"] == 1
    assert (await client.get(f"/api/v1/users/{user['id']}", headers=admin)).json() == user
    r = await client.patch(
        f"/api/v1/users/{user['id']}",
        headers=admin,
        json={"role": "viewer", "full_name": "Người xem"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "viewer" and r.json()["enterprise_id"] is None
    assert r.json()["full_name"] == "Người xem"


async def test_an_enterprise_user_is_not_created_while_the_registry_cannot_confirm(
    client, user_token
):
    admin = await user_token("admin", "root")
    body = {"username": "dn-minhlong", "full_name": "Minh Long", "role": "enterprise",
            "enterprise_id": str(uuid.uuid4()), "password": "mat-khau-dai"}  # fmt: skip
    r = await client.post("/api/v1/users", headers=admin, json=body)
    assert r.status_code == 503 and r.json()["code"] == "upstream.unavailable", r.text
    r = await client.get("/api/v1/users", headers=admin, params={"role": "enterprise"})
    assert r.json()["total"] == 0


async def test_password_change_and_deactivation_end_sessions(app, client, user_token):
    admin = await user_token("admin", "root")
    user = await create_user(app, "lan", "viewer")
    refresh = (await login(client, "lan")).json()["refresh_token"]
    r = await client.patch(
        f"/api/v1/users/{user.id}", headers=admin, json={"password": "mat-khau-moi-rat-dai"}
    )
    assert r.status_code == 200
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
    ).status_code == 400
    assert (await login(client, "lan")).status_code == 400
    assert (await login(client, "lan", "mat-khau-moi-rat-dai")).status_code == 200
    r = await client.patch(f"/api/v1/users/{user.id}", headers=admin, json={"is_active": False})
    assert r.json()["is_active"] is False
    assert (await login(client, "lan", "mat-khau-moi-rat-dai")).status_code == 400


@pytest.mark.parametrize(
    "body,field",
    [
        (
            {"username": "x", "full_name": "X", "role": "viewer", "password": "mot-mat-khau-dai"},
            "username",
        ),
        (
            {
                "username": "okname",
                "full_name": "X",
                "role": "boss",
                "password": "mot-mat-khau-dai",
            },
            "role",
        ),
        (
            {"username": "okname", "full_name": "X", "role": "viewer", "password": "short"},
            "password",
        ),
        (
            {
                "username": "okname",
                "full_name": "X",
                "role": "enterprise",
                "password": "mot-mat-khau-dai",
            },
            "enterprise_id",
        ),
        (
            {
                "username": "okname",
                "full_name": "X",
                "role": "viewer",
                "password": "mot-mat-khau-dai",
                "enterprise_id": str(uuid.uuid4()),
            },
            "enterprise_id",
        ),
        (
            {
                "username": "okname",
                "full_name": "X",
                "role": "viewer",
                "password": "mot-mat-khau-dai",
                "enterprise_id": "not-a-uuid",
            },
            "enterprise_id",
        ),
        (
            {
                "username": "okname",
                "full_name": "Nguyễn\x00",
                "role": "viewer",
                "password": "mot-mat-khau-dai",
            },
            "full_name",
        ),
    ],
)
async def test_bad_input_is_422_naming_the_field(client, user_token, body, field):
    admin = await user_token("admin", "root")
    r = await client.post("/api/v1/users", headers=admin, json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in r.json()["errors"]]


async def test_patch_rules(app, client, user_token):
    admin = await user_token("admin", "root")
    user = await create_user(app, "lan", "viewer")
    r = await client.patch(f"/api/v1/users/{user.id}", headers=admin, json={"role": "enterprise"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "enterprise_id"
    r = await client.patch(f"/api/v1/users/{user.id}", headers=admin, json={"role": None})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "role"
    r = await client.patch(f"/api/v1/users/{user.id}", headers=admin, json={"bogus": 1})
    assert r.status_code == 422
    r = await client.patch(f"/api/v1/users/{uuid.uuid4()}", headers=admin, json={})
    assert r.status_code == 404 and r.json()["code"] == "user.not_found"
    r = await client.get("/api/v1/users/not-a-uuid", headers=admin)
    assert r.status_code == 422


async def test_username_is_unique(client, user_token):
    admin = await user_token("admin", "root")
    body = {"username": "lan", "full_name": "Lan", "role": "viewer", "password": "mot-mat-khau-dai"}
    assert (await client.post("/api/v1/users", headers=admin, json=body)).status_code == 201
    r = await client.post("/api/v1/users", headers=admin, json=body)
    assert r.status_code == 409 and r.json()["code"] == "user.username_taken"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
async def test_only_admins_manage_users(client, user_token, role):
    headers = await user_token(role)
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 403
    r = await client.post(
        "/api/v1/users",
        headers=headers,
        json={
            "username": "zz-new",
            "full_name": "X",
            "role": "viewer",
            "password": "mot-mat-khau-dai",
        },
    )
    assert r.status_code == 403
    assert (await client.get("/api/v1/audit-events", headers=headers)).status_code == 403
    assert (await client.get("/api/v1/integration-clients", headers=headers)).status_code == 403


async def test_users_require_a_token(client):
    assert (await client.get("/api/v1/users")).status_code == 401


async def test_integration_clients_admin(client, user_token):
    admin = await user_token("admin", "root")
    r = await client.post(
        "/api/v1/integration-clients",
        headers=admin,
        json={
            "client_id": "tinh-bd-igate",
            "name": "Cổng dịch vụ công",
            "scopes": ["registry:read"],
        },
    )
    assert r.status_code == 201, r.text
    created = r.json()
    secret = created["client_secret"]
    assert created["scopes"] == ["registry:read"] and created["role"] == "integration"
    r = await client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "tinh-bd-igate",
            "client_secret": secret,
        },
    )
    assert r.status_code == 200 and r.json()["scope"] == "registry:read"
    r = await client.patch(
        f"/api/v1/integration-clients/{created['id']}",
        headers=admin,
        json={"rotate_secret": True, "scopes": ["registry:read", "projects:read"]},
    )
    assert r.status_code == 200 and r.json()["client_secret"] != secret
    r = await client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "tinh-bd-igate",
            "client_secret": secret,
        },
    )
    assert r.status_code == 400
    r = await client.post(
        "/api/v1/integration-clients", headers=admin, json={"client_id": "x", "scopes": ["root"]}
    )
    assert r.status_code == 422
    # a client named like a user's id would share that user's token subject
    like_a_user = str(uuid.uuid4())
    r = await client.post(
        "/api/v1/integration-clients", headers=admin, json={"client_id": like_a_user}
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "client_id"
    assert r.json()["errors"][0]["code"] == "clients.client_id_like_a_user"
    listing = await client.get("/api/v1/integration-clients", headers=admin)
    assert listing.json()["total"] == 1


async def test_demo_users_only_in_demo_mode(app, make_settings):
    from gateway.demo_users import DEMO_PASSWORD, ensure_demo_users

    async with app.state.db.sessionmaker() as session:
        with pytest.raises(RuntimeError):
            await ensure_demo_users(session, uuid.uuid4(), settings=make_settings())
        ent = uuid.uuid4()
        demo = make_settings(environment="demo")
        users = await ensure_demo_users(session, ent, settings=demo)
        await session.commit()
        again = await ensure_demo_users(session, ent, settings=demo)
        await session.commit()
    assert (
        sorted(u.username for u in users)
        == sorted(u.username for u in again)
        == ["admin", "enterprise", "finance", "manager", "officer", "viewer"]
    )
    by_name = {u.username: u for u in users}
    assert by_name["enterprise"].enterprise_id == ent
    assert by_name["manager"].role == "program_manager"
    from kc_common.testing import asgi_client

    async for c in asgi_client(app):
        assert (await login(c, "finance", DEMO_PASSWORD)).status_code == 200


async def test_bootstrap_admin(make_settings):
    from gateway.app import create_app
    from gateway.models import Base
    from kc_common.testing import asgi_client, empty_tables

    app = create_app(make_settings(bootstrap_admin_password="first-admin-password"))
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            r = await login(c, "admin", "first-admin-password")
            assert r.status_code == 200
        await empty_tables(app.state.db.engine, Base.metadata)


async def test_text_is_trimmed_but_a_password_is_kept_as_typed(client, user_token):
    admin = await user_token("admin", "root")
    body = {
        "username": "thu",
        "full_name": "  Nguyễn Thị Thu  ",
        "role": "viewer",
        "password": "  mot mat khau dai  ",
    }
    r = await client.post("/api/v1/users", headers=admin, json=body)
    assert r.status_code == 201, r.text
    assert r.json()["full_name"] == "Nguyễn Thị Thu"
    assert (await login(client, "thu", "  mot mat khau dai  ")).status_code == 200
    wrong = await login(client, "thu", "mot mat khau dai")
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"


async def test_email_is_optional_checked_and_removable(client, user_token):
    """Where notifications are mailed: given at creation, changed or removed (null) later."""
    admin = await user_token("admin", "root")
    body = {"username": "kt-lan", "full_name": "Lan", "role": "finance_officer",
            "password": "mat-khau-dai-hon"}  # fmt: skip
    r = await client.post("/api/v1/users", headers=admin, json={**body, "email": "lan@"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "email"
    r = await client.post("/api/v1/users", headers=admin, json={**body, "email": "lan@so-tc.vn"})
    assert r.status_code == 201 and r.json()["email"] == "lan@so-tc.vn"
    user_id = r.json()["id"]
    r = await client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"full_name": "Lan T"})
    assert r.json()["email"] == "lan@so-tc.vn"  # not named: kept
    r = await client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"email": None})
    assert r.status_code == 200 and r.json()["email"] is None
