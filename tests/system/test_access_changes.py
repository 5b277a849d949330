"""Access changes reach every process (real processes, PostgreSQL): a deactivated manager's
token stops working at budget-service called directly within 5 s; an enterprise user is bound
only to an active enterprise the registry knows; the signing key rotates while services keep
verifying old and new tokens through the JWKS."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest

from tests.system.conftest import SystemHarness
from tests.system.gateway_stack import PASSWORD, Gateway, login, new_enterprise, start_stack

API = "/api/v1"
REVOCATION_BUDGET_SECONDS = 5.0


@pytest.fixture(scope="module")
def gw(harness: SystemHarness) -> Iterator[Gateway]:
    g = start_stack(harness)
    yield g
    g.close()


def _user(g: Gateway, role: str, **extra: Any) -> tuple[str, dict[str, str]]:
    username = f"u-{uuid.uuid4().hex[:8]}"
    body = {"username": username, "full_name": "Người dùng", "role": role,
            "password": PASSWORD, **extra}  # fmt: skip
    r = g.http.post(f"{API}/users", json=body, headers=g.tokens["admin"])
    assert r.status_code == 201, r.text
    return r.json()["id"], login(g.http, username, PASSWORD)


def _until_refused(url: str, headers: dict[str, str]) -> tuple[float, httpx.Response]:
    started = time.monotonic()
    while True:
        r = httpx.get(url, headers=headers)
        if r.status_code == 401 or time.monotonic() - started > REVOCATION_BUDGET_SECONDS + 2:
            return time.monotonic() - started, r
        time.sleep(0.1)


def test_a_deactivated_manager_cannot_move_money_directly_at_budget(gw: Gateway) -> None:
    user_id, manager = _user(gw, "program_manager")
    budget = gw.procs["budget"].url
    assert httpx.get(f"{budget}{API}/budget/programs", headers=manager).status_code == 200
    changed_at = time.monotonic()
    r = gw.http.patch(f"{API}/users/{user_id}", json={"is_active": False},
                      headers=gw.tokens["admin"])  # fmt: skip
    assert r.status_code == 200, r.text
    # Every process polls the list on its own clock: each must refuse within the budget,
    # counted from the change.
    direct = {
        "budget": f"{budget}{API}/budget/programs",
        "registry": f"{gw.procs['registry'].url}{API}/enterprises",
        "projects": f"{gw.procs['projects'].url}{API}/projects",
        "gateway": f"{gw.url}{API}/budget/programs",
    }
    for name, url in direct.items():
        _, r = _until_refused(url, manager)
        assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked", (name, r.text)
    took = time.monotonic() - changed_at
    assert took < REVOCATION_BUDGET_SECONDS, took
    body = {"fiscal_year": 2020, "category": "program_management", "funding_source": "local",
            "amount_vnd": 1_000_000}  # fmt: skip
    r = httpx.post(f"{budget}{API}/budget/commitments", json=body,
                   headers={**manager, "Idempotency-Key": uuid.uuid4().hex})  # fmt: skip
    assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked"


def test_a_demoted_officer_keeps_no_write_access(gw: Gateway) -> None:
    user_id, officer = _user(gw, "program_officer")
    registry = gw.procs["registry"].url
    r = gw.http.patch(f"{API}/users/{user_id}", json={"role": "viewer"},
                      headers=gw.tokens["admin"])  # fmt: skip
    assert r.status_code == 200
    _, r = _until_refused(f"{registry}{API}/enterprises", officer)
    assert r.status_code == 401 and r.json()["code"] == "auth.token_revoked"


def test_enterprise_users_are_bound_to_active_enterprises_only(gw: Gateway) -> None:
    def create(enterprise_id: str) -> httpx.Response:
        body = {"username": f"dn-{uuid.uuid4().hex[:8]}", "full_name": "Doanh nghiệp",
                "role": "enterprise", "enterprise_id": enterprise_id,
                "password": PASSWORD}  # fmt: skip
        return gw.http.post(f"{API}/users", json=body, headers=gw.tokens["admin"])

    r = create(str(uuid.uuid4()))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "enterprise_id", r.text
    dissolved = new_enterprise(gw)
    r = gw.http.delete(f"{API}/enterprises/{dissolved}", headers=gw.tokens["admin"])
    assert r.status_code in (200, 204), r.text
    r = create(dissolved)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["code"] == "user.enterprise_inactive", r.text
    active = new_enterprise(gw)
    r = create(active)
    assert r.status_code == 201 and r.json()["enterprise_id"] == active, r.text
    # re-binding an existing user is checked the same way
    r = gw.http.patch(f"{API}/users/{r.json()['id']}", json={"enterprise_id": dissolved},
                      headers=gw.tokens["admin"])  # fmt: skip
    assert r.status_code == 422


def test_the_signing_key_rotates_while_services_verify_through_the_jwks(
    harness: SystemHarness,
) -> None:
    keys = harness.workdir / f"rotating-{uuid.uuid4().hex[:6]}"
    registry = harness.service("registry", {"JWT_PUBLIC_KEY": ""})
    gateway = harness.service(
        "gateway",
        {"JWT_PRIVATE_KEY": "", "KEYS_DIR": str(keys), "BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
         "REGISTRY_URL": registry.url},
    )  # fmt: skip
    registry.env["REGISTRY_JWKS_URL"] = f"{gateway.url}/.well-known/jwks.json"
    harness.start(gateway, registry)
    try:
        http = httpx.Client(base_url=gateway.url)
        before = login(http, "admin", PASSWORD)
        direct = f"{registry.url}{API}/enterprises"
        assert httpx.get(direct, headers=before).status_code == 200
        done = subprocess.run(
            [sys.executable, "-m", "gateway.keys", "rotate", "--keys-dir", str(keys)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert "rotated" in done.stdout
        deadline = time.monotonic() + 10
        while len(http.get("/.well-known/jwks.json").json()["keys"]) < 2:
            assert time.monotonic() < deadline, "the gateway did not pick up the new key"
            time.sleep(0.2)
        after = login(http, "admin", PASSWORD)
        kid = jwt.get_unverified_header(after["Authorization"][7:])["kid"]
        assert kid != jwt.get_unverified_header(before["Authorization"][7:])["kid"]
        for headers in (after, before):  # the service fetches the new key; the old still holds
            assert httpx.get(direct, headers=headers).status_code == 200
            assert http.get(f"{API}/enterprises", headers=headers).status_code == 200
    finally:
        gateway.stop()
        registry.stop()
