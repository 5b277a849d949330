"""The notification round: for each active user whose role has a work list, compute the list as
that user (a short-lived token in their name, so an enterprise sees only its own projects) and
record the tasks they have not been told of; then e-mail them, when SMTP is configured and the
user has an address. A round that cannot reach a service records nothing from it (that task
comes in a later round)."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from gateway.notifications import mail, repository
from gateway.tasks import service as tasks
from gateway.tasks.routes import task_calendar
from gateway.tasks.schemas import Task
from gateway.users.models import User
from kc_common.db import new_id
from kc_common.localtime import utcnow

log = logging.getLogger(__name__)
TOKEN_TTL_SECONDS = 120


def task_key(task: Task) -> str:
    record = task.project_id or task.plan_id or f"{task.fiscal_year}-{task.level}"
    return f"{task.kind}:{record}:{task.due_on.isoformat()}"


def _row(user: User, task: Task, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "user_id": user.id,
        "key": task_key(task),
        "kind": task.kind,
        "project_id": task.project_id,
        "plan_id": task.plan_id,
        "code": task.code,
        "title": task.title[:500],
        "fiscal_year": task.fiscal_year,
        "level": task.level,
        "due_on": task.due_on,
        "overdue": task.overdue,
        "created_at": now,
    }


@dataclass
class RoundResult:
    users: int = 0
    created: int = 0
    emailed: int = 0


async def run_round(app: FastAPI) -> RoundResult:
    state = app.state
    settings = state.settings
    cal = task_calendar(settings)
    result = RoundResult()
    async with state.db.sessionmaker() as session:
        users = await repository.active_users(session, tuple(tasks.BY_ROLE))
    for user in users:
        token = state.signer.sign(
            subject=str(user.id),
            role=user.role,
            ttl_seconds=TOKEN_TTL_SECONDS,
            username=user.username,
            enterprise_id=str(user.enterprise_id) if user.enterprise_id else None,
            ver=user.token_version or 0,
        )
        up = tasks.Upstreams(
            client=state.proxy_http,
            by_name=state.upstreams_by_name,
            token=token,
            request_id=None,
            timeout_seconds=settings.dashboard_timeout,
        )
        listing = await tasks.build(up, cal, user.role)
        result.users += 1
        now = utcnow()
        rows = [_row(user, task, now) for task in listing.items]
        async with state.db.sessionmaker() as session:
            created = await repository.add_new(session, rows)
            await session.commit()
        result.created += len(created)
        if created and user.email and mail.configured(settings):
            result.emailed += await _email(app, user, created)
    return result


async def _email(app: FastAPI, user: User, ids: list[Any]) -> int:
    settings = app.state.settings
    async with app.state.db.sessionmaker() as session:
        items = await repository.unsent(session, ids)
        if not items or not user.email:
            return 0
        try:
            await mail.send(settings, mail.compose(settings, user.email, user.full_name, items))
        except (OSError, smtplib.SMTPException) as exc:
            # The notifications stay in the app; the next new task brings a new message.
            log.warning("notification mail to user %s failed: %s", user.id, exc)
            return 0
        await repository.mark_emailed(session, [n.id for n in items], utcnow())
        await session.commit()
    return 1
