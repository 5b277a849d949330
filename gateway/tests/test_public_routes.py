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


async def test_an_ipv6_client_is_limited_by_its_64(public_gw):
    """One host is routinely given a whole IPv6 /64: a new address in it for each request
    must not be a new allowance."""
    for n in range(5):
        xff = {"X-Forwarded-For": f"2001:db8:7:1::{n + 1:x}"}
        assert (await public_gw.get("/api/v1/public/projects", headers=xff)).is_success
    rotated = {"X-Forwarded-For": "2001:db8:7:1:abcd:ef01:2345:6789"}
    assert (await public_gw.get("/api/v1/public/projects", headers=rotated)).status_code == 429
    # the next /64 is someone else
    other = {"X-Forwarded-For": "2001:db8:7:2::1"}
    assert (await public_gw.get("/api/v1/public/projects", headers=other)).status_code == 200


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


@pytest.fixture
async def cached_gw(make_settings, echo_url):
    app = create_app(
        make_settings(
            projects_url=echo_url,
            public_rate_limit=1000,
            public_cache_seconds=60,
            public_cache_max_entry_bytes=4096,
        )
    )
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            yield c


async def test_public_answers_are_kept_and_served_to_everyone(cached_gw):
    first = await cached_gw.get("/api/v1/public/projects/cacheable?year=2018")
    assert first.status_code == 200 and "age" not in first.headers  # fetched for this caller
    again = await cached_gw.get(
        "/api/v1/public/projects/cacheable?year=2018", headers={"Authorization": "Bearer x"}
    )
    assert again.json() == first.json()  # the service was not asked again
    assert int(again.headers["age"]) >= 0
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "public, max-age=300"
    assert "set-cookie" not in again.headers  # only the answer's own headers are replayed
    # a matching ETag costs a 304 from the gateway
    r = await cached_gw.get(
        "/api/v1/public/projects/cacheable?year=2018",
        headers={"If-None-Match": first.headers["etag"]},
    )
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == first.headers["etag"]
    # another query, or another language, is another answer
    other = await cached_gw.get("/api/v1/public/projects/cacheable?year=2019")
    assert other.json()["served"] > first.json()["served"]
    english = await cached_gw.get(
        "/api/v1/public/projects/cacheable?year=2018", headers={"Accept-Language": "en"}
    )
    assert english.json()["served"] > first.json()["served"]


async def test_private_answers_and_staff_routes_are_never_kept(cached_gw):
    a = await cached_gw.get("/api/v1/public/projects/cacheable/private")
    b = await cached_gw.get("/api/v1/public/projects/cacheable/private")
    assert a.status_code == b.status_code == 200
    assert b.json()["served"] > a.json()["served"]
    # what only a POST or a signed-in caller sees never comes from the public cache
    r = await cached_gw.post("/api/v1/public/projects/cacheable", content=b"{}")
    assert r.json()["served"] > b.json()["served"]


async def test_a_crowd_of_misses_asks_the_service_once(cached_gw):
    import asyncio

    answers = await asyncio.gather(
        *(cached_gw.get("/api/v1/public/projects/cacheable?slow=1") for _ in range(8))
    )
    assert {r.status_code for r in answers} == {200}
    assert len({r.json()["served"] for r in answers}) == 1


async def test_the_rate_limit_counts_cached_answers_too(make_settings, echo_url):
    app = create_app(
        make_settings(
            projects_url=echo_url,
            public_rate_limit=3,
            public_rate_window_seconds=3600,
            trusted_proxies=["127.0.0.1/32"],
        )
    )
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            me = {"X-Forwarded-For": "203.0.113.9"}
            codes = [
                (await c.get("/api/v1/public/projects/cacheable", headers=me)).status_code
                for _ in range(4)
            ]
            assert codes == [200, 200, 200, 429]


def test_kept_answers_expire_and_the_oldest_leave_first():
    from gateway.proxy.public_cache import PublicCache

    now = [0.0]
    cache = PublicCache(seconds=10, max_entry_bytes=100, max_total_bytes=250, clock=lambda: now[0])
    headers = [(b"etag", b'"e"'), (b"cache-control", b"public, max-age=5")]
    lifetime = cache.lifetime(headers)
    assert lifetime == 5  # the service's max-age, under the gateway's own 10
    assert cache.lifetime([(b"etag", b'"e"'), (b"cache-control", b"public, max-age=50")]) == 10
    assert cache.lifetime([(b"etag", b'"e"'), (b"cache-control", b"public, no-store")]) == 0
    assert cache.lifetime([(b"cache-control", b"public, max-age=5")]) == 0  # no ETag
    assert cache.lifetime([*headers, (b"vary", b"Authorization")]) == 0
    cache.put((b"/a", b""), headers, b"x" * 60, lifetime)
    cache.put((b"/big", b""), headers, b"x" * 200, lifetime)  # over the entry cap
    assert cache.get((b"/big", b"")) is None
    cache.put((b"/b", b""), headers, b"x" * 60, lifetime)
    assert cache.get((b"/a", b"")) is not None  # /a is now the most recently used
    cache.put((b"/c", b""), headers, b"x" * 60, lifetime)  # over the total: /b leaves
    assert cache.get((b"/b", b"")) is None
    assert cache.get((b"/a", b"")) is not None and cache.get((b"/c", b"")) is not None
    now[0] = 5.0
    assert cache.get((b"/a", b"")) is None
