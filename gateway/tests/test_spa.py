import pytest

from gateway.app import create_app
from kc_common.testing import asgi_client


@pytest.fixture
async def spa(make_settings, tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Khuyến công</title>")
    (dist / "assets" / "index-3f9a1c.js").write_text("console.log(1)")
    (dist / "favicon.svg").write_text("<svg/>")
    app = create_app(make_settings(spa_dir=dist))
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            yield c


async def test_index_and_client_routes(spa):
    for path in ("/", "/projects/123", "/enterprises?page=2", "/index.html"):
        r = await spa.get(path)
        assert r.status_code == 200, path
        assert "Khuyến công" in r.text
        assert r.headers["cache-control"] == "no-cache"
        assert r.headers["content-type"].startswith("text/html")


async def test_hashed_assets_are_immutable(spa):
    r = await spa.get("/assets/index-3f9a1c.js")
    assert r.status_code == 200 and r.text == "console.log(1)"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (await spa.get("/assets/missing-123.js")).status_code == 404
    assert (await spa.get("/favicon.svg")).status_code == 200


async def test_api_paths_never_fall_back(spa):
    r = await spa.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert (await spa.get("/api")).status_code == 404


async def test_no_path_traversal(spa):
    r = await spa.get("/../../etc/passwd")
    assert "root:" not in r.text
    r = await spa.get("/%2e%2e/%2e%2e/etc/passwd")
    assert "root:" not in r.text


async def test_missing_build_says_so_in_vietnamese(client):
    r = await client.get("/")
    assert r.status_code == 200
    assert "chưa được build" in r.text


async def test_docs_and_openapi(client):
    r = await client.get("/docs")
    assert r.status_code == 200 and "swagger" in r.text.lower()
    doc = (await client.get("/openapi.json")).json()
    assert "/api/v1/auth/token" in doc["paths"]
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


async def test_public_pages_get_their_own_light_entry(make_settings, tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>staff</title>")
    (dist / "public.html").write_text("<!doctype html><title>Công khai</title>")
    app = create_app(make_settings(spa_dir=dist))
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            for path in ("/cong-khai", "/cong-khai/de-an/KC-2017-0001"):
                r = await c.get(path)
                assert r.status_code == 200 and "Công khai" in r.text, path
                assert r.headers["cache-control"] == "no-cache"
            assert "staff" in (await c.get("/cong-khaix")).text
