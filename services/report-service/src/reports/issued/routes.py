from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep
from kc_common.schemas import IdempotencyKey
from reports.deps import LayoutDep, ReadersDep
from reports.issued import service
from reports.issued.schemas import IssuedReportOut, IssueIn
from reports.program import render
from reports.program.routes import FILE_RESPONSES, file_response
from reports.program.schemas import ReportFormat
from reports.roles import Issuer, Reader

router = APIRouter(prefix="/reports/issued", tags=["issued-reports"])


@router.post(
    "",
    status_code=201,
    response_model=IssuedReportOut,
    responses=problem_responses(401, 403, 409, 422, 503),
    summary="Issue the program report of a year and period: a numbered, immutable snapshot",
)
async def issue_report(
    body: IssueIn,
    session: SessionDep,
    principal: Issuer,
    readers: ReadersDep,
    layout: LayoutDep,
    key: IdempotencyKey = None,
) -> IssuedReportOut:
    row = await service.issue(session, readers, layout, principal, body.year, body.period, key)
    return IssuedReportOut.model_validate(row)


@router.get(
    "",
    response_model=Page[IssuedReportOut],
    responses=problem_responses(401, 403, 422),
    summary="Issued reports, the newest first",
)
async def list_issued(
    session: SessionDep,
    _: Reader,
    page: PageDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[IssuedReportOut]:
    return (await service.listing(session, page, year)).map(IssuedReportOut.model_validate)


@router.get(
    "/{report_id}", response_model=IssuedReportOut, responses=problem_responses(401, 403, 404, 422)
)
async def get_issued(session: SessionDep, _: Reader, report_id: uuid.UUID) -> IssuedReportOut:
    return IssuedReportOut.model_validate(await service.get(session, report_id))


@router.get(
    "/{report_id}/content",
    response_class=Response,
    responses={**problem_responses(401, 403, 404, 422), **FILE_RESPONSES},
    summary="The issued report's file exactly as it was issued (its sha256 is in the record)",
)
async def issued_content(
    session: SessionDep, _: Reader, report_id: uuid.UUID, format: ReportFormat = "pdf"
) -> Response:
    row, body = await service.content(session, report_id, format)
    name = render.filename(row.year, row.period, format, row.number)
    return file_response(body, format, name)
