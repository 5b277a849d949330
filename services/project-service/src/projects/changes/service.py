"""Change requests (điều chỉnh đề án): proposed on an approved or running project, decided by the
program manager with a decision number and date. Everything here takes the request's session
and only flushes; an approved budget change moves money and is a saga (`flows.py`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common import messages
from kc_common.auth import ENTERPRISE, Principal
from kc_common.errors import (
    Conflict,
    Forbidden,
    NotFound,
    Unprocessable,
    validation_field_error,
)
from kc_common.localtime import utcnow
from kc_common.pagination import PageParams
from kc_common.schemas import business_today
from projects.activities import service as activities
from projects.changes import repository
from projects.changes.models import ChangeKind, ChangeRequest, ChangeStatus
from projects.changes.schemas import (
    CHANGE_MODELS,
    BeneficiaryChange,
    BudgetChange,
    ChangeRequestIn,
    DecisionIn,
    LocationChange,
    ScheduleChange,
)
from projects.kpis import service as kpis
from projects.projects.models import Project
from projects.projects.service import (
    actor_of,
    check_beneficiary,
    get,
    index_title,
    invalid_transition,
    not_pending,
    record,
)
from projects.upstream import RegistryClient

# a change is asked for once the project is approved, and until it is accepted
OPEN_STATUSES = ("approved", "in_progress")


def parse(kind: ChangeKind, raw: Any) -> Any:
    """`changes` validated by the model of its kind; 422 naming `changes.<field>`."""
    try:
        return CHANGE_MODELS[kind].model_validate(raw)
    except ValidationError as exc:
        first = validation_field_error(exc.errors()[0], messages.current_language())
        field = "changes" if first.field == "body" else f"changes.{first.field}"
        raise Unprocessable.for_field(
            field, first.code or first.message, params=first.params
        ) from exc


def direction(kind: str, project: Project, changes: Any) -> str:
    if kind != ChangeKind.BUDGET:
        return "any"
    before = project.approved_support_vnd or 0
    return "increase" if changes.approved_support_vnd > before else "decrease"


async def check_budget(session: AsyncSession, project: Project, change: BudgetChange) -> None:
    """Something must change, the support cover what was paid and stay within the policy; new
    financing (total cost, counterpart) must be covered by support and counterpart together."""
    new, field = change.approved_support_vnd, "changes.approved_support_vnd"
    total = change.total_cost_vnd or project.total_cost_vnd
    counterpart = (
        project.counterpart_vnd if change.counterpart_vnd is None else change.counterpart_vnd
    )
    financing = (total, counterpart) != (project.total_cost_vnd, project.counterpart_vnd)
    if new == (project.approved_support_vnd or 0) and not financing:
        raise Unprocessable.for_field(
            field, "project.change_no_difference", code="project.change_no_difference"
        )
    if new < project.disbursed_vnd:
        raise Unprocessable.for_field(
            field,
            "project.change_below_disbursed",
            code="project.change_below_disbursed",
            params={"approved_support_vnd": new, "disbursed_vnd": project.disbursed_vnd},
        )
    if new > total:
        raise Unprocessable.for_field(
            field,
            "project.support_above_cost",
            code="project.support_above_policy",
            params={"requested_support_vnd": new, "total_cost_vnd": total},
        )
    await activities.check_support(
        session,
        activity_type=project.activity_type,
        program_code=project.program_code,
        on=activities.policy_date(project.fiscal_year),
        total_cost_vnd=total,
        requested_support_vnd=new,
        # a new support alone is checked against the policy's limit only, as at approval; new
        # financing must add up (an approved change had left 100,000,000 uncovered)
        counterpart_vnd=counterpart if financing else total,
        admin_unit_code=project.admin_unit_code,
        field=field,
        counterpart_field="changes.counterpart_vnd",
    )


async def check_location(session: AsyncSession, project: Project, change: LocationChange) -> None:
    """The approved support must be within the policy where the project moves: a priority
    area's raised level stays there (a project proposed in one and moved out kept it)."""
    if project.approved_support_vnd is None:
        return
    await activities.check_support(
        session,
        activity_type=project.activity_type,
        program_code=project.program_code,
        on=activities.policy_date(project.fiscal_year),
        total_cost_vnd=project.total_cost_vnd,
        requested_support_vnd=project.approved_support_vnd,
        counterpart_vnd=project.total_cost_vnd,  # the policy's limit is what is in question
        admin_unit_code=change.admin_unit_code,
        field="changes.admin_unit_code",
    )


async def _check(
    session: AsyncSession, principal: Principal, project: Project, kind: str, change: Any
) -> None:
    if isinstance(change, BudgetChange):
        await check_budget(session, project, change)
    elif isinstance(change, ScheduleChange):
        start = change.start_on or project.start_on
        end = change.end_on or project.end_on
        if start and end and end < start:
            raise Unprocessable.for_field(
                "changes.end_on" if change.end_on else "changes.start_on",
                "project.end_before_start",
            )
    elif kind == ChangeKind.CONTENT and change.planned_kpis is not None:
        await kpis.check(session, "changes.planned_kpis", change.model_dump()["planned_kpis"])
    elif isinstance(change, BeneficiaryChange) and principal.role == ENTERPRISE:
        raise Forbidden(code="project.not_own_enterprise")
    elif isinstance(change, LocationChange):
        await check_location(session, project, change)


async def create(
    session: AsyncSession,
    registry: RegistryClient,
    principal: Principal,
    project_id: uuid.UUID,
    body: ChangeRequestIn,
) -> ChangeRequest:
    change = parse(body.kind, body.changes)
    await get(session, principal, project_id)  # 404 before asking the registry
    if isinstance(change, BeneficiaryChange):  # no lock is held during the HTTP call
        await check_beneficiary(
            registry, change.beneficiary_enterprise_id, field="changes.beneficiary_enterprise_id"
        )
    project = await get(session, principal, project_id, lock=True)
    if project.status not in OPEN_STATUSES:
        raise invalid_transition(project, "request a change on")
    await _check(session, principal, project, body.kind, change)
    rule = await repository.rule(
        session, body.kind.value, direction(body.kind, project, change), project.level
    )
    number = await repository.next_number(session, project.id)
    request = await repository.add(
        session,
        ChangeRequest(
            project_id=project.id,
            number=number,
            kind=body.kind.value,
            reason=body.reason,
            changes=change.model_dump(mode="json", exclude_none=True),
            approver=rule.approver if rule else "doit",
            status=ChangeStatus.PENDING.value,
            requested_by=principal.subject,
            requested_at=utcnow(),
        ),
    )
    await record(
        session,
        project,
        actor_of(principal),
        "change_request",
        project.status,
        {
            "change_request_id": str(request.id),
            "number": number,
            "kind": request.kind,
            "reason": request.reason,
            "changes": request.changes,
        },
    )
    return request


async def page(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, params: PageParams
) -> tuple[Sequence[ChangeRequest], int]:
    await get(session, principal, project_id)
    return await repository.page(session, project_id, params.offset, params.page_size)


def check_decision(body: DecisionIn) -> None:
    if not body.approved:
        return
    for field in ("decision_number", "decision_date"):
        if getattr(body, field) is None:
            raise Unprocessable.for_field(field, "project.change_decision_required")


def same_decision(request: ChangeRequest, body: DecisionIn) -> bool:
    """A decided request asked again with the same decision: a replay, answered as it stands."""
    wanted = ChangeStatus.APPROVED if body.approved else ChangeStatus.REJECTED
    return request.status == wanted.value and request.decision_number == body.decision_number


async def pending_request(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, change_id: uuid.UUID
) -> tuple[Project, ChangeRequest | None, ChangeRequest]:
    """(the locked project, the request if still to decide, the request)."""
    project = await get(session, principal, project_id, lock=True)
    request = await repository.get(session, project.id, change_id)
    if request is None:
        raise NotFound(code="project.change_request_not_found")
    return project, (request if request.status == ChangeStatus.PENDING.value else None), request


def decided(request: ChangeRequest) -> Conflict:
    return Conflict(
        code="project.change_request_decided",
        params={"status": request.status},
        extra={"status": request.status},
    )


def apply(project: Project, request: ChangeRequest) -> dict[str, Any]:
    """Set the approved values on the project; returns the ones they replaced."""
    previous: dict[str, Any] = {}
    for name, value in request.changes.items():
        old = getattr(project, name)
        # stored as JSON, in the form the request's own values take
        if isinstance(old, date):
            old = old.isoformat()
        elif isinstance(old, uuid.UUID):
            old = str(old)
        previous[name] = old
        if name in ("start_on", "end_on"):
            value = date.fromisoformat(value)
        elif name == "beneficiary_enterprise_id":
            value = uuid.UUID(value)
        setattr(project, name, value)
    if "title" in request.changes:
        index_title(project)
    return previous


async def finish(
    session: AsyncSession,
    project: Project,
    request: ChangeRequest,
    body: DecisionIn,
    actor: dict[str, Any],
) -> None:
    """Record the decision (and, approved, apply the change) on the locked project."""
    request.status = (ChangeStatus.APPROVED if body.approved else ChangeStatus.REJECTED).value
    request.decision_number = body.decision_number
    request.decision_date = body.decision_date
    request.note = body.note
    request.decided_by = str(actor.get("sub"))
    request.decided_at = utcnow()
    if body.approved:
        request.previous = apply(project, request)
    await record(
        session,
        project,
        actor,
        "change_approved" if body.approved else "change_rejected",
        project.status,
        {
            "change_request_id": str(request.id),
            "number": request.number,
            "kind": request.kind,
            "changes": request.changes,
            "previous": request.previous,
            "decision_number": body.decision_number,
            "note": body.note,
        },
        document_date=body.decision_date or business_today(),
    )


async def decide_locally(
    session: AsyncSession,
    principal: Principal,
    project: Project,
    request: ChangeRequest,
    body: DecisionIn,
) -> None:
    """A rejection, or an approved change that moves no money, in the caller's transaction."""
    not_pending(project)
    if body.approved and project.status not in OPEN_STATUSES:
        raise invalid_transition(project, "change")
    await finish(session, project, request, body, actor_of(principal))
