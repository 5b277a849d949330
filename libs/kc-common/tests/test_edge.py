"""Body size limits, security headers, docs pages, request ids and /metrics guards: what
create_service_app puts in front of every service."""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from kc_common.app import create_service_app
from kc_common.edge import MULTIPART_FRAMING, BodySizeLimit, SecurityHeaders
from kc_common.errors import Unauthorized
from kc_common.settings import ServiceSettings

router = APIRouter()
SEEN: dict[str, int] = {}


class Note(BaseModel):
    text: str


@router.post("/notes")
async def create_note(note: Note) -> dict[str, int]:
    SEEN["notes"] = len(note.text)
    return {"length": len(note.text)}


@router.post("/uploads")
async def upload(file: UploadFile = File(...)) -> dict[str, int]:
    data = await file.read()
    return {"size": len(data)}


@router.get("/page", response_class=HTMLResponse)
async def page() -> str:
    return "<!doctype html><p>hi</p>"


def make_app(**settings: Any) -> Any:
    values: dict[str, Any] = {"environment": "test", "log_json": False}
    values.update(settings)
    kwargs = values.pop("app_kwargs", {})
    return create_service_app(
        service="demo",
        title="Demo",
        settings=ServiceSettings(**values),
        routers=[router],
        **kwargs,
    )


async def client_for(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


async def a_client(**settings: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=make_app(**settings)), base_url="http://test"
    )


JSON = {"content-type": "application/json"}


def json_of_size(size: int) -> bytes:
    """A valid `{"text": "aaa…"}` body of exactly `size` bytes."""
    return b'{"text": "' + b"a" * (size - 12) + b'"}'


# --- body size limits ------------------------------------------------------------------------


async def test_a_declared_content_length_over_the_limit_is_413_before_reading():
    reads = []

    async def receive() -> dict[str, Any]:
        reads.append(1)
        raise AssertionError("the body must not be read")

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not run")

    guarded = BodySizeLimit(app, max_json_bytes=1024, max_upload_bytes=4096)
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/x",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"524288000")],
        "state": {"request_id": "r1"},
    }
    await guarded(scope, receive, send)
    assert not reads
    assert sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]
    import json

    body = json.loads(sent[1]["body"])
    assert body["code"] == "request.too_large"
    assert body["params"] == {"limit": 1024}
    assert body["request_id"] == "r1"


async def test_json_over_the_limit_is_413_and_just_under_passes():
    async with await a_client(max_json_bytes=2048) as c:
        ok = await c.post("/api/v1/notes", content=json_of_size(2048), headers=JSON)
        assert ok.status_code == 200, ok.text
        too_big = await c.post("/api/v1/notes", content=json_of_size(2049), headers=JSON)
        assert too_big.status_code == 413
        assert too_big.headers["content-type"] == "application/problem+json"
        problem = too_big.json()
        assert problem["code"] == "request.too_large"
        assert problem["params"]["limit"] == 2048
        assert "2048" in problem["detail"]
        assert problem["request_id"] == too_big.headers["x-request-id"]


async def test_a_chunked_body_is_cut_off_as_soon_as_it_passes_the_limit():
    yielded = []

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"text": "'
        for i in range(1000):  # 1000 KiB offered against a 4 KiB limit
            yielded.append(i)
            yield b"a" * 1024
        yield b'"}'

    SEEN.clear()
    async with await a_client(max_json_bytes=4096) as c:
        r = await c.post(
            "/api/v1/notes", content=chunks(), headers={"content-type": "application/json"}
        )
    assert r.status_code == 413
    assert r.json()["code"] == "request.too_large"
    assert len(yielded) <= 5  # stopped reading right after the limit
    assert "notes" not in SEEN  # the route never ran


async def test_a_content_length_that_lies_does_not_get_past_the_limit():
    messages = [
        {"type": "http.request", "body": b"a" * 1000, "more_body": True},
        {"type": "http.request", "body": b"a" * 1000, "more_body": True},
        {"type": "http.request", "body": b"a" * 1000, "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read it all"})

    guarded = BodySizeLimit(app, max_json_bytes=1500, max_upload_bytes=1500)
    scope = {"type": "http", "headers": [(b"content-length", b"10")], "state": {}}
    await guarded(scope, receive, send)
    assert sent[0]["status"] == 413
    assert len(messages) == 1  # the third chunk was never read
    assert len(sent) == 2


async def test_uploads_have_their_own_larger_limit():
    limit = 64 * 1024
    async with await a_client(max_json_bytes=1024, max_upload_bytes=limit) as c:
        ok = await c.post("/api/v1/uploads", files={"file": ("a.csv", b"x" * limit, "text/csv")})
        assert ok.status_code == 200, ok.text
        assert ok.json() == {"size": limit}
        too_big = b"x" * (limit + MULTIPART_FRAMING + 1)
        r = await c.post("/api/v1/uploads", files={"file": ("a.csv", too_big, "text/csv")})
        assert r.status_code == 413
        assert r.json()["code"] == "request.too_large"
        # a form-encoded body is not an upload: the JSON limit applies
        r = await c.post("/api/v1/uploads", data={"file": "x" * 2000})
        assert r.status_code == 413


async def test_default_limits_are_one_and_twenty_mib():
    settings = ServiceSettings()
    assert settings.max_json_bytes == 1024 * 1024
    assert settings.max_upload_bytes == 20 * 1024 * 1024


# --- security headers ------------------------------------------------------------------------


async def test_every_response_carries_the_security_headers_and_html_a_csp():
    async with await a_client() as c:
        for r in (
            await c.get("/healthz"),
            await c.get("/api/v1/nope"),
            await c.post("/api/v1/notes", content=b"{", headers=JSON),
            await c.get("/api/v1/page"),
        ):
            assert r.headers["x-content-type-options"] == "nosniff"
            assert r.headers["referrer-policy"] == "no-referrer"
            assert r.headers["x-frame-options"] == "DENY"
            assert "strict-transport-security" not in r.headers
        html = await c.get("/api/v1/page")
        csp = html.headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
        ):
            assert directive in csp
        assert "unsafe-eval" not in csp and "http" not in csp
        assert "script-src 'self';" in csp  # no 'unsafe-inline' for scripts
        assert "content-security-policy" not in (await c.get("/healthz")).headers


async def test_an_answer_to_a_request_with_credentials_is_not_stored():
    """Private answers (a bearer token asked for them) are `no-store` unless the route said
    otherwise; an anonymous answer is left to its route (public pages may be cached)."""
    async with await a_client() as c:
        private = await c.get("/healthz", headers={"Authorization": "Bearer x"})
        anonymous = await c.get("/healthz")
    assert private.headers["cache-control"] == "no-store"
    assert "cache-control" not in anonymous.headers

    async def chosen(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"cache-control", b"private, max-age=60")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=SecurityHeaders(chosen)), base_url="http://t"
    ) as c:
        r = await c.get("/", headers={"Authorization": "Bearer x"})
    assert r.headers.get_list("cache-control") == ["private, max-age=60"]


async def test_hsts_only_when_configured():
    async with await a_client(hsts_max_age=31536000) as c:
        r = await c.get("/healthz")
    assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


async def test_headers_already_set_are_not_doubled():
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/html"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"content-security-policy", b"default-src 'none'"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=SecurityHeaders(app)), base_url="http://t"
    ) as c:
        r = await c.get("/")
    assert r.headers.get_list("x-content-type-options") == ["nosniff"]
    assert r.headers.get_list("content-security-policy") == ["default-src 'none'"]
    assert r.headers["x-frame-options"] == "DENY"


# --- docs ------------------------------------------------------------------------------------


async def test_docs_pages_use_local_assets_and_no_inline_script():
    async with await a_client(environment="development") as c:
        page = await c.get("/docs")
        assert page.status_code == 200
        assert "content-security-policy" in page.headers
        html = page.text
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
        for asset in re.findall(r"(?:src|href)=\"(/docs/assets/[^\"]+)\"", html):
            assert (await c.get(asset)).status_code == 200, asset
        assert (await c.get("/docs/assets/swagger-init.js")).status_code == 200
        redoc = await c.get("/redoc")
        assert redoc.status_code == 200
        assert "fonts.googleapis.com" not in redoc.text and "cdn." not in redoc.text
        assert (await c.get("/openapi.json")).status_code == 200


async def test_docs_pages_are_off_outside_development_but_openapi_json_stays():
    async with await a_client(environment="demo") as c:
        assert (await c.get("/docs")).status_code == 404
        assert (await c.get("/redoc")).status_code == 404
        assert (await c.get("/docs/assets/swagger-ui-bundle.js")).status_code == 404
        # the gateway merges the services' documents from here
        assert (await c.get("/openapi.json")).status_code == 200


# --- request ids -----------------------------------------------------------------------------


async def test_a_service_adopts_a_well_formed_caller_request_id():
    async with await a_client() as c:
        assert (await c.get("/healthz", headers={"x-request-id": "gw-1.a_b"})).headers[
            "x-request-id"
        ] == "gw-1.a_b"
        for bad in ("x" * 65, "a b", 'a"b', "<script>"):
            rid = (await c.get("/healthz", headers={"x-request-id": bad})).headers["x-request-id"]
            assert rid != bad and re.fullmatch(r"[0-9a-f]{32}", rid)


async def test_an_edge_app_always_mints_its_own_request_id():
    async with await a_client(app_kwargs={"trust_request_id": False}) as c:
        r = await c.get("/healthz", headers={"x-request-id": "client-chosen"})
    assert r.headers["x-request-id"] != "client-chosen"
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])


# --- /metrics --------------------------------------------------------------------------------


async def test_metrics_can_be_guarded():
    async def deny() -> None:
        raise Unauthorized("no")

    async with await a_client(app_kwargs={"metrics_dependencies": [Depends(deny)]}) as c:
        assert (await c.get("/metrics")).status_code == 401
    async with await a_client() as c:
        assert (await c.get("/metrics")).status_code == 200


async def test_an_app_with_its_own_verifier_gets_no_jwks_client() -> None:
    """The gateway signs the tokens and verifies them with its key ring: kc_common builds no
    verifier, no revocation feed and no `app.state.http` for it."""
    from kc_common.auth import TokenVerifier

    async def startup(app: Any) -> None:
        app.state.token_verifier = TokenVerifier(
            audience="khuyencong", issuer="khuyencong-gateway", algorithms=["EdDSA"]
        )

    app = make_app(app_kwargs={"own_verifier": True, "on_startup": startup})
    async with app.router.lifespan_context(app):
        assert not hasattr(app.state, "http")
        assert app.state.token_verifier is not None
    plain = make_app()
    async with plain.router.lifespan_context(plain):
        assert isinstance(plain.state.http, httpx.AsyncClient)


async def test_metrics_count_every_request_by_route_and_status():
    async with await a_client() as client:
        for _ in range(3):
            assert (await client.post("/api/v1/notes", json={"text": "a"})).status_code == 200
        assert (await client.post("/api/v1/notes", json={}, headers=JSON)).status_code == 422
        body = (await client.get("/metrics")).text
    labels = 'method="POST",route="/notes",service="demo"'
    assert f'http_requests_total{{{labels},status="200"}} 3.0' in body
    assert f'http_requests_total{{{labels},status="422"}} 1.0' in body
    assert f"http_request_duration_seconds_count{{{labels}}} 4.0" in body


async def test_a_running_app_collects_young_objects_less_often_and_restores_it():
    import gc

    from kc_common.app import GC_YOUNG_THRESHOLD

    before = gc.get_threshold()
    app = make_app()
    async with app.router.lifespan_context(app):
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, before[1], before[2])
    assert gc.get_threshold() == before


@pytest.mark.parametrize("freeze", [True, False])
async def test_a_running_app_freezes_its_startup_heap_unless_told_not_to(freeze):
    import gc

    app = make_app(gc_freeze=freeze)
    async with app.router.lifespan_context(app):
        assert (gc.get_freeze_count() > 0) is freeze
    assert gc.get_freeze_count() == 0
