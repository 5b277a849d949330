"""Projects and budget as real processes: the approval, advance, settlement and cancellation sagas.

registry, budget, gateway and projects run as uvicorn processes on their own PostgreSQL databases;
project-service gets its `service` token from the gateway by the client-credentials grant.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.system.conftest import ServiceProcess, SystemHarness, bootstrap_clients_env, tax_code

API = "/api/v1"
CATEGORY = "technology_transfer"


class Stack:
    def __init__(self, harness: SystemHarness, procs: dict[str, ServiceProcess]) -> None:
        self.h = harness
        self.procs = procs
        self.http = httpx.Client(timeout=30)

    def call(
        self,
        service: str,
        method: str,
        path: str,
        role: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        **kw: Any,
    ) -> httpx.Response:
        headers = {**self.h.headers(role, **kw.pop("claims", {})), **kw}
        return self.http.request(
            method,
            f"{self.procs[service].url}{API}{path}",
            json=json,
            params=params,
            headers=headers,
        )

    def project(self, pid: str, role: str = "viewer") -> dict[str, Any]:
        r = self.call("projects", "GET", f"/projects/{pid}", role)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def line(self, year: int) -> dict[str, Any]:
        r = self.call("budget", "GET", f"/budget/years/{year}/summary", "viewer")
        assert r.status_code == 200, r.text
        return next(x for x in r.json()["lines"] if x["category"] == CATEGORY)

    def commitments(self, pid: str) -> list[dict[str, Any]]:
        r = self.call("budget", "GET", "/budget/commitments", "viewer", params={"project_id": pid})
        assert r.status_code == 200, r.text
        return list(r.json()["items"])

    def ledger(self, pid: str) -> list[tuple[str, int]]:
        r = self.call("budget", "GET", "/budget/ledger", "viewer", params={"project_id": pid})
        assert r.status_code == 200, r.text
        return [(e["kind"], e["amount_vnd"]) for e in r.json()["items"]]

    def fund(self, year: int, amount: int) -> None:
        r = self.call(
            "budget",
            "POST",
            f"/budget/years/{year}/appropriations",
            "finance_officer",
            {"funding_source": "local", "amount_vnd": amount, "decision_number": f"{year}/QĐ-UBND"},
        )
        assert r.status_code == 201, r.text
        r = self.call(
            "budget",
            "POST",
            f"/budget/years/{year}/allocations",
            "program_manager",
            {"category": CATEGORY, "funding_source": "local", "amount_vnd": amount},
        )
        assert r.status_code == 201, r.text

    def enterprise(self) -> str:
        r = self.call(
            "registry",
            "POST",
            "/enterprises",
            "program_officer",
            {
                "tax_code": tax_code(),
                "name": "Cơ sở gốm sứ Lái Thiêu",
                "kind": "household_business",
                "admin_unit_code": "74",
                "established_on": "2015-01-01",
            },
        )
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    def start(self, pid: str) -> None:
        r = self.call("projects", "POST", f"/projects/{pid}/start", "program_officer")
        assert r.status_code == 200, r.text

    def accept(self, pid: str, support: int, record: str, trainees: int) -> httpx.Response:
        body = {
            "accepted_on": "2017-12-01",
            "record_number": record,
            "accepted_support_vnd": support,
            "actual_kpis": {"machines": 1, "trainees": trainees},
        }
        return self.call("projects", "POST", f"/projects/{pid}/acceptance", "program_officer", body)

    def settle(self, pid: str, reference: str) -> httpx.Response:
        body = {"settled_on": "2018-01-20", "reference": reference}
        return self.call("projects", "POST", f"/projects/{pid}/settlement", "finance_officer", body)

    def appraised(self, year: int, support: int = 300_000_000) -> dict[str, Any]:
        body = {
            "title": f"Ứng dụng lò nung gas cho cơ sở gốm {uuid.uuid4().hex[:4]}",
            "activity_type": "machinery_application",
            "fiscal_year": year,
            "implementing_unit": "Trung tâm Khuyến công Bình Dương",
            "beneficiary_enterprise_id": self.enterprise(),
            "total_cost_vnd": support * 2,
            "requested_support_vnd": support,
            "counterpart_vnd": support,
            "planned_kpis": {"machines": 1, "trainees": 12},
        }
        r = self.call("projects", "POST", "/projects", "program_officer", body)
        assert r.status_code == 201, r.text
        pid = r.json()["id"]
        assert (
            self.call("projects", "POST", f"/projects/{pid}/submit", "program_officer").status_code
            == 200
        )
        r = self.call(
            "projects",
            "POST",
            f"/projects/{pid}/appraisal",
            "program_officer",
            {"score": 85, "recommendation": "approve"},
        )
        assert r.status_code == 200, r.text
        return dict(r.json())


def approval(amount: int = 300_000_000) -> dict[str, Any]:
    return {
        "decision_number": "45/QĐ-SCT",
        "decision_date": "2017-03-01",
        "approved_support_vnd": amount,
        "funding_source": "local",
    }


def build_stack(
    harness: SystemHarness, database_url: Callable[[str], str] = lambda url: url, **env: str
) -> Stack:
    """registry, budget, gateway and projects started and a 2016–2020 program made.
    `database_url` rewrites each service's database URL (e.g. to reach it through PgBouncer)
    and `env` adds settings to every service (by their name without the prefix)."""
    client_id, secret = "project-service", f"projects-secret-{uuid.uuid4().hex}"
    registry = harness.service("registry", env)
    budget = harness.service("budget", env)
    gateway = harness.service(
        "gateway",
        {
            **env,
            "BOOTSTRAP_CLIENTS": bootstrap_clients_env(
                {
                    "client_id": client_id,
                    "client_secret": secret,
                    "role": "service",
                    "scopes": ["registry:read", "budget:read", "budget:write"],
                }
            ),
            "REGISTRY_URL": registry.url,
            "BUDGET_URL": budget.url,
        },
    )
    projects = harness.service(
        "projects",
        {
            **env,
            "BUDGET_URL": budget.url,
            "REGISTRY_URL": registry.url,
            "TOKEN_URL": f"{gateway.url}/api/v1/auth/token",
            "CLIENT_ID": client_id,
            "CLIENT_SECRET": secret,
            "UPSTREAM_TIMEOUT_SECONDS": "10",
        },
    )
    gateway.env["GATEWAY_PROJECTS_URL"] = projects.url
    for process in (registry, budget, gateway, projects):
        key = f"{process.spec.prefix}DATABASE_URL"
        process.env[key] = database_url(process.env[key])
    harness.start(registry, budget, gateway, projects)
    s = Stack(
        harness, {"registry": registry, "budget": budget, "gateway": gateway, "projects": projects}
    )
    r = s.call(
        "budget",
        "POST",
        "/budget/programs",
        "program_manager",
        {
            "code": "BD-KC-2020",
            "name": "Chương trình Khuyến công tỉnh Bình Dương đến năm 2020",
            "legal_basis": "Quyết định 1877/QĐ-UBND ngày 20/7/2016",
            "start_year": 2016,
            "end_year": 2020,
            "planned_annual_vnd": 4_500_000_000,
            "advance_cap_percent": 70,
        },
    )
    assert r.status_code == 201, r.text
    return s


@pytest.fixture(scope="module")
def stack(harness: SystemHarness) -> Iterator[Stack]:
    s = build_stack(harness)
    yield s
    s.http.close()


def test_full_lifecycle_keeps_budget_and_project_in_step(stack: Stack) -> None:
    year = 2017
    stack.fund(year, 1_000_000_000)
    p = stack.appraised(year)
    pid = p["id"]

    r = stack.call("projects", "POST", f"/projects/{pid}/approval", "program_manager", approval())
    assert r.status_code == 200, r.text
    p = r.json()
    [c] = stack.commitments(pid)
    assert (p["status"], p["commitment_id"]) == ("approved", c["id"])
    line = stack.line(year)
    assert (line["committed_vnd"], line["available_vnd"]) == (300_000_000, 700_000_000)
    assert stack.ledger(pid) == [("commitment", 300_000_000)]

    stack.start(pid)
    r = stack.call(
        "projects",
        "POST",
        f"/projects/{pid}/progress-reports",
        "program_officer",
        {"period": "2017-06", "percent_complete": 50, "kpis": {"machines": 1}},
    )
    assert r.status_code == 201, r.text

    # above the 70% advance cap: refused, nothing paid
    r = stack.call(
        "projects",
        "POST",
        f"/projects/{pid}/advances",
        "finance_officer",
        {"amount_vnd": 210_000_001, "reference": "UNC-1"},
    )
    assert r.status_code == 422 and r.json()["code"] == "project.advance_above_cap"
    assert stack.line(year)["disbursed_vnd"] == 0
    r = stack.call(
        "projects",
        "POST",
        f"/projects/{pid}/advances",
        "finance_officer",
        {"amount_vnd": 210_000_000, "reference": "UNC-1"},
        **{"Idempotency-Key": "adv-sys-1"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["disbursed_vnd"] == stack.line(year)["disbursed_vnd"] == 210_000_000
    assert stack.ledger(pid)[-1] == ("disbursement", 210_000_000)

    # acceptance above the approved amount: refused
    r = stack.call(
        "projects",
        "POST",
        f"/projects/{pid}/acceptance",
        "program_officer",
        {"accepted_on": "2017-12-01", "record_number": "NT-1", "accepted_support_vnd": 300_000_001},
    )
    assert r.status_code == 422 and r.json()["code"] == "project.accepted_above_approved"
    r = stack.accept(pid, 290_000_000, "NT-1", trainees=14)
    assert r.status_code == 200, r.text

    r = stack.settle(pid, "QT-2017-1")
    assert r.status_code == 200, r.text
    p = r.json()
    assert (p["status"], p["disbursed_vnd"], p["released_vnd"]) == (
        "settled",
        290_000_000,
        10_000_000,
    )
    [c] = stack.commitments(pid)
    assert (c["status"], c["disbursed_vnd"], c["committed_vnd"]) == (
        "closed",
        290_000_000,
        290_000_000,
    )
    line = stack.line(year)
    assert (line["committed_vnd"], line["disbursed_vnd"], line["available_vnd"]) == (
        290_000_000,
        290_000_000,
        710_000_000,
    )
    assert stack.ledger(pid) == [
        ("commitment", 300_000_000),
        ("disbursement", 210_000_000),
        ("disbursement", 80_000_000),
        ("release", 10_000_000),
    ]
    verify = stack.call("budget", "GET", "/budget/ledger/verify", "viewer").json()
    assert verify["ok"] is True
    history = stack.call("projects", "GET", f"/projects/{pid}/history", "viewer").json()["items"]
    assert [e["action"] for e in history] == [
        "create",
        "submit",
        "appraisal",
        "approval",
        "start",
        "progress_report",
        "advance",
        "acceptance",
        "settlement",
    ]


def test_approval_beyond_the_money_is_409_and_commits_nothing(stack: Stack) -> None:
    year = 2018
    stack.fund(year, 200_000_000)
    p = stack.appraised(year)
    r = stack.call(
        "projects", "POST", f"/projects/{p['id']}/approval", "program_manager", approval()
    )
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "budget.insufficient_funds"
    after = stack.project(p["id"])
    assert (after["status"], after["commitment_id"], after["pending_saga"]) == (
        "appraised",
        None,
        None,
    )
    assert stack.commitments(p["id"]) == []
    assert stack.line(year)["committed_vnd"] == 0


async def test_two_approvals_for_the_last_money_exactly_one_wins(stack: Stack) -> None:
    year = 2019
    stack.fund(year, 300_000_000)
    a, b = stack.appraised(year), stack.appraised(year)
    url = stack.procs["projects"].url
    headers = stack.h.headers("program_manager")
    async with httpx.AsyncClient(timeout=30) as client:
        ra, rb = await asyncio.gather(
            *(
                client.post(
                    f"{url}{API}/projects/{p['id']}/approval", json=approval(), headers=headers
                )
                for p in (a, b)
            )
        )
    assert sorted([ra.status_code, rb.status_code]) == [200, 409], (ra.text, rb.text)
    loser = b if ra.status_code == 200 else a
    assert (ra if ra.status_code == 409 else rb).json()["code"] == "budget.insufficient_funds"
    assert stack.project(loser["id"])["status"] == "appraised"
    assert stack.commitments(loser["id"]) == []
    line = stack.line(year)
    assert (line["committed_vnd"], line["available_vnd"]) == (300_000_000, 0)


def test_budget_down_during_approval_then_one_retry_commits_once(stack: Stack) -> None:
    year = 2020
    stack.fund(year, 1_000_000_000)
    p = stack.appraised(year)
    budget = stack.procs["budget"]
    budget.stop()
    try:
        r = stack.call(
            "projects", "POST", f"/projects/{p['id']}/approval", "program_manager", approval()
        )
        assert r.status_code == 503, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "upstream.unavailable"
        # Unchanged, read as the officer who made it (allowed_actions depends on the caller).
        assert stack.project(p["id"], "program_officer") == p
    finally:
        budget.start()
    r = stack.call(
        "projects", "POST", f"/projects/{p['id']}/approval", "program_manager", approval()
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved"
    [c] = stack.commitments(p["id"])
    assert c["id"] == r.json()["commitment_id"]
    assert stack.line(year)["committed_vnd"] == 300_000_000


def test_cancellation_after_an_advance_recovers_it(stack: Stack) -> None:
    year = 2016
    stack.fund(year, 500_000_000)
    p = stack.appraised(year)
    pid = p["id"]
    assert (
        stack.call(
            "projects", "POST", f"/projects/{pid}/approval", "program_manager", approval()
        ).status_code
        == 200
    )
    stack.start(pid)
    r = stack.call(
        "projects",
        "POST",
        f"/projects/{pid}/advances",
        "finance_officer",
        {"amount_vnd": 150_000_000, "reference": "UNC-7"},
    )
    assert r.status_code == 200, r.text
    assert stack.line(year)["disbursed_vnd"] == 150_000_000
    r = stack.call(
        "projects",
        "POST",
        f"/projects/{pid}/cancellation",
        "program_manager",
        {"reason": "cơ sở ngừng hoạt động"},
    )
    assert r.status_code == 200, r.text
    p = r.json()
    assert (p["status"], p["recovered_vnd"], p["disbursed_vnd"]) == ("cancelled", 150_000_000, 0)
    [c] = stack.commitments(pid)
    assert (c["status"], c["disbursed_vnd"], c["committed_vnd"]) == ("closed", 0, 0)
    line = stack.line(year)
    assert (line["committed_vnd"], line["disbursed_vnd"], line["available_vnd"]) == (
        0,
        0,
        500_000_000,
    )
    assert stack.ledger(pid) == [
        ("commitment", 300_000_000),
        ("disbursement", 150_000_000),
        ("recovery", 150_000_000),
        ("release", 300_000_000),
    ]
    last = stack.call("projects", "GET", f"/projects/{pid}/history", "viewer").json()["items"][-1]
    assert (last["action"], last["payload"]["recovered_vnd"]) == ("cancellation", 150_000_000)


def test_document_dates_reach_the_budget_ledger(stack: Stack) -> None:
    # The ledger and the history read like the year the documents were signed, not like the day
    # they were typed in. (After the first test: it adds money to 2017.)
    year = 2017
    stack.fund(year, 400_000_000)
    pid = stack.appraised(year)["id"]
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("program_manager", "approval", approval()),  # decision of 2017-03-01
        ("program_officer", "start", {"document_date": "2017-03-15"}),
        (
            "finance_officer",
            "advances",
            {"amount_vnd": 100_000_000, "reference": "PC-2017-031", "document_date": "2017-04-03"},
        ),
        (
            "program_officer",
            "acceptance",
            {
                "accepted_on": "2017-12-05",
                "record_number": "NT-9",
                "accepted_support_vnd": 280_000_000,
            },
        ),
        ("finance_officer", "settlement", {"settled_on": "2018-01-18", "reference": "QT-2017-9"}),
    ]
    for role, path, body in steps:
        r = stack.call("projects", "POST", f"/projects/{pid}/{path}", role, body)
        assert r.status_code == 200, (path, r.text)
    r = stack.call("budget", "GET", "/budget/ledger", "viewer", params={"project_id": pid})
    assert r.status_code == 200, r.text
    assert [
        (e["kind"], e["amount_vnd"], e["document_date"], e["reference"]) for e in r.json()["items"]
    ] == [
        ("commitment", 300_000_000, "2017-03-01", ""),
        ("disbursement", 100_000_000, "2017-04-03", "PC-2017-031"),
        ("disbursement", 180_000_000, "2018-01-18", "QT-2017-9"),
        ("release", 20_000_000, "2018-01-18", ""),
    ]
    history = stack.call("projects", "GET", f"/projects/{pid}/history", "viewer").json()["items"]
    dated = {e["action"]: e["document_date"] for e in history}
    assert (dated["approval"], dated["start"], dated["advance"]) == (
        "2017-03-01",
        "2017-03-15",
        "2017-04-03",
    )
    assert (dated["acceptance"], dated["settlement"]) == ("2017-12-05", "2018-01-18")
    r = stack.call("budget", "GET", "/budget/ledger/verify", "viewer")
    assert r.json()["ok"] is True


def test_a_year_no_program_covers_is_refused_at_creation(stack: Stack) -> None:
    body = {
        "title": "Ứng dụng lò nung gas cho năm chưa có chương trình",
        "activity_type": "machinery_application",
        "fiscal_year": 2031,
        "implementing_unit": "Trung tâm Khuyến công Bình Dương",
        "total_cost_vnd": 600_000_000,
        "requested_support_vnd": 300_000_000,
        "counterpart_vnd": 300_000_000,
    }
    r = stack.call("projects", "POST", "/projects", "program_officer", body)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "project.no_program"
    assert r.json()["errors"][0]["field"] == "fiscal_year"


def test_people_cannot_move_a_projects_money_around_the_project(stack: Stack) -> None:
    # Found: finance posted a `final` disbursement of 100% straight to budget-service on an
    # approved project not yet accepted (it could then never be settled), and a manager released
    # an approved project's commitment directly. A project's money is project-service's alone.
    # (Last in the module: it adds money to a year the tests above check.)
    year = 2016
    stack.fund(year, 500_000_000)
    pid = stack.appraised(year)["id"]
    r = stack.call("projects", "POST", f"/projects/{pid}/approval", "program_manager", approval())
    assert r.status_code == 200, r.text
    [c] = stack.commitments(pid)
    direct = [
        ("/budget/disbursements", "finance_officer",
         {"commitment_id": c["id"], "amount_vnd": 300_000_000, "kind": "final"}),
        (f"/budget/commitments/{c['id']}/release", "program_manager",
         {"amount_vnd": 300_000_000, "reason": "không thực hiện"}),
        ("/budget/commitments", "program_manager",
         {"project_id": pid, "fiscal_year": year, "category": CATEGORY,
          "funding_source": "local", "amount_vnd": 1_000_000}),
        ("/budget/commitments", "program_manager",  # a project that does not exist
         {"project_id": str(uuid.uuid4()), "fiscal_year": year, "category": CATEGORY,
          "funding_source": "local", "amount_vnd": 1_000_000}),
    ]  # fmt: skip
    for path, role, body in direct:
        r = stack.call("budget", "POST", path, role, body, **{"Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code == 403, (path, r.text)
        assert r.json()["code"] == "budget.use_project_workflow"
    assert stack.ledger(pid) == [("commitment", 300_000_000)]
    line = stack.line(year)
    assert (line["committed_vnd"], line["disbursed_vnd"]) == (300_000_000, 0)

    # the project goes on through its own steps and is settled
    stack.start(pid)
    r = stack.accept(pid, 300_000_000, "NT-9", trainees=12)
    assert r.status_code == 200, r.text
    r = stack.settle(pid, "QT-2016-9")
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["disbursed_vnd"]) == ("settled", 300_000_000)

    # money not tied to a project (program management costs): the manager commits it directly
    body = {"fiscal_year": year, "category": CATEGORY, "funding_source": "local",
            "amount_vnd": 1_000_000}  # fmt: skip
    r = stack.call("budget", "POST", "/budget/commitments", "program_manager", body)
    assert r.status_code == 201, r.text
    assert r.json()["project_id"] is None
