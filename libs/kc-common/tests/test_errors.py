import httpx
from fastapi import FastAPI

from kc_common.errors import install_error_handlers
from kc_common.schemas import InputModel


class Body(InputModel):
    name: str


async def test_a_body_that_is_not_utf8_is_the_documented_422_naming_body():
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/items")
    async def create(body: Body) -> dict[str, str]:
        return {"name": body.name}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        headers = {"Content-Type": "application/json"}
        # Bytes the fuzzer sent (not UTF-8): FastAPI's own answer is an undocumented 400.
        for raw in (b"zdU\x1e\xa9", b"\xf8Y\xee\x07\xda(F\x8e"):
            r = await c.post("/items", content=raw, headers=headers)
            assert r.status_code == 422, r.text
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["code"] == "validation.failed"
            ((error,),) = [r.json()["errors"]]
            assert (error["field"], error["code"]) == ("body", "validation.json_invalid")
        # UTF-8 that is not JSON: the same 422, naming `body` (not the character offset).
        r = await c.post("/items", content=b"{not json", headers=headers)
        assert r.status_code == 422
        ((error,),) = [r.json()["errors"]]
        assert (error["field"], error["code"]) == ("body", "validation.json_invalid")
