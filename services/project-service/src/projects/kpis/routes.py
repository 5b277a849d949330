from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from kc_common.auth import USER_ROLES, Principal, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from projects.kpis import service
from projects.kpis.schemas import KpiCatalogue

router = APIRouter(tags=["kpis"])


@router.get(
    "/kpis",
    response_model=KpiCatalogue,
    responses=problem_responses(401, 403),
    summary="The KPI catalogue: indicators planned and actual KPIs are chosen from",
)
async def list_kpis(
    session: SessionDep,
    _: Annotated[Principal, Depends(require(*USER_ROLES, scopes=["projects:read"]))],
) -> KpiCatalogue:
    return await service.catalogue(session)
