from __future__ import annotations

from fastapi import APIRouter

from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from registry.core import StatsReader
from registry.stats.schemas import RegistryStats
from registry.stats.service import StatsService

router = APIRouter(prefix="/registry", tags=["stats"])


@router.get(
    "/stats",
    response_model=RegistryStats,
    responses=problem_responses(401, 403),
    summary="Counts of enterprises, craft villages and typical products, by admin unit",
)
async def registry_stats(session: SessionDep, _: StatsReader) -> RegistryStats:
    return await StatsService(session).stats()
