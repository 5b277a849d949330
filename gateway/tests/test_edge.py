"""The gateway's edge: body limits (its own routes and proxied ones), security headers, /docs
with local assets, request ids, X-Forwarded-For from trusted proxies only, /metrics."""

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from conftest import create_user, login
from pydantic import ValidationError

from gateway.app import create_app
from gateway.models import Base
from gateway.net import client_ip, parse_networks
from kc_common.testing import asgi_client, empty_tables


async def running(settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            c.app = app  # type: ignore[attr-defined]
            yield c
        await app.state.audit.flush()
        await empty_tables(app.state.db.engine, Base.metadata)


@pytest.fixture
async def gw(make_settings, echo_url):
    """The gateway in front of the echo upstream, with small limits to keep the test cheap."""
    settings = make_settings(
        registry_url=echo_url,
        projects_url=echo_url,
        budget_url=echo_url,
        max_json_bytes=64 * 1024,
        max_upload_bytes=256 * 1024,
    )
    async for c in running(settings):
        yield c


@pytest.fixture
async def bearer(gw):
    await create_user(gw.app, "officer", "program_officer")
    token = (await login(gw, "officer")).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def upstream_requests(echo_url: str) -> int:
    return int(httpx.get(f"{echo_url}/counter").json()["requests"])


# --- body limits -----------------------------------------------------------------------------


async def test_declared_oversize_body_to_an_own_route_is_413(client):
    # the finding: a 30 MB JSON body to /auth/refresh was read whole before a 422
    r = await client.post(
        "/api/v1/auth/refresh",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": str(30 * 1024 * 1024)},
    )
    assert r.status_code == 413
    problem = r.json()
    assert problem["code"] == "request.too_large"
    assert problem["params"]["limit"] == 1024 * 1024
    assert problem["request_id"] == r.headers["x-request-id"]


async def test_streamed_oversize_body_to_an_own_route_is_413(client):
    async def chunks():
        yield b'{"refresh_token": "'
        for _ in range(2 * 1024):
            yield b"a" * 1024
        yield b'"}'

    r = await client.post(
        "/api/v1/auth/refresh", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert r.json()["code"] == "request.too_large"


async def test_proxied_body_over_the_declared_limit_never_reaches_the_service(gw, bearer, echo_url):
    before = upstream_requests(echo_url)
    r = await gw.post(
        "/api/v1/enterprises",
        content=b"{}",
        headers={
            **bearer,
            "content-type": "application/json",
            "content-length": str(500 * 1024 * 1024),
        },
    )
    assert r.status_code == 413 and r.json()["code"] == "request.too_large"
    assert upstream_requests(echo_url) == before


async def test_proxied_streamed_body_is_cut_off_at_the_limit(gw, bearer):
    yielded = []

    async def chunks():
        for i in range(1024):  # 1 MiB offered against 64 KiB
            yielded.append(i)
            yield b"a" * 1024

    r = await gw.post(
        "/api/v1/enterprises",
        content=chunks(),
        headers={**bearer, "content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["code"] == "request.too_large"
    assert len(yielded) < 100
    # the half-sent upstream connection is not reused: the next request goes through whole
    payload = {"name": "Công ty Gốm Minh Long"}
    ok = await gw.post("/api/v1/enterprises", json=payload, headers=bearer)
    assert ok.status_code == 201, ok.text
    assert json.loads(ok.json()["body"]) == payload


async def test_proxied_body_just_under_the_limit_passes(gw, bearer):
    body = b'{"name": "' + b"a" * (64 * 1024 - 12) + b'"}'
    assert len(body) == 64 * 1024
    r = await gw.post(
        "/api/v1/enterprises", content=body, headers={**bearer, "content-type": "application/json"}
    )
    assert r.status_code == 201, r.text
    assert len(r.json()["body"]) == len(body)


async def test_proxied_uploads_have_the_upload_limit(gw, bearer):
    files = {"file": ("doanh-nghiep.csv", b"x" * (256 * 1024), "text/csv")}
    r = await gw.post("/api/v1/enterprises/import", files=files, headers=bearer)
    assert r.status_code == 201, r.text
    files = {"file": ("doanh-nghiep.csv", b"x" * (400 * 1024), "text/csv")}
    r = await gw.post("/api/v1/enterprises/import", files=files, headers=bearer)
    assert r.status_code == 413 and r.json()["code"] == "request.too_large"


# --- security headers and /docs --------------------------------------------------------------


async def test_security_headers_on_own_proxied_and_html_responses(gw, bearer):
    for r in (
        await gw.get("/healthz"),
        await gw.get("/api/v1/auth/me"),  # 401 problem
        await gw.get("/api/v1/sectors", headers=bearer),  # proxied
        await gw.get("/"),  # the SPA (here the not-built page)
        await gw.get("/docs"),
    ):
        assert r.headers.get_list("x-content-type-options") == ["nosniff"], r.url
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"
    for path in ("/", "/docs", "/some/client/route"):
        csp = (await gw.get(path)).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self';" in csp


async def test_hsts_is_a_setting(make_settings):
    async for c in running(make_settings()):
        assert "strict-transport-security" not in (await c.get("/healthz")).headers
    async for c in running(make_settings(hsts_max_age=63072000)):
        r = await c.get("/healthz")
        assert r.headers["strict-transport-security"].startswith("max-age=63072000")


async def test_docs_page_loads_only_local_assets(client):
    page = await client.get("/docs")
    assert page.status_code == 200
    assert "content-security-policy" in page.headers
    html = page.text
    assert not re.search(r"https?://", html)  # no CDN, no other origin at all
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assets = re.findall(r"(?:src|href)=\"(/docs/assets/[^\"]+)\"", html)
    assert {a.rsplit("/", 1)[1] for a in assets} >= {
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-init.js",
    }
    for asset in assets:
        r = await client.get(asset)
        assert r.status_code == 200, asset
        assert r.headers["x-content-type-options"] == "nosniff"
    assert 'data-openapi-url="/openapi.json"' in html


# --- request ids -----------------------------------------------------------------------------


async def test_the_gateway_always_mints_its_own_request_id(client):
    for sent in ("req-42", "x" * 200, "evil\u2028id"):
        r = await client.get("/healthz", headers={"x-request-id": sent.encode("utf-8")})
        rid = r.headers["x-request-id"]
        assert rid != sent and re.fullmatch(r"[0-9a-f]{32}", rid)


# --- X-Forwarded-For -------------------------------------------------------------------------


def scope(peer: str, *xff: str) -> dict[str, Any]:
    return {"client": (peer, 1234), "headers": [(b"x-forwarded-for", v.encode()) for v in xff]}


def test_forwarded_for_is_ignored_without_trusted_proxies():
    assert client_ip(scope("203.0.113.9", "1.2.3.4"), []) == "203.0.113.9"


def test_forwarded_for_is_ignored_from_an_untrusted_peer():
    proxies = parse_networks(["10.0.0.0/8"])
    assert client_ip(scope("203.0.113.9", "1.2.3.4"), proxies) == "203.0.113.9"


def test_right_most_untrusted_hop_is_the_client():
    proxies = parse_networks(["10.0.0.0/8", "192.168.1.5"])
    # the client wrote "1.2.3.4"; the ingress appended the address it saw, 198.51.100.7
    assert client_ip(scope("10.1.2.3", "1.2.3.4, 198.51.100.7"), proxies) == "198.51.100.7"
    # two trusted hops; the header split over two lines
    assert (
        client_ip(scope("10.1.2.3", "1.2.3.4, 198.51.100.7", "192.168.1.5"), proxies)
        == "198.51.100.7"
    )
    # garbage where a proxy would have written an address: stop at the last trusted hop
    assert client_ip(scope("10.1.2.3", "198.51.100.7, not-an-ip"), proxies) == "10.1.2.3"
    # only trusted hops: the left-most of them
    assert client_ip(scope("10.1.2.3", "10.9.9.9"), proxies) == "10.9.9.9"
    assert client_ip(scope("10.1.2.3"), proxies) == "10.1.2.3"
    assert client_ip(scope("2001:db8::1", "1.2.3.4"), parse_networks(["2001:db8::/32"])) == (
        "1.2.3.4"
    )


def test_trusted_proxies_setting(make_settings, monkeypatch):
    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.5")
    from gateway.settings import GatewaySettings

    nets = [str(n) for n in GatewaySettings().trusted_proxies]
    assert nets == ["10.0.0.0/8", "192.168.1.5/32"]
    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", '["172.16.0.0/12"]')
    assert [str(n) for n in GatewaySettings().trusted_proxies] == ["172.16.0.0/12"]
    monkeypatch.delenv("GATEWAY_TRUSTED_PROXIES")
    assert GatewaySettings().trusted_proxies == []
    # the old switch believed anyone's header: refused with a pointer to the new setting
    with pytest.raises(ValidationError, match="GATEWAY_TRUSTED_PROXIES"):
        make_settings(trust_forwarded_for=True)


async def test_random_forwarded_for_does_not_dodge_the_login_rate_limit(make_settings):
    # Behind a trusted ingress (the test client's address, 127.0.0.1): a client writing a new
    # X-Forwarded-For each time is still one client, the address the ingress appended.
    settings = make_settings(trusted_proxies=["127.0.0.1"], login_rate_limit=3)
    async for c in running(settings):
        statuses = []
        for i in range(5):
            r = await c.post(
                "/api/v1/auth/token",
                data={"grant_type": "password", "username": "ghost", "password": "wrong-pass-x"},
                headers={"x-forwarded-for": f"10.0.{i}.1, 198.51.100.7"},
            )
            statuses.append(r.status_code)
        assert statuses[-1] == 429, statuses
        # directly connected (no trusted proxy): the header is not looked at
    async for c in running(make_settings(login_rate_limit=3)):
        for i in range(4):
            r = await c.post(
                "/api/v1/auth/token",
                data={"grant_type": "password", "username": "ghost", "password": "wrong-pass-x"},
                headers={"x-forwarded-for": f"10.0.{i}.1"},
            )
        assert r.status_code == 429


async def test_audit_and_upstream_see_the_resolved_client(make_settings, echo_url):
    settings = make_settings(
        registry_url=echo_url, trusted_proxies=["127.0.0.1"], projects_url=echo_url
    )
    async for c in running(settings):
        await create_user(c.app, "officer", "program_officer")
        await create_user(c.app, "root", "admin")
        token = (await login(c, "officer")).json()["access_token"]
        r = await c.post(
            "/api/v1/projects",
            json={"title": "x"},
            headers={
                "Authorization": f"Bearer {token}",
                "x-forwarded-for": "1.2.3.4, 198.51.100.7",
                "x-request-id": "client-picked",
            },
        )
        assert r.status_code == 201
        sent = {k: v for k, v in r.json()["headers"]}
        assert sent["x-forwarded-for"] == "1.2.3.4, 198.51.100.7, 127.0.0.1"
        assert sent["x-request-id"] == r.headers["x-request-id"] != "client-picked"
        await c.app.state.audit.flush()
        admin = {"Authorization": f"Bearer {(await login(c, 'root')).json()['access_token']}"}
        events = await c.get(
            "/api/v1/audit-events", params={"kind": "request.write"}, headers=admin
        )
        (event,) = events.json()["items"]
        assert event["ip"] == "198.51.100.7"
        assert event["request_id"] == r.headers["x-request-id"]


# --- /metrics --------------------------------------------------------------------------------


async def test_metrics_need_an_admin_or_the_metrics_scope(make_settings):
    secret = "metrics-secret-0123456789"
    settings = make_settings(
        bootstrap_clients=[
            {"client_id": "prometheus", "client_secret": secret, "scopes": ["metrics"]},
            {"client_id": "reader", "client_secret": secret, "scopes": ["registry:read"]},
        ]
    )
    async for c in running(settings):
        anonymous = await c.get("/metrics")
        assert anonymous.status_code == 401
        assert anonymous.headers["content-type"] == "application/problem+json"
        await create_user(c.app, "root", "admin")
        await create_user(c.app, "officer", "program_officer")
        for name, status in (("root", 200), ("officer", 403)):
            token = (await login(c, name)).json()["access_token"]
            r = await c.get("/metrics", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == status, name
        for client_id, status in (("prometheus", 200), ("reader", 403)):
            token = (
                await c.post(
                    "/api/v1/auth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": client_id,
                        "client_secret": secret,
                    },
                )
            ).json()["access_token"]
            r = await c.get("/metrics", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == status, client_id
            if status == 200:
                assert "http_requests_total" in r.text
