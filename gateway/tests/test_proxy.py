"""The proxy against a real upstream process (tests/upstream_echo.py run by uvicorn)."""

import json

import httpx
import pytest

from gateway.app import create_app
from kc_common.testing import asgi_client


@pytest.fixture
async def gw(make_settings, echo_url):
    """A gateway whose three upstreams are the echo process."""
    app = create_app(
        make_settings(
            registry_url=echo_url,
            projects_url=echo_url,
            budget_url=echo_url,
            upstream_read_timeout=1.0,
        )
    )
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            c.app = app  # type: ignore[attr-defined]
            yield c
        await app.state.audit.flush()
        from gateway.models import Base
        from kc_common.testing import empty_tables

        await empty_tables(app.state.db.engine, Base.metadata)


@pytest.fixture
async def bearer(gw):
    from conftest import create_user, login

    await create_user(gw.app, "officer", "program_officer")
    token = (await login(gw, "officer")).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def echoed_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.json()["headers"]}


@pytest.mark.parametrize(
    "path,service",
    [
        ("/api/v1/enterprises", "registry"),
        ("/api/v1/enterprises/abc", "registry"),
        ("/api/v1/craft-villages", "registry"),
        ("/api/v1/typical-products/1", "registry"),
        ("/api/v1/admin-units", "registry"),
        ("/api/v1/sectors", "registry"),
        ("/api/v1/registry/stats", "registry"),
        ("/api/v1/projects/x/history", "projects"),
        ("/api/v1/activity-types", "projects"),
        ("/api/v1/kpis", "projects"),
        ("/api/v1/documents/x/content", "projects"),
        ("/api/v1/plans/x/items", "projects"),
        ("/api/v1/budget/years/2017/summary", "budget"),
    ],
)
async def test_routes_by_prefix_without_rewriting(gw, bearer, path, service):
    r = await gw.get(path, headers=bearer)
    assert r.status_code == 200, r.text
    assert r.json()["path"] == path


async def test_routing_table_sends_each_prefix_to_its_service(make_settings, echo_url, dead_url):
    from conftest import create_user, login

    app = create_app(
        make_settings(registry_url=dead_url, projects_url=echo_url, budget_url=dead_url)
    )
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            await create_user(app, "officer", "program_officer")
            h = {"Authorization": f"Bearer {(await login(c, 'officer')).json()['access_token']}"}
            assert (await c.get("/api/v1/projects", headers=h)).status_code == 200
            assert (await c.get("/api/v1/enterprises", headers=h)).status_code == 502
            assert (await c.get("/api/v1/budget/programs", headers=h)).status_code == 502
        from gateway.models import Base
        from kc_common.testing import empty_tables

        await empty_tables(app.state.db.engine, Base.metadata)


async def test_forwards_bearer_and_request_id_and_strips_identity_headers(gw, bearer):
    r = await gw.get(
        "/api/v1/enterprises?q=t%C6%B0%C6%A1ng&page=2",
        headers={
            **bearer,
            "X-Request-ID": "req-42",
            "X-User-Id": "admin",
            "X-User-Role": "admin",
            "X-Forwarded-User": "root",
            "X-Remote-User": "root",
            "Remote-User": "root",
            "X-Auth-Request-User": "root",
            "Cookie": "a=b",
            "Connection": "keep-alive",
            "X-Custom": "kept",
        },
    )
    assert r.status_code == 200
    sent = echoed_headers(r)
    assert sent["authorization"] == bearer["Authorization"]
    # The gateway's own id, never the client's, goes to the service and back to the client.
    rid = r.headers["x-request-id"]
    assert rid != "req-42" and sent["x-request-id"] == rid
    assert r.headers.get_list("x-request-id") == [rid]  # not duplicated by the upstream's
    for name in (
        "x-user-id",
        "x-user-role",
        "x-forwarded-user",
        "x-remote-user",
        "remote-user",
        "x-auth-request-user",
        "cookie",
    ):
        assert name not in sent, name
    assert sent["x-custom"] == "kept"
    assert sent["x-forwarded-for"] == "127.0.0.1"
    assert r.json()["query"] == "q=t%C6%B0%C6%A1ng&page=2"


async def test_generates_a_request_id(gw, bearer):
    r = await gw.get("/api/v1/sectors", headers=bearer)
    rid = r.headers["x-request-id"]
    assert rid and rid != "upstream-echo"
    assert echoed_headers(r)["x-request-id"] == rid


async def test_request_body_is_forwarded(gw, bearer):
    payload = {"name": "Công ty Gốm Minh Long", "n": list(range(2000))}
    r = await gw.post("/api/v1/enterprises", json=payload, headers=bearer)
    assert r.status_code == 201
    assert json.loads(r.json()["body"]) == payload
    sent = echoed_headers(r)
    assert int(sent["content-length"]) == len(r.json()["body"].encode())
    assert r.json()["method"] == "POST"


async def test_streamed_request_body(gw, bearer):
    async def chunks():
        for i in range(10):
            yield f"part{i};".encode()

    r = await gw.post(
        "/api/v1/enterprises/import",
        content=chunks(),
        headers={**bearer, "Content-Type": "text/csv"},
    )
    assert r.status_code == 201
    assert r.json()["body"] == "".join(f"part{i};" for i in range(10))


async def test_compressed_response_is_passed_through_untouched(gw, bearer):
    r = await gw.get("/api/v1/enterprises/gzip", headers={**bearer, "Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert int(r.headers["content-length"]) == len(r.content) - len(r.content) + int(
        r.headers["content-length"]
    )
    assert r.json() == {"compressed": True}  # httpx decodes: the bytes and headers agree


async def test_streamed_response(gw, bearer):
    r = await gw.get("/api/v1/enterprises/stream", headers=bearer)
    assert r.text == "chunk0;chunk1;chunk2;chunk3;chunk4;"
    assert "content-length" not in r.headers or r.headers["content-length"] == str(len(r.text))


async def test_hop_by_hop_response_headers_are_dropped(gw, bearer):
    r = await gw.get("/api/v1/enterprises/hop", headers=bearer)
    assert r.status_code == 200
    assert "keep-alive" not in r.headers
    assert "x-private-hop" not in r.headers


async def test_no_shared_cookie_jar(gw, bearer):
    await gw.get("/api/v1/enterprises/cookie", headers=bearer)
    assert len(gw.app.state.proxy_http.cookies) == 0
    r = await gw.get("/api/v1/enterprises", headers=bearer)
    assert "cookie" not in echoed_headers(r)


async def test_unauthenticated_requests_never_reach_the_service(gw, echo_url):
    async with httpx.AsyncClient() as direct:
        before = (await direct.get(echo_url + "/counter")).json()["requests"]
    r = await gw.post("/api/v1/budget/commitments", json={"amount_vnd": 1})
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"] == "Bearer"
    r = await gw.get("/api/v1/enterprises", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    async with httpx.AsyncClient() as direct:
        assert (await direct.get(echo_url + "/counter")).json()["requests"] == before


async def test_upstream_down_is_502_problem(client, app):
    token = app.state.signer.sign(subject="x", role="program_officer")
    r = await client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 502
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "upstream.unavailable" and body["status"] == 502
    assert body["request_id"] == r.headers["x-request-id"]


async def test_upstream_timeout_is_504_problem(gw, bearer):
    r = await gw.get("/api/v1/projects/slow", headers=bearer)
    assert r.status_code == 504
    assert r.json()["code"] == "upstream.timeout"


async def test_writes_are_audited(gw, bearer):
    w1 = await gw.post(
        "/api/v1/projects", json={"title": "x"}, headers={**bearer, "X-Request-ID": "w1"}
    )
    await gw.delete("/api/v1/enterprises/123", headers=bearer)
    await gw.get("/api/v1/enterprises", headers=bearer)  # reads are not audited
    await gw.post("/api/v1/projects", json={})  # unauthenticated write: audited as refused
    from conftest import create_user, login

    await create_user(gw.app, "root", "admin")
    admin = {"Authorization": f"Bearer {(await login(gw, 'root')).json()['access_token']}"}
    r = await gw.get("/api/v1/audit-events", params={"kind": "request.write"}, headers=admin)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [(e["method"], e["path"], e["status"]) for e in items] == [
        ("POST", "/api/v1/projects", 401),
        ("DELETE", "/api/v1/enterprises/123", 200),
        ("POST", "/api/v1/projects", 201),
    ]
    first = items[2]
    assert first["username"] == "officer" and first["role"] == "program_officer"
    # the audit row carries the gateway's request id, not the one the client sent
    assert first["request_id"] == w1.headers["x-request-id"] != "w1"
    assert first["ip"] == "127.0.0.1"
    assert items[0]["username"] is None


async def test_audit_queue_is_drained_on_shutdown(make_settings, echo_url, database_url):
    from sqlalchemy import func, select

    from gateway.audit.models import AuditEvent
    from gateway.models import Base
    from kc_common.testing import empty_tables

    app = create_app(make_settings(registry_url=echo_url, audit_flush_interval_seconds=3600))
    async with app.router.lifespan_context(app):
        token = app.state.signer.sign(subject="x", role="program_officer")
        async for c in asgi_client(app):
            for i in range(20):
                await c.post(
                    f"/api/v1/enterprises/{i}", headers={"Authorization": f"Bearer {token}"}
                )
        assert app.state.audit.pending == 20
    # after a clean shutdown every queued event is in the database
    from kc_common.db import Database

    db = Database(database_url)
    async with db.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(AuditEvent)) == 20
    await empty_tables(db.engine, Base.metadata)
    await db.dispose()


async def test_proxied_requests_take_the_short_stack_with_every_middleware(gw, bearer):
    """ProxyFirst: a proxied request skips FastAPI's own layers, never the app's middleware."""
    from gateway.proxy.routes import ProxyFirst

    r = await gw.get("/api/v1/sectors", headers={**bearer, "Accept-Language": "en"})
    assert r.status_code == 200
    assert isinstance(gw.app.middleware_stack, ProxyFirst)
    # security headers, the gateway's request id, the metrics under the upstream's label
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert echoed_headers(r)["x-request-id"] == r.headers["x-request-id"]
    metrics = gw.app.state.metrics.requests.labels("gateway", "GET", "proxy:registry", 200)
    assert metrics._value.get() >= 1
    # a NUL in the URL is refused before the proxy, in the caller's language
    nul = await gw.get("/api/v1/sectors?q=%00", headers={**bearer, "Accept-Language": "en"})
    assert nul.status_code == 422 and nul.json()["errors"][0]["field"] == "query"
    assert nul.json()["title"] == "Invalid input"
    # edge auth still refuses, with the problem body and the request id
    refused = await gw.get("/api/v1/sectors")
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["request_id"] == refused.headers["x-request-id"]
    # the gateway's own routes still go through the full stack
    own = await gw.get("/api/v1/auth/me", headers=bearer)
    assert own.status_code == 200 and own.headers["x-content-type-options"] == "nosniff"
