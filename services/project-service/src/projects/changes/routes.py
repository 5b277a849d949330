from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from kc_common.auth import ENTERPRISE, PROGRAM_MANAGER, PROGRAM_OFFICER, Principal, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep
from projects.changes import flows, service
from projects.changes.schemas import ChangeRequestIn, ChangeRequestOut, DecisionIn
from projects.projects import sagas
from projects.projects.routes import Saga
from projects.roles import Reader

router = APIRouter(tags=["change-requests"])

# the implementing unit (through the officer) or the beneficiary asks; the manager decides
Requester = Annotated[Principal, Depends(require(PROGRAM_OFFICER, PROGRAM_MANAGER, ENTERPRISE))]
Decider = Annotated[Principal, Depends(require(PROGRAM_MANAGER))]


@router.post(
    "/projects/{project_id}/change-requests",
    status_code=201,
    response_model=ChangeRequestOut,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
async def create_change_request(
    session: SessionDep,
    principal: Requester,
    ctx: Saga,
    project_id: uuid.UUID,
    body: ChangeRequestIn,
) -> ChangeRequestOut:
    """Ask to change an approved or running project (*điều chỉnh đề án*): `changes` is checked
    by `kind` (422 naming `changes.<field>`); 409 `project.invalid_transition` in another status.
    `approver` says which level must decide it."""
    request = await service.create(session, ctx.registry, principal, project_id, body)
    return ChangeRequestOut.model_validate(request)


@router.get(
    "/projects/{project_id}/change-requests",
    response_model=Page[ChangeRequestOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def list_change_requests(
    session: SessionDep, principal: Reader, page: PageDep, project_id: uuid.UUID
) -> Page[ChangeRequestOut]:
    rows, total = await service.page(session, principal, project_id, page)
    return Page[ChangeRequestOut](
        items=[ChangeRequestOut.model_validate(r) for r in rows],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@router.post(
    "/projects/{project_id}/change-requests/{change_request_id}/decision",
    response_model=ChangeRequestOut,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
async def decide_change_request(
    principal: Decider,
    ctx: Saga,
    project_id: uuid.UUID,
    change_request_id: uuid.UUID,
    body: DecisionIn,
) -> ChangeRequestOut:
    """Approve (with the decision's number and date) or reject. An approved budget change first
    raises the commitment (409 `budget.insufficient_funds` leaves the request pending) or
    releases the difference; then the project takes the new values and its history the change,
    dated by the decision. The same decision sent again answers the request as it stands."""
    async with ctx.step() as session:
        request, claimed = await flows.claim_decision(
            session, principal, project_id, change_request_id, body
        )
        if claimed is None:
            return ChangeRequestOut.model_validate(request)
    await sagas.run_saga(ctx, project_id)
    return ChangeRequestOut.model_validate(await flows.reload(ctx, project_id, change_request_id))
