"""Work-list rules: which records each role must act on, and by when.

The services are asked in parallel with the caller's token, so an enterprise sees only its own
projects, exactly as in the project list. A service that does not answer leaves its tasks out and
adds a warning; the list is never an error because one service is down."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from gateway.dashboard.upstream_client import UpstreamProblem, get_json
from gateway.proxy.upstreams import Upstream
from gateway.tasks import calendar
from gateway.tasks.schemas import Task, TaskList, TaskWarning
from kc_common.auth import (
    ENTERPRISE,
    FINANCE_OFFICER,
    PROGRAM_MANAGER,
    PROGRAM_OFFICER,
)

PAGE_SIZE = 200
MAX_PAGES = 25  # 5,000 records of one status: far past a province's year
PLAN_LEVELS = ("local", "national")
_PERIOD = re.compile(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class Calendar:
    today: dt.date
    plan_due: tuple[int, int]
    settlement_due: tuple[int, int]
    progress_day: int
    appraisal_days: int
    approval_days: int
    acceptance_lead_days: int


@dataclass
class Upstreams:
    client: httpx.AsyncClient
    by_name: dict[str, Upstream]
    token: str
    request_id: str | None
    timeout_seconds: float

    async def get(self, service: str, path: str, params: dict[str, Any] | None = None) -> Any:
        return await get_json(
            self.client,
            self.by_name[service].base_url + path,
            token=self.token,
            request_id=self.request_id,
            timeout_seconds=self.timeout_seconds,
            params=params,
        )

    async def all_pages(self, service: str, path: str, **filters: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            body = await self.get(service, path, {**filters, "page": page, "page_size": PAGE_SIZE})
            batch = body.get("items", []) if isinstance(body, dict) else []
            items.extend(batch)
            if len(batch) < PAGE_SIZE or len(items) >= int(body.get("total", 0)):
                break
        return items


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _arrived(project: dict[str, Any], cal: Calendar) -> dt.date:
    """The day a project reached its status (its last change), or today if that is later than
    the calendar's today (a configured day, as in the demo, sees newer records as arriving
    today, not in its future)."""
    changed = _date(project.get("updated_at")) or cal.today
    return min(changed, cal.today)


def _project_task(kind: Any, project: dict[str, Any], due: dt.date, today: dt.date) -> Task:
    return Task(
        kind=kind,
        project_id=uuid.UUID(str(project["id"])),
        code=project.get("code"),
        title=str(project.get("title") or project.get("code") or ""),
        fiscal_year=project.get("fiscal_year"),
        level=project.get("level"),
        due_on=due,
        overdue=today > due,
    )


def _last_period(reports: list[dict[str, Any]]) -> str | None:
    """The latest month reported, as 'YYYY-MM' ('2020-07', '07/2020' and '7/2020' are read; a
    report whose period names no month counts for the month it was recorded in)."""
    months: list[tuple[int, int]] = []
    for report in reports:
        match = _PERIOD.search(str(report.get("period") or ""))
        if match:
            year, month = (
                (int(match[1]), int(match[2])) if match[1] else (int(match[4]), int(match[3]))
            )
        else:
            recorded = _date(report.get("created_at"))
            if recorded is None:
                continue
            year, month = recorded.year, recorded.month
        if 1 <= month <= 12:
            months.append((year, month))
    if not months:
        return None
    year, month = max(months)
    return f"{year:04d}-{month:02d}"


async def _appraisals(up: Upstreams, cal: Calendar) -> list[Task]:
    rows = await up.all_pages("projects", "/api/v1/projects", status="submitted")
    return [
        _project_task(
            "appraisal",
            p,
            calendar.add_days(_arrived(p, cal), cal.appraisal_days),
            cal.today,
        )
        for p in rows
    ]


async def _approvals(up: Upstreams, cal: Calendar) -> list[Task]:
    rows = await up.all_pages("projects", "/api/v1/projects", status="appraised")
    return [
        _project_task(
            "approval",
            p,
            calendar.add_days(_arrived(p, cal), cal.approval_days),
            cal.today,
        )
        for p in rows
    ]


async def _acceptances(up: Upstreams, cal: Calendar) -> list[Task]:
    """In-progress projects whose end date has passed, or comes within the lead days."""
    rows = await up.all_pages("projects", "/api/v1/projects", status="in_progress")
    horizon = calendar.add_days(cal.today, cal.acceptance_lead_days)
    tasks = []
    for p in rows:
        end_on = _date(p.get("end_on"))
        if end_on is not None and end_on <= horizon:
            tasks.append(_project_task("acceptance", p, end_on, cal.today))
    return tasks


async def _settlements(up: Upstreams, cal: Calendar) -> list[Task]:
    rows = await up.all_pages("projects", "/api/v1/projects", status="accepted")
    return [
        _project_task(
            "settlement",
            p,
            calendar.settlement_due(int(p["fiscal_year"]), cal.settlement_due),
            cal.today,
        )
        for p in rows
    ]


async def _progress_reports(up: Upstreams, cal: Calendar) -> list[Task]:
    rows = await up.all_pages("projects", "/api/v1/projects", status="in_progress")
    # One call per project, a few at a time (a province has tens of running projects).
    gate = asyncio.Semaphore(8)

    async def one(p: dict[str, Any]) -> Task | None:
        async with gate:
            body = await up.get("projects", f"/api/v1/projects/{p['id']}/progress-reports")
        due = calendar.progress_due(
            cal.today,
            _date(p.get("start_on")),
            _last_period(body.get("items", []) if isinstance(body, dict) else []),
            cal.progress_day,
        )
        return None if due is None else _project_task("progress_report", p, due, cal.today)

    found = await asyncio.gather(*(one(p) for p in rows))
    return [t for t in found if t is not None]


async def _plans(up: Upstreams, cal: Calendar) -> list[Task]:
    return plan_tasks(await up.all_pages("projects", "/api/v1/plans"), cal)


def plan_tasks(plans: list[dict[str, Any]], cal: Calendar) -> list[Task]:
    """Submitted plans wait for the manager's decision; next year's plan of each level is due by
    the set day of this year until one is submitted."""
    tasks = []
    for plan in plans:
        if plan.get("status") == "submitted":
            tasks.append(
                Task(
                    kind="plan_approval",
                    plan_id=uuid.UUID(str(plan["id"])),
                    title=str(plan.get("title") or ""),
                    fiscal_year=plan.get("fiscal_year"),
                    level=plan.get("level"),
                    due_on=(due := calendar.plan_due(int(plan["fiscal_year"]), cal.plan_due)),
                    overdue=cal.today > due,
                )
            )
    next_year = cal.today.year + 1
    filed = {
        (p.get("fiscal_year"), p.get("level"))
        for p in plans
        if p.get("status") in ("submitted", "approved")
    }
    for level in PLAN_LEVELS:
        if (next_year, level) in filed:
            continue
        draft = next(
            (p for p in plans if p.get("fiscal_year") == next_year and p.get("level") == level),
            None,
        )
        due = calendar.plan_due(next_year, cal.plan_due)
        tasks.append(
            Task(
                kind="plan_due",
                plan_id=uuid.UUID(str(draft["id"])) if draft else None,
                title=str(draft["title"]) if draft else "",
                fiscal_year=next_year,
                level=level,
                due_on=due,
                overdue=cal.today > due,
            )
        )
    return tasks


Source = Callable[[Upstreams, Calendar], Awaitable[list[Task]]]

# Who acts on what (the roles not named have an empty list).
BY_ROLE: dict[str, tuple[tuple[str, Source], ...]] = {
    PROGRAM_OFFICER: (
        ("projects", _appraisals),
        ("projects", _acceptances),
        ("projects", _progress_reports),
    ),
    PROGRAM_MANAGER: (("projects", _approvals), ("projects", _plans)),
    FINANCE_OFFICER: (("projects", _settlements),),
    ENTERPRISE: (("projects", _progress_reports),),
}


def sort_key(task: Task) -> tuple[int, dt.date, str]:
    """Overdue first, then the nearest due date; ties by title so the order is stable."""
    return (0 if task.overdue else 1, task.due_on, task.title)


async def build(up: Upstreams, cal: Calendar, role: str) -> TaskList:
    sources = BY_ROLE.get(role, ())
    results = await asyncio.gather(*(fn(up, cal) for _, fn in sources), return_exceptions=True)
    items: list[Task] = []
    warnings: list[TaskWarning] = []
    for (service, fn), result in zip(sources, results, strict=True):
        if isinstance(result, UpstreamProblem):
            what = fn.__name__.strip("_").replace("_", " ")
            warnings.append(
                TaskWarning(service=service, code=result.code, detail=f"{what}: {result.detail}")
            )
        elif isinstance(result, BaseException):
            raise result
        else:
            items.extend(result)
    items.sort(key=sort_key)
    return TaskList(today=cal.today, items=items, warnings=warnings)
