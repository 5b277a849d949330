"""The rules of annual plans (docs/domain.md §Annual plan): creating, filling, submitting,
returning and revising them, and how a plan reads (ranked items, planned against allocated).

Everything here takes the request's session and only flushes. The approval, a saga against
budget-service that approves every project of the plan or none, is in `flows.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common import messages
from kc_common.auth import Principal
from kc_common.errors import Conflict, NotFound, Unprocessable
from kc_common.localtime import utcnow
from kc_common.pagination import Page, PageParams
from projects.plans import repository
from projects.plans.models import PLAN_TRANSITIONS, Plan, PlanAction, PlanItem
from projects.plans.schemas import (
    PlanCreate,
    PlanDecisionOut,
    PlanItemIn,
    PlanItemOut,
    PlanLineOut,
    PlanListItem,
    PlanOut,
    PlanSummary,
)
from projects.projects import repository as projects_repository
from projects.projects.models import Project
from projects.projects.service import saga_busy
from projects.upstream import BudgetClient, UpstreamDown, UpstreamRefused


def invalid_transition(plan: Plan, action: PlanAction) -> Conflict:
    return Conflict(
        code="plan.invalid_transition",
        params={"action": action.value, "status": plan.status},
        extra={"status": plan.status},
    )


def plan_busy(plan: Plan) -> Conflict:
    return Conflict(code="plan.saga_in_progress", params={"pending_saga": plan.pending_saga})


def allowed_actions(plan: Plan, principal: Principal) -> list[PlanAction]:
    """The steps this caller may take now: by the plan's status and the caller's role; none
    while the approval is under way."""
    if plan.pending_saga is not None:
        return []
    return [
        action
        for action, step in PLAN_TRANSITIONS.items()
        if plan.status in step.statuses and principal.role in step.roles
    ]


def default_source(plan: Plan) -> str:
    """The funding source a plan's lines are read against: its decision's, else its level's."""
    return plan.funding_source or ("national" if plan.level == "national" else "local")


def amount_of(project: Project) -> int:
    """What the plan holds for a project: its approved support, else the recommended one."""
    if project.approved_support_vnd is not None and project.status != "appraised":
        return project.approved_support_vnd
    return project.recommended_support_vnd or 0


# --- reading ---------------------------------------------------------------------------------


async def get(session: AsyncSession, plan_id: uuid.UUID, *, lock: bool = False) -> Plan:
    plan = await repository.get(session, plan_id, lock=lock)
    if plan is None:
        raise NotFound(code="plan.not_found")
    return plan


async def search(
    session: AsyncSession, principal: Principal, filters: dict[str, Any], params: PageParams
) -> Page[PlanListItem]:
    def row(r: Any) -> PlanListItem:
        plan, count, planned = r
        out = PlanListItem.model_validate(plan)
        out.item_count, out.planned_vnd = int(count), int(planned)
        out.allowed_actions = allowed_actions(plan, principal)
        return out

    return (await repository.page(session, filters, params)).map(row)


def ranked(rows: Sequence[tuple[PlanItem, Project]]) -> list[PlanItemOut]:
    """Items by appraisal score, highest first (ties by code), numbered from 1."""
    order = sorted(rows, key=lambda r: (-(r[1].appraisal_score or 0), r[1].code))
    return [
        PlanItemOut(
            project_id=project.id,
            code=project.code,
            title=project.title,
            category=project.category,
            activity_type=project.activity_type,
            status=project.status,
            score=project.appraisal_score,
            recommended_support_vnd=amount_of(project),
            rank=rank,
            added_in_version=item.added_in_version,
            approved_in_version=item.approved_in_version,
            commitment_id=item.commitment_id,
        )
        for rank, (item, project) in enumerate(order, start=1)
    ]


async def by_category(
    plan: Plan, rows: Sequence[tuple[PlanItem, Project]], budget: BudgetClient
) -> tuple[list[PlanLineOut], list[str]]:
    """Per category × source: what the plan holds, what of it is still to commit, and the
    line's allocation in budget-service. If budget cannot say, the line is given without its
    budget figures and a warning says why."""
    planned: dict[tuple[str, str], list[int]] = {}
    for item, project in rows:
        approved = item.approved_in_version is not None
        source = (project.funding_source if approved else None) or default_source(plan)
        line = planned.setdefault((project.category, source), [0, 0])
        line[0] += amount_of(project)
        line[1] += 0 if approved else amount_of(project)
    if not planned:
        return [], []
    warnings: list[str] = []
    lines: dict[tuple[str, str], dict[str, Any]] | None = None
    try:
        lines = {
            (ln["category"], ln["funding_source"]): ln
            for ln in await budget.allocation_lines(plan.fiscal_year)
        }
    except (UpstreamDown, UpstreamRefused):
        warnings.append(
            messages.render("plan.budget_unavailable", messages.current_language()) or ""
        )
    out = []
    for (category, source), (total, to_commit) in sorted(planned.items()):
        allocated = available = None
        if lines is not None:
            ln = lines.get((category, source), {})
            allocated = int(ln.get("allocated_vnd", 0))
            available = int(ln.get("available_vnd", 0))
        out.append(
            PlanLineOut(
                category=category,
                funding_source=source,
                planned_vnd=total,
                to_commit_vnd=to_commit,
                allocated_vnd=allocated,
                available_vnd=available,
                fits=None if available is None else to_commit <= available,
            )
        )
    return out, warnings


async def view(
    session: AsyncSession, budget: BudgetClient, principal: Principal, plan: Plan
) -> PlanOut:
    rows = await repository.items(session, plan.id)
    lines, warnings = await by_category(plan, rows, budget)
    decisions = await repository.decisions(session, plan.id)
    return PlanOut(
        **PlanSummary.model_validate(plan).model_dump(exclude={"allowed_actions"}),
        allowed_actions=allowed_actions(plan, principal),
        items=ranked(rows),
        by_category=lines,
        decisions=[PlanDecisionOut.model_validate(d) for d in decisions],
        warnings=warnings,
    )


# --- changing --------------------------------------------------------------------------------


def _in_status(plan: Plan, action: PlanAction) -> None:
    """409 unless the plan may take `action` now (its status; no approval under way)."""
    if plan.pending_saga is not None:
        raise plan_busy(plan)
    if plan.status not in PLAN_TRANSITIONS[action].statuses:
        raise invalid_transition(plan, action)


def _touch(plan: Plan) -> None:
    plan.updated_at = utcnow()


async def create(session: AsyncSession, principal: Principal, body: PlanCreate) -> Plan:
    existing = await repository.by_year_and_level(session, body.fiscal_year, body.level)
    if existing is not None:
        raise _exists(existing)
    plan = Plan(
        fiscal_year=body.fiscal_year,
        level=body.level,
        title=body.title,
        status="draft",
        version=1,
        created_by=principal.subject,
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    try:
        async with session.begin_nested():  # two creates at once: the unique key decides
            session.add(plan)
    except IntegrityError:
        raced = await repository.by_year_and_level(session, body.fiscal_year, body.level)
        raise _exists(raced) from None
    return plan


def _exists(plan: Plan | None) -> Conflict:
    params: dict[str, Any] = {}
    if plan is not None:
        params = {"fiscal_year": plan.fiscal_year, "level": plan.level, "plan_id": str(plan.id)}
    return Conflict(code="plan.exists", params=params)


def _not_eligible(field_code: str, **params: Any) -> Unprocessable:
    return Unprocessable.for_field("project_id", field_code, code=field_code, params=params)


async def add_item(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, body: PlanItemIn
) -> Plan:
    plan = await get(session, plan_id, lock=True)
    _in_status(plan, PlanAction.ITEMS)
    # locked: the same project added twice at once queues here and the second finds the first
    project = await projects_repository.get(session, body.project_id, lock=True)
    if project is None:
        raise _not_eligible("plan.project_unknown", project_id=str(body.project_id))
    if project.fiscal_year != plan.fiscal_year:
        raise _not_eligible(
            "plan.project_other_year",
            code=project.code,
            project_year=project.fiscal_year,
            fiscal_year=plan.fiscal_year,
        )
    if project.level != plan.level:
        raise _not_eligible(
            "plan.project_other_level", code=project.code, project_level=project.level,
            level=plan.level,
        )  # fmt: skip
    existing = await repository.item(session, project.id)
    if existing is not None:
        if existing.plan_id == plan.id:
            raise Conflict(code="plan.item_exists", params={"code": project.code})
        raise Conflict(
            code="plan.project_in_other_plan",
            params={"code": project.code, "plan_id": str(existing.plan_id)},
        )
    if project.status != "appraised" or project.recommended_support_vnd is None:
        raise Conflict(
            code="plan.project_not_appraised",
            params={"code": project.code, "status": project.status},
        )
    if project.pending_saga is not None:
        raise saga_busy(project)
    session.add(
        PlanItem(
            plan_id=plan.id,
            project_id=project.id,
            added_in_version=plan.version,
            added_by=principal.subject,
            added_at=utcnow(),
        )
    )
    _touch(plan)
    await session.flush()
    return plan


async def remove_item(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, project_id: uuid.UUID
) -> Plan:
    plan = await get(session, plan_id, lock=True)
    _in_status(plan, PlanAction.ITEMS)
    item = await repository.item(session, project_id)
    if item is None or item.plan_id != plan.id:
        raise NotFound(code="plan.item_not_found", params={"project_id": str(project_id)})
    if item.approved_in_version is not None:
        # its money is committed by an approved version: the project's own cancellation
        # releases it
        raise Conflict(
            code="plan.item_approved", params={"approved_in_version": item.approved_in_version}
        )
    await repository.delete_item(session, item)
    _touch(plan)
    return plan


async def submit(session: AsyncSession, principal: Principal, plan_id: uuid.UUID) -> Plan:
    plan = await get(session, plan_id, lock=True)
    _in_status(plan, PlanAction.SUBMIT)
    rows = await repository.items(session, plan.id)
    if not any(item.approved_in_version is None for item, _ in rows):
        raise Conflict(code="plan.empty", params={"version": plan.version})
    plan.status = "submitted"
    _touch(plan)
    return plan


async def return_to_draft(session: AsyncSession, principal: Principal, plan_id: uuid.UUID) -> Plan:
    plan = await get(session, plan_id, lock=True)
    _in_status(plan, PlanAction.RETURN)
    plan.status = "draft"
    _touch(plan)
    return plan


async def revise(session: AsyncSession, principal: Principal, plan_id: uuid.UUID) -> Plan:
    """A later adjustment: the next version, a draft again, keeping the approved items (their
    decision stays in `decisions`)."""
    plan = await get(session, plan_id, lock=True)
    _in_status(plan, PlanAction.REVISIONS)
    plan.version += 1
    plan.status = "draft"
    plan.decision_number = plan.decision_date = plan.funding_source = None
    _touch(plan)
    return plan
