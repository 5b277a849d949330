"""Problems speak the caller's language: Vietnamese by default, English on request; `code` and
`params` never change with the language."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, Literal

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import StringConstraints

from kc_common import messages
from kc_common.edge import BodySizeLimit
from kc_common.errors import Conflict, Unprocessable, install_error_handlers
from kc_common.schemas import InputModel, PositiveVnd

messages.register(
    {
        "test.over_cap": (
            "Tổng tạm ứng tối đa {cap_percent}% ({cap_vnd})",
            "Advances may total at most {cap_percent}% ({cap_vnd})",
        ),
        "test.years": ("Các năm đã có chương trình: {years}", "Years already covered: {years}"),
    }
)


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "vi"),
        ("", "vi"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("fr", "vi"),
        ("fr-FR, en;q=0.5", "en"),
        ("en;q=0.3, vi;q=0.7", "vi"),
        ("vi;q=0.5, en;q=0.5", "vi"),
        ("en;q=abc", "vi"),
        ("*", "vi"),
        ("EN-gb", "en"),
    ],
)
def test_negotiate(header: str | None, lang: str) -> None:
    assert messages.negotiate(header) == lang


def test_money_and_lists_in_each_language() -> None:
    params = {"cap_percent": 70, "cap_vnd": 1_400_000}
    assert messages.render("test.over_cap", "vi", params) == "Tổng tạm ứng tối đa 70% (1.400.000 đ)"
    assert messages.render("test.over_cap", "en", params) == (
        "Advances may total at most 70% (1,400,000 VND)"
    )
    assert messages.render("test.years", "vi", {"years": [2026, 2027]}) == (
        "Các năm đã có chương trình: 2026, 2027"
    )
    assert messages.render("no.such.key", "vi") is None


def test_registering_other_words_for_a_key_is_refused() -> None:
    messages.register({"test.years": messages.catalogue()["test.years"].__dict__.values()})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="twice"):
        messages.register({"test.years": ("khác", "other")})


def test_every_common_entry_has_both_languages() -> None:
    for key, text in messages.catalogue().items():
        assert text.vi.strip() and text.en.strip(), key


class Kind(StrEnum):
    a = "a"
    b = "b"


class Form(InputModel):
    name: Annotated[str, StringConstraints(min_length=2, max_length=5)]
    amount_vnd: PositiveVnd
    kind: Kind
    level: Literal["local", "national"]
    ref: uuid.UUID
    on: dt.date


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/forms")
    async def create(body: Form) -> dict[str, str]:
        return {}

    @app.get("/items")
    async def items(page: Annotated[int, Query(ge=1, le=10)] = 1) -> dict[str, int]:
        return {"page": page}

    @app.post("/cap")
    async def cap() -> None:
        raise Unprocessable.for_field(
            "amount_vnd", "test.over_cap", params={"cap_percent": 70, "cap_vnd": 1_400_000}
        )

    @app.post("/conflict")
    async def conflict() -> None:
        raise Conflict(code="test.years", params={"years": [2026]})

    @app.post("/legacy")
    async def legacy() -> None:
        raise Conflict("written before the catalogue", code="test.legacy")

    return BodySizeLimit(app, max_json_bytes=400, max_upload_bytes=1000)  # type: ignore[return-value]


async def _post(path: str, lang: str | None = None, **kw: object) -> httpx.Response:
    headers = {"accept-language": lang} if lang else {}
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        return await c.post(path, headers=headers, **kw)  # type: ignore[arg-type]


async def test_a_domain_problem_in_vi_by_default_and_en_on_request() -> None:
    vi = (await _post("/cap")).json()
    en = (await _post("/cap", "en-US,en;q=0.9")).json()
    assert vi["code"] == en["code"] == "validation.failed"
    assert vi["params"] == en["params"] == {"cap_percent": 70, "cap_vnd": 1_400_000}
    assert vi["title"] == "Dữ liệu không hợp lệ" and en["title"] == "Invalid input"
    assert vi["detail"] == "Tổng tạm ứng tối đa 70% (1.400.000 đ)"
    assert en["detail"] == "Advances may total at most 70% (1,400,000 VND)"
    assert vi["errors"] == [
        {
            "field": "amount_vnd",
            "message": vi["detail"],
            "code": "test.over_cap",
            "params": vi["params"],
        }
    ]
    assert en["errors"][0]["message"] == en["detail"]


async def test_a_code_with_params_and_legacy_detail() -> None:
    vi = (await _post("/conflict", "fr")).json()
    assert vi["code"] == "test.years" and vi["detail"] == "Các năm đã có chương trình: 2026"
    assert vi["title"] == "Xung đột dữ liệu"
    legacy = (await _post("/legacy")).json()
    assert legacy["detail"] == "written before the catalogue"


async def test_pydantic_errors_are_translated() -> None:
    body = {
        "name": "x",
        "amount_vnd": 0,
        "kind": "c",
        "level": "province",
        "ref": "nope",
        "on": "2024-13-45",
        "extra": 1,
    }
    vi = (await _post("/forms", json=body)).json()
    en = (await _post("/forms", "en", json=body)).json()
    assert vi["code"] == en["code"] == "validation.failed"
    by_field = {e["field"]: e for e in vi["errors"]}
    assert by_field["name"]["message"] == "Tối thiểu 2 ký tự"
    assert by_field["name"]["params"] == {"min_length": 2}
    assert by_field["amount_vnd"]["message"] == "Phải lớn hơn hoặc bằng 1"
    assert by_field["kind"]["code"] == "validation.enum"
    assert by_field["kind"]["message"] == "Phải là một trong các giá trị: 'a', 'b'"
    assert by_field["level"]["code"] == "validation.literal_error"
    assert by_field["ref"]["code"] == "validation.uuid_parsing"
    assert by_field["on"]["code"].startswith("validation.date")
    assert by_field["extra"]["message"] == "Trường này không được chấp nhận"
    en_by_field = {e["field"]: e for e in en["errors"]}
    assert en_by_field["name"]["message"] == "At least 2 characters"
    assert [e["code"] for e in en["errors"]] == [e["code"] for e in vi["errors"]]
    assert vi["params"] == en["params"]

    missing = (await _post("/forms", json={})).json()
    assert {e["message"] for e in missing["errors"]} == {"Bắt buộc nhập"}
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        broken = await c.post("/forms", content=b"{", headers={"content-type": "application/json"})
    assert broken.json()["errors"][0]["code"] == "validation.json_invalid"
    assert broken.json()["errors"][0]["message"] == "Nội dung gửi lên không phải JSON hợp lệ"


async def test_text_rule_and_query_limits_are_translated() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        page = (await c.get("/items?page=0")).json()
        assert page["errors"][0]["message"] == "Phải lớn hơn hoặc bằng 1"
        body = {
            "name": "a\u200bb",
            "amount_vnd": 1,
            "kind": "a",
            "level": "local",
            "ref": str(uuid.uuid4()),
            "on": "2024-01-02",
        }
        bad = (await c.post("/forms", json=body, headers={"accept-language": "en"})).json()
        assert bad["errors"][0]["code"] == "text.zero_width"
        assert bad["errors"][0]["message"].startswith("May not contain zero-width")
        control = (await c.post("/forms", json={**body, "name": "a\x01b"})).json()
        assert control["errors"][0]["message"] == "Không được chứa ký tự điều khiển (U+0001)"
        assert control["errors"][0]["params"] == {"char": "U+0001"}


async def test_unknown_route_and_too_large_body_in_vi() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        missing = (await c.get("/nowhere")).json()
        assert missing["code"] == "not_found" and missing["title"] == "Không tìm thấy"
        big = await c.post(
            "/forms", content=b"x" * 500, headers={"content-type": "application/json"}
        )
        assert big.status_code == 413
        assert big.json()["code"] == "request.too_large"
        assert big.json()["params"] == {"limit": 400}
        assert big.json()["detail"] == "Dữ liệu gửi lên vượt giới hạn 400 byte."
        big_en = await c.post(
            "/forms",
            content=b"x" * 500,
            headers={"content-type": "application/json", "accept-language": "en"},
        )
        assert big_en.json()["detail"] == "The request body is larger than the limit of 400 bytes."
