from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit.models import AuditEvent
from kc_common.pagination import Page, PageParams, paginate


@dataclass(frozen=True)
class AuditFilter:
    kind: str | None = None
    username: str | None = None
    actor_id: str | None = None
    method: str | None = None
    status: int | None = None
    path_prefix: str | None = None
    request_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None  # a username, case ignored
    record_path: str | None = None  # the collection path of a record type
    record_id: str | None = None


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def add(session: AsyncSession, **fields: Any) -> None:
    session.add(AuditEvent(**fields))


async def insert_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(AuditEvent), list(rows))


async def search(session: AsyncSession, f: AuditFilter, params: PageParams) -> Page[AuditEvent]:
    stmt = (
        select(AuditEvent)
        .where(*_conditions(f))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return await paginate(session, stmt, params, scalars=True)


def _conditions(f: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if f.kind:
        conditions.append(AuditEvent.kind == f.kind)
    if f.username:
        conditions.append(AuditEvent.username == f.username)
    if f.actor_id:
        conditions.append(AuditEvent.actor_id == f.actor_id)
    if f.method:
        conditions.append(AuditEvent.method == f.method.upper())
    if f.status is not None:
        conditions.append(AuditEvent.status == f.status)
    if f.path_prefix:
        conditions.append(AuditEvent.path.like(_like_prefix(f.path_prefix), escape="\\"))
    if f.actor:
        conditions.append(func.lower(AuditEvent.username) == f.actor.lower())
    if f.record_path:
        # The collection itself or below it (/api/v1/projects, /api/v1/projects/{id}/…),
        # never a sibling such as /api/v1/projects-archive.
        conditions.append(
            or_(
                AuditEvent.path == f.record_path,
                AuditEvent.path.like(_like_prefix(f.record_path + "/"), escape="\\"),
            )
        )
    if f.record_id:
        conditions.append(AuditEvent.record_id == f.record_id)
    if f.request_id:
        conditions.append(AuditEvent.request_id == f.request_id)
    if f.since:
        conditions.append(AuditEvent.at >= f.since)
    if f.until:
        conditions.append(AuditEvent.at < f.until)
    return conditions


def export_query(f: AuditFilter) -> Select[Any]:
    """Every event a list with the same filters would show, newest first."""
    return (
        select(AuditEvent.__table__)
        .where(*_conditions(f))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
