import json
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI
from pydantic import Field, StringConstraints, ValidationError

from kc_common.errors import install_error_handlers
from kc_common.observability import RejectNulInUrl
from kc_common.schemas import (
    InputModel,
    MultilineText,
    PositiveVnd,
    Verbatim,
    Vnd,
    text_problem,
)


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
    assert text_problem({"k\x00": 1}) == ("text.nul", {})
    assert text_problem({"k": [1, "v"]}) is None


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
        bad_path = await c.get("/items/a%00b", headers={"Accept-Language": "en"})
        assert bad_path.status_code == 422
        assert bad_path.headers["content-type"] == "application/problem+json"
        problem = bad_path.json()
        assert problem["code"] == "validation.failed"
        assert problem["detail"] == "path: NUL characters are not accepted."
        assert problem["errors"] == [
            {"field": "path", "message": "May not contain NUL characters", "code": "text.nul"}
        ]
        # the catalogue's words in the caller's language, as every other problem
        vi = (await c.get("/items/a?q=x%00y", headers={"Accept-Language": "vi"})).json()
        assert vi["detail"] == "query: không được chứa ký tự NUL."


# --- the text rule -------------------------------------------------------------------------

Notes = Annotated[MultilineText, StringConstraints(max_length=100)]


class Form(InputModel):
    name: str
    nickname: Annotated[str, StringConstraints(min_length=1)] | None = None
    notes: Notes | None = None
    reason: MultilineText = Field(default="", max_length=100)
    kpis: dict[str, object] = Field(default_factory=dict)
    amount_vnd: Vnd = 0
    fee_vnd: PositiveVnd | None = None


REFUSED = [
    "\x01",  # C0
    "\x1f",  # C0 that str.strip() would eat
    "\x0b",  # vertical tab: whitespace, still a control
    "\x7f",  # DEL
    "\x85",  # C1 (next line)
    "\x9f",  # C1
    "\u202a",
    "\u202e",  # right-to-left override
    "\u2066",
    "\u2069",
    "\u200b",  # zero-width space
    "\u200d",
    "\u2060",
    "\ufeff",
]


@pytest.mark.parametrize("char", REFUSED)
def test_control_bidi_and_zero_width_characters_name_the_field(char):
    for field in ("name", "nickname", "notes", "reason"):
        body = {"name": "ok", field: f"a{char}b"}
        with pytest.raises(ValidationError) as info:
            Form(**body)
        assert info.value.errors()[0]["loc"] == (field,), (field, repr(char))


@pytest.mark.parametrize("char", ["\t", "\n", "\r"])
def test_tab_and_line_breaks_only_in_multiline_fields(char):
    form = Form(name="ok", notes=f"line 1{char}line 2", reason=f"a{char}b")
    assert form.notes == f"line 1{char}line 2" and form.reason == f"a{char}b"
    for field in ("name", "nickname"):
        with pytest.raises(ValidationError) as info:
            Form(**{"name": "ok", field: f"a{char}b"})
        assert info.value.errors()[0]["loc"] == (field,)
        assert "line breaks" in info.value.errors()[0]["msg"]


INVISIBLE = [
    "\u00ad",  # soft hyphen
    "\u061c",  # Arabic letter mark (bidirectional)
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u180e",  # Mongolian vowel separator
    "\u2062",  # invisible times
    "\u206a",  # deprecated format control
    "\ufff9",  # interlinear annotation anchor
    "\U000e0041",  # tag LATIN CAPITAL LETTER A (hidden ASCII)
]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_format_characters_are_refused_everywhere(char):
    """Marks and format characters that reorder or hide text are refused in every text field,
    multiline too, and nested JSON, as control characters naming the code point."""
    for field in ("name", "nickname", "notes", "reason"):
        with pytest.raises(ValidationError) as info:
            Form(**{"name": "ok", field: f"a{char}b"})
        assert info.value.errors()[0]["loc"] == (field,), (field, repr(char))
    with pytest.raises(ValidationError):
        Form(name="ok", kpis={f"k{char}": 1})
    assert text_problem(f"a{char}b") == ("text.control", {"char": f"U+{ord(char):04X}"})


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
def test_unicode_line_separators_only_in_multiline_fields(char):
    form = Form(name="ok", notes=f"line 1{char}line 2")
    assert form.notes == f"line 1{char}line 2"
    for field in ("name", "nickname"):
        with pytest.raises(ValidationError) as info:
            Form(**{"name": "ok", field: f"a{char}b"})
        assert info.value.errors()[0]["loc"] == (field,)
        assert "line breaks" in info.value.errors()[0]["msg"]


def test_nested_json_follows_the_rule_in_keys_and_values():
    for kpis in ({"trainees": ["x\u202e"]}, {"a\u200b": 1}, {"k": {"n": "a\nb"}}, {"k": "\x85"}):
        with pytest.raises(ValidationError) as info:
            Form(name="ok", kpis=kpis)
        assert info.value.errors()[0]["loc"] == ("kpis",)
    assert Form(name="ok", kpis={"trainees": 30, "note": ["Tương Bình Hiệp"]}).kpis


def test_ordinary_vietnamese_text_passes():
    text = "Công ty TNHH Sơn mài Tương Bình Hiệp — “số 1”, Đ/c: 12 Lê Lợi; €5 ½"
    assert Form(name=text, notes=text).name == text
    assert text_problem(text) is None


def test_blank_optional_text_means_not_given():
    form = Form(name="ok", nickname="   ", notes=" \n\t ")
    assert form.nickname is None and form.notes is None
    assert form.model_fields_set >= {"nickname", "notes"}  # sent (a PATCH clears it)
    # required text is not "not given": it keeps its own rule (here: any string)
    assert Form(name="").name == ""
    # a blank made of controls is still refused
    with pytest.raises(ValidationError):
        Form(name="ok", nickname="\x0b")


class Trimmed(InputModel):
    name: Annotated[str, StringConstraints(min_length=3, max_length=5)]
    code: Annotated[str, StringConstraints(pattern=r"^\d{2}$")] | None = None
    notes: MultilineText | None = None
    tags: list[str] = Field(default_factory=list)
    password: Verbatim | None = None


def test_text_is_trimmed_before_its_limits():
    form = Trimmed(name="  abcde ", code=" 25 ", tags=[" a "])
    assert (form.name, form.code, form.tags) == ("abcde", "25", ["a"])
    # the limits see the trimmed text: 3 letters in 9 characters is too short after trimming
    with pytest.raises(ValidationError) as info:
        Trimmed(name="   ab    ")
    assert info.value.errors()[0]["loc"] == ("name",)
    notes = Trimmed(name="abc", notes="\n  dòng 1\n  dòng 2\n\t").notes
    assert notes == "dòng 1\n  dòng 2"  # inner line breaks and indents stay


def test_blank_optional_text_after_trimming_is_none_and_verbatim_keeps_spaces():
    assert Trimmed(name="abc", code="  ").code is None
    assert Trimmed(name="abc", password="  pass phrase  ").password == "  pass phrase  "
    # the text rule sees the text as sent: a control character at an end is refused, not eaten
    with pytest.raises(ValidationError):
        Trimmed(name="abc\x1f")


@pytest.mark.parametrize("value", [1.0, "200000", True, -1, 10**15 + 1])
def test_money_is_a_strict_integer(value):
    for field in ("amount_vnd", "fee_vnd"):
        with pytest.raises(ValidationError) as info:
            Form.model_validate_json(f'{{"name": "ok", "{field}": {json.dumps(value)}}}')
        assert info.value.errors()[0]["loc"] == (field,)
    assert Form.model_validate_json('{"name": "ok", "amount_vnd": 0, "fee_vnd": 1}').fee_vnd == 1


async def test_an_endpoint_answers_422_naming_the_field():
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/forms")
    async def create(body: Form) -> dict[str, str]:
        return {"name": body.name}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        bad = await c.post("/forms", json={"name": "Sơn\u202emài"})
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "name"
        assert bad.json()["errors"][0]["code"] == "text.bidi"
        ok = await c.post("/forms", json={"name": "Sơn mài", "notes": "a\nb"})
        assert ok.status_code == 200
