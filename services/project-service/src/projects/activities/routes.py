from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from projects.activities import service
from projects.activities.schemas import ActivityCatalog
from projects.roles import CatalogueReader

router = APIRouter(tags=["activity-types"])


@router.get(
    "/activity-types",
    response_model=ActivityCatalog,
    responses=problem_responses(401, 403, 422),
    summary="The nine categories (Decree 45 Art. 4) with their activity types and support rules",
)
async def list_activity_types(
    session: SessionDep,
    _: CatalogueReader,
    program_code: Annotated[str | None, Query(max_length=40)] = None,
    on: Annotated[date | None, Query(description="only rules in force on this date")] = None,
) -> ActivityCatalog:
    return await service.catalog(session, program_code=program_code, on=on)
