from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request

from gateway.dashboard import service
from gateway.dashboard.schemas import Dashboard
from gateway.roles import DashboardReader
from kc_common.errors import problem_responses

router = APIRouter(tags=["dashboard"])


@router.get(
    "/dashboard",
    response_model=Dashboard,
    responses=problem_responses(401, 403, 422),
    summary="Budget, projects and registry figures for one year (partial data with warnings "
    "when a service is down)",
)
async def get_dashboard(
    request: Request,
    principal: DashboardReader,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Dashboard:
    state = request.app.state
    return await service.build(
        state.proxy_http,
        state.upstreams_by_name,
        year=year or dt.date.today().year,
        token=principal.token,
        request_id=getattr(request.state, "request_id", None),
        timeout_seconds=state.settings.dashboard_timeout,
    )
