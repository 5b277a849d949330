"""`/api/v1/public/*`: no token needed, a token sent is not forwarded, routed by the second
segment, rate-limited per client address (429 problem+json with Retry-After)."""

import pytest

from gateway.app import create_app
from gateway.proxy.ratelimit import RateLimiter
from kc_common.testing import asgi_client


@pytest.fixture
async def public_gw(make_settings, echo_url, dead_url):
    """projects → the echo process, budget → nothing (502 tells which service was asked)."""
    app = create_app(
        make_settings(
            projects_url=echo_url,
            budget_url=dead_url,
            registry_url=dead_url,
            public_rate_limit=5,
            public_rate_window_seconds=3600,
            trusted_proxies=["127.0.0.1/32"],
        )
    )
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            yield c


async def test_public_paths_need_no_token_and_drop_one_sent(public_gw):
    r = await public_gw.get("/api/v1/public/projects?page=1")
    assert r.status_code == 200, r.text
    assert r.json()["path"] == "/api/v1/public/projects"
    r = await public_gw.get("/api/v1/public/ocds", headers={"Authorization": "Bearer forged"})
    assert r.status_code == 200  # not refused: the token is not even looked at...
    sent = {k for k, _ in r.json()["headers"]}
    assert "authorization" not in sent  # ...nor forwarded
    assert (await public_gw.get("/api/v1/public/budget/years")).status_code == 502
    # the staff routes still want a token
    assert (await public_gw.get("/api/v1/projects")).status_code == 401


async def test_public_routes_are_rate_limited_per_address(public_gw):
    client_a = {"X-Forwarded-For": "203.0.113.7"}  # the test client's peer is a trusted proxy
    for _ in range(5):
        assert (await public_gw.get("/api/v1/public/projects", headers=client_a)).is_success
    r = await public_gw.get("/api/v1/public/projects", headers=client_a)
    assert r.status_code == 429
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
    assert r.json()["params"]["retry_after"] == int(r.headers["retry-after"])
    # another address is not held back
    r = await public_gw.get("/api/v1/public/projects", headers={"X-Forwarded-For": "203.0.113.8"})
    assert r.status_code == 200


def test_sliding_window_lets_requests_through_as_the_last_window_fades():
    now = [1000.0]
    limiter = RateLimiter(10, 60, clock=lambda: now[0])  # window 16 starts at 960
    assert [limiter.hit("a") for _ in range(10)] == [0] * 10
    # the next window starts at 1020 (20 s), where the 10 still count in full at its first instant
    assert limiter.hit("a") in (20, 21)
    now[0] = 1020.0 + 0.5 * 60  # half-way into the next window: 10 × 50% = 5 counted
    assert [limiter.hit("a") for _ in range(5)] == [0] * 5
    assert limiter.hit("a") > 0
    assert limiter.hit("b") == 0
