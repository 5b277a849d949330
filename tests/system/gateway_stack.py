"""The whole system behind the gateway, for system tests that go through the public API.

`start_stack(harness)` starts registry, budget, gateway and projects (uvicorn processes on fresh
PostgreSQL databases), makes one user per role (logged in through the gateway) and registers two
OAuth2 clients: `service` (project-service's own client: registry:read budget:read budget:write)
and `integration` (a provincial system: registry:read projects:read budget:read).
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.system.conftest import SystemHarness, bootstrap_clients_env, tax_code

ROLES = ("admin", "program_manager", "program_officer", "finance_officer", "enterprise", "viewer")
STAFF = ("admin", "program_manager", "program_officer", "finance_officer")
PASSWORD = "system-test-password"
CLIENT_SCOPES = {
    "service": ["registry:read", "budget:read", "budget:write"],
    "integration": ["registry:read", "projects:read", "budget:read"],
}
# report-service's own client (started with the stack, not a caller of the roles table).
REPORTS_CLIENT = ("report-service", ["registry:read", "projects:read", "budget:read"])


class Gateway:
    def __init__(self, url: str, procs: dict[str, Any]) -> None:
        self.url = url
        self.procs = procs
        self.http = httpx.Client(base_url=url, timeout=30)
        self.tokens: dict[str, dict[str, str]] = {}
        self.user_ids: dict[str, str] = {}
        self.usernames: dict[str, str] = {"admin": "admin"}
        self.clients: dict[str, tuple[str, str]] = {}  # role -> (client_id, secret)

    def close(self) -> None:
        self.http.close()


def login(http: httpx.Client, username: str, password: str) -> dict[str, str]:
    r = http.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": username, "password": password},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def client_login(http: httpx.Client, client_id: str, secret: str) -> dict[str, str]:
    r = http.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def start_stack(
    harness: SystemHarness,
    *,
    enterprise_id: str | None = None,
    users: bool = True,
    gateway_env: dict[str, str] | None = None,
) -> Gateway:
    """Start the four processes; `enterprise_id` binds the enterprise user (default: random);
    `gateway_env` overrides the gateway's settings (without the GATEWAY_ prefix)."""
    suffix = uuid.uuid4().hex
    clients = {
        "service": ("project-service", f"projects-secret-{suffix}"),
        "integration": ("province-portal", f"integration-secret-{suffix}"),
    }
    registry = harness.service("registry")
    budget = harness.service("budget")
    gateway = harness.service(
        "gateway",
        {
            "BOOTSTRAP_CLIENTS": bootstrap_clients_env(
                *(
                    {"client_id": cid, "client_secret": secret, "role": role,
                     "scopes": CLIENT_SCOPES[role]}
                    for role, (cid, secret) in clients.items()
                ),
                {"client_id": REPORTS_CLIENT[0], "client_secret": f"reports-secret-{suffix}",
                 "role": "service", "scopes": REPORTS_CLIENT[1]},
            ),
            "BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
            "REGISTRY_URL": registry.url,
            "BUDGET_URL": budget.url,
            "OPENAPI_CACHE_SECONDS": "0",
            # every test calls from 127.0.0.1; test_public.py checks the limit with its own
            "PUBLIC_RATE_LIMIT": "1000000",
            **(gateway_env or {}),
        },
    )  # fmt: skip
    # Services refuse revoked tokens from the gateway's list, as they do when deployed.
    revocations = {"REVOCATIONS_URL": f"{gateway.url}/api/v1/auth/revocations",
                   "REVOCATIONS_POLL_SECONDS": "1"}  # fmt: skip
    for process in (registry, budget):
        process.env.update({f"{process.spec.prefix}{k}": v for k, v in revocations.items()})
    service_id, service_secret = clients["service"]
    projects = harness.service(
        "projects",
        {"BUDGET_URL": budget.url, "REGISTRY_URL": registry.url,
         "TOKEN_URL": f"{gateway.url}/api/v1/auth/token", "CLIENT_ID": service_id,
         "CLIENT_SECRET": service_secret, **revocations},
    )  # fmt: skip
    reports = harness.service(
        "reports",
        {"BUDGET_URL": budget.url, "REGISTRY_URL": registry.url, "PROJECTS_URL": projects.url,
         "TOKEN_URL": f"{gateway.url}/api/v1/auth/token", "CLIENT_ID": REPORTS_CLIENT[0],
         "CLIENT_SECRET": f"reports-secret-{suffix}", **revocations},
    )  # fmt: skip
    gateway.env["GATEWAY_PROJECTS_URL"] = projects.url
    gateway.env["GATEWAY_REPORTS_URL"] = reports.url
    harness.start(registry, budget, gateway, projects, reports)
    g = Gateway(gateway.url, {"registry": registry, "budget": budget, "projects": projects,
                              "reports": reports})  # fmt: skip
    g.clients = clients
    g.tokens["admin"] = login(g.http, "admin", PASSWORD)
    for role, (cid, secret) in clients.items():
        g.tokens[role] = client_login(g.http, cid, secret)
    if users:
        for role in ROLES:
            if role != "admin":
                add_user(g, role, enterprise_id=enterprise_id)
    return g


def new_enterprise(g: Gateway) -> str:
    body = {"tax_code": tax_code(), "name": f"Cơ sở {uuid.uuid4().hex[:6]}",
            "kind": "household_business", "admin_unit_code": "74",
            "established_on": "2015-01-01"}  # fmt: skip
    r = g.http.post("/api/v1/enterprises", json=body, headers=g.tokens["admin"])
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def add_user(g: Gateway, role: str, *, enterprise_id: str | None = None) -> None:
    username = f"sys-{role.replace('_', '-')}"
    body: dict[str, Any] = {"username": username, "full_name": role, "role": role,
                            "password": PASSWORD}  # fmt: skip
    if role == "enterprise":  # bound to a real, active enterprise (the gateway asks the registry)
        body["enterprise_id"] = enterprise_id or new_enterprise(g)
    r = g.http.post("/api/v1/users", json=body, headers=g.tokens["admin"])
    assert r.status_code == 201, r.text
    g.user_ids[role] = r.json()["id"]
    g.usernames[role] = username
    g.tokens[role] = login(g.http, username, PASSWORD)
