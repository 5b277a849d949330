"""Queries on annual plans; no rules here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.pagination import Page, PageParams, paginate
from projects.plans.models import Plan, PlanDecision, PlanItem
from projects.projects.models import Project


async def get(session: AsyncSession, plan_id: uuid.UUID, *, lock: bool = False) -> Plan | None:
    stmt = select(Plan).where(Plan.id == plan_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).one_or_none()


async def by_year_and_level(session: AsyncSession, fiscal_year: int, level: str) -> Plan | None:
    stmt = select(Plan).where(Plan.fiscal_year == fiscal_year, Plan.level == level)
    return (await session.scalars(stmt)).one_or_none()


async def page(session: AsyncSession, filters: dict[str, Any], params: PageParams) -> Page[Any]:
    """Plans with their item count and planned money, newest year first."""
    planned = func.coalesce(
        func.sum(func.coalesce(Project.approved_support_vnd, Project.recommended_support_vnd)), 0
    )
    stmt = (
        select(Plan, func.count(PlanItem.project_id).label("item_count"), planned.label("planned"))
        .outerjoin(PlanItem, PlanItem.plan_id == Plan.id)
        .outerjoin(Project, Project.id == PlanItem.project_id)
        .where(*(getattr(Plan, k) == v for k, v in filters.items() if v is not None))
        .group_by(Plan.id)
        .order_by(Plan.fiscal_year.desc(), Plan.level, Plan.id)
    )
    return await paginate(session, cast(Select[Any], stmt), params)


async def items(session: AsyncSession, plan_id: uuid.UUID) -> Sequence[tuple[PlanItem, Project]]:
    stmt = (
        select(PlanItem, Project)
        .join(Project, Project.id == PlanItem.project_id)
        .where(PlanItem.plan_id == plan_id)
        .order_by(Project.appraisal_score.desc().nulls_last(), Project.code)
    )
    return [(item, project) for item, project in (await session.execute(stmt)).all()]


async def item(session: AsyncSession, project_id: uuid.UUID) -> PlanItem | None:
    """The plan item of a project, in whichever plan it is."""
    stmt = select(PlanItem).where(PlanItem.project_id == project_id)
    return (await session.scalars(stmt)).one_or_none()


async def lock_projects(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Sequence[Project]:
    """The projects, row-locked in id order (every locker takes them in the same order)."""
    if not ids:
        return []
    stmt = select(Project).where(Project.id.in_(ids)).order_by(Project.id).with_for_update()
    return (await session.scalars(stmt)).all()


async def decisions(session: AsyncSession, plan_id: uuid.UUID) -> Sequence[PlanDecision]:
    stmt = (
        select(PlanDecision).where(PlanDecision.plan_id == plan_id).order_by(PlanDecision.version)
    )
    return (await session.scalars(stmt)).all()


async def decision(session: AsyncSession, plan_id: uuid.UUID, version: int) -> PlanDecision | None:
    return await session.get(PlanDecision, (plan_id, version))


async def pending(session: AsyncSession, older_than: datetime) -> Sequence[Plan]:
    stmt = select(Plan).where(Plan.pending_saga.is_not(None), Plan.pending_since <= older_than)
    return (await session.scalars(stmt)).all()


async def delete_item(session: AsyncSession, item: PlanItem) -> None:
    await session.delete(item)
    await session.flush()
