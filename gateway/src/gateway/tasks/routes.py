from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from gateway.settings import GatewaySettings
from gateway.tasks import calendar, service
from gateway.tasks.schemas import TaskList
from kc_common.auth import ENTERPRISE, STAFF_ROLES, VIEWER, Principal, require
from kc_common.errors import problem_responses

router = APIRouter(tags=["tasks"])


def task_calendar(settings: GatewaySettings, today: dt.date | None = None) -> service.Calendar:
    return service.Calendar(
        today=today or settings.tasks_today or dt.date.today(),
        plan_due=calendar.month_day(settings.tasks_plan_due),
        settlement_due=calendar.month_day(settings.tasks_settlement_due),
        progress_day=settings.tasks_progress_day,
        appraisal_days=settings.tasks_appraisal_days,
        approval_days=settings.tasks_approval_days,
        acceptance_lead_days=settings.tasks_acceptance_lead_days,
    )


@router.get(
    "/tasks",
    response_model=TaskList,
    responses=problem_responses(401, 403),
    summary="The caller's work list: what waits on them and by when, overdue first",
    description="program_officer: appraisals waiting, acceptance due (end date passed or near), "
    "monthly progress reports due; program_manager: approvals and submitted plans waiting, next "
    "year's plans due; finance_officer: settlements due by the set day of the next year; "
    "enterprise: progress reports due on its own projects; admin and viewer: an empty list. "
    "A service that does not answer leaves its tasks out with a warning.",
)
async def list_tasks(
    request: Request,
    principal: Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER, ENTERPRISE))],
) -> TaskList:
    state = request.app.state
    up = service.Upstreams(
        client=state.proxy_http,
        by_name=state.upstreams_by_name,
        token=principal.token,
        request_id=getattr(request.state, "request_id", None),
        timeout_seconds=state.settings.dashboard_timeout,
    )
    return await service.build(up, task_calendar(state.settings), principal.role)
