"""Deciding a change request. A rejection, or an approved change that moves no money, is one
local transaction. An approved budget change is a saga like the approval (`projects/sagas.py`):
claim (`pending_saga = "change"`), then budget-service raises the commitment by the difference
(`POST /budget/commitments/{id}/increase`, key `project:{id}:change:{request id}`) or releases
it, then the request is applied. 409 `budget.insufficient_funds` clears the claim and leaves
the request pending; the reconciliation carries an interrupted one through with the same key."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.auth import Principal
from projects.changes import repository, service
from projects.changes.models import ChangeKind, ChangeRequest
from projects.changes.schemas import BudgetChange, DecisionIn
from projects.projects.models import Project
from projects.projects.sagas import (
    ChangePayload,
    SagaContext,
    Snapshot,
    _actor,
    _claim,
    _finish,
    _iso,
    fingerprint,
    ledger_text,
    released_of,
)
from projects.projects.service import invalid_transition


async def claim_decision(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    change_id: uuid.UUID,
    body: DecisionIn,
) -> tuple[ChangeRequest, ChangePayload | None]:
    """Decide at once, or claim the budget saga (the payload); a replay of a decision already
    made returns the request as it stands."""
    service.check_decision(body)
    project, pending, request = await service.pending_request(
        session, principal, project_id, change_id
    )
    if pending is None:
        if service.same_decision(request, body):
            return request, None
        raise service.decided(request)
    change = None
    if body.approved and pending.kind == ChangeKind.BUDGET:
        change = BudgetChange.model_validate(pending.changes)
    # no money moves for a change of financing alone (total cost, counterpart)
    if change is None or change.approved_support_vnd == (project.approved_support_vnd or 0):
        await service.decide_locally(session, principal, project, pending, body)
        return pending, None
    if project.status not in service.OPEN_STATUSES:
        raise invalid_transition(project, "change")
    await service.check_budget(session, project, change)  # the project may have moved on
    payload = ChangePayload(
        hash=fingerprint({"change_request_id": str(pending.id), **body.model_dump(mode="json")}),
        key=f"project:{project.id}:change:{pending.id}",
        change_request_id=str(pending.id),
        body=body,
        actor=_actor(principal),
        approved_before=project.approved_support_vnd or 0,
        approved_after=change.approved_support_vnd,
    )
    return pending, await _claim(session, project, "change", payload)


async def run_change(
    ctx: SagaContext, project_id: uuid.UUID, snap: Snapshot, payload: ChangePayload
) -> Project:
    """The money step of an approved budget change, then the change itself."""
    body = payload.body
    difference = payload.approved_after - payload.approved_before
    reason = ledger_text("ledger.change", snap, decision_number=body.decision_number)[:500]
    if difference > 0:
        commitment = await ctx.budget.increase(
            key=payload.key,
            commitment_id=snap.commitment,
            amount=difference,
            reason=reason,
            document_date=_iso(body.decision_date),
        )
    else:
        commitment = await ctx.budget.release(
            key=payload.key,
            commitment_id=snap.commitment,
            amount=-difference,
            reason=reason,
            document_date=_iso(body.decision_date),
        )
    async with ctx.step() as session:
        project, mine = await _finish(session, project_id, "change")
        if not mine:
            return project
        request = await repository.get(session, project.id, uuid.UUID(payload.change_request_id))
        assert request is not None
        await service.finish(session, project, request, body, payload.actor.model_dump())
        project.released_vnd = released_of(project, commitment)
        return project


async def reload(ctx: SagaContext, project_id: uuid.UUID, change_id: uuid.UUID) -> ChangeRequest:
    async with ctx.step() as session:
        request = await repository.get(session, project_id, change_id)
        assert request is not None
        return request
