from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.audit import exports, service
from gateway.audit.models import AuditEvent
from gateway.audit.repository import AuditFilter
from gateway.audit.schemas import AuditEventOut, RecordType
from gateway.roles import ADMIN_ONLY
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


@dataclass(frozen=True)
class AuditQuery:
    """The filters of the list and of its export."""

    filter: AuditFilter
    record_type: str | None
    from_day: date | None
    to_day: date | None


def audit_query(
    kind: Annotated[str | None, Query(max_length=48)] = None,
    username: Annotated[str | None, Query(max_length=100)] = None,
    actor_id: Annotated[str | None, Query(max_length=100)] = None,
    method: Annotated[str | None, Query(pattern="^[A-Za-z]{3,7}$")] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    path: Annotated[str | None, Query(max_length=500, description="path prefix")] = None,
    request_id: Annotated[str | None, Query(max_length=128)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: Annotated[
        str | None, Query(max_length=100, description="who did it: a username, case ignored")
    ] = None,
    record_type: RecordType | None = None,
    record_id: Annotated[str | None, Query(max_length=64, pattern=r"^[0-9A-Za-z-]+$")] = None,
    from_day: Annotated[
        date | None, Query(alias="from", description="from this day (Vietnam), included")
    ] = None,
    to_day: Annotated[
        date | None, Query(alias="to", description="to this day (Vietnam), included")
    ] = None,
) -> AuditQuery:
    f = AuditFilter(
        kind=kind,
        username=username,
        actor_id=actor_id,
        method=method,
        status=status,
        path_prefix=path,
        request_id=request_id,
        since=since,
        until=until,
        actor=actor,
        record_id=record_id,
    )
    return AuditQuery(f, record_type, from_day, to_day)


Query_ = Annotated[AuditQuery, Depends(audit_query)]


def _out(event: AuditEvent) -> AuditEventOut:
    described = service.what(event)
    return AuditEventOut.model_validate(
        {
            **{c: getattr(event, c) for c in AuditEventOut.model_fields if hasattr(event, c)},
            "action": described.action,
            "record_type": described.record_type,
            "record_id": described.record_id,
        }
    )


@router.get(
    "/audit-events",
    response_model=Page[AuditEventOut],
    dependencies=ADMIN_ONLY,
    responses=problem_responses(401, 403, 422),
    summary="Audit trail: authentication events and write requests, newest first",
)
async def list_audit_events(
    request: Request, session: SessionDep, page: PageDep, q: Query_
) -> Page[AuditEventOut]:
    # Make this replica's queued write events visible before reading.
    await request.app.state.audit.flush()
    found = await service.search(
        session, q.filter, page, record_type=q.record_type, from_day=q.from_day, to_day=q.to_day
    )
    return found.map(_out)


@router.get(
    "/audit-events/export",
    dependencies=ADMIN_ONLY,
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the audit events a list with the same filters would show",
)
async def export_audit_events(
    request: Request, session: SessionDep, q: Query_, format: ExportFormat = "csv"
) -> Response:
    await request.app.state.audit.flush()
    query = service.export_query(
        q.filter, record_type=q.record_type, from_day=q.from_day, to_day=q.to_day
    )
    rows = stream_select(session_engine(session), query)
    return await export_response(
        format, exports.COLUMNS, rows, stem="nhat-ky-he-thong", sheet="Nhật ký hệ thống"
    )
