"""The figures the report tests read: a year written through the real budget and project APIs.

2017 (program 2016-2020): local money for technology transfer, national money for training.
- A (local, Xã Bình Mỹ — merged into another commune in 2025): approved 300 000 000 on
  15/02/2017, advance 100 000 000 on 10/03/2017, accepted 250 000 000, settled on 10/01/2018
  (pays 150 000 000 and releases 50 000 000: dated after the year's end);
- B (national training): approved 200 000 000 on 10/05/2017, nothing paid;
- C (local, machinery): approved 100 000 000 on 20/08/2017;
- D: a draft, with a title a spreadsheet would take for a formula.
"""

from __future__ import annotations

from typing import Any

import httpx

API = "/api/v1"
YEAR = 2017
OLD_COMMUNE = "25897"  # Xã Bình Mỹ, until 30/06/2025


async def _ok(r: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert r.status_code == status, r.text
    return dict(r.json())


async def _fund(budget: httpx.AsyncClient, auth: Any, source: str, category: str, amount: int):
    await _ok(
        await budget.post(
            f"{API}/budget/years/{YEAR}/appropriations",
            json={"funding_source": source, "amount_vnd": amount, "decision_number": "1/QĐ-UBND"},
            headers=auth("finance_officer"),
        ),
        201,
    )
    await _ok(
        await budget.post(
            f"{API}/budget/years/{YEAR}/allocations",
            json={"category": category, "funding_source": source, "amount_vnd": amount},
            headers=auth("program_manager"),
        ),
        201,
    )


def _body(**kw: Any) -> dict[str, Any]:
    return {
        "title": "Ứng dụng máy phun sơn tĩnh điện cho cơ sở sơn mài",
        "activity_type": "machinery_application",
        "level": "local",
        "fiscal_year": YEAR,
        "implementing_unit": "Trung tâm Khuyến công Bình Dương",
        "admin_unit_code": "74",
        "start_on": "2017-03-01",
        "end_on": "2017-11-30",
        "total_cost_vnd": 600_000_000,
        "requested_support_vnd": 300_000_000,
        "counterpart_vnd": 300_000_000,
        "planned_kpis": {},
        **kw,
    }


async def _project(projects: httpx.AsyncClient, auth: Any, **kw: Any) -> str:
    p = await _ok(
        await projects.post(f"{API}/projects", json=_body(**kw), headers=auth("program_officer")),
        201,
    )
    return str(p["id"])


async def step(
    projects: httpx.AsyncClient, auth: Any, role: str, pid: str, path: str, body: Any = None
) -> dict[str, Any]:
    return await _ok(
        await projects.post(f"{API}/projects/{pid}/{path}", json=body, headers=auth(role))
    )


async def _approve(
    projects: httpx.AsyncClient, auth: Any, pid: str, amount: int, source: str, day: str
) -> None:
    await step(projects, auth, "program_officer", pid, "submit")
    await step(
        projects,
        auth,
        "program_officer",
        pid,
        "appraisal",
        {"score": 80, "recommendation": "approve"},
    )
    await step(
        projects, auth, "program_manager", pid, "approval",
        {"decision_number": "12/QĐ-SCT", "decision_date": day, "approved_support_vnd": amount,
         "funding_source": source},
    )  # fmt: skip


async def make_year(
    budget: httpx.AsyncClient, projects: httpx.AsyncClient, auth: Any
) -> dict[str, str]:
    r = await budget.post(
        f"{API}/budget/programs",
        json={"code": "BD-KC-2020", "name": "Chương trình khuyến công tỉnh Bình Dương đến năm 2020",
              "start_year": 2016, "end_year": 2020, "planned_annual_vnd": 4_500_000_000,
              "advance_cap_percent": 70},
        headers=auth("program_manager"),
    )  # fmt: skip
    await _ok(r, 201)
    await _fund(budget, auth, "local", "technology_transfer", 1_000_000_000)
    await _fund(budget, auth, "national", "training", 500_000_000)

    a = await _project(
        projects, auth, admin_unit_code=OLD_COMMUNE,
        planned_kpis={"machines": 2, "productivity_gain_percent": 20},
    )  # fmt: skip
    await _approve(projects, auth, a, 300_000_000, "local", "2017-02-15")
    await step(projects, auth, "program_officer", a, "start", {"document_date": "2017-03-01"})
    advance = {"amount_vnd": 100_000_000, "reference": "PC-01", "document_date": "2017-03-10"}
    await step(projects, auth, "finance_officer", a, "advances", advance)
    await step(projects, auth, "program_officer", a, "acceptance",
               {"accepted_on": "2017-11-30", "record_number": "NT-1",
                "accepted_support_vnd": 250_000_000,
                "actual_kpis": {"machines": 2, "productivity_gain_percent": 24}})  # fmt: skip
    await step(projects, auth, "finance_officer", a, "settlement",
               {"settled_on": "2018-01-10", "reference": "QT-1"})  # fmt: skip

    b = await _project(
        projects, auth, title="Đào tạo nghề đan lát mây tre", activity_type="vocational_training",
        level="national", requested_support_vnd=200_000_000, counterpart_vnd=400_000_000,
        planned_kpis={"trainees": 30},
    )  # fmt: skip
    await _approve(projects, auth, b, 200_000_000, "national", "2017-05-10")

    c = await _project(
        projects, auth, title="Ứng dụng máy chà nhám gỗ", requested_support_vnd=100_000_000,
        counterpart_vnd=500_000_000, planned_kpis={"machines": 1, "productivity_gain_percent": 30},
    )  # fmt: skip
    await _approve(projects, auth, c, 100_000_000, "local", "2017-08-20")

    d = await _project(projects, auth, title='=HYPERLINK("http://x.example","Nhấn vào đây")')
    return {"a": a, "b": b, "c": c, "d": d}
