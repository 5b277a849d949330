"""Queries on projects and their history; no rules here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from kc_common.db import dialect_insert
from kc_common.pagination import Page, PageParams, paginate
from kc_common.text import like_pattern
from projects.activities.models import ActivityType, Category
from projects.projects.models import CodeCounter, Payment, ProgressReport, Project, ProjectEvent


async def next_code_number(session: AsyncSession, fiscal_year: int) -> int:
    """Take the next number of the year inside the caller's transaction.

    The counter row is created if missing (INSERT .. ON CONFLICT DO NOTHING), then incremented by
    one UPDATE .. RETURNING, which locks the row until the transaction ends: concurrent creates
    queue, and a rolled-back create gives its number back. No gaps, no duplicates.
    """
    await session.execute(
        dialect_insert(session, CodeCounter)
        .values(fiscal_year=fiscal_year, last_number=0)
        .on_conflict_do_nothing(index_elements=["fiscal_year"])
    )
    result = await session.execute(
        update(CodeCounter)
        .where(CodeCounter.fiscal_year == fiscal_year)
        .values(last_number=CodeCounter.last_number + 1)
        .returning(CodeCounter.last_number)
    )
    return int(result.scalar_one())


async def get(
    session: AsyncSession, project_id: uuid.UUID, *, lock: bool = False
) -> Project | None:
    stmt = select(Project).where(Project.id == project_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).one_or_none()


async def search(
    session: AsyncSession,
    *,
    filters: dict[str, Any],
    q: str | None,
    beneficiary: uuid.UUID | None,
    order: Sequence[tuple[Any, bool]],
    params: PageParams,
) -> Page[Project]:
    """One page of projects matching the column `filters` (None: any), the code-or-title
    search `q` and, if given, the `beneficiary`; and their total."""
    stmt = _filtered(select(Project), filters, q, beneficiary)
    order_by = [col.desc() if desc else col.asc() for col, desc in order]
    return await paginate(session, stmt.order_by(*order_by, Project.id.asc()), params, scalars=True)


def _filtered(
    stmt: Select[Any], filters: dict[str, Any], q: str | None, beneficiary: uuid.UUID | None
) -> Select[Any]:
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Project, name) == value)
    if beneficiary is not None:
        stmt = stmt.where(Project.beneficiary_enterprise_id == beneficiary)
    if q and q.strip():
        stmt = stmt.where(Project.search_text.like(like_pattern(q), escape="\\"))
    return stmt


def export_query(
    *,
    filters: dict[str, Any],
    q: str | None,
    beneficiary: uuid.UUID | None,
    order: Sequence[tuple[Any, bool]],
) -> Select[Any]:
    """Every project `search` would list, with the Vietnamese names of its category and
    activity type from the reference tables."""
    stmt = (
        select(
            *Project.__table__.c,
            Category.name.label("category_name"),
            ActivityType.name.label("activity_type_name"),
        )
        .join(Category, Category.code == Project.category, isouter=True)
        .join(ActivityType, ActivityType.code == Project.activity_type, isouter=True)
    )
    order_by = [col.desc() if desc else col.asc() for col, desc in order]
    return _filtered(stmt, filters, q, beneficiary).order_by(*order_by, Project.id.asc())


async def clear_saga(session: AsyncSession, project_id: uuid.UUID, saga: str) -> None:
    await session.execute(
        update(Project)
        .where(Project.id == project_id, Project.pending_saga == saga)
        .values(pending_saga=None, pending_payload=None, pending_since=None)
        .execution_options(synchronize_session=False)
    )


async def pending_sagas(session: AsyncSession, older_than: datetime) -> Sequence[Project]:
    stmt = select(Project).where(
        Project.pending_saga.is_not(None), Project.pending_since <= older_than
    )
    return (await session.scalars(stmt)).all()


async def idle_since(session: AsyncSession, since: datetime) -> Sequence[Project]:
    """Projects that should hold no open commitment: never approved, or ended; recently touched."""
    stmt = select(Project).where(
        Project.pending_saga.is_(None),
        Project.status.in_(("submitted", "appraised", "rejected", "cancelled", "draft")),
        Project.updated_at >= since,
    )
    return (await session.scalars(stmt)).all()


async def add_event(session: AsyncSession, event: ProjectEvent) -> ProjectEvent:
    last = await session.scalar(
        select(func.max(ProjectEvent.seq)).where(ProjectEvent.project_id == event.project_id)
    )
    event.seq = int(last or 0) + 1
    session.add(event)
    await session.flush()
    return event


async def events(session: AsyncSession, project_id: uuid.UUID) -> Sequence[ProjectEvent]:
    stmt = (
        select(ProjectEvent).where(ProjectEvent.project_id == project_id).order_by(ProjectEvent.seq)
    )
    return (await session.scalars(stmt)).all()


async def event_with_key(
    session: AsyncSession, project_id: uuid.UUID, action: str, key: str
) -> ProjectEvent | None:
    stmt = select(ProjectEvent).where(
        ProjectEvent.project_id == project_id,
        ProjectEvent.action == action,
        ProjectEvent.idempotency_key == key,
    )
    return (await session.scalars(stmt)).first()


async def progress_reports(
    session: AsyncSession, project_id: uuid.UUID
) -> Sequence[ProgressReport]:
    stmt = (
        select(ProgressReport)
        .where(ProgressReport.project_id == project_id)
        .order_by(ProgressReport.created_at, ProgressReport.period)
    )
    return (await session.scalars(stmt)).all()


async def payment_by_key(session: AsyncSession, key: str) -> Payment | None:
    return (await session.scalars(select(Payment).where(Payment.idempotency_key == key))).first()


async def payments(session: AsyncSession, project_id: uuid.UUID) -> Sequence[Payment]:
    stmt = select(Payment).where(Payment.project_id == project_id).order_by(Payment.created_at)
    return (await session.scalars(stmt)).all()


async def count_payments(session: AsyncSession, project_id: uuid.UUID, kind: str) -> int:
    stmt = select(func.count()).where(Payment.project_id == project_id, Payment.kind == kind)
    return int(await session.scalar(stmt) or 0)


async def stats_rows(session: AsyncSession, fiscal_year: int | None) -> Sequence[Project]:
    stmt = select(Project)
    if fiscal_year is not None:
        stmt = stmt.where(Project.fiscal_year == fiscal_year)
    return (await session.scalars(stmt)).all()


async def implementing_units(
    session: AsyncSession, beneficiary: uuid.UUID | None
) -> list[tuple[str, int]]:
    """Each implementing unit named on a project (of `beneficiary`, if given) and how often."""
    stmt = select(Project.implementing_unit, func.count()).group_by(Project.implementing_unit)
    if beneficiary is not None:
        stmt = stmt.where(Project.beneficiary_enterprise_id == beneficiary)
    return [(name, int(n)) for name, n in await session.execute(stmt) if name]
