from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response

from kc_common.auth import Principal
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.exports import (
    EXPORT_RESPONSE,
    FormatDep,
    export_response,
    session_engine,
    stream_select,
)
from kc_common.pagination import Page, PageDep, page_of
from projects.projects import exports, sagas, service
from projects.projects.models import Project, ProjectAction, ProjectStatus
from projects.projects.schemas import (
    AcceptanceIn,
    AdvanceIn,
    AppraisalIn,
    ApprovalIn,
    DocumentDateIn,
    EventList,
    EventOut,
    ImplementingUnit,
    ProgressReportIn,
    ProgressReportList,
    ProgressReportOut,
    ProjectCreate,
    ProjectOut,
    ProjectStats,
    ProjectUpdate,
    ReasonIn,
    SettlementIn,
)
from projects.roles import Proposer, Reader, StatsReader, actor

router = APIRouter(tags=["projects"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=120,
        description="A replay returns the first result; the same key with another body is 422",
    ),
]


def saga_context(request: Request) -> sagas.SagaContext:
    ctx: sagas.SagaContext = request.app.state.saga
    return ctx


Saga = Annotated[sagas.SagaContext, Depends(saga_context)]
READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)
MONEY_ERRORS = problem_responses(401, 403, 404, 409, 422, 503)


def out(project: Project, principal: Principal) -> ProjectOut:
    result = ProjectOut.model_validate(project)
    result.allowed_actions = service.allowed_actions(project, principal)
    return result


@dataclass(frozen=True)
class ProjectQuery:
    """What a list asks for, shared by the list and its export."""

    filters: dict[str, Any]  # column → value (None: any)
    q: str | None
    sort: str | None


def project_query(
    status: ProjectStatus | None = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    activity_type: Annotated[str | None, Query(max_length=60)] = None,
    fiscal_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    level: Literal["local", "national"] | None = None,
    beneficiary_enterprise_id: uuid.UUID | None = None,
    craft_village_id: uuid.UUID | None = None,
    admin_unit_code: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=200, description="code or title")] = None,
    sort: Annotated[str | None, Query(max_length=200, examples=["-created_at"])] = None,
) -> ProjectQuery:
    filters = {
        "status": status,
        "category": category,
        "activity_type": activity_type,
        "fiscal_year": fiscal_year,
        "level": level,
        "beneficiary_enterprise_id": beneficiary_enterprise_id,
        "craft_village_id": craft_village_id,
        "admin_unit_code": admin_unit_code,
    }
    return ProjectQuery(filters, q, sort)


Listing = Annotated[ProjectQuery, Depends(project_query)]


@router.get("/projects", response_model=Page[ProjectOut], responses=READ_ERRORS)
async def list_projects(
    session: SessionDep, principal: Reader, listing: Listing, page: PageDep
) -> Page[ProjectOut]:
    found = await service.search(
        session, principal, page, filters=listing.filters, q=listing.q, sort=listing.sort
    )
    return found.map(lambda p: out(p, principal))


@router.get(
    "/projects/export",
    responses={**READ_ERRORS, **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the projects a list with the same filters would show",
    description="CSV (streamed, UTF-8 with a BOM) or XLSX with Vietnamese headers and labels, "
    "ids last. An enterprise user gets its own projects only.",
)
async def export_projects(
    session: SessionDep, principal: Reader, listing: Listing, format: FormatDep
) -> Response:
    stmt = service.export_query(principal, filters=listing.filters, q=listing.q, sort=listing.sort)
    rows = stream_select(session_engine(session), stmt)
    return await export_response(format, exports.COLUMNS, rows, stem="de-an", sheet="Đề án")


@router.post(
    "/projects",
    status_code=201,
    response_model=ProjectOut,
    responses=problem_responses(401, 403, 422, 503),
)
async def create_project(
    session: SessionDep, principal: Proposer, ctx: Saga, body: ProjectCreate
) -> ProjectOut:
    """422 `project.no_program` if no program covers `fiscal_year` (503 if budget cannot say)."""
    return out(
        await service.create(session, ctx.registry, principal, body, budget=ctx.budget), principal
    )


@router.get(
    "/projects/stats",
    response_model=ProjectStats,
    responses=problem_responses(401, 403, 422),
)
async def project_stats(
    session: SessionDep,
    _: StatsReader,
    fiscal_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> ProjectStats:
    return await service.stats(session, fiscal_year)


@router.get(
    "/projects/implementing-units",
    response_model=Page[ImplementingUnit],
    responses=problem_responses(401, 403, 422),
    summary="Implementing units already named on projects, the most used first",
)
async def list_implementing_units(
    session: SessionDep,
    principal: Reader,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=200, description="part of the name, diacritics ignored")
    ] = None,
) -> Page[ImplementingUnit]:
    units = await service.implementing_units(session, principal, q)
    return page_of(units, page).map(lambda u: ImplementingUnit(name=u[0], projects=u[1]))


@router.get("/projects/{project_id}", response_model=ProjectOut, responses=READ_ERRORS)
async def get_project(session: SessionDep, principal: Reader, project_id: uuid.UUID) -> ProjectOut:
    return out(await service.get(session, principal, project_id), principal)


@router.patch(
    "/projects/{project_id}",
    response_model=ProjectOut,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
async def update_project(
    session: SessionDep, principal: Proposer, ctx: Saga, project_id: uuid.UUID, body: ProjectUpdate
) -> ProjectOut:
    return out(await service.update(session, ctx.registry, principal, project_id, body), principal)


@router.get("/projects/{project_id}/history", response_model=EventList, responses=READ_ERRORS)
async def project_history(
    session: SessionDep, principal: Reader, project_id: uuid.UUID
) -> EventList:
    events = await service.history(session, principal, project_id)
    return EventList(items=[EventOut.model_validate(e) for e in events])


@router.post("/projects/{project_id}/submit", response_model=ProjectOut, responses=WRITE_ERRORS)
async def submit_project(
    session: SessionDep,
    principal: Annotated[Principal, actor(ProjectAction.SUBMIT)],
    project_id: uuid.UUID,
    body: DocumentDateIn | None = None,
) -> ProjectOut:
    return out(await service.submit(session, principal, project_id, body), principal)


@router.post("/projects/{project_id}/appraisal", response_model=ProjectOut, responses=WRITE_ERRORS)
async def appraise_project(
    session: SessionDep,
    principal: Annotated[Principal, actor(ProjectAction.APPRAISAL)],
    project_id: uuid.UUID,
    body: AppraisalIn,
) -> ProjectOut:
    """From `submitted`, or again from `appraised` (the latest appraisal wins; history keeps
    each)."""
    return out(await service.appraise(session, principal, project_id, body), principal)


@router.post("/projects/{project_id}/approval", response_model=ProjectOut, responses=MONEY_ERRORS)
async def approve_project(
    principal: Annotated[Principal, actor(ProjectAction.APPROVAL)],
    ctx: Saga,
    project_id: uuid.UUID,
    body: ApprovalIn,
    key: IdempotencyKey = None,
) -> ProjectOut:
    """Commits the money in budget-service (key `project:{id}:approve`), then approves.
    409 `budget.insufficient_funds` leaves the project `appraised`; 503 if budget is down."""
    async with ctx.step() as session:
        claimed = await sagas.claim_approval(session, principal, project_id, body, key)
        if claimed is None:
            return out(await service.get(session, principal, project_id), principal)
    return out(await sagas.run_saga(ctx, project_id), principal)


@router.post("/projects/{project_id}/rejection", response_model=ProjectOut, responses=WRITE_ERRORS)
async def reject_project(
    session: SessionDep,
    principal: Annotated[Principal, actor(ProjectAction.REJECTION)],
    project_id: uuid.UUID,
    body: ReasonIn,
) -> ProjectOut:
    return out(await service.reject(session, principal, project_id, body), principal)


@router.post(
    "/projects/{project_id}/cancellation", response_model=ProjectOut, responses=MONEY_ERRORS
)
async def cancel_project(
    principal: Annotated[Principal, actor(ProjectAction.CANCELLATION)],
    ctx: Saga,
    project_id: uuid.UUID,
    body: ReasonIn,
) -> ProjectOut:
    """Recovers advances already paid (recorded in history), then releases the commitment."""
    async with ctx.step() as session:
        project, claimed = await sagas.cancel_or_claim(session, principal, project_id, body)
        if claimed is None:
            return out(project, principal)
    return out(await sagas.run_saga(ctx, project_id), principal)


@router.post("/projects/{project_id}/start", response_model=ProjectOut, responses=WRITE_ERRORS)
async def start_project(
    session: SessionDep,
    principal: Annotated[Principal, actor(ProjectAction.START)],
    project_id: uuid.UUID,
    body: DocumentDateIn | None = None,
) -> ProjectOut:
    return out(await service.start(session, principal, project_id, body), principal)


@router.get(
    "/projects/{project_id}/progress-reports",
    response_model=ProgressReportList,
    responses=READ_ERRORS,
)
async def list_progress_reports(
    session: SessionDep, principal: Reader, project_id: uuid.UUID
) -> ProgressReportList:
    rows = await service.progress_reports(session, principal, project_id)
    return ProgressReportList(items=[ProgressReportOut.model_validate(r) for r in rows])


@router.post(
    "/projects/{project_id}/progress-reports",
    status_code=201,
    response_model=ProgressReportOut,
    responses=WRITE_ERRORS,
)
async def create_progress_report(
    session: SessionDep,
    principal: Annotated[Principal, actor(ProjectAction.PROGRESS_REPORTS)],
    project_id: uuid.UUID,
    body: ProgressReportIn,
) -> ProgressReportOut:
    report = await service.report_progress(session, principal, project_id, body)
    return ProgressReportOut.model_validate(report)


@router.post("/projects/{project_id}/advances", response_model=ProjectOut, responses=MONEY_ERRORS)
async def pay_advance(
    principal: Annotated[Principal, actor(ProjectAction.ADVANCES)],
    ctx: Saga,
    project_id: uuid.UUID,
    body: AdvanceIn,
    key: IdempotencyKey = None,
) -> ProjectOut:
    """An advance (tạm ứng) within the activity's cap (70%, 30% for infrastructure)."""
    async with ctx.step() as session:
        claimed = await sagas.claim_advance(session, principal, project_id, body, key)
        if claimed is None:
            return out(await service.get(session, principal, project_id), principal)
    return out(await sagas.run_saga(ctx, project_id), principal)


@router.post("/projects/{project_id}/acceptance", response_model=ProjectOut, responses=WRITE_ERRORS)
async def accept_project(
    session: SessionDep,
    principal: Annotated[Principal, actor(ProjectAction.ACCEPTANCE)],
    project_id: uuid.UUID,
    body: AcceptanceIn,
) -> ProjectOut:
    return out(await service.accept(session, principal, project_id, body), principal)


@router.post("/projects/{project_id}/settlement", response_model=ProjectOut, responses=MONEY_ERRORS)
async def settle_project(
    principal: Annotated[Principal, actor(ProjectAction.SETTLEMENT)],
    ctx: Saga,
    project_id: uuid.UUID,
    body: SettlementIn,
    key: IdempotencyKey = None,
) -> ProjectOut:
    """Pays the accepted support less the advances, then releases the rest of the commitment."""
    async with ctx.step() as session:
        claimed = await sagas.claim_settlement(session, principal, project_id, body, key)
        if claimed is None:
            return out(await service.get(session, principal, project_id), principal)
    return out(await sagas.run_saga(ctx, project_id), principal)
