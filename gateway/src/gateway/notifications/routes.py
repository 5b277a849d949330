from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.notifications import repository
from gateway.notifications.models import Notification
from gateway.notifications.schemas import NotificationOut, NotificationPage
from gateway.tasks.routes import task_calendar
from kc_common.auth import ENTERPRISE, STAFF_ROLES, VIEWER, Principal, require
from kc_common.db import SessionDep
from kc_common.errors import NotFound, problem_responses
from kc_common.localtime import utcnow
from kc_common.pagination import PageDep

router = APIRouter(tags=["notifications"])
Person = Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER, ENTERPRISE))]


def _out(n: Notification, today: dt.date) -> NotificationOut:
    """Overdue as of today (the calendar's), not as it was when the task was first noticed."""
    out = NotificationOut.model_validate(n)
    out.overdue = today > n.due_on
    return out


def _today(request: Request) -> dt.date:
    return task_calendar(request.app.state.settings).today


def _user_id(principal: Principal) -> uuid.UUID:
    try:
        return uuid.UUID(principal.subject)
    except ValueError:
        raise NotFound(code="notification.not_found") from None


@router.get(
    "/notifications",
    response_model=NotificationPage,
    responses=problem_responses(401, 403, 422),
    summary="The caller's own notifications, unread first, then the newest",
)
async def list_notifications(
    request: Request,
    session: SessionDep,
    principal: Person,
    page: PageDep,
    unread: Annotated[bool, Query(description="only the unread ones")] = False,
) -> NotificationPage:
    user_id = _user_id(principal)
    rows = await repository.page_for(session, user_id, page, unread_only=unread)
    today = _today(request)
    return NotificationPage(
        items=[_out(n, today) for n in rows.items],
        total=rows.total,
        page=rows.page,
        page_size=rows.page_size,
        unread=await repository.unread_count(session, user_id),
    )


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="Mark one of the caller's notifications read (again: keeps the first time)",
)
async def read_notification(
    request: Request, session: SessionDep, principal: Person, notification_id: uuid.UUID
) -> NotificationOut:
    user_id = _user_id(principal)
    found = await repository.get_own(session, user_id, notification_id)
    if found is None:
        raise NotFound(code="notification.not_found")
    await repository.mark_read(session, found, utcnow())
    await session.refresh(found)
    return _out(found, _today(request))
