from __future__ import annotations

from fastapi import APIRouter

from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from projects.kpis import service
from projects.kpis.schemas import KpiCatalogue
from projects.roles import CatalogueReader

router = APIRouter(tags=["kpis"])


@router.get(
    "/kpis",
    response_model=KpiCatalogue,
    responses=problem_responses(401, 403),
    summary="The KPI catalogue: indicators planned and actual KPIs are chosen from",
)
async def list_kpis(
    session: SessionDep,
    _: CatalogueReader,
) -> KpiCatalogue:
    return await service.catalogue(session)
