"""Fixture objects for system tests through the gateway: a World and its factories.

`make_world(harness)` starts the stack (gateway_stack.start_stack), adds one user per role (the
enterprise user bound to enterprise e1), and creates: enterprises e1 and e2, a craft village, a
typical product of each enterprise, a program 2015-2040 with money in YEAR, a draft project of each
enterprise, an open commitment of a project (made as project-service makes it) and one of money not
tied to a project. Factories make fresh projects in any status and commitments.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.system.conftest import SystemHarness, tax_code
from tests.system.gateway_stack import Gateway, add_user, start_stack

API = "/api/v1"
YEAR = 2030  # the fiscal year with money
# Its documents are dated in the past: no step may be dated after today, and a year's decisions
# may be taken before it begins.
DECIDED_ON, ACCEPTED_ON, SETTLED_ON = "2025-03-01", "2025-09-01", "2025-10-01"
CATEGORY = "technology_transfer"
SUPPORT = 300_000_000


@dataclass
class World:
    """The fixture objects; `fresh` says a new object is wanted (a call expected to succeed)."""

    g: Gateway
    e1: dict[str, Any] = field(default_factory=dict)  # the enterprise user's own enterprise
    e2: dict[str, Any] = field(default_factory=dict)  # another enterprise
    village: str = ""
    product1: str = ""  # typical product of e1
    product2: str = ""  # typical product of e2
    p1: str = ""  # a draft project of e1, the shared object of refused calls
    p2: str = ""  # a draft project of e2
    commitment: str = ""  # an open commitment of a project with room to pay
    program_commitment: str = ""  # an open commitment not tied to a project, with room to pay
    client_uuid: str = ""
    years: Iterator[int] = field(default_factory=lambda: itertools.count(2041))
    carry_years: Iterator[int] = field(default_factory=lambda: itertools.count(2031))
    # (year, level) of fresh annual plans: one plan per year and level, years a program covers
    plan_slots: Iterator[tuple[int, str]] = field(
        default_factory=lambda: iter(
            [(y, lv) for y in range(2015, 2041) if y != YEAR for lv in ("local", "national")]
        )
    )
    plan: str = ""  # a draft annual plan with one item, the shared object of refused calls

    def as_role(self, role: str, method: str, path: str, **kw: Any) -> httpx.Response:
        return self.g.http.request(method, path, headers=self.g.tokens[role], **kw)

    def ok(self, role: str, method: str, path: str, body: Any = None) -> dict[str, Any]:
        r = self.as_role(role, method, path, json=body)
        assert 200 <= r.status_code < 300, (method, path, r.status_code, r.text[:500])
        return dict(r.json()) if r.content else {}

    # factories
    def enterprise(self) -> dict[str, Any]:
        return self.ok("program_officer", "POST", f"{API}/enterprises", enterprise_body())

    def project(self, status: str = "draft", enterprise: str | None = None) -> str:
        body = project_body(enterprise or str(self.e1["id"]))
        pid = str(self.ok("program_officer", "POST", f"{API}/projects", body)["id"])
        steps: list[tuple[str, str, str, Any]] = [
            ("submitted", "program_officer", "submit", None),
            ("appraised", "program_officer", "appraisal", {"score": 85,
                                                           "recommendation": "approve"}),
            ("approved", "program_manager", "approval", approval()),
            ("in_progress", "program_officer", "start", None),
            ("accepted", "program_officer", "acceptance", acceptance()),
        ]  # fmt: skip
        for reached, role, action, payload in steps:
            if status == "draft":
                break
            self.ok(role, "POST", f"{API}/projects/{pid}/{action}", payload)
            if reached == status:
                break
        return pid

    def appraised(self, year: int, level: str = "local") -> str:
        """A fresh appraised project of e1 recommended for approval, in `year` at `level`."""
        body = {**project_body(str(self.e1["id"])), "fiscal_year": year, "level": level}
        pid = str(self.ok("program_officer", "POST", f"{API}/projects", body)["id"])
        self.ok("program_officer", "POST", f"{API}/projects/{pid}/submit")
        self.ok("program_officer", "POST", f"{API}/projects/{pid}/appraisal",
                {"score": 80, "recommendation": "approve"})  # fmt: skip
        return pid

    def annual_plan(self, status: str = "draft", *, items: int = 1) -> tuple[str, int, str]:
        """A fresh annual plan in `status` (draft, submitted, approved) with `items` appraised
        projects: (plan id, its year, its level)."""
        year, level = next(self.plan_slots)
        body = {"fiscal_year": year, "level": level, "title": f"Kế hoạch khuyến công {year}"}
        plan = str(self.ok("program_officer", "POST", f"{API}/plans", body)["id"])
        for _ in range(items):
            self.ok("program_officer", "POST", f"{API}/plans/{plan}/items",
                    {"project_id": self.appraised(year, level)})  # fmt: skip
        if status in ("submitted", "approved"):
            self.ok("program_officer", "POST", f"{API}/plans/{plan}/submit")
        if status == "approved":
            self.fund(year, level)
            self.ok("program_manager", "POST", f"{API}/plans/{plan}/approval", plan_decision(level))
        return plan, year, level

    def fund(self, year: int, source: str) -> None:
        self.ok("finance_officer", "POST", f"{API}/budget/years/{year}/appropriations",
                {"funding_source": source, "amount_vnd": 1_000_000_000,
                 "decision_number": "3/QĐ-UBND"})  # fmt: skip
        line = {"category": CATEGORY, "funding_source": source, "amount_vnd": 1_000_000_000}
        self.ok("program_manager", "POST", f"{API}/budget/years/{year}/allocations", line)

    def new_commitment(self, paid: int = 0, *, project: bool = True) -> str:
        """A project's commitment, committed and paid by project-service's client (the only
        caller that moves a project's money), or with `project=False` money not tied to a
        project, committed by the program manager and paid by finance."""
        committer, payer = "service", "service"
        if not project:
            committer, payer = "program_manager", "finance_officer"
        body = commitment_body(project=project)
        cid = str(self.ok(committer, "POST", f"{API}/budget/commitments", body)["id"])
        if paid:
            self.ok(payer, "POST", f"{API}/budget/disbursements",
                    {"commitment_id": cid, "amount_vnd": paid, "kind": "advance"})  # fmt: skip
        return cid


# Valid request bodies (fresh names and tax codes), for the factories and stateful fuzzing.
def enterprise_body() -> dict[str, Any]:
    return {"tax_code": tax_code(), "name": f"Cơ sở gốm {uuid.uuid4().hex[:6]}",
            "kind": "household_business", "admin_unit_code": "74",
            "established_on": "2015-01-01"}  # fmt: skip


def project_body(enterprise_id: str) -> dict[str, Any]:
    return {
        "title": f"Ứng dụng lò nung gas {uuid.uuid4().hex[:6]}",
        "activity_type": "machinery_application",
        "fiscal_year": YEAR,
        "implementing_unit": "Trung tâm Khuyến công Bình Dương",
        "beneficiary_enterprise_id": enterprise_id,
        "total_cost_vnd": SUPPORT * 2,
        "requested_support_vnd": SUPPORT,
        "counterpart_vnd": SUPPORT,
        "planned_kpis": {"machines": 1},
    }


def village_body() -> dict[str, Any]:
    return {"name": f"Làng gốm {uuid.uuid4().hex[:6]}", "craft": "gốm", "admin_unit_code": "74"}


def product_body(enterprise_id: str) -> dict[str, Any]:
    return {"name": "Gốm men rạn", "enterprise_id": enterprise_id, "group": "handicraft",
            "tier": "provincial", "recognized_year": 2020, "score": 75}  # fmt: skip


def commitment_body(*, project: bool = True) -> dict[str, Any]:
    """A commitment for a project (project-service's client only) or, with `project=False`,
    money not tied to a project (the program manager's)."""
    return {"project_id": str(uuid.uuid4()) if project else None, "fiscal_year": YEAR,
            "category": CATEGORY, "funding_source": "local", "amount_vnd": 10_000_000}  # fmt: skip


def approval() -> dict[str, Any]:
    return {"decision_number": "45/QĐ-SCT", "decision_date": DECIDED_ON,
            "approved_support_vnd": SUPPORT, "funding_source": "local"}  # fmt: skip


def plan_decision(source: str = "local") -> dict[str, Any]:
    return {"decision_number": "2104/QĐ-UBND", "decision_date": DECIDED_ON,
            "funding_source": source}  # fmt: skip


def acceptance() -> dict[str, Any]:
    return {"accepted_on": ACCEPTED_ON, "record_number": "12/BB-NT",
            "accepted_support_vnd": SUPPORT, "actual_kpis": {"machines": 1}}  # fmt: skip


def make_world(harness: SystemHarness) -> World:
    """The stack with users, clients and the shared objects (see World)."""
    g = start_stack(harness, users=False)
    w = World(g)
    for role in ("program_manager", "program_officer", "finance_officer", "viewer"):
        add_user(g, role)
    w.e1, w.e2 = w.enterprise(), w.enterprise()
    add_user(g, "enterprise", enterprise_id=str(w.e1["id"]))
    program = {"code": "BD-KC-2040", "name": "Chương trình khuyến công đến 2040",
               "start_year": 2015, "end_year": 2040, "planned_annual_vnd": 5_000_000_000,
               "advance_cap_percent": 70}  # fmt: skip
    w.ok("program_manager", "POST", f"{API}/budget/programs", program)
    w.ok("finance_officer", "POST", f"{API}/budget/years/{YEAR}/appropriations",
         {"funding_source": "local", "amount_vnd": 100_000_000_000,
          "decision_number": "1/QĐ-UBND"})  # fmt: skip
    for category, amount in ((CATEGORY, 50_000_000_000), ("training", 1_000_000_000)):
        w.ok("program_manager", "POST", f"{API}/budget/years/{YEAR}/allocations",
             {"category": category, "funding_source": "local", "amount_vnd": amount})  # fmt: skip
    village = {**village_body(), "name": "Làng gốm Lái Thiêu"}
    w.village = str(w.ok("program_officer", "POST", f"{API}/craft-villages", village)["id"])
    products = []
    for e in (w.e1, w.e2):
        body = product_body(str(e["id"]))
        products.append(str(w.ok("program_officer", "POST", f"{API}/typical-products", body)["id"]))
    w.product1, w.product2 = products
    w.p1 = w.project("draft")
    w.p2 = w.project("draft", enterprise=str(w.e2["id"]))
    w.commitment = w.new_commitment()
    w.plan = w.annual_plan()[0]
    w.program_commitment = w.new_commitment(project=False)
    r = w.as_role("admin", "GET", f"{API}/integration-clients")
    w.client_uuid = next(c["id"] for c in r.json()["items"] if c["client_id"] == "province-portal")
    return w
