"""Annual plans (kế hoạch khuyến công năm): `GET|POST /plans`, the items and the steps."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from kc_common.auth import STAFF_ROLES, VIEWER, Principal, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep
from projects.plans import flows, service
from projects.plans.models import EDITORS, PLAN_TRANSITIONS, PlanAction, PlanStatus
from projects.plans.schemas import PlanApprovalIn, PlanCreate, PlanItemIn, PlanListItem, PlanOut
from projects.projects.routes import IdempotencyKey, Saga
from projects.projects.schemas import Level

router = APIRouter(tags=["plans"])

Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER, scopes=["projects:read"]))]
Editor = Annotated[Principal, Depends(require(*EDITORS))]
READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


def actor(action: PlanAction) -> Any:
    return Depends(require(*PLAN_TRANSITIONS[action].roles))


@router.get("/plans", response_model=Page[PlanListItem], responses=problem_responses(401, 403, 422))
async def list_plans(
    session: SessionDep,
    principal: Reader,
    page: PageDep,
    fiscal_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    level: Level | None = None,
    status: PlanStatus | None = None,
) -> Page[PlanListItem]:
    filters = {"fiscal_year": fiscal_year, "level": level, "status": status}
    return await service.search(session, principal, filters, page)


@router.post(
    "/plans",
    status_code=201,
    response_model=PlanOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_plan(
    session: SessionDep, principal: Editor, ctx: Saga, body: PlanCreate
) -> PlanOut:
    """One plan per fiscal year and level: 409 `plan.exists` names the one there is."""
    plan = await service.create(session, principal, body)
    return await service.view(session, ctx.budget, principal, plan)


@router.get("/plans/{plan_id}", response_model=PlanOut, responses=READ_ERRORS)
async def get_plan(
    session: SessionDep, principal: Reader, ctx: Saga, plan_id: uuid.UUID
) -> PlanOut:
    """Items ranked by appraisal score; `by_category`: planned against the year's allocation
    lines in budget-service (without the budget figures, and with a warning, if budget is
    down)."""
    plan = await service.get(session, plan_id)
    return await service.view(session, ctx.budget, principal, plan)


@router.post(
    "/plans/{plan_id}/items", status_code=201, response_model=PlanOut, responses=WRITE_ERRORS
)
async def add_plan_item(
    session: SessionDep,
    principal: Annotated[Principal, actor(PlanAction.ITEMS)],
    ctx: Saga,
    plan_id: uuid.UUID,
    body: PlanItemIn,
) -> PlanOut:
    """An appraised project recommended for approval, of the plan's year and level (422
    naming `project_id` otherwise), in no other plan (409), to a `draft` plan."""
    plan = await service.add_item(session, principal, plan_id, body)
    return await service.view(session, ctx.budget, principal, plan)


@router.delete(
    "/plans/{plan_id}/items/{project_id}", response_model=PlanOut, responses=WRITE_ERRORS
)
async def remove_plan_item(
    session: SessionDep,
    principal: Annotated[Principal, actor(PlanAction.ITEMS)],
    ctx: Saga,
    plan_id: uuid.UUID,
    project_id: uuid.UUID,
) -> PlanOut:
    """From a `draft` plan; an item an earlier version approved stays (409 `plan.item_approved`)."""
    plan = await service.remove_item(session, principal, plan_id, project_id)
    return await service.view(session, ctx.budget, principal, plan)


@router.post("/plans/{plan_id}/submit", response_model=PlanOut, responses=WRITE_ERRORS)
async def submit_plan(
    session: SessionDep,
    principal: Annotated[Principal, actor(PlanAction.SUBMIT)],
    ctx: Saga,
    plan_id: uuid.UUID,
) -> PlanOut:
    """`draft` → `submitted`; 409 `plan.empty` without an item to approve."""
    plan = await service.submit(session, principal, plan_id)
    return await service.view(session, ctx.budget, principal, plan)


@router.post("/plans/{plan_id}/return", response_model=PlanOut, responses=WRITE_ERRORS)
async def return_plan(
    session: SessionDep,
    principal: Annotated[Principal, actor(PlanAction.RETURN)],
    ctx: Saga,
    plan_id: uuid.UUID,
) -> PlanOut:
    """`submitted` → `draft`, to change its items."""
    plan = await service.return_to_draft(session, principal, plan_id)
    return await service.view(session, ctx.budget, principal, plan)


@router.post(
    "/plans/{plan_id}/approval",
    response_model=PlanOut,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
async def approve_plan(
    principal: Annotated[Principal, actor(PlanAction.APPROVAL)],
    ctx: Saga,
    plan_id: uuid.UUID,
    body: PlanApprovalIn,
    key: IdempotencyKey = None,
) -> PlanOut:
    """Approves every project of the plan not yet approved with its recommended support, all
    or none: budget-service commits them in one transaction (key
    `plan:{id}:v{version}:approve`). 409 `budget.insufficient_funds` names the short lines
    (`params.short_lines`) and changes no project; 409 `plan.items_not_ready` names projects no
    longer appraised; 503 if budget cannot be reached (the same request may be repeated)."""
    async with ctx.step() as session:
        claimed = await flows.claim_approval(session, principal, plan_id, body, key)
    if claimed is not None:
        await flows.run_approval(ctx, plan_id)
    async with ctx.step() as session:
        plan = await service.get(session, plan_id)
        return await service.view(session, ctx.budget, principal, plan)


@router.post("/plans/{plan_id}/revisions", response_model=PlanOut, responses=WRITE_ERRORS)
async def revise_plan(
    session: SessionDep,
    principal: Annotated[Principal, actor(PlanAction.REVISIONS)],
    ctx: Saga,
    plan_id: uuid.UUID,
) -> PlanOut:
    """An approved plan's next version, a `draft` again: items may be added and approved by a
    new decision; the items already approved stay with their commitments."""
    plan = await service.revise(session, principal, plan_id)
    return await service.view(session, ctx.budget, principal, plan)
