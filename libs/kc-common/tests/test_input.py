import httpx
import pytest
from fastapi import FastAPI
from pydantic import Field, ValidationError

from kc_common.errors import install_error_handlers
from kc_common.observability import RejectNulInUrl
from kc_common.schemas import InputModel, contains_nul


class Body(InputModel):
    name: str
    kpis: dict[str, object] = Field(default_factory=dict)


def test_nul_in_a_field_names_the_field():
    with pytest.raises(ValidationError) as info:
        Body(name="a\x00b")
    assert info.value.errors()[0]["loc"] == ("name",)


def test_nul_nested_in_json_is_refused():
    with pytest.raises(ValidationError) as info:
        Body(name="ok", kpis={"trainees": ["x\x00"]})
    assert info.value.errors()[0]["loc"] == ("kpis",)
    assert contains_nul({"k\x00": 1})
    assert not contains_nul({"k": [1, "v"]})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Body(name="ok", other=1)  # type: ignore[call-arg]


async def test_nul_in_query_or_path_is_422_before_routing():
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RejectNulInUrl)

    @app.get("/items/{name}")
    async def item(name: str, q: str = "") -> dict[str, str]:
        return {"name": name, "q": q}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        ok = await c.get("/items/a", params={"q": "tuong binh hiep"})
        assert ok.json() == {"name": "a", "q": "tuong binh hiep"}
        bad_query = await c.get("/items/a?q=x%00y")
        assert bad_query.status_code == 422
        assert bad_query.json()["errors"][0]["field"] == "query"
        bad_path = await c.get("/items/a%00b")
        assert bad_path.status_code == 422
        assert bad_path.json()["errors"][0]["field"] == "path"
