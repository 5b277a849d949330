"""The public (no login) routes through the real gateway and services: no personal data in any
answer, the OCDS package valid against the shipped OCDS 1.1 schema, and the rate limit per
address (while the staff API stays open)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.system.conftest import SystemHarness
from tests.system.gateway_stack import add_user, start_stack
from tests.system.world import API, YEAR, World, enterprise_body

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "services/project-service/src/projects/public/ocds"
LIMIT = 60  # requests per address and window for this stack
OWNER = "Trần Thị Lụa"
PHONE, EMAIL = "0913 555 777", "lua.tran@example.vn"
# Any key naming personal data, at any depth.
FORBIDDEN_KEY_PARTS = ("phone", "email", "gender", "ethnic", "tax_code", "owner")


@pytest.fixture(scope="module")
def world(harness: SystemHarness) -> Iterator[dict[str, Any]]:
    g = start_stack(
        harness, users=False, gateway_env={"PUBLIC_RATE_LIMIT": str(LIMIT),
                                           "PUBLIC_RATE_WINDOW_SECONDS": "3600"},
    )  # fmt: skip
    w = World(g)
    for role in ("program_manager", "program_officer", "finance_officer", "viewer"):
        add_user(g, role)
    w.ok(
        "program_manager",
        "POST",
        f"{API}/budget/programs",
        {
            "code": "BD-CK-2040",
            "name": "Chương trình khuyến công đến 2040",
            "start_year": 2015,
            "end_year": 2040,
            "planned_annual_vnd": 5_000_000_000,
            "advance_cap_percent": 70,
        },
    )
    w.ok(
        "finance_officer",
        "POST",
        f"{API}/budget/years/{YEAR}/appropriations",
        {"funding_source": "local", "amount_vnd": 10_000_000_000, "decision_number": "1/QĐ"},
    )
    w.ok("program_manager", "POST", f"{API}/budget/years/{YEAR}/allocations",
         {"category": "technology_transfer", "funding_source": "local",
          "amount_vnd": 5_000_000_000})  # fmt: skip
    household = w.ok(
        "program_officer",
        "POST",
        f"{API}/enterprises",
        {
            **enterprise_body(),
            "name": OWNER,
            "phone": PHONE,
            "email": EMAIL,
            "owner_gender": "female",
            "owner_ethnic_minority": True,
            "sector_code": "23",
        },
    )
    firm = w.ok("program_officer", "POST", f"{API}/enterprises", {
        **enterprise_body(), "kind": "enterprise", "name": "Công ty Cổ phần Gốm Minh Long",
        "phone": "0274 111 222", "email": "info@gom.example.vn"})  # fmt: skip
    started = w.project("in_progress", enterprise=str(household["id"]))
    w.ok("finance_officer", "POST", f"{API}/projects/{started}/advances",
         {"amount_vnd": 100_000_000, "reference": "UNC-7"})  # fmt: skip
    approved = w.project("approved", enterprise=str(firm["id"]))
    draft = w.project("draft", enterprise=str(firm["id"]))
    codes = {
        name: w.ok("viewer", "GET", f"{API}/projects/{pid}")["code"]
        for name, pid in (("started", started), ("approved", approved), ("draft", draft))
    }
    yield {"g": g, "codes": codes}
    g.close()


def walk_keys(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}"
            yield from walk_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_keys(item, f"{path}[{i}]")


def anonymous(world: dict[str, Any], path: str, **params: Any) -> httpx.Response:
    r = world["g"].http.get(path, params=params)  # no token
    assert "authorization" not in r.request.headers
    return r


def test_no_public_answer_holds_personal_data(world: dict[str, Any]) -> None:
    codes = world["codes"]
    calls: list[tuple[str, dict[str, Any]]] = [
        (f"{API}/public/projects", {}),
        (f"{API}/public/projects", {"fiscal_year": YEAR, "q": "lò nung"}),
        (f"{API}/public/projects/by-commune", {"fiscal_year": YEAR}),
        (f"{API}/public/projects/{codes['started']}", {}),
        (f"{API}/public/projects/{codes['approved']}", {}),
        (f"{API}/public/ocds", {"year": YEAR}),
        (f"{API}/public/catalog.json", {}),
        (f"{API}/public/budget/years", {}),
        (f"{API}/public/projects/export", {"format": "csv"}),
    ]
    for path, params in calls:
        r = anonymous(world, path, **params)
        assert r.status_code == 200, (path, r.text[:300])
        for text in (OWNER, PHONE, EMAIL, "0274 111 222", "info@gom.example.vn"):
            assert text not in r.text, (path, text)
        if r.headers["content-type"].startswith("text/csv"):
            continue
        bad = [k for k in walk_keys(r.json()) if any(p in k.lower() for p in FORBIDDEN_KEY_PARTS)]
        assert not bad, (path, bad)

    page = anonymous(world, f"{API}/public/projects", fiscal_year=YEAR).json()
    assert codes["draft"] not in {p["code"] for p in page["items"]}
    assert {codes["started"], codes["approved"]} <= {p["code"] for p in page["items"]}
    by_code = {p["code"]: p for p in page["items"]}
    assert by_code[codes["started"]]["beneficiary"]["kind"] == "household_business"
    assert by_code[codes["started"]]["beneficiary"]["name"] is None
    assert by_code[codes["approved"]]["beneficiary"]["name"] == "Công ty Cổ phần Gốm Minh Long"
    r = anonymous(world, f"{API}/public/projects/{codes['draft']}")
    assert r.status_code == 404


def test_ocds_package_through_the_gateway_is_valid(world: dict[str, Any]) -> None:
    r = anonymous(world, f"{API}/public/ocds", year=YEAR)
    assert r.status_code == 200, r.text
    package = r.json()
    release_schema = json.loads((SCHEMAS / "release-schema.json").read_text())
    registry = Registry().with_resource(
        release_schema["id"], Resource.from_contents(release_schema, DRAFT4)
    )
    validator = Draft4Validator(
        json.loads((SCHEMAS / "release-package-schema.json").read_text()),
        registry=registry,
        format_checker=Draft4Validator.FORMAT_CHECKER,
    )
    assert [e.message for e in validator.iter_errors(package)] == []
    started = next(x for x in package["releases"] if x["ocid"].endswith(world["codes"]["started"]))
    [tx] = started["contracts"][0]["implementation"]["transactions"]
    assert tx["value"] == {"amount": 100_000_000, "currency": "VND"}
    # cached: the same ETag answers 304 without a body
    again = world["g"].http.get(
        f"{API}/public/ocds", params={"year": YEAR}, headers={"If-None-Match": r.headers["etag"]}
    )
    assert again.status_code == 304


def test_public_routes_are_rate_limited_per_address_and_staff_routes_are_not(
    world: dict[str, Any],
) -> None:
    g = world["g"]
    statuses = [
        anonymous(world, f"{API}/public/catalog.json").status_code for _ in range(LIMIT + 1)
    ]
    assert statuses[-1] == 429 and set(statuses) <= {200, 429}
    r = anonymous(world, f"{API}/public/budget/years")
    assert r.status_code == 429 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
    # a client on loopback writing another address is still itself: uvicorn runs without its
    # proxy headers (it believes them from 127.0.0.1 by default), no proxy is trusted here
    spoofed = g.http.get(f"{API}/public/catalog.json", headers={"X-Forwarded-For": "203.0.113.9"})
    assert spoofed.status_code == 429
    # the staff API from the same address is not held back by the public limit
    staff = g.http.get(f"{API}/projects", headers=g.tokens["viewer"])
    assert staff.status_code == 200
