"""Every operation of the merged OpenAPI × every role, through the gateway, against real objects.

The expectations are tests/system/roles_matrix.py (declared once); this module
- fails when gateway/openapi.json gains an operation without a row (or a row names an operation
  that is gone), or a row misses a caller;
- builds small fixtures (two enterprises, a craft village, typical products, a program with money,
  projects in every status, commitments, users and clients) and a request with a valid body for
  every operation; a state-changing call expected to succeed gets a fresh object in the right
  state; calls expected to be refused use one shared object (the role check comes first);
- issues each (operation, caller) through the gateway and compares the status class.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.system.conftest import SystemHarness, tax_code
from tests.system.gateway_stack import PASSWORD
from tests.system.roles_matrix import (
    MATRIX,
    OUTCOMES,
    PROGRAM_MONEY,
    PROJECT_WORKFLOW,
    ROLES,
)
from tests.system.world import (
    ACCEPTED_ON,
    API,
    CATEGORY,
    SETTLED_ON,
    SUPPORT,
    YEAR,
    World,
    acceptance,
    approval,
    make_world,
    plan_decision,
)

ROOT = Path(__file__).resolve().parents[2]


def committed_operations() -> set[tuple[str, str]]:
    doc = json.loads((ROOT / "gateway/openapi.json").read_text())
    return {
        (method.upper(), path)
        for path, item in doc["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_the_table_covers_every_operation() -> None:
    operations = committed_operations()
    assert len(operations) >= 70
    missing = sorted(operations - set(MATRIX))
    assert not missing, f"operations without a row in roles_matrix.py: {missing}"
    stale = sorted(set(MATRIX) - operations)
    assert not stale, f"rows for operations gone from gateway/openapi.json: {stale}"
    for op, row in MATRIX.items():
        assert set(ROLES) <= set(row), (op, sorted(set(ROLES) - set(row)))
        assert set(row) <= {*ROLES, "enterprise_other"}, op
        assert set(row.values()) <= set(OUTCOMES), op
    assert set(BUILDERS) == set(MATRIX), sorted(set(MATRIX) ^ set(BUILDERS))
    assert set(PROGRAM_BUILDERS) == set(PROGRAM_MONEY) <= set(MATRIX)
    for op, row in PROGRAM_MONEY.items():
        assert set(row) == set(ROLES), op


# --- requests ----------------------------------------------------------------------------------


@dataclass
class Call:
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    bearer: bool = True  # send the caller's access token (the public auth endpoints do not)


Builder = Callable[[World, str, bool], Call]
BUILDERS: dict[tuple[str, str], Builder] = {}


def build(method: str, path: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        BUILDERS[(method, path)] = fn
        return fn

    return register


def simple(method: str, path: str, **kw: Any) -> None:
    """An operation whose request is the same for every caller (reads, stateless writes)."""
    BUILDERS[(method, path)] = lambda w, role, fresh: Call(path, **kw)


def own(w: World, role: str, mine: Any, theirs: Any) -> Any:
    return theirs if role == "enterprise_other" else mine


# --- gateway ---
@build("POST", f"{API}/auth/token")
def _token(w: World, role: str, fresh: bool) -> Call:
    if role in w.g.clients:
        cid, secret = w.g.clients[role]
        data = {"grant_type": "client_credentials", "client_id": cid, "client_secret": secret}
    else:
        data = {"grant_type": "password", "username": w.g.usernames[role], "password": PASSWORD}
    return Call(f"{API}/auth/token", data=data, bearer=False)


def _refresh_token(w: World, role: str) -> str:
    r = w.g.http.post(f"{API}/auth/token",
                      data={"username": w.g.usernames[role], "password": PASSWORD})  # fmt: skip
    assert r.status_code == 200, r.text
    return str(r.json()["refresh_token"])


@build("POST", f"{API}/auth/refresh")
def _refresh(w: World, role: str, fresh: bool) -> Call:
    return Call(
        f"{API}/auth/refresh", json={"refresh_token": _refresh_token(w, role)}, bearer=False
    )


@build("POST", f"{API}/auth/logout")
def _logout(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/auth/logout", json={"refresh_token": _refresh_token(w, role)}, bearer=False)


simple("GET", f"{API}/auth/me")
simple("GET", "/.well-known/jwks.json", bearer=False)
simple("GET", f"{API}/auth/revocations", bearer=False)
simple("GET", f"{API}/users")
simple("GET", f"{API}/integration-clients")
simple("GET", f"{API}/audit-events")
simple("GET", f"{API}/audit-events/export", params={"format": "csv"})
simple("GET", f"{API}/dashboard", params={"year": YEAR})
simple("GET", f"{API}/tasks")
simple("GET", f"{API}/notifications")


@build("POST", f"{API}/notifications/{{notification_id}}/read")
def _read_notification(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/notifications/{uuid.uuid4()}/read")  # no one's: 404 for a person


@build("POST", f"{API}/users")
def _user(w: World, role: str, fresh: bool) -> Call:
    body = {"username": f"u-{uuid.uuid4().hex[:10]}", "full_name": "Nguyễn Văn A",
            "role": "viewer", "password": PASSWORD}  # fmt: skip
    return Call(f"{API}/users", json=body)


@build("GET", f"{API}/users/{{user_id}}")
def _get_user(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/users/{w.g.user_ids['viewer']}")


@build("PATCH", f"{API}/users/{{user_id}}")
def _patch_user(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/users/{w.g.user_ids['viewer']}", json={"full_name": "Trần Thị B"})


@build("POST", f"{API}/integration-clients")
def _client(w: World, role: str, fresh: bool) -> Call:
    body = {"client_id": f"c-{uuid.uuid4().hex[:10]}", "scopes": ["registry:read"]}
    return Call(f"{API}/integration-clients", json=body)


@build("GET", f"{API}/integration-clients/{{client_uuid}}")
def _get_client(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/integration-clients/{w.client_uuid}")


@build("PATCH", f"{API}/integration-clients/{{client_uuid}}")
def _patch_client(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/integration-clients/{w.client_uuid}", json={"name": "Cổng tỉnh"})


# --- registry ---
for _path in ("enterprises", "craft-villages", "typical-products", "admin-units", "sectors",
              "registry/stats"):  # fmt: skip
    simple("GET", f"{API}/{_path}")
for _path in ("enterprises", "craft-villages", "typical-products"):
    simple("GET", f"{API}/{_path}/export", params={"format": "csv"})


@build("POST", f"{API}/enterprises")
def _enterprise(w: World, role: str, fresh: bool) -> Call:
    body = {"tax_code": tax_code(), "name": "Hợp tác xã mây tre đan Phú Vinh",
            "kind": "cooperative", "admin_unit_code": "74",
            "established_on": "2015-01-01"}  # fmt: skip
    return Call(f"{API}/enterprises", json=body)


@build("POST", f"{API}/enterprises/import")
def _import(w: World, role: str, fresh: bool) -> Call:
    csv = (
        f"tax_code,name,kind,admin_unit_code,established_on\n"
        f"{tax_code()},Cơ sở đúc đồng,household_business,74,2015-01-01\n"
    )
    return Call(f"{API}/enterprises/import",
                files={"file": ("enterprises.csv", csv.encode(), "text/csv")})  # fmt: skip


@build("GET", f"{API}/enterprises/by-tax-code/{{tax_code}}")
def _by_tax_code(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/enterprises/by-tax-code/{own(w, role, w.e1, w.e2)['tax_code']}")


@build("GET", f"{API}/enterprises/{{id}}")
def _get_enterprise(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/enterprises/{own(w, role, w.e1, w.e2)['id']}")


@build("PATCH", f"{API}/enterprises/{{id}}")
def _patch_enterprise(w: World, role: str, fresh: bool) -> Call:
    body = {"address": "Khu phố Bình Đức, phường Lái Thiêu"}
    return Call(f"{API}/enterprises/{own(w, role, w.e1, w.e2)['id']}", json=body)


@build("DELETE", f"{API}/enterprises/{{id}}")
def _delete_enterprise(w: World, role: str, fresh: bool) -> Call:
    # Archiving: a fresh enterprise for a call that succeeds; refused calls aim at e2.
    return Call(f"{API}/enterprises/{(w.enterprise() if fresh else w.e2)['id']}")


@build("POST", f"{API}/craft-villages")
def _village(w: World, role: str, fresh: bool) -> Call:
    body = {"name": "Làng sơn mài Tương Bình Hiệp", "craft": "sơn mài", "admin_unit_code": "74"}
    return Call(f"{API}/craft-villages", json=body)


simple("GET", f"{API}/craft-villages/{{id}}")  # path filled below


@build("GET", f"{API}/craft-villages/{{id}}")
def _get_village(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/craft-villages/{w.village}")


@build("PATCH", f"{API}/craft-villages/{{id}}")
def _patch_village(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/craft-villages/{w.village}", json={"households": 320})


@build("POST", f"{API}/typical-products")
def _product(w: World, role: str, fresh: bool) -> Call:
    body = {"name": "Bình gốm men lam", "enterprise_id": w.e1["id"], "group": "handicraft",
            "tier": "provincial", "recognized_year": 2019, "score": 82}  # fmt: skip
    return Call(f"{API}/typical-products", json=body)


@build("GET", f"{API}/typical-products/{{id}}")
def _get_product(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/typical-products/{own(w, role, w.product1, w.product2)}")


@build("PATCH", f"{API}/typical-products/{{id}}")
def _patch_product(w: World, role: str, fresh: bool) -> Call:
    body = {"certificate_number": "127/GCN-UBND"}
    return Call(f"{API}/typical-products/{own(w, role, w.product1, w.product2)}", json=body)


# --- projects ---
simple("GET", f"{API}/activity-types")
simple("GET", f"{API}/kpis")
simple("GET", f"{API}/projects")
simple("GET", f"{API}/projects/stats", params={"fiscal_year": YEAR})
simple("GET", f"{API}/projects/export", params={"format": "csv"})
simple("GET", f"{API}/projects/implementing-units")

# --- public (no login): without a token ---
simple("GET", f"{API}/public/projects", bearer=False)
simple("GET", f"{API}/public/projects/by-commune", params={"fiscal_year": YEAR}, bearer=False)
simple("GET", f"{API}/public/projects/export", params={"format": "csv"}, bearer=False)
simple("GET", f"{API}/public/catalog.json", bearer=False)
simple("GET", f"{API}/public/budget/years", bearer=False)
_checkpointed: set[int] = set()


@build("GET", f"{API}/public/budget/ledger-checkpoint")
def _ledger_checkpoint(w: World, role: str, fresh: bool) -> Call:
    """Once a checkpoint exists (404 before): one written by the operations command, as cron
    runs it when the periodic task is off."""
    if id(w) not in _checkpointed:
        budget = w.g.procs["budget"]
        subprocess.run([sys.executable, "-m", "budget.ledger.checkpoints"],
                       env={**os.environ, **budget.env}, check=True, cwd=ROOT)  # fmt: skip
        _checkpointed.add(id(w))
    return Call(f"{API}/public/budget/ledger-checkpoint", bearer=False)


_published: dict[int, str] = {}


def _published_code(w: World) -> str:
    """An approved project's code, made once per world (the public routes show no draft)."""
    if id(w) not in _published:
        pid = w.project("approved")
        _published[id(w)] = str(w.ok("viewer", "GET", f"{API}/projects/{pid}")["code"])
    return _published[id(w)]


@build("GET", f"{API}/public/projects/{{code}}")
def _public_project(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/public/projects/{_published_code(w)}", bearer=False)


@build("GET", f"{API}/public/ocds")
def _public_ocds(w: World, role: str, fresh: bool) -> Call:
    _published_code(w)  # a year's package holds at least one release
    return Call(f"{API}/public/ocds", params={"year": YEAR}, bearer=False)


@build("POST", f"{API}/projects")
def _project(w: World, role: str, fresh: bool) -> Call:
    body = {"title": "Đào tạo nghề mây tre đan", "activity_type": "machinery_application",
            "fiscal_year": YEAR, "implementing_unit": "Trung tâm Khuyến công",
            "beneficiary_enterprise_id": w.e1["id"], "total_cost_vnd": 200_000_000,
            "requested_support_vnd": 100_000_000, "counterpart_vnd": 100_000_000}  # fmt: skip
    return Call(f"{API}/projects", json=body)


def project_op(suffix: str, status: str, body: Callable[[], Any] | None = None) -> None:
    """A project operation: a fresh project in `status` for a call that succeeds, else the
    shared draft of e1 (or of e2 for the enterprise user on another's project)."""
    template = f"{API}/projects/{{project_id}}{suffix}"

    def builder(w: World, role: str, fresh: bool) -> Call:
        pid = w.project(status) if fresh and status != "any" else own(w, role, w.p1, w.p2)
        return Call(f"{API}/projects/{pid}{suffix}", json=body() if body else None)

    BUILDERS[("GET" if body is None and suffix in READS else "POST", template)] = builder


READS = ("", "/history", "/progress-reports")
for _suffix in READS:
    project_op(_suffix, "any")
project_op("/submit", "draft")
project_op("/appraisal", "submitted", lambda: {"score": 80, "recommendation": "approve"})
project_op("/approval", "appraised", approval)
project_op("/rejection", "submitted", lambda: {"reason": "Không phù hợp quy hoạch"})
project_op("/cancellation", "approved", lambda: {"reason": "Doanh nghiệp rút đề án"})
project_op("/start", "approved")
project_op("/progress-reports", "in_progress",
           lambda: {"period": f"{YEAR}-Q2", "percent_complete": 40})  # fmt: skip
project_op("/advances", "in_progress",
           lambda: {"amount_vnd": SUPPORT // 10, "reference": "UNC 0012"})  # fmt: skip
project_op("/acceptance", "in_progress", acceptance)
project_op("/settlement", "accepted",
           lambda: {"settled_on": SETTLED_ON, "reference": "QT 07"})  # fmt: skip


# a minimal PDF: the service recognises the type from the bytes
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
_documents: dict[str, str] = {}


@build("POST", f"{API}/projects/{{project_id}}/documents")
def _upload(w: World, role: str, fresh: bool) -> Call:
    pid = own(w, role, w.p1, w.p2)
    return Call(f"{API}/projects/{pid}/documents", data={"kind": "dossier"},
                files={"file": ("Hồ sơ đề án.pdf", PDF, "application/pdf")})  # fmt: skip


@build("GET", f"{API}/projects/{{project_id}}/documents")
def _documents_list(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/projects/{own(w, role, w.p1, w.p2)}/documents")


@build("GET", f"{API}/documents/{{document_id}}/content")
def _document_content(w: World, role: str, fresh: bool) -> Call:
    pid = own(w, role, w.p1, w.p2)
    if pid not in _documents:  # one document per shared project, uploaded by an officer
        r = w.as_role("program_officer", "POST", f"{API}/projects/{pid}/documents",
                      data={"kind": "other"},
                      files={"file": ("Quyết định.pdf", PDF, "application/pdf")})  # fmt: skip
        assert r.status_code == 201, r.text
        _documents[pid] = str(r.json()["id"])
    return Call(f"{API}/documents/{_documents[pid]}/content")


@build("GET", f"{API}/projects/{{project_id}}/forms/{{form}}")
def _form(w: World, role: str, fresh: bool) -> Call:
    pid = own(w, role, w.p1, w.p2)
    return Call(f"{API}/projects/{pid}/forms/cost_estimate", params={"format": "docx"})


CHANGES = f"{API}/projects/{{project_id}}/change-requests"
SCHEDULE_CHANGE = {
    "kind": "schedule",
    "reason": "Chậm giao máy",
    "changes": {"end_on": f"{YEAR}-12-31"},
}


@build("GET", CHANGES)
def _change_requests(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/projects/{own(w, role, w.p1, w.p2)}/change-requests")


@build("POST", CHANGES)
def _change_request(w: World, role: str, fresh: bool) -> Call:
    pid = w.project("approved") if fresh else own(w, role, w.p1, w.p2)
    return Call(f"{API}/projects/{pid}/change-requests", json=SCHEDULE_CHANGE)


@build("POST", f"{CHANGES}/{{change_request_id}}/decision")
def _change_decision(w: World, role: str, fresh: bool) -> Call:
    pid, cr = own(w, role, w.p1, w.p2), str(uuid.uuid4())
    if fresh:
        pid = w.project("approved")
        cr = w.ok("program_officer", "POST", f"{API}/projects/{pid}/change-requests",
                  SCHEDULE_CHANGE)["id"]  # fmt: skip
    body = {"approved": True, "decision_number": "71/QĐ-SCT", "decision_date": ACCEPTED_ON}
    return Call(f"{API}/projects/{pid}/change-requests/{cr}/decision", json=body)


@build("PATCH", f"{API}/projects/{{project_id}}")
def _patch_project(w: World, role: str, fresh: bool) -> Call:
    pid = w.project("draft") if fresh else own(w, role, w.p1, w.p2)
    return Call(f"{API}/projects/{pid}", json={"objectives": "Giảm 30% chi phí nhiên liệu"})


# --- priority areas ---
simple("GET", f"{API}/priority-areas")
_units = iter(range(10_000, 99_999))  # a unit of its own for every mark: marks may not overlap


def _mark() -> dict[str, Any]:
    return {
        "admin_unit_code": str(next(_units)),
        "uplift_percent": 120,
        "legal_basis": "Quyết định 12/2016/QĐ-UBND",
        "effective_from": f"{YEAR}-01-01",
    }


@build("POST", f"{API}/priority-areas")
def _priority_area(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/priority-areas", json=_mark())


@build("PATCH", f"{API}/priority-areas/{{area_id}}")
def _end_priority_area(w: World, role: str, fresh: bool) -> Call:
    area = w.ok("admin", "POST", f"{API}/priority-areas", _mark())["id"] if fresh else uuid.uuid4()
    return Call(f"{API}/priority-areas/{area}", json={"effective_to": f"{YEAR}-12-31"})


# --- annual plans ---
simple("GET", f"{API}/plans")


@build("POST", f"{API}/plans")
def _plan(w: World, role: str, fresh: bool) -> Call:
    year, level = next(w.plan_slots) if fresh else (YEAR, "local")
    return Call(f"{API}/plans", json={"fiscal_year": year, "level": level,
                                      "title": f"Kế hoạch khuyến công năm {year}"})  # fmt: skip


@build("GET", f"{API}/plans/{{plan_id}}")
def _get_plan(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/plans/{w.plan}")


@build("POST", f"{API}/plans/{{plan_id}}/items")
def _plan_item(w: World, role: str, fresh: bool) -> Call:
    if not fresh:
        return Call(f"{API}/plans/{w.plan}/items", json={"project_id": w.p1})
    plan, year, level = w.annual_plan(items=0)
    return Call(f"{API}/plans/{plan}/items", json={"project_id": w.appraised(year, level)})


@build("DELETE", f"{API}/plans/{{plan_id}}/items/{{project_id}}")
def _remove_plan_item(w: World, role: str, fresh: bool) -> Call:
    plan = w.annual_plan()[0] if fresh else w.plan
    r = w.as_role("viewer", "GET", f"{API}/plans/{plan}")
    return Call(f"{API}/plans/{plan}/items/{r.json()['items'][0]['project_id']}")


def plan_op(suffix: str, status: str, body: Callable[[], Any] | None = None) -> None:
    """A plan step: a fresh plan in `status` for a call that succeeds, else the shared draft."""

    def builder(w: World, role: str, fresh: bool) -> Call:
        plan = w.annual_plan(status)[0] if fresh else w.plan
        return Call(f"{API}/plans/{plan}/{suffix}", json=body() if body else None)

    BUILDERS[("POST", f"{API}/plans/{{plan_id}}/{suffix}")] = builder


plan_op("submit", "draft")
plan_op("return", "submitted")
plan_op("revisions", "approved")


@build("POST", f"{API}/plans/{{plan_id}}/approval")
def _approve_plan(w: World, role: str, fresh: bool) -> Call:
    if not fresh:
        return Call(f"{API}/plans/{w.plan}/approval", json=plan_decision())
    plan, year, level = w.annual_plan("submitted")
    w.fund(year, level)
    return Call(f"{API}/plans/{plan}/approval", json=plan_decision(level))


# --- budget ---
for _path in ("programs", "years", f"years/{YEAR}/summary", f"years/{YEAR}/appropriations",
              f"years/{YEAR}/allocations", "commitments", "ledger", "ledger/verify"):  # fmt: skip
    template = f"{API}/budget/{_path}".replace(f"/{YEAR}/", "/{year}/")
    BUILDERS[("GET", template)] = lambda w, role, fresh, _p=_path: Call(f"{API}/budget/{_p}")
simple("GET", f"{API}/budget/ledger/export", params={"format": "csv", "fiscal_year": YEAR})

# --- reports ---
simple("GET", f"{API}/reports/program", params={"year": YEAR, "period": "h1"})
simple("GET", f"{API}/reports/issued")
simple("POST", f"{API}/reports/issued", json={"year": YEAR, "period": "q1"})


def issued_report(w: World) -> str:
    """One issued report the reads are made on (issued once, by the program manager)."""
    if not getattr(w, "issued_report", None):
        body = {"year": YEAR, "period": "year"}
        w.issued_report = str(w.ok("program_manager", "POST", f"{API}/reports/issued", body)["id"])  # type: ignore[attr-defined]
    return str(w.issued_report)  # type: ignore[attr-defined]


@build("GET", f"{API}/reports/issued/{{report_id}}")
def _issued(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/reports/issued/{issued_report(w)}")


@build("GET", f"{API}/reports/issued/{{report_id}}/content")
def _issued_content(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/reports/issued/{issued_report(w)}/content", params={"format": "xlsx"})


@build("POST", f"{API}/budget/programs")
def _program(w: World, role: str, fresh: bool) -> Call:
    year = next(w.years)  # programs may not share a year
    body = {"code": f"KC-{year}", "name": f"Chương trình khuyến công {year}",
            "start_year": year, "end_year": year, "planned_annual_vnd": 1_000_000_000}  # fmt: skip
    return Call(f"{API}/budget/programs", json=body)


@build("POST", f"{API}/budget/years/{{year}}/appropriations")
def _appropriation(w: World, role: str, fresh: bool) -> Call:
    body = {"funding_source": "local", "amount_vnd": 1_000_000, "decision_number": "9/QĐ-UBND"}
    return Call(f"{API}/budget/years/{YEAR}/appropriations", json=body)


@build("POST", f"{API}/budget/years/{{year}}/allocations")
def _allocation(w: World, role: str, fresh: bool) -> Call:
    body = {"category": "training", "funding_source": "local", "amount_vnd": 1_000_000}
    return Call(f"{API}/budget/years/{YEAR}/allocations", json=body)


@build("POST", f"{API}/budget/years/{{year}}/reallocations")
def _reallocation(w: World, role: str, fresh: bool) -> Call:
    body = {"from_category": CATEGORY, "to_category": "training", "funding_source": "local",
            "amount_vnd": 1_000_000, "reason": "Điều chỉnh giữa năm"}  # fmt: skip
    return Call(f"{API}/budget/years/{YEAR}/reallocations", json=body)


@build("POST", f"{API}/budget/years/{{year}}/carry-over")
def _carry_over(w: World, role: str, fresh: bool) -> Call:
    year = next(w.carry_years) if fresh else 2040  # once per year
    return Call(f"{API}/budget/years/{year}/carry-over", json={"reason": "Chuyển nguồn"})


# The money POSTs, on a project's commitment (MATRIX) or on money not tied to one
# (PROGRAM_MONEY): the same requests on other objects.
def _commit_call(w: World, fresh: bool, project: bool) -> Call:
    body = {"project_id": str(uuid.uuid4()) if project else None, "fiscal_year": YEAR,
            "category": CATEGORY, "funding_source": "local", "amount_vnd": 1_000_000}  # fmt: skip
    return Call(f"{API}/budget/commitments", json=body)


def _release_call(w: World, fresh: bool, project: bool) -> Call:
    shared = w.commitment if project else w.program_commitment
    cid = w.new_commitment(project=project) if fresh else shared
    return Call(f"{API}/budget/commitments/{cid}/release",
                json={"amount_vnd": 1_000_000, "reason": "Thừa dự toán"})  # fmt: skip


def _recovery_call(w: World, fresh: bool, project: bool) -> Call:
    shared = w.commitment if project else w.program_commitment
    cid = w.new_commitment(paid=2_000_000, project=project) if fresh else shared
    body = {"amount_vnd": 500_000, "reason": "Thu hồi tạm ứng", "reference": "GNT 3"}
    return Call(f"{API}/budget/commitments/{cid}/recoveries", json=body)


def _disburse_call(w: World, fresh: bool, project: bool) -> Call:
    cid = w.commitment if project else w.program_commitment
    body = {"commitment_id": cid, "amount_vnd": 100_000, "kind": "advance", "reference": "UNC 1"}
    return Call(f"{API}/budget/disbursements", json=body)


def _batch_call(w: World, fresh: bool, project: bool) -> Call:
    items = [_commit_call(w, fresh, project).json for _ in range(2)]
    return Call(f"{API}/budget/commitments/batch", json={"commitments": items})


MONEY_CALLS = {
    ("POST", f"{API}/budget/commitments"): _commit_call,
    ("POST", f"{API}/budget/commitments/batch"): _batch_call,
    ("POST", f"{API}/budget/commitments/{{commitment_id}}/release"): _release_call,
    ("POST", f"{API}/budget/commitments/{{commitment_id}}/recoveries"): _recovery_call,
    ("POST", f"{API}/budget/disbursements"): _disburse_call,
}
for _op, _make in MONEY_CALLS.items():
    BUILDERS[_op] = lambda w, role, fresh, _m=_make: _m(w, fresh, project=True)
PROGRAM_BUILDERS: dict[tuple[str, str], Builder] = {
    op: (lambda w, role, fresh, _m=make: _m(w, fresh, project=False))
    for op, make in MONEY_CALLS.items()
}


@build("POST", f"{API}/budget/commitments/{{commitment_id}}/increase")
def _increase(w: World, role: str, fresh: bool) -> Call:
    cid = w.new_commitment() if fresh else w.commitment
    body = {"amount_vnd": 1_000_000, "reason": "Điều chỉnh tăng theo quyết định"}
    return Call(f"{API}/budget/commitments/{cid}/increase", json=body)


@build("GET", f"{API}/budget/commitments/{{commitment_id}}")
def _get_commitment(w: World, role: str, fresh: bool) -> Call:
    return Call(f"{API}/budget/commitments/{w.commitment}")


# --- the test ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(harness: SystemHarness) -> Iterator[World]:
    w = make_world(harness)
    yield w
    w.g.close()


def outcome(status: int) -> str:
    if 200 <= status < 300:
        return "ok"
    return {403: "forbidden", 404: "not_found"}.get(status, str(status))


def issue(w: World, method: str, role: str, call: Call) -> httpx.Response:
    token_of = "enterprise" if role == "enterprise_other" else role
    headers = w.g.tokens[token_of] if call.bearer else {}
    return w.g.http.request(method, call.path, headers=headers, json=call.json,
                            params=call.params, data=call.data, files=call.files)  # fmt: skip


def check_table(
    w: World, table: dict[tuple[str, str], dict[str, str]], builders: dict[tuple[str, str], Builder]
) -> tuple[int, list[str]]:
    failures: list[str] = []
    calls = 0
    for (method, template), row in table.items():
        for role, expected in row.items():
            if expected == "n/a":
                continue
            r = issue(w, method, role, builders[(method, template)](w, role, expected == "ok"))
            calls += 1
            got = outcome(r.status_code)
            # a caller the role check lets through for money not tied to a project is refused a
            # project's money by the workflow rule, not by the role check
            program_money = PROGRAM_MONEY.get((method, template), {})
            if table is MATRIX and got == "forbidden" and program_money.get(role) == "ok":
                code = r.json().get("code")
                got = "forbidden" if code == PROJECT_WORKFLOW else f"forbidden ({code})"
            if got != expected:
                failures.append(f"{method} {template} as {role}: expected {expected}, got "
                                f"{r.status_code} {r.text[:200]}")  # fmt: skip
    return calls, failures


def test_every_operation_for_every_role(world: World) -> None:
    calls, failures = check_table(world, MATRIX, BUILDERS)
    assert calls >= 500, calls
    print(f"{calls} calls")
    assert not failures, f"{len(failures)} of {calls} calls:\n" + "\n".join(failures)


def test_money_not_tied_to_a_project_for_every_role(world: World) -> None:
    """The money POSTs on program management costs: people move that money themselves."""
    calls, failures = check_table(world, PROGRAM_MONEY, PROGRAM_BUILDERS)
    assert not failures, f"{len(failures)} of {calls} calls:\n" + "\n".join(failures)
