from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.audit import service
from gateway.audit.repository import AuditFilter
from gateway.audit.schemas import AuditEventOut
from kc_common.auth import ADMIN, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep

router = APIRouter(tags=["audit"])


@router.get(
    "/audit-events",
    response_model=Page[AuditEventOut],
    dependencies=[Depends(require(ADMIN))],
    responses=problem_responses(401, 403, 422),
    summary="Audit trail: authentication events and write requests, newest first",
)
async def list_audit_events(
    request: Request,
    session: SessionDep,
    page: PageDep,
    kind: Annotated[str | None, Query(max_length=48)] = None,
    username: Annotated[str | None, Query(max_length=100)] = None,
    actor_id: Annotated[str | None, Query(max_length=100)] = None,
    method: Annotated[str | None, Query(pattern="^[A-Za-z]{3,7}$")] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    path: Annotated[str | None, Query(max_length=500, description="path prefix")] = None,
    request_id: Annotated[str | None, Query(max_length=128)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Page[AuditEventOut]:
    # Make this replica's queued write events visible before reading.
    await request.app.state.audit.flush()
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
    )
    rows, total = await service.search(session, f, offset=page.offset, limit=page.page_size)
    return Page[AuditEventOut](
        items=[AuditEventOut.model_validate(r) for r in rows],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )
