"""The gateway in front of the real services (uvicorn processes on PostgreSQL).

- the merged /openapi.json at runtime: every service's operations once, unique operationIds,
  the same operations as the committed gateway/openapi.json;
- a role table for the gateway's own operations, declared once, checked through real logins;
- every parameterless GET of every service, for every role, through the gateway: 2xx or 403,
  never 401 (the gateway's tokens are accepted downstream) and never 5xx;
- the dashboard with everything up, then with the budget service down (200 + warnings);
(schemathesis over every operation: test_schemathesis.py; every operation × role:
test_roles_matrix.py.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.system.conftest import SystemHarness
from tests.system.gateway_stack import ROLES, STAFF, Gateway, start_stack

ROOT = Path(__file__).resolve().parents[2]

# The gateway's own operations × roles (others get 403). Declared once. The full table of every
# operation × role is tests/system/roles_matrix.py (checked by test_roles_matrix.py).
GATEWAY_TABLE: list[tuple[str, str, tuple[str, ...]]] = [
    ("GET", "/api/v1/auth/me", ROLES),
    ("GET", "/api/v1/users", ("admin",)),
    ("GET", "/api/v1/users/{user_id}", ("admin",)),
    ("GET", "/api/v1/audit-events", ("admin",)),
    ("GET", "/api/v1/integration-clients", ("admin",)),
    ("GET", "/api/v1/dashboard", (*STAFF, "viewer")),
]


@pytest.fixture(scope="module")
def gw(harness: SystemHarness) -> Iterator[Gateway]:
    g = start_stack(harness)
    yield g
    g.close()


def _operations(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in doc["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_merged_openapi_at_runtime(gw: Gateway) -> None:
    doc = gw.http.get("/openapi.json").json()
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()
           if isinstance(op, dict) and "operationId" in op]  # fmt: skip
    assert len(ids) == len(set(ids))
    prefixes = {i.split("-", 1)[0] for i in ids}
    assert {"gateway", "registry", "projects", "budget", "reports"} <= prefixes
    committed = json.loads((ROOT / "gateway/openapi.json").read_text())
    assert _operations(doc) == _operations(committed)
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    refs = json.dumps(doc)
    for name in doc["components"]["schemas"]:
        assert f'"#/components/schemas/{name}"' in refs or name  # every ref resolves below
    for ref in {part.split('"')[0] for part in refs.split('"$ref": "#/components/schemas/')[1:]}:
        assert ref in doc["components"]["schemas"], ref


def test_gateway_role_table(gw: Gateway) -> None:
    for method, template, allowed in GATEWAY_TABLE:
        path = template.replace("{user_id}", gw.user_ids["viewer"])
        for role in ROLES:
            r = gw.http.request(method, path, headers=gw.tokens[role])
            expected = "2xx" if role in allowed else "403"
            got = "2xx" if 200 <= r.status_code < 300 else str(r.status_code)
            assert got == expected, (method, path, role, r.status_code, r.text[:200])


def test_every_service_read_for_every_role(gw: Gateway) -> None:
    doc = gw.http.get("/openapi.json").json()
    paths = [
        p for p, item in doc["paths"].items()
        if "get" in item and "{" not in p and item["get"]["operationId"].split("-")[0] != "gateway"
    ]  # fmt: skip
    assert len(paths) >= 10
    required = {
        p: [q["name"] for q in doc["paths"][p]["get"].get("parameters", []) if q.get("required")]
        for p in paths
    }
    params = {"fiscal_year": "2017", "year": "2017", "format": "csv", "valid_on": "2020-01-01"}
    for path in paths:
        query = {name: params.get(name, "1") for name in required[path]}
        for role in ROLES:
            r = gw.http.get(path, params=query, headers=gw.tokens[role])
            assert r.status_code < 500, (path, role, r.status_code, r.text[:200])
            assert r.status_code != 401, (path, role, r.text[:200])
            assert 200 <= r.status_code < 300 or r.status_code in (403, 404, 422), (
                path, role, r.status_code, r.text[:200])  # fmt: skip


def test_dashboard_with_everything_up_then_budget_down(gw: Gateway) -> None:
    r = gw.http.get("/api/v1/dashboard", params={"year": 2017}, headers=gw.tokens["viewer"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["warnings"] == [], body["warnings"]
    assert body["budget"]["year"] == 2017
    assert isinstance(body["budget_by_year"], list)
    assert body["projects"]["total"] >= 0 and body["registry"]["enterprises"] >= 0
    budget = gw.procs["budget"]
    budget.stop()
    try:
        r = gw.http.get("/api/v1/dashboard", params={"year": 2017}, headers=gw.tokens["viewer"])
        assert r.status_code == 200
        body = r.json()
        assert body["budget"] is None and body["budget_by_year"] is None
        assert body["registry"] is not None
        assert {w["service"] for w in body["warnings"]} == {"budget"}
        r = gw.http.get("/api/v1/budget/programs", headers=gw.tokens["viewer"])
        assert r.status_code == 502 and r.json()["code"] == "upstream.unavailable"
    finally:
        budget.start()


def test_service_token_from_client_credentials_is_accepted_downstream(gw: Gateway) -> None:
    r = gw.http.post(
        "/api/v1/auth/token",
        data={"grant_type": "client_credentials", "client_id": "nope", "client_secret": "x"},
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_client"
