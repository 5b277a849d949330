"""The gateway in front of the real services (uvicorn processes on PostgreSQL).

- the merged /openapi.json at runtime: every service's operations once, unique operationIds,
  the same operations as the committed gateway/openapi.json;
- a role table for the gateway's own operations, declared once, checked through real logins;
- every parameterless GET of every service, for every role, through the gateway: 2xx or 403,
  never 401 (the gateway's tokens are accepted downstream) and never 5xx;
- the dashboard with everything up, then with the budget service down (200 + warnings);
- schemathesis over the merged document's GET operations, authenticated as admin: no 5xx and
  responses conform to the schema.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.system.conftest import SystemHarness, bootstrap_clients_env

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("admin", "program_manager", "program_officer", "finance_officer", "enterprise", "viewer")
STAFF = ("admin", "program_manager", "program_officer", "finance_officer")
PASSWORD = "system-test-password"

# The gateway's own operations × roles (others get 403). Declared once.
GATEWAY_TABLE: list[tuple[str, str, tuple[str, ...]]] = [
    ("GET", "/api/v1/auth/me", ROLES),
    ("GET", "/api/v1/users", ("admin",)),
    ("GET", "/api/v1/users/{user_id}", ("admin",)),
    ("GET", "/api/v1/audit-events", ("admin",)),
    ("GET", "/api/v1/integration-clients", ("admin",)),
    ("GET", "/api/v1/dashboard", (*STAFF, "viewer")),
]


class Gateway:
    def __init__(self, url: str, procs: dict[str, Any]) -> None:
        self.url = url
        self.procs = procs
        self.http = httpx.Client(base_url=url, timeout=30)
        self.tokens: dict[str, dict[str, str]] = {}
        self.user_ids: dict[str, str] = {}


@pytest.fixture(scope="module")
def gw(harness: SystemHarness) -> Iterator[Gateway]:
    client_id, secret = "project-service", f"projects-secret-{uuid.uuid4().hex}"
    registry = harness.service("registry")
    budget = harness.service("budget")
    gateway = harness.service(
        "gateway",
        {
            "BOOTSTRAP_CLIENTS": bootstrap_clients_env(
                {"client_id": client_id, "client_secret": secret, "role": "service",
                 "scopes": ["registry:read", "budget:read", "budget:write"]}
            ),
            "BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
            "REGISTRY_URL": registry.url,
            "BUDGET_URL": budget.url,
            "OPENAPI_CACHE_SECONDS": "0",
        },
    )  # fmt: skip
    projects = harness.service(
        "projects",
        {"BUDGET_URL": budget.url, "REGISTRY_URL": registry.url,
         "TOKEN_URL": f"{gateway.url}/api/v1/auth/token", "CLIENT_ID": client_id,
         "CLIENT_SECRET": secret},
    )  # fmt: skip
    gateway.env["GATEWAY_PROJECTS_URL"] = projects.url
    harness.start(registry, budget, gateway, projects)
    g = Gateway(gateway.url, {"registry": registry, "budget": budget, "projects": projects})
    admin = _login(g.http, "admin", PASSWORD)
    g.tokens["admin"] = admin
    for role in ROLES:
        if role == "admin":
            continue
        body: dict[str, Any] = {"username": f"sys-{role.replace('_', '-')}", "full_name": role,
                                "role": role, "password": PASSWORD}  # fmt: skip
        if role == "enterprise":
            body["enterprise_id"] = str(uuid.uuid4())
        r = g.http.post("/api/v1/users", json=body, headers=admin)
        assert r.status_code == 201, r.text
        g.user_ids[role] = r.json()["id"]
        g.tokens[role] = _login(g.http, body["username"], PASSWORD)
    yield g
    g.http.close()


def _login(http: httpx.Client, username: str, password: str) -> dict[str, str]:
    r = http.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": username, "password": password},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


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
    assert {"gateway", "registry", "projects", "budget"} <= prefixes
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


def test_schemathesis_get_operations(gw: Gateway) -> None:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    schema = schemathesis.openapi.from_url(f"{gw.url}/openapi.json")
    schema.config.base_url = gw.url
    failures: list[str] = []
    checked = 0
    from hypothesis import HealthCheck, given, settings

    def make_run(strategy: Any, label: str) -> Any:
        @settings(
            max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            response = case.call(headers=gw.tokens["admin"], base_url=gw.url)
            for check in (not_a_server_error, response_schema_conformance):
                try:
                    case.validate_response(response, checks=[check])
                except Exception as exc:  # collect, report all at the end
                    failures.append(f"{label}: {str(exc)[:300]}")

        return run

    for result in schema.include(method="GET").get_all_operations():
        operation = result.ok()
        make_run(operation.as_strategy(), operation.label)()
        checked += 1
    assert checked >= 20
    assert not failures, "\n".join(sorted(set(failures))[:30])
