from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from kc_common.db import ReadSessionDep
from kc_common.errors import problem_responses
from registry.roles import StatsReader
from registry.stats import service
from registry.stats.schemas import RegistryStats

router = APIRouter(prefix="/registry", tags=["stats"])


@router.get(
    "/stats",
    response_model=RegistryStats,
    responses=problem_responses(401, 403),
    summary="Counts of enterprises, craft villages and typical products, by admin unit",
)
async def registry_stats(
    session: ReadSessionDep,
    _: StatsReader,
    valid_on: Annotated[
        date | None, Query(description="name admin units as they were on this day")
    ] = None,
) -> RegistryStats:
    return await service.stats(session, valid_on)
