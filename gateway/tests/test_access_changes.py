"""Access changes take effect at once: revoked tokens, the last admin, service clients, passwords
that resist guessing, usernames that cannot be probed, and key rotation."""

import asyncio
import uuid
from datetime import timedelta

import jwt
import pytest
from conftest import PASSWORD, create_user, login
from sqlalchemy import update

from gateway.auth.models import RefreshToken
from gateway.keys import KEY_FILE_NAME, KeyRing, rotate
from gateway.models import Base
from kc_common.auth import subject_digest
from kc_common.localtime import utcnow
from kc_common.testing import asgi_client, empty_tables

# Checked at the gateway's edge before the (here absent) upstream: 401 if revoked, else 502.
PROXIED = "/api/v1/budget/programs"


async def _bearer(client, username: str, password: str = PASSWORD) -> dict[str, str]:
    r = await login(client, username, password)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def _refresh_revocations(app) -> None:
    """What the gateway's background refresher does every second, done now."""
    await app.state.revocations.refresh()


async def test_a_demoted_admin_cannot_use_the_token_they_already_hold(app, client):
    await create_user(app, "root", "admin")
    demoted = await create_user(app, "lan", "admin")
    root, lan = await _bearer(client, "root"), await _bearer(client, "lan")
    r = await client.patch(f"/api/v1/users/{demoted.id}", headers=root, json={"role": "viewer"})
    assert r.status_code == 200, r.text
    await _refresh_revocations(app)
    body = {"username": "new-admin", "full_name": "X", "role": "admin",
            "password": "mot-mat-khau-dai"}  # fmt: skip
    r = await client.post("/api/v1/users", headers=lan, json=body)
    assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked", r.text
    # everywhere at the gateway: proxied routes too (refused at the edge, before any upstream)
    r = await client.get("/api/v1/budget/programs", headers=lan)
    assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked", r.text
    # a new login gets a token of the new version, with the new role
    fresh = await _bearer(client, "lan")
    assert (await client.get("/api/v1/auth/me", headers=fresh)).json()["role"] == "viewer"
    # the other admin's token is untouched
    assert (await client.get("/api/v1/users", headers=root)).status_code == 200


async def test_logout_ends_the_sessions_access_token_too(app, client):
    """Not only the refresh token: the access token of the session logged out from is refused
    at once, at the gateway and (published by digest) at every service; the same user's other
    session and a rotated session keep working."""
    await create_user(app, "lan", "program_manager")
    first = (await login(client, "lan", PASSWORD)).json()
    other = (await login(client, "lan", PASSWORD)).json()
    bearer = {"Authorization": f"Bearer {first['access_token']}"}
    other_bearer = {"Authorization": f"Bearer {other['access_token']}"}
    claims = jwt.decode(first["access_token"], options={"verify_signature": False})
    assert (
        claims["sid"]
        != jwt.decode(other["access_token"], options={"verify_signature": False})["sid"]
    )
    rotated = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": other["refresh_token"]}
    )
    assert rotated.status_code == 200, rotated.text
    assert (await client.get("/api/v1/auth/me", headers=bearer)).status_code == 200

    r = await client.post("/api/v1/auth/logout", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 204
    await _refresh_revocations(app)
    for path in ("/api/v1/auth/me", PROXIED):
        r = await client.get(path, headers=bearer)
        assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked", r.text
    published = (await client.get("/api/v1/auth/revocations")).json()
    assert published["sessions"] == [subject_digest(claims["sid"])]
    assert claims["sid"] not in str(published)
    # The other session, before and after its rotation, is untouched.
    assert (await client.get("/api/v1/auth/me", headers=other_bearer)).status_code == 200
    rotated_bearer = {"Authorization": f"Bearer {rotated.json()['access_token']}"}
    assert (await client.get("/api/v1/auth/me", headers=rotated_bearer)).status_code == 200


async def test_an_ended_session_leaves_the_list_once_its_tokens_have_expired(app, client):
    await create_user(app, "lan", "program_manager")
    tokens = (await login(client, "lan", PASSWORD)).json()
    await client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert len((await client.get("/api/v1/auth/revocations")).json()["sessions"]) == 1
    async with app.state.db.sessionmaker() as session:  # the logout, an access lifetime ago
        ttl = app.state.settings.access_token_ttl_seconds
        await session.execute(
            update(RefreshToken).values(revoked_at=utcnow() - timedelta(seconds=ttl + 61))
        )
        await session.commit()
    assert (await client.get("/api/v1/auth/revocations")).json()["sessions"] == []


@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"password": "mat-khau-moi-rat-dai"}, {"role": "finance_officer"}],
)
async def test_every_access_change_revokes_and_is_published(app, client, change):
    await create_user(app, "root", "admin")
    user = await create_user(app, "lan", "program_manager")
    root, lan = await _bearer(client, "root"), await _bearer(client, "lan")
    assert (await client.get("/api/v1/auth/me", headers=lan)).status_code == 200
    first = await client.get("/api/v1/auth/revocations")
    assert first.status_code == 200 and first.json() == {"subjects": {}, "sessions": []}
    unchanged = await client.get(
        "/api/v1/auth/revocations", headers={"If-None-Match": first.headers["etag"]}
    )
    assert unchanged.status_code == 304
    r = await client.patch(f"/api/v1/users/{user.id}", headers=root, json=change)
    assert r.status_code == 200, r.text
    # The list the services poll names the user by digest, at version 1.
    published = await client.get(
        "/api/v1/auth/revocations", headers={"If-None-Match": first.headers["etag"]}
    )
    assert published.status_code == 200
    assert published.json()["subjects"] == {subject_digest(str(user.id)): 1}
    assert str(user.id) not in published.text
    await _refresh_revocations(app)
    r = await client.get(PROXIED, headers=lan)
    assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked"


async def test_a_name_change_revokes_nothing(app, client):
    await create_user(app, "root", "admin")
    user = await create_user(app, "lan", "viewer")
    root, lan = await _bearer(client, "root"), await _bearer(client, "lan")
    r = await client.patch(f"/api/v1/users/{user.id}", headers=root, json={"full_name": "Lan B"})
    assert r.status_code == 200
    await _refresh_revocations(app)
    assert (await client.get("/api/v1/auth/me", headers=lan)).status_code == 200


async def test_the_refresher_picks_up_changes_within_seconds(app, client):
    """No manual refresh: the background task alone revokes the token (budget: 5 s)."""
    await create_user(app, "root", "admin")
    user = await create_user(app, "lan", "viewer")
    root, lan = await _bearer(client, "root"), await _bearer(client, "lan")
    assert (await client.get("/api/v1/auth/me", headers=lan)).status_code == 200
    await client.patch(f"/api/v1/users/{user.id}", headers=root, json={"is_active": False})
    for _ in range(50):
        if (await client.get(PROXIED, headers=lan)).status_code == 401:
            break
        await asyncio.sleep(0.1)
    r = await client.get(PROXIED, headers=lan)
    assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked"


async def test_an_admin_cannot_demote_or_deactivate_themselves(app, client):
    root_user = await create_user(app, "root", "admin")
    await create_user(app, "other", "admin")
    root = await _bearer(client, "root")
    for change in ({"role": "viewer"}, {"is_active": False}):
        r = await client.patch(f"/api/v1/users/{root_user.id}", headers=root, json=change)
        assert r.status_code == 409 and r.json()["code"] == "users.own_access", r.text
    # their own name and password they may change
    r = await client.patch(f"/api/v1/users/{root_user.id}", headers=root, json={"full_name": "R"})
    assert r.status_code == 200


async def test_the_last_active_admin_stays(app, client):
    await create_user(app, "root", "admin")
    other = await create_user(app, "other", "admin")
    await create_user(app, "idle", "admin", is_active=False)
    root = await _bearer(client, "root")
    other_headers = await _bearer(client, "other")
    r = await client.patch(f"/api/v1/users/{other.id}", headers=root, json={"is_active": False})
    assert r.status_code == 200
    # root is now the last active admin; `other` was revoked, so only a fresh admin could try
    await _refresh_revocations(app)
    assert (await client.get("/api/v1/users", headers=other_headers)).status_code == 401
    r = await client.patch(f"/api/v1/users/{other.id}", headers=root, json={"is_active": True})
    assert r.status_code == 200
    other_headers = await _bearer(client, "other")
    root_user_id = (await client.get("/api/v1/auth/me", headers=root)).json()["id"]
    r = await client.patch(
        f"/api/v1/users/{root_user_id}", headers=other_headers, json={"role": "viewer"}
    )
    assert r.status_code == 200
    root_again = await _bearer(client, "root")
    assert (await client.get("/api/v1/users", headers=root_again)).status_code == 403
    r = await client.patch(
        f"/api/v1/users/{other.id}", headers=other_headers, json={"role": "viewer"}
    )
    assert r.status_code == 409 and r.json()["code"] == "users.own_access"


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, client):
    a = await create_user(app, "admin-a", "admin")
    b = await create_user(app, "admin-b", "admin")
    ha, hb = await _bearer(client, "admin-a"), await _bearer(client, "admin-b")
    async for c2 in asgi_client(app):
        ra, rb = await asyncio.gather(
            client.patch(f"/api/v1/users/{b.id}", headers=ha, json={"role": "viewer"}),
            c2.patch(f"/api/v1/users/{a.id}", headers=hb, json={"role": "viewer"}),
        )
    assert sorted([ra.status_code, rb.status_code]) == [200, 409], (ra.text, rb.text)
    loser = ra if ra.status_code == 409 else rb
    assert loser.json()["code"] in {"users.last_admin", "auth.token_revoked"}
    root = await _bearer(client, "admin-a" if ra.status_code == 200 else "admin-b")
    admins = await client.get("/api/v1/users", headers=root, params={"role": "admin"})
    assert admins.json()["total"] == 1


@pytest.mark.parametrize(
    "password,reason",
    [
        ("short-pw", "auth.password_too_short"),
        ("password1234", "auth.password_common"),
        ("iloveyou12345", "auth.password_common"),
        ("xx-lanvien-xx-2020", "auth.password_contains_username"),
    ],
)
async def test_weak_passwords_are_refused(app, client, password, reason):
    await create_user(app, "root", "admin")
    root = await _bearer(client, "root")
    body = {"username": "lanvien", "full_name": "Lan", "role": "viewer", "password": password}
    r = await client.post("/api/v1/users", headers=root, json=body)
    assert r.status_code == 422 and r.json()["code"] == "auth.weak_password", r.text
    (error,) = r.json()["errors"]
    assert error["field"] == "password" and error["code"] == reason
    user = await create_user(app, "lanvien", "viewer")
    r = await client.patch(f"/api/v1/users/{user.id}", headers=root, json={"password": password})
    assert r.status_code == 422 and r.json()["code"] == "auth.weak_password"


async def test_unknown_usernames_answer_like_locked_accounts(app, client):
    await create_user(app, "lan", "viewer")
    answers = {}
    for name in ("lan", "nobody-here"):
        seen = [(await login(client, name, "x-wrong-pass")) for _ in range(6)]
        answers[name] = [(r.status_code, r.json()["code"]) for r in seen]
    assert answers["lan"] == answers["nobody-here"], answers
    assert answers["lan"][-1] == (423, "auth.account_locked")


async def test_service_clients_are_not_rotated_or_disabled_through_the_api(
    app, client, make_settings
):
    from gateway.app import create_app

    settings = make_settings(
        bootstrap_clients=[{"client_id": "project-service", "client_secret": "s" * 32,
                            "role": "service", "scopes": ["budget:write"]},
                           {"client_id": "portal", "client_secret": "p" * 32,
                            "role": "integration", "scopes": ["registry:read"]}]
    )  # fmt: skip
    app2 = create_app(settings)
    async with app2.router.lifespan_context(app2):
        async for c in asgi_client(app2):
            await create_user(app2, "root", "admin")
            root = await _bearer(c, "root")
            listed = (await c.get("/api/v1/integration-clients", headers=root)).json()["items"]
            by_id = {x["client_id"]: x["id"] for x in listed}
            for change in ({"is_active": False}, {"rotate_secret": True}, {"scopes": []}):
                r = await c.patch(
                    f"/api/v1/integration-clients/{by_id['project-service']}",
                    headers=root,
                    json=change,
                )
                assert r.status_code == 409 and r.json()["code"] == "clients.service_client"
            r = await c.patch(
                f"/api/v1/integration-clients/{by_id['project-service']}",
                headers=root,
                json={"name": "Project service"},
            )
            assert r.status_code == 200
            # an integration client's token dies with its deactivation
            r = await c.post(
                "/api/v1/auth/token",
                data={"grant_type": "client_credentials", "client_id": "portal",
                      "client_secret": "p" * 32},
            )  # fmt: skip
            portal = {"Authorization": f"Bearer {r.json()['access_token']}"}
            assert (await c.get("/api/v1/auth/me", headers=portal)).status_code == 200
            r = await c.patch(
                f"/api/v1/integration-clients/{by_id['portal']}",
                headers=root,
                json={"is_active": False},
            )
            assert r.status_code == 200
            await app2.state.revocations.refresh()
            r = await c.get("/api/v1/auth/me", headers=portal)
            assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked"
            await app2.state.audit.flush()


async def test_service_clients_are_not_created_through_the_api(app, client):
    """A `service` client moves a project's money around the project workflow and cannot be
    disabled through the API, so the API must not mint one: only GATEWAY_BOOTSTRAP_CLIENTS."""
    await create_user(app, "root", "admin")
    root = await _bearer(client, "root")
    r = await client.post(
        "/api/v1/integration-clients",
        headers=root,
        json={"client_id": "rogue-service", "role": "service", "scopes": ["budget:write"]},
    )
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "clients.service_client"
    assert r.json()["params"] == {"client_id": "rogue-service"}
    listed = (await client.get("/api/v1/integration-clients", headers=root)).json()["items"]
    assert "rogue-service" not in {x["client_id"] for x in listed}
    r = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "client_credentials", "client_id": "rogue-service",
              "client_secret": "x" * 32},
    )  # fmt: skip
    assert r.status_code == 400
    # an integration client is still registered as before
    r = await client.post(
        "/api/v1/integration-clients",
        headers=root,
        json={"client_id": "portal-2", "role": "integration", "scopes": ["registry:read"]},
    )
    assert r.status_code == 201, r.text


async def test_keys_rotate_without_refusing_tokens_in_use(make_settings, tmp_path):
    from gateway.app import create_app

    keys = tmp_path / "rotating-keys"
    settings = make_settings(jwt_private_key=None, keys_dir=keys)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            await create_user(app, "lan", "viewer")
            before = await _bearer(c, "lan")
            old_kid = jwt.get_unverified_header(before["Authorization"][7:])["kid"]
            assert [k["kid"] for k in (await c.get("/.well-known/jwks.json")).json()["keys"]] == [
                old_kid
            ]
            new_kid = rotate(keys, min_age_seconds=900)
            assert (keys / KEY_FILE_NAME).exists()
            app.state.keyring._checked_at = 0  # skip the 2 s between looks at the files
            jwks = (await c.get("/.well-known/jwks.json")).json()["keys"]
            assert {k["kid"] for k in jwks} == {old_kid, new_kid}
            after = await _bearer(c, "lan")
            assert jwt.get_unverified_header(after["Authorization"][7:])["kid"] == new_kid
            for headers in (before, after):
                assert (await c.get("/api/v1/auth/me", headers=headers)).status_code == 200
            # a second rotation inside one token lifetime would drop `old_kid` while live
            with pytest.raises(SystemExit, match="last rotation"):
                rotate(keys, min_age_seconds=900)
            await app.state.audit.flush()
            await empty_tables(app.state.db.engine, Base.metadata)
    ring = KeyRing(settings)
    assert set(ring.verifying_keys()) == {old_kid, new_kid}
    assert ring.signer_kid == new_kid


def test_token_subject_digest_is_not_the_subject():
    sub = str(uuid.uuid4())
    assert subject_digest(sub) != sub and len(subject_digest(sub)) == 32
