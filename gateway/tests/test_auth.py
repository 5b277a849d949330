import asyncio
import base64
import threading
import time
import uuid
from datetime import timedelta

import httpx
import jwt
import pytest
from conftest import PASSWORD, create_user, login
from sqlalchemy import select

from gateway.keys import load_signing_key
from gateway.models import Base
from gateway.users.models import User
from kc_common.auth import TokenSigner, generate_ed25519_pem
from kc_common.localtime import utcnow
from kc_common.testing import empty_tables


async def test_login_me_and_token_claims(app, client):
    user = await create_user(app, "lan", "program_officer")
    r = await login(client, "lan")
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["refresh_token"]
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "EdDSA" and header["kid"]
    jwks = (await client.get("/.well-known/jwks.json")).json()
    assert jwks == (await client.get("/api/v1/.well-known/jwks.json")).json()
    key = jwt.PyJWK.from_dict(jwks["keys"][0])
    assert jwks["keys"][0]["kid"] == header["kid"]
    claims = jwt.decode(
        body["access_token"],
        key=key,
        algorithms=["EdDSA"],
        audience="khuyencong",
        issuer="khuyencong-gateway",
    )
    assert claims["sub"] == str(user.id)
    assert claims["role"] == "program_officer" and claims["username"] == "lan"
    assert claims["exp"] - claims["iat"] == 900
    for claim in ("nbf", "jti"):
        assert claim in claims
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200, me.text
    assert me.json() == {
        "id": str(user.id),
        "username": "lan",
        "full_name": "Lan",
        "role": "program_officer",
        "enterprise_id": None,
        "scopes": [],
    }


async def test_enterprise_token_carries_enterprise_id(app, client):
    ent = uuid.uuid4()
    await create_user(app, "dn", "enterprise", enterprise_id=ent)
    token = (await login(client, "dn")).json()["access_token"]
    assert jwt.decode(token, options={"verify_signature": False})["enterprise_id"] == str(ent)
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["enterprise_id"] == str(ent)


async def test_password_form_without_grant_type_logs_in(app, client):
    """The contract's form (docs/api.md §Auth and users) names only username and password."""
    await create_user(app, "hoa", "viewer")
    r = await client.post("/api/v1/auth/token", data={"username": "hoa", "password": PASSWORD})
    assert r.status_code == 200, r.text
    assert r.json()["token_type"] == "bearer"


async def test_wrong_password_is_oauth_invalid_grant(app, client):
    await create_user(app, "lan", "viewer")
    for username, password in (("lan", "wrong-password"), ("nobody", PASSWORD)):
        r = await login(client, username, password)
        assert r.status_code == 400
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["error"] == "invalid_grant"
        assert r.json()["code"] == "auth.invalid_grant"


async def test_inactive_user_cannot_log_in(app, client):
    await create_user(app, "old", "viewer", is_active=False)
    assert (await login(client, "old")).status_code == 400


async def test_bad_form_is_422_naming_the_field(client):
    r = await client.post("/api/v1/auth/token", data={"grant_type": "magic"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "grant_type"
    r = await client.post("/api/v1/auth/token", data={"grant_type": "password", "username": "x"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "password"


async def test_passwords_are_argon2id(app, client):
    await create_user(app, "lan", "viewer")
    admin = await create_user(app, "boss", "admin")
    token = (await login(client, "boss")).json()["access_token"]
    r = await client.post(
        "/api/v1/users",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "username": "new",
            "full_name": "New",
            "role": "viewer",
            "password": "a-long-password",
        },
    )
    assert r.status_code == 201, r.text
    async with app.state.db.sessionmaker() as session:
        hashes = (await session.scalars(select(User.password_hash))).all()
    assert len(hashes) == 3 and admin
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any("a-long-password" in h for h in hashes)


async def test_refresh_rotates_and_reuse_ends_the_family(app, client):
    await create_user(app, "lan", "viewer")
    first = (await login(client, "lan")).json()["refresh_token"]
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200, r.text
    second = r.json()["refresh_token"]
    assert second != first and r.json()["access_token"]
    # the old one is revoked; presenting it again ends the whole family
    reuse = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    after = await client.post("/api/v1/auth/refresh", json={"refresh_token": second})
    assert after.status_code == 400
    # the refresh_token grant of the token endpoint works the same
    third = (await login(client, "lan")).json()["refresh_token"]
    r = await client.post(
        "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": third}
    )
    assert r.status_code == 200 and r.json()["refresh_token"] != third


async def test_logout_revokes_the_refresh_token(app, client):
    await create_user(app, "lan", "viewer")
    refresh = (await login(client, "lan")).json()["refresh_token"]
    assert (
        await client.post("/api/v1/auth/logout", json={"refresh_token": refresh})
    ).status_code == 204
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
    assert r.status_code == 400
    assert (
        await client.post("/api/v1/auth/logout", json={"refresh_token": "unknown"})
    ).status_code == 204


async def test_unknown_refresh_token(client):
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": "nope"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    r = await client.post("/api/v1/auth/refresh", json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "refresh_token"


NOT_LIMITED = {400, 423}  # wrong, or locked after five failures (unknown names lock too)


async def test_rate_limit_per_ip_and_username(client):
    for _ in range(10):
        assert (await login(client, "ghost", "x-wrong-pass")).status_code in NOT_LIMITED
    r = await login(client, "ghost", "x-wrong-pass")
    assert r.status_code == 429
    assert r.headers["content-type"] == "application/problem+json"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.json()["code"] == "auth.rate_limited"
    # another username from the same address is not limited
    assert (await login(client, "ghost2", "x-wrong-pass")).status_code == 400


async def test_failures_from_one_address_are_limited_whatever_the_name(make_settings):
    """Trying a new name each time (each under its own limit) from one address is limited by
    the address's failures; a success does not count, and another address is not touched."""
    from gateway.app import create_app

    app = create_app(make_settings(login_address_failure_limit=3))
    async with app.router.lifespan_context(app):
        try:
            await create_user(app, "lan", "viewer")
            async with _from(app, "203.0.113.9") as sprayer, _from(app, "10.9.9.9") as office:
                assert (await login(sprayer, "lan")).status_code == 200  # not a failure
                for name in ("spray-1", "spray-2", "spray-3"):
                    assert (await login(sprayer, name, "x-wrong-pass")).status_code == 400
                r = await login(sprayer, "spray-4", "x-wrong-pass")
                assert r.status_code == 429, r.text
                assert r.json()["code"] == "auth.rate_limited"
                assert 1 <= int(r.headers["retry-after"]) <= 60
                assert (await login(office, "lan")).status_code == 200
        finally:
            await app.state.audit.flush()
            await empty_tables(app.state.db.engine, Base.metadata)


async def test_a_burst_from_one_address_is_refused_before_it_costs_a_hash(app, client, monkeypatch):
    """Password checks one address may have running at once are capped (429 beyond, at once);
    the burst's other requests are answered as usual and nothing fails."""
    passwords = app.state.passwords
    started = threading.Event()
    release = threading.Event()
    real = passwords._verify
    hashed: list[str] = []

    def slow(stored, secret):
        hashed.append(secret)
        started.set()
        release.wait(10)
        return real(stored, secret)

    monkeypatch.setattr(passwords, "_verify", slow)
    burst = [asyncio.create_task(login(client, f"burst-{i}", "x-wrong-pass")) for i in range(10)]
    per_address = app.state.settings.login_concurrency_per_address
    try:
        assert await asyncio.to_thread(started.wait, 5)
        # the address's share waits for its hashes; every other request is answered at once
        for _ in range(200):
            if sum(t.done() for t in burst) >= 10 - per_address:
                break
            await asyncio.sleep(0.05)
        assert sum(t.done() for t in burst) == 10 - per_address
    finally:
        release.set()
    statuses = sorted(r.status_code for r in await asyncio.gather(*burst))
    assert statuses == [400] * per_address + [429] * (10 - per_address)
    assert len(hashed) == per_address


async def test_a_login_waiting_for_its_hash_holds_no_write(app, client, monkeypatch):
    """A login writes nothing before its hash: on SQLite a write flushed before it would hold
    the database's one write lock for the hash's time, and every other login's writes would
    wait for it (a burst of logins answered 500 'database is locked')."""
    await create_user(app, "lan", "viewer")
    passwords = app.state.passwords
    parked = threading.Event()
    release = threading.Event()
    real = passwords._verify

    def slow(stored, secret):
        if secret == "parked-password":
            parked.set()
            release.wait(10)
        return real(stored, secret)

    monkeypatch.setattr(passwords, "_verify", slow)
    async with _from(app, "198.51.100.1") as first_address:
        first = asyncio.create_task(login(first_address, "ghost", "parked-password"))
        try:
            assert await asyncio.to_thread(parked.wait, 5)
            # the other login writes (attempt, audit, refresh token) and commits meanwhile
            second = await asyncio.wait_for(login(client, "lan"), 5)
            assert second.status_code == 200, second.text
        finally:
            release.set()
        assert (await first).status_code == 400


async def test_rate_limit_is_shared_by_replicas(app, settings, client):
    """Two gateway instances on one database see the same attempts."""
    from gateway.app import create_app
    from kc_common.testing import asgi_client

    for _ in range(6):
        await login(client, "ghost", "x-wrong-pass")
    other = create_app(settings)
    async with other.router.lifespan_context(other):
        async for c2 in asgi_client(other):
            for _ in range(4):
                assert (await login(c2, "ghost", "x-wrong-pass")).status_code in NOT_LIMITED
            assert (await login(c2, "ghost", "x-wrong-pass")).status_code == 429


async def test_lockout_after_five_failures(app, client):
    await create_user(app, "lan", "viewer")
    for _ in range(4):
        assert (await login(client, "lan", "bad-password")).status_code == 400
    r = await login(client, "lan", "bad-password")
    assert r.status_code == 423, r.text
    assert r.json()["code"] == "auth.account_locked"
    assert int(r.headers["retry-after"]) == 900
    # even the right password is refused while locked
    r = await login(client, "lan")
    assert r.status_code == 423
    assert 1 <= int(r.headers["retry-after"]) <= 900


async def test_success_resets_the_failure_count(app, client):
    await create_user(app, "lan", "viewer")
    for _ in range(4):
        await login(client, "lan", "bad-password")
    assert (await login(client, "lan")).status_code == 200
    for _ in range(4):
        assert (await login(client, "lan", "bad-password")).status_code == 400


def _from(app, address: str) -> httpx.AsyncClient:
    """A client whose requests come from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def test_failures_from_one_address_lock_only_that_address_out(app, client):
    """Whoever knows a username cannot lock its owner out: five failures lock the address
    they came from out of that account, and its owner signs in from their own."""
    await create_user(app, "lan", "viewer")
    async with _from(app, "203.0.113.7") as attacker, _from(app, "10.1.2.3") as owner:
        for _ in range(4):
            assert (await login(attacker, "lan", "bad-password")).status_code == 400
        assert (await login(attacker, "lan", "bad-password")).status_code == 423
        assert (await login(attacker, "lan")).status_code == 423  # the right one too
        assert (await login(owner, "lan")).status_code == 200
        # one IPv6 host holds its whole /64: another address in it is the same address here
        async with _from(app, "2001:db8:1:2::1") as v6, _from(app, "2001:db8:1:2::99") as same:
            for _ in range(5):
                await login(v6, "lan", "bad-password")
            assert (await login(same, "lan")).status_code == 423
        # an unknown name answers the same way from each address
        for _ in range(4):
            assert (await login(attacker, "ghost", "bad-password")).status_code == 400
        assert (await login(attacker, "ghost", "bad-password")).status_code == 423
        assert (await login(owner, "ghost", "bad-password")).status_code == 400


async def test_many_failures_from_anywhere_lock_the_account(
    app, make_settings
):  # app: emptied after
    from gateway.app import create_app

    gw = create_app(make_settings(lockout_threshold=3, lockout_account_threshold=4))
    async with gw.router.lifespan_context(gw):
        await create_user(gw, "lan", "viewer")
        clients = [_from(gw, f"198.51.100.{i}") for i in range(3)]
        codes = []
        for i in range(4):  # two addresses, two failures each: neither is locked out alone
            codes.append((await login(clients[i % 2], "lan", "bad-password")).status_code)
            codes.append((await login(clients[i % 2], "ghost", "bad-password")).status_code)
        assert codes == [400] * 6 + [423, 423]
        r = await login(clients[2], "lan")  # a third address, the right password: locked
        assert r.status_code == 423 and r.json()["code"] == "auth.account_locked"
        assert (await login(clients[2], "ghost", "bad-password")).status_code == 423
        for c in clients:
            await c.aclose()


async def test_an_account_lock_does_not_shut_its_owner_out_of_their_office(
    app, make_settings
):  # app: emptied after
    """Many addresses can lock an account, but not out of the addresses its owner signed in
    from lately: there a typo is a typo and the right password gets in, while the lock stays
    for every other address. An address last used more than 30 days ago is no longer known;
    GATEWAY_LOCKOUT_KNOWN_ADDRESS_DAYS=0 makes the lock everyone's."""
    from sqlalchemy import text

    from gateway.app import create_app

    settings = make_settings(lockout_threshold=3, lockout_account_threshold=4)
    gw = create_app(settings)
    async with gw.router.lifespan_context(gw):
        await create_user(gw, "lan", "viewer")
        office, stranger = _from(gw, "10.1.2.3"), _from(gw, "203.0.113.50")
        crowd = [_from(gw, f"198.51.100.{i}") for i in range(2)]
        assert (await login(office, "lan")).status_code == 200
        for i in range(4):
            await login(crowd[i % 2], "lan", "bad-password")
        assert (await login(stranger, "lan")).status_code == 423
        assert (await login(office, "lan", "bad-password")).status_code == 400
        assert (await login(office, "lan")).status_code == 200
        r = await login(stranger, "lan")  # the owner's sign-in did not lift it for others
        assert r.status_code == 423 and r.json()["code"] == "auth.account_locked"
        async with gw.state.db.engine.begin() as conn:
            await conn.execute(
                text("UPDATE known_addresses SET last_login_at = :at"),
                {"at": utcnow() - timedelta(days=31)},
            )
        assert (await login(office, "lan")).status_code == 423
        for c in (office, stranger, *crowd):
            await c.aclose()
    off = create_app(make_settings(lockout_threshold=3, lockout_account_threshold=4,
                                   lockout_known_address_days=0))  # fmt: skip
    async with off.router.lifespan_context(off), _from(off, "10.1.2.3") as office:
        async with off.state.db.engine.begin() as conn:
            await conn.execute(text("UPDATE known_addresses SET last_login_at = :at"),
                               {"at": utcnow()})  # fmt: skip
        assert (await login(office, "lan")).status_code == 423


async def test_ipv4_clients_seen_as_mapped_ipv6_are_not_one_known_address(
    app, make_settings
):  # app: emptied after
    """Behind a dual-stack listener (or a proxy writing them so) IPv4 clients arrive as
    IPv4-mapped IPv6 addresses (::ffff:a.b.c.d). Grouped by their /64 they were all '::/64':
    the owner's one sign-in made every IPv4 address 'known' to the account-wide lock (and one
    address's failures locked all of them out of the account)."""
    from gateway.app import create_app
    from gateway.net import address_group

    assert address_group("::ffff:10.1.2.3") == "10.1.2.3"
    assert address_group("::ffff:203.0.113.50") != address_group("::ffff:10.1.2.3")
    settings = make_settings(lockout_threshold=3, lockout_account_threshold=4)
    gw = create_app(settings)
    async with gw.router.lifespan_context(gw):
        await create_user(gw, "lan", "viewer")
        office, stranger = _from(gw, "::ffff:10.1.2.3"), _from(gw, "::ffff:203.0.113.50")
        crowd = [_from(gw, f"198.51.100.{i}") for i in range(2)]
        assert (await login(office, "lan")).status_code == 200
        for i in range(4):
            await login(crowd[i % 2], "lan", "bad-password")
        r = await login(stranger, "lan")
        assert r.status_code == 423 and r.json()["code"] == "auth.account_locked"
        assert (await login(office, "lan")).status_code == 200
        for c in (office, stranger, *crowd):
            await c.aclose()


async def test_the_owner_who_trips_the_lock_and_a_new_password(app, make_settings):  # app: emptied
    """The failure that locks the account, typed at the owner's known address, is a wrong
    password there (the lock holds for the others); a new password forgets the addresses
    known with the old one."""
    from gateway.app import create_app

    gw = create_app(make_settings(lockout_threshold=3, lockout_account_threshold=4))
    async with gw.router.lifespan_context(gw):
        lan = await create_user(gw, "lan", "viewer")
        await create_user(gw, "root", "admin")
        office, stranger = _from(gw, "10.1.2.3"), _from(gw, "203.0.113.50")
        crowd = [_from(gw, f"198.51.100.{i}") for i in range(2)]
        assert (await login(office, "lan")).status_code == 200
        for i in range(3):
            assert (await login(crowd[i % 2], "lan", "bad-password")).status_code == 400
        r = await login(office, "lan", "bad-password")  # the fourth in a row: it locks
        assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
        assert (await login(stranger, "lan")).status_code == 423
        admin = {
            "Authorization": f"Bearer {(await login(stranger, 'root')).json()['access_token']}"
        }
        r = await stranger.patch(f"/api/v1/users/{lan.id}", headers=admin,
                                 json={"password": "mat-khau-moi-rat-dai"})  # fmt: skip
        assert r.status_code == 200, r.text
        more = [_from(gw, f"198.51.100.{i}") for i in range(10, 12)]  # not locked out yet
        for i in range(4):
            assert (await login(more[i % 2], "lan", "bad-password")).status_code in (400, 423)
        assert (await login(office, "lan", "mat-khau-moi-rat-dai")).status_code == 423
        for c in (office, stranger, *crowd, *more):
            await c.aclose()


async def test_an_address_lockout_runs_out_and_counts_afresh(app, make_settings):
    from gateway.app import create_app
    from kc_common.testing import asgi_client

    short = create_app(make_settings(lockout_seconds=1, lockout_threshold=2))
    async with short.router.lifespan_context(short):
        async for c in asgi_client(short):
            await create_user(short, "lan", "viewer")
            assert (await login(c, "lan", "bad-password")).status_code == 400
            assert (await login(c, "lan", "bad-password")).status_code == 423
            assert (await login(c, "lan")).status_code == 423
            async with short.state.db.sessionmaker() as s:  # the failures, seconds ago
                from datetime import timedelta

                from gateway.auth.models import LoginAttempt

                for attempt in await s.scalars(select(LoginAttempt)):
                    attempt.at = attempt.at - timedelta(seconds=5)
                await s.commit()
            assert (await login(c, "lan", "bad-password")).status_code == 400
            assert (await login(c, "lan")).status_code == 200


async def test_client_credentials(app, make_settings):
    from gateway.app import create_app
    from kc_common.testing import asgi_client

    secret = "s3cret-s3cret-s3cret"
    settings = make_settings(
        bootstrap_clients=[
            {
                "client_id": "project-service",
                "client_secret": secret,
                "role": "service",
                "scopes": ["registry:read", "budget:read", "budget:write"],
            }
        ]
    )
    gw = create_app(settings)
    async with gw.router.lifespan_context(gw):
        async for c in asgi_client(gw):
            r = await c.post(
                "/api/v1/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "project-service",
                    "client_secret": secret,
                },
            )
            assert r.status_code == 200, r.text
            body = r.json()
            assert "refresh_token" not in body
            assert body["scope"] == "budget:read budget:write registry:read"
            claims = jwt.decode(body["access_token"], options={"verify_signature": False})
            assert claims["role"] == "service" and claims["sub"] == "project-service"
            assert claims["scope"] == "budget:read budget:write registry:read"
            # HTTP Basic and a narrower scope
            basic = base64.b64encode(f"project-service:{secret}".encode()).decode()
            r = await c.post(
                "/api/v1/auth/token",
                data={"grant_type": "client_credentials", "scope": "budget:read"},
                headers={"Authorization": f"Basic {basic}"},
            )
            assert r.status_code == 200 and r.json()["scope"] == "budget:read"
            me = await c.get(
                "/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
            )
            assert me.status_code == 200
            assert me.json()["role"] == "service" and me.json()["scopes"] == ["budget:read"]
            # a scope the client does not hold
            r = await c.post(
                "/api/v1/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "project-service",
                    "client_secret": secret,
                    "scope": "registry:write",
                },
            )
            assert r.status_code == 400 and r.json()["error"] == "invalid_scope"
            # wrong secret: form → 400, Basic → 401
            r = await c.post(
                "/api/v1/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "project-service",
                    "client_secret": "wrong",
                },
            )
            assert r.status_code == 400 and r.json()["error"] == "invalid_client"
            bad = base64.b64encode(b"project-service:wrong").decode()
            r = await c.post(
                "/api/v1/auth/token",
                data={"grant_type": "client_credentials"},
                headers={"Authorization": f"Basic {bad}"},
            )
            assert r.status_code == 401 and r.json()["error"] == "invalid_client"
        await gw.state.audit.flush()
    # bootstrapping again (a restart) keeps one client and accepts the same secret
    gw2 = create_app(settings)
    async with gw2.router.lifespan_context(gw2):
        async for c in asgi_client(gw2):
            r = await c.post(
                "/api/v1/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "project-service",
                    "client_secret": secret,
                },
            )
            assert r.status_code == 200


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _tokens(settings, own: TokenSigner) -> dict[str, str]:
    """Tokens that must all be refused."""
    import hashlib
    import hmac
    import json

    now = int(time.time())
    claims = {
        "sub": "x",
        "role": "admin",
        "aud": "khuyencong",
        "iss": "khuyencong-gateway",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }

    def unsigned(alg: str) -> str:
        head = _b64(json.dumps({"alg": alg, "typ": "JWT", "kid": own.kid}).encode())
        return f"{head}.{_b64(json.dumps(claims).encode())}"

    signing_input = unsigned("HS256")
    mac = hmac.new(own.public_key_pem().encode(), signing_input.encode(), hashlib.sha256)
    pem = load_signing_key(settings)
    other = TokenSigner(
        generate_ed25519_pem(), kid=own.kid, audience="khuyencong", issuer="khuyencong-gateway"
    )
    return {
        "alg none": unsigned("none") + ".",
        "wrong key": other.sign(subject="x", role="admin"),
        "expired": own.sign(subject="x", role="admin", ttl_seconds=-60),
        "wrong audience": TokenSigner(pem, kid=own.kid, audience="other", issuer=own.issuer).sign(
            subject="x", role="admin"
        ),
        "wrong issuer": TokenSigner(pem, kid=own.kid, audience=own.audience, issuer="evil").sign(
            subject="x", role="admin"
        ),
        "hs256 with public key": f"{signing_input}.{_b64(mac.digest())}",
        "garbage": "not.a.token",
        "truncated": own.sign(subject="x", role="admin")[:-5],
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/auth/me", "/api/v1/users", "/api/v1/enterprises", "/api/v1/budget/programs"]
)
async def test_tampered_tokens_are_401_at_the_gateway(app, client, settings, path):
    for name, token in _tokens(settings, app.state.signer).items():
        r = await client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, (name, r.text)
        assert r.headers["content-type"] == "application/problem+json", name
    r = await client.get(path)
    assert r.status_code == 401
    r = await client.get(path, headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 401
