"""`GET|POST /priority-areas`, `PATCH /priority-areas/{id}`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from kc_common.auth import ADMIN, PROGRAM_MANAGER, Principal, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep
from projects.priority_areas import service
from projects.priority_areas.schemas import PriorityAreaIn, PriorityAreaOut, PriorityAreaUpdate
from projects.projects.routes import Saga
from projects.roles import CatalogueReader

router = APIRouter(tags=["priority-areas"])

Keeper = Annotated[Principal, Depends(require(ADMIN, PROGRAM_MANAGER))]


@router.get(
    "/priority-areas",
    response_model=Page[PriorityAreaOut],
    responses=problem_responses(401, 403, 422),
    summary="Priority areas (địa bàn ưu tiên): units whose projects get a raised support level",
)
async def list_priority_areas(
    session: SessionDep,
    _: CatalogueReader,
    page: PageDep,
    program_code: Annotated[str | None, Query(max_length=40)] = None,
    admin_unit_code: Annotated[str | None, Query(pattern=r"^\d{2,5}$")] = None,
    on: Annotated[date | None, Query(description="only marks in force on this date")] = None,
) -> Page[PriorityAreaOut]:
    return await service.page(
        session, page, program_code=program_code, admin_unit_code=admin_unit_code, on=on
    )


@router.post(
    "/priority-areas",
    status_code=201,
    response_model=PriorityAreaOut,
    responses=problem_responses(401, 403, 409, 422, 503),
)
async def create_priority_area(
    session: SessionDep, _: Keeper, ctx: Saga, body: PriorityAreaIn
) -> PriorityAreaOut:
    """Marks a unit for a program (or every program) from a date; 409 `priority_area.overlap`
    if the unit already has a mark for that program in the period, 422
    `priority_area.unknown_program` for a program budget-service does not have. Projects
    checked from then on get the raised level; those approved before keep their amounts."""
    return PriorityAreaOut.model_validate(await service.create(session, body, ctx.budget))


@router.patch(
    "/priority-areas/{area_id}",
    response_model=PriorityAreaOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def update_priority_area(
    session: SessionDep, _: Keeper, area_id: uuid.UUID, body: PriorityAreaUpdate
) -> PriorityAreaOut:
    """Ends a mark (`effective_to`) or corrects its uplift or legal basis."""
    return PriorityAreaOut.model_validate(await service.update(session, area_id, body))
