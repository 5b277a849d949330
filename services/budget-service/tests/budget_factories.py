"""Plain async helpers that build a budget through the API (no shortcuts into the tables)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx

API = "/api/v1/budget"
Auth = Callable[..., dict[str, str]]


async def program(
    client: httpx.AsyncClient, auth: Auth, *, start: int = 2016, end: int = 2020, **kw: Any
) -> dict[str, Any]:
    body = {
        "code": kw.pop("code", f"KC-{start}-{uuid.uuid4().hex[:6]}"),
        "name": "Chương trình Khuyến công tỉnh Bình Dương đến năm 2020",
        "legal_basis": "Quyết định 1877/QĐ-UBND ngày 20/7/2016",
        "start_year": start,
        "end_year": end,
        "planned_annual_vnd": 4_500_000_000,
        **kw,
    }
    r = await client.post(f"{API}/programs", json=body, headers=auth("program_manager"))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def appropriate(
    client: httpx.AsyncClient, auth: Auth, year: int, amount: int, source: str = "local"
) -> httpx.Response:
    return await client.post(
        f"{API}/years/{year}/appropriations",
        json={"funding_source": source, "amount_vnd": amount, "decision_number": "12/QĐ-UBND"},
        headers=auth("finance_officer"),
    )


async def allocate(
    client: httpx.AsyncClient,
    auth: Auth,
    year: int,
    amount: int,
    category: str = "technology_transfer",
    source: str = "local",
) -> httpx.Response:
    return await client.post(
        f"{API}/years/{year}/allocations",
        json={"category": category, "funding_source": source, "amount_vnd": amount},
        headers=auth("program_manager"),
    )


async def funded_line(
    client: httpx.AsyncClient,
    auth: Auth,
    *,
    year: int = 2017,
    appropriated: int = 4_500_000_000,
    allocated: int = 1_000_000_000,
    category: str = "technology_transfer",
    source: str = "local",
    cap: int = 70,
) -> None:
    await program(client, auth, advance_cap_percent=cap)
    assert (await appropriate(client, auth, year, appropriated, source)).status_code == 201
    r = await allocate(client, auth, year, allocated, category, source)
    assert r.status_code == 201, r.text


def project_service(auth: Auth) -> dict[str, str]:
    """project-service's own token: the only caller that moves money tied to a project."""
    return auth("service", subject="project-service", scopes=["budget:read", "budget:write"])


def commitment_body(
    amount: int,
    *,
    year: int = 2017,
    category: str = "technology_transfer",
    source: str = "local",
    project: bool = True,
) -> dict[str, Any]:
    """A project's commitment, or with `project=False` money not tied to a project."""
    return {
        "project_id": str(uuid.uuid4()) if project else None,
        "fiscal_year": year,
        "category": category,
        "funding_source": source,
        "amount_vnd": amount,
    }


async def commit(client: httpx.AsyncClient, auth: Auth, amount: int, **kw: Any) -> httpx.Response:
    """A project's commitment, as project-service makes it at approval."""
    return await client.post(
        f"{API}/commitments", json=commitment_body(amount, **kw), headers=project_service(auth)
    )


async def disburse(
    client: httpx.AsyncClient,
    auth: Auth,
    commitment_id: str,
    amount: int,
    kind: str = "advance",
    *,
    as_role: str | None = None,
) -> httpx.Response:
    """Pay, as project-service (a project's commitment) or as `as_role`."""
    return await client.post(
        f"{API}/disbursements",
        json={
            "commitment_id": commitment_id,
            "amount_vnd": amount,
            "kind": kind,
            "reference": "UNC-01",
        },
        headers=auth(as_role) if as_role else project_service(auth),
    )


async def line(client: httpx.AsyncClient, auth: Auth, year: int, category: str) -> dict[str, Any]:
    r = await client.get(f"{API}/years/{year}/summary", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return next(ln for ln in r.json()["lines"] if ln["category"] == category)


async def ledger_count(client: httpx.AsyncClient, auth: Auth, **params: Any) -> int:
    r = await client.get(f"{API}/ledger", params=params, headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return int(r.json()["total"])


async def verify(client: httpx.AsyncClient, auth: Auth) -> dict[str, Any]:
    r = await client.get(f"{API}/ledger/verify", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return dict(r.json())


def by_id(sql: str, name: str = "id") -> Any:
    """Raw SQL whose `:name` is an id: bound as the column's Uuid type (on SQLite ids are stored
    as 32 hex digits, so a hyphenated string bound as text would match nothing)."""
    from sqlalchemy import bindparam, text

    from budget.db import UUID_STR

    return text(sql).bindparams(bindparam(name, type_=UUID_STR))
