from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.audit import exports, service
from gateway.audit.repository import AuditFilter
from gateway.audit.schemas import AuditEventOut
from kc_common.auth import ADMIN, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.exports import (
    EXPORT_RESPONSE,
    ExportFormat,
    export_response,
    session_engine,
    stream_select,
)
from kc_common.pagination import Page, PageDep

router = APIRouter(tags=["audit"])


def audit_filter(
    kind: Annotated[str | None, Query(max_length=48)] = None,
    username: Annotated[str | None, Query(max_length=100)] = None,
    actor_id: Annotated[str | None, Query(max_length=100)] = None,
    method: Annotated[str | None, Query(pattern="^[A-Za-z]{3,7}$")] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    path: Annotated[str | None, Query(max_length=500, description="path prefix")] = None,
    request_id: Annotated[str | None, Query(max_length=128)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> AuditFilter:
    return AuditFilter(
        kind=kind,
        username=username,
        actor_id=actor_id,
        method=method,
        status=status,
        path_prefix=path,
        request_id=request_id,
        since=since,
        until=until,
    )


Filter = Annotated[AuditFilter, Depends(audit_filter)]


@router.get(
    "/audit-events",
    response_model=Page[AuditEventOut],
    dependencies=[Depends(require(ADMIN))],
    responses=problem_responses(401, 403, 422),
    summary="Audit trail: authentication events and write requests, newest first",
)
async def list_audit_events(
    request: Request, session: SessionDep, page: PageDep, f: Filter
) -> Page[AuditEventOut]:
    # Make this replica's queued write events visible before reading.
    await request.app.state.audit.flush()
    rows, total = await service.search(session, f, offset=page.offset, limit=page.page_size)
    return Page[AuditEventOut](
        items=[AuditEventOut.model_validate(r) for r in rows],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@router.get(
    "/audit-events/export",
    dependencies=[Depends(require(ADMIN))],
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the audit events a list with the same filters would show",
)
async def export_audit_events(
    request: Request, session: SessionDep, f: Filter, format: ExportFormat = "csv"
) -> Response:
    await request.app.state.audit.flush()
    rows = stream_select(session_engine(session), service.export_query(f))
    return await export_response(
        format, exports.COLUMNS, rows, stem="nhat-ky-he-thong", sheet="Nhật ký hệ thống"
    )
