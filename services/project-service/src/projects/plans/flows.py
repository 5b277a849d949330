"""The approval of an annual plan: a saga that approves every project of the plan or none.

1. *claim* (`claim_approval`, one short transaction of its own): the plan is `submitted`, every
   item not yet approved is an appraised project with no money step pending; the plan gets
   `pending_saga = "approve"` with its payload (the decision and the lines to commit), and each
   of those projects the mark `pending_saga = "plan"` (no other step may start on it meanwhile).
2. budget-service commits every line in one transaction (`POST /budget/commitments/batch`,
   Idempotency-Key `plan:{id}:v{version}:approve`) or refuses them all (409
   `budget.insufficient_funds` naming the short lines).
3. *finish*: every project `approved` with its commitment and the decision's date as its
   document date, the plan `approved` with the decision; or, on a refusal, the marks are taken
   off and the plan stays `submitted` (`abandon`).
Budget unreachable before the call: undone, 503. An ambiguous failure (timeout, 5xx, budget
killed mid-request) keeps the claim; the same request again, or the reconciliation
(`reconcile`), repeats step 2 with the same key: budget replays the commitments it made, or
makes them now, or refuses and the claim is undone. Never some projects approved and not others.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.auth import Principal
from kc_common.errors import Conflict
from kc_common.localtime import utcnow
from projects.plans import repository
from projects.plans.models import Plan, PlanAction, PlanDecision
from projects.plans.schemas import PlanApprovalIn
from projects.plans.service import get, invalid_transition, plan_busy
from projects.projects.sagas import Actor, SagaContext, fingerprint
from projects.projects.service import record
from projects.upstream import UpstreamDown, UpstreamRefused

# --- payloads --------------------------------------------------------------------------------
# Stored as JSON (the plan's and each marked project's `pending_payload`) and read back by
# `run_approval` and the reconciliation, possibly after an upgrade: add fields only with a
# default; never rename.


class PlanLine(BaseModel):
    project_id: str
    category: str
    amount_vnd: int


class PlanApprovalPayload(BaseModel):
    hash: str
    key: str
    client_key: str | None
    version: int
    body: PlanApprovalIn
    actor: Actor
    fiscal_year: int
    lines: list[PlanLine]


class PlanMark(BaseModel):
    """On each project while its plan's approval runs (`pending_saga = "plan"`)."""

    plan_id: str
    version: int


PLAN_MARK = "plan"


# --- claim -----------------------------------------------------------------------------------


async def claim_approval(
    session: AsyncSession,
    principal: Principal,
    plan_id: uuid.UUID,
    body: PlanApprovalIn,
    key: str | None,
) -> PlanApprovalPayload | None:
    """Validate the approval and record it as pending. None: a replay of a finished one."""
    plan = await get(session, plan_id, lock=True)
    request_hash = fingerprint(body.model_dump(mode="json"))
    if key and plan.status == "approved":
        done = await repository.decision(session, plan.id, plan.version)
        if done is not None and done.client_key == key:
            return None
    if plan.pending_saga is not None:
        stored = PlanApprovalPayload.model_validate(plan.pending_payload or {})
        if stored.hash != request_hash:
            raise plan_busy(plan)
        return stored  # the same request again: run it again (same key at budget)
    if plan.status != "submitted":
        raise invalid_transition(plan, PlanAction.APPROVAL)
    rows = [
        (i, p) for i, p in await repository.items(session, plan.id) if i.approved_in_version is None
    ]
    projects = await repository.lock_projects(session, [i.project_id for i, _ in rows])
    not_ready = [
        p.code
        for p in projects
        if p.status != "appraised"
        or p.pending_saga is not None
        or p.recommended_support_vnd is None
    ]
    if not_ready:
        raise Conflict(code="plan.items_not_ready", params={"projects": not_ready})
    payload = PlanApprovalPayload(
        hash=request_hash,
        key=f"plan:{plan.id}:v{plan.version}:approve",
        client_key=key,
        version=plan.version,
        body=body,
        actor=Actor(sub=principal.subject, username=principal.username, role=principal.role),
        fiscal_year=plan.fiscal_year,
        lines=[
            PlanLine(
                project_id=str(p.id), category=p.category, amount_vnd=p.recommended_support_vnd or 0
            )
            for p in projects
        ],
    )
    now = utcnow()
    plan.pending_saga, plan.pending_payload, plan.pending_since = (
        "approve",
        payload.model_dump(mode="json"),
        now,
    )
    mark = PlanMark(plan_id=str(plan.id), version=plan.version).model_dump(mode="json")
    for p in projects:
        p.pending_saga, p.pending_payload, p.pending_since = PLAN_MARK, mark, now
    await session.flush()
    return payload


# --- run and finish --------------------------------------------------------------------------


async def run_approval(ctx: SagaContext, plan_id: uuid.UUID) -> Plan:
    """Do (or finish) the pending approval of a plan; idempotent, safe to repeat."""
    async with ctx.step() as session:
        plan = await get(session, plan_id)
        stored = plan.pending_payload if plan.pending_saga == "approve" else None
    if stored is None:
        return plan
    payload = PlanApprovalPayload.model_validate(stored)
    body = payload.body
    commitments: dict[str, dict[str, Any]] = {}
    if payload.lines:
        try:
            made = await ctx.budget.commit_batch(
                key=payload.key,
                commitments=[
                    {
                        "project_id": line.project_id,
                        "fiscal_year": payload.fiscal_year,
                        "category": line.category,
                        "funding_source": body.funding_source,
                        "amount_vnd": line.amount_vnd,
                    }
                    for line in payload.lines
                ],
                document_date=body.decision_date.isoformat(),
            )
        except UpstreamRefused:
            await abandon(ctx, plan_id, payload)  # nothing was committed
            raise
        except UpstreamDown as exc:
            if not exc.maybe_applied:  # never reached budget
                await abandon(ctx, plan_id, payload)
            raise
        commitments = {str(c["project_id"]): c for c in made}
    return await finish_approval(ctx, plan_id, payload, commitments)


async def _still_mine(
    session: AsyncSession, plan_id: uuid.UUID, payload: PlanApprovalPayload
) -> Plan | None:
    """The plan, locked, if this approval is still pending on it (another run may have ended
    it)."""
    plan = await get(session, plan_id, lock=True)
    mine = (
        plan.pending_saga == "approve" and (plan.pending_payload or {}).get("hash") == payload.hash
    )
    return plan if mine else None


async def finish_approval(
    ctx: SagaContext,
    plan_id: uuid.UUID,
    payload: PlanApprovalPayload,
    commitments: dict[str, dict[str, Any]],
) -> Plan:
    body = payload.body
    async with ctx.step() as session:
        plan = await _still_mine(session, plan_id, payload)
        if plan is None:
            return await get(session, plan_id)
        amounts = {line.project_id: line.amount_vnd for line in payload.lines}
        projects = await repository.lock_projects(session, [uuid.UUID(pid) for pid in amounts])
        items = {i.project_id: i for i, _ in await repository.items(session, plan.id)}
        for project in projects:
            pid = str(project.id)
            commitment_id = uuid.UUID(str(commitments[pid]["id"]))
            project.pending_saga = project.pending_payload = project.pending_since = None
            project.status = "approved"
            project.commitment_id = commitment_id
            project.approved_support_vnd = amounts[pid]
            project.funding_source = body.funding_source
            project.decision_number = body.decision_number
            project.decision_date = body.decision_date
            await record(
                session,
                project,
                payload.actor.model_dump(),
                "approval",
                "appraised",
                {
                    **body.model_dump(mode="json"),
                    "approved_support_vnd": amounts[pid],
                    "commitment_id": str(commitment_id),
                    "idempotency_key": payload.key,
                    "plan_id": str(plan.id),
                    "plan_version": payload.version,
                },
                document_date=body.decision_date,
            )
            item = items[project.id]
            item.approved_in_version = payload.version
            item.commitment_id = commitment_id
        plan.pending_saga = plan.pending_payload = plan.pending_since = None
        plan.status = "approved"
        plan.decision_number = body.decision_number
        plan.decision_date = body.decision_date
        plan.funding_source = body.funding_source
        plan.updated_at = utcnow()
        session.add(
            PlanDecision(
                plan_id=plan.id,
                version=payload.version,
                decision_number=body.decision_number,
                decision_date=body.decision_date,
                funding_source=body.funding_source,
                projects=len(projects),
                approved_vnd=sum(amounts.values()),
                client_key=payload.client_key,
                approved_by=payload.actor.sub,
                approved_at=utcnow(),
            )
        )
        await session.flush()
        return plan


async def abandon(ctx: SagaContext, plan_id: uuid.UUID, payload: PlanApprovalPayload) -> None:
    """Undo the claim: the marks come off, the plan stays `submitted`, no project changed."""
    async with ctx.step() as session:
        plan = await _still_mine(session, plan_id, payload)
        if plan is None:
            return
        ids = [uuid.UUID(line.project_id) for line in payload.lines]
        for project in await repository.lock_projects(session, ids):
            if project.pending_saga == PLAN_MARK:
                project.pending_saga = project.pending_payload = project.pending_since = None
        plan.pending_saga = plan.pending_payload = plan.pending_since = None


# --- reconciliation --------------------------------------------------------------------------


async def reconcile(ctx: SagaContext, *, grace: timedelta) -> dict[str, int]:
    """Plan approvals a crash left pending (older than `grace`): run again with the same key,
    which finishes them (budget replays or makes the commitments) or undoes them (budget
    refuses)."""
    done = {"finished": 0, "undone": 0, "failed": 0}
    async with ctx.step() as session:
        ids = [p.id for p in await repository.pending(session, utcnow() - grace)]
    for plan_id in ids:
        try:
            await run_approval(ctx, plan_id)
            done["finished"] += 1
        except UpstreamRefused:
            done["undone"] += 1
        except UpstreamDown:
            done["failed"] += 1
    return done
