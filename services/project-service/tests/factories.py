"""Plain async helpers that build test data through the public APIs."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable
from typing import Any

import httpx

API = "/api/v1"
Auth = Callable[..., dict[str, str]]
_serial = itertools.count(1)


def tax_code() -> str:
    """A valid 10-digit Vietnamese tax code (check digit per docs/domain.md §Registry rules)."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    while True:
        digits = [random.randint(0, 9) for _ in range(9)]
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        check = 10 - remainder
        if 0 <= check <= 9 and remainder != 0:
            return "".join(map(str, digits)) + str(check)


async def enterprise(registry: httpx.AsyncClient, auth: Auth, **kw: Any) -> str:
    body = {
        "tax_code": tax_code(),
        "name": kw.pop("name", f"Cơ sở sơn mài Tương Bình Hiệp {next(_serial)}"),
        "kind": "enterprise",
        "admin_unit_code": "74",
        "established_on": "2015-01-01",  # the province's code was in force then
        **kw,
    }
    r = await registry.post(f"{API}/enterprises", json=body, headers=auth("program_officer"))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def project_body(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Ứng dụng máy phun sơn tĩnh điện cho cơ sở sơn mài",
        "activity_type": "machinery_application",
        "level": "local",
        "fiscal_year": 2017,
        "implementing_unit": "Trung tâm Khuyến công Bình Dương",
        "admin_unit_code": "74",
        "start_on": "2017-03-01",
        "end_on": "2017-11-30",
        "total_cost_vnd": 600_000_000,
        "requested_support_vnd": 300_000_000,
        "counterpart_vnd": 300_000_000,
        "objectives": "Nâng cao năng suất",
        "expected_outcomes": "Giảm 30% thời gian sơn",
        "planned_kpis": {"machines": 2, "trainees": 30},
    }
    body.update(kw)
    return body


async def create(client: httpx.AsyncClient, auth: Auth, role: str = "program_officer", **kw: Any):
    r = await client.post(f"{API}/projects", json=project_body(**kw), headers=auth(role))
    assert r.status_code == 201, r.text
    return r.json()


async def post(
    client: httpx.AsyncClient, auth: Auth, role: str, path: str, body: Any = None, **kw: Any
) -> httpx.Response:
    return await client.post(f"{API}{path}", json=body, headers={**auth(role), **kw})


async def appraised(client: httpx.AsyncClient, auth: Auth, **kw: Any) -> dict[str, Any]:
    p = await create(client, auth, **kw)
    r = await post(client, auth, "program_officer", f"/projects/{p['id']}/submit")
    assert r.status_code == 200, r.text
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{p['id']}/appraisal",
        {"score": 82, "recommendation": "approve", "notes": "đạt"},
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def approval(amount: int = 300_000_000, source: str = "local") -> dict[str, Any]:
    return {
        "decision_number": "123/QĐ-SCT",
        "decision_date": "2017-02-15",
        "approved_support_vnd": amount,
        "funding_source": source,
    }


def acceptance(accepted: int = 280_000_000, **kw: Any) -> dict[str, Any]:
    """An acceptance body (biên bản nghiệm thu NT-05 of 30/11/2017)."""
    return {
        "accepted_on": "2017-11-30",
        "record_number": "NT-05",
        "accepted_support_vnd": accepted,
        "actual_kpis": {"machines": 2, "trainees": 28},
        **kw,
    }


async def approved(client: httpx.AsyncClient, auth: Auth, **kw: Any) -> dict[str, Any]:
    p = await appraised(client, auth, **kw)
    r = await post(client, auth, "program_manager", f"/projects/{p['id']}/approval", approval())
    assert r.status_code == 200, r.text
    return dict(r.json())


async def program(
    budget: httpx.AsyncClient, auth: Auth, *, start: int = 2016, end: int = 2020, cap: int = 70
) -> None:
    """The program the factories' years belong to (conftest's `budget_app` makes it for every
    test: a project can only be created for a year a program covers)."""
    r = await budget.post(
        f"{API}/budget/programs",
        json={
            "code": f"BD-{uuid.uuid4().hex[:6]}",
            "name": "Chương trình Khuyến công tỉnh Bình Dương đến năm 2020",
            "start_year": start,
            "end_year": end,
            "planned_annual_vnd": 4_500_000_000,
            "advance_cap_percent": cap,
        },
        headers=auth("program_manager"),
    )
    assert r.status_code == 201, r.text


async def fund(
    budget: httpx.AsyncClient,
    auth: Auth,
    *,
    year: int = 2017,
    allocated: int = 1_000_000_000,
    category: str = "technology_transfer",
    source: str = "local",
    appropriated: int | None = None,
) -> None:
    """Money for a line of the year (its program is already there: see `program`)."""
    r = await budget.post(
        f"{API}/budget/years/{year}/appropriations",
        json={
            "funding_source": source,
            "amount_vnd": appropriated or allocated,
            "decision_number": "1877/QĐ-UBND",
        },
        headers=auth("finance_officer"),
    )
    assert r.status_code == 201, r.text
    r = await budget.post(
        f"{API}/budget/years/{year}/allocations",
        json={"category": category, "funding_source": source, "amount_vnd": allocated},
        headers=auth("program_manager"),
    )
    assert r.status_code == 201, r.text


async def commitments(budget: httpx.AsyncClient, auth: Auth, project_id: str) -> list[dict]:
    r = await budget.get(
        f"{API}/budget/commitments", params={"project_id": project_id}, headers=auth("viewer")
    )
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


async def summary_line(
    budget: httpx.AsyncClient, auth: Auth, year: int = 2017, category: str = "technology_transfer"
) -> dict[str, Any]:
    r = await budget.get(f"{API}/budget/years/{year}/summary", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return next(line for line in r.json()["lines"] if line["category"] == category)
