"""The money steps (approve, advance, settle, cancel with a commitment): sagas against budget.

A saga cannot live inside one request-owned transaction: its intent must be durable *before* the
call to budget-service, so that a crash in between leaves a trace the reconciliation can finish
or undo. So `claim_*` records the intent (`pending_saga` and its payload) in a first short
transaction of its own (`SagaContext.step()`, the one place outside the request session that
commits; what runs inside a step still only flushes), `run_saga` calls budget-service with
deterministic Idempotency-Keys and then finishes the project in a second one. `run_saga` is also
what the reconciliation calls to finish a step that was interrupted, so it only reads the payload.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common import messages
from kc_common.auth import Principal
from kc_common.db import Database
from kc_common.errors import NotFound, Unprocessable
from kc_common.localtime import utcnow
from projects.activities import service as activities
from projects.changes.schemas import DecisionIn
from projects.projects import repository
from projects.projects.models import TRANSITIONS, Payment, Project, ProjectAction
from projects.projects.schemas import AdvanceIn, ApprovalIn, ReasonIn, SettlementIn
from projects.projects.service import (
    actor_of,
    get,
    invalid_transition,
    locked_in,
    not_pending,
    record,
    saga_busy,
)
from projects.upstream import BudgetClient, RegistryClient, UpstreamDown, UpstreamRefused


@dataclass
class SagaContext:
    db: Database
    budget: BudgetClient
    registry: RegistryClient

    @asynccontextmanager
    async def step(self) -> AsyncIterator[AsyncSession]:
        """One local transaction: committed when the block ends, rolled back on error."""
        async with self.db.sessionmaker() as session, session.begin():
            yield session


# --- payloads --------------------------------------------------------------------------------
# Stored as JSON in `projects.pending_payload` and read back by `run_saga` and the
# reconciliation, possibly by a later version after an upgrade: the field names, their order and
# their JSON form are the stored format. Add fields only with a default; never rename. `body` is
# the request schema itself, so the same holds for ApprovalIn, AdvanceIn, SettlementIn, ReasonIn.


class Actor(BaseModel):
    sub: str
    username: str | None
    role: str


class ApprovalPayload(BaseModel):
    hash: str
    key: str
    client_key: str | None
    body: ApprovalIn
    actor: Actor
    fiscal_year: int
    category: str
    # the activity's advance cap, carried by the commitment (None: the program's)
    advance_cap_percent: int | None = None


class AdvancePayload(BaseModel):
    hash: str
    key: str
    body: AdvanceIn
    actor: Actor
    advanced_before: int


class SettlementPayload(BaseModel):
    hash: str
    client_key: str | None
    body: SettlementIn
    actor: Actor
    final_vnd: int
    recover_vnd: int


class CancellationPayload(BaseModel):
    hash: str
    body: ReasonIn
    actor: Actor
    recover_vnd: int


class ChangePayload(BaseModel):
    """An approved budget change: the commitment is raised (or money released) by the
    difference, then the change request is applied (`changes/flows.py`)."""

    hash: str
    key: str
    change_request_id: str
    body: DecisionIn
    actor: Actor
    approved_before: int
    approved_after: int


Payload = ApprovalPayload | AdvancePayload | SettlementPayload | CancellationPayload | ChangePayload
PAYLOADS: dict[str, type[Payload]] = {
    "approve": ApprovalPayload,
    "advance": AdvancePayload,
    "settle": SettlementPayload,
    "cancel": CancellationPayload,
    "change": ChangePayload,
}
P = TypeVar(
    "P", ApprovalPayload, AdvancePayload, SettlementPayload, CancellationPayload, ChangePayload
)


def read_payload(saga: str, stored: dict[str, Any] | None) -> Payload:
    """The pending step's payload as stored in the row."""
    return PAYLOADS[saga].model_validate(stored or {})


@dataclass(frozen=True)
class Snapshot:
    """What a saga reads of its project in the first step (the row is not held locked)."""

    id: str
    code: str
    fiscal_year: int
    category: str
    commitment_id: str | None

    @property
    def commitment(self) -> str:
        # every money step after the approval runs on the commitment the approval made
        assert self.commitment_id is not None
        return self.commitment_id


def _actor(principal: Principal) -> Actor:
    return Actor(sub=principal.subject, username=principal.username, role=principal.role)


def fingerprint(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def ledger_text(key: str, snap: Snapshot | None, **params: Any) -> str:
    """The reason a money step gives the budget ledger. The ledger keeps it as written (it is
    hash-chained), so it is written once, in Vietnamese, naming the project by its code."""
    values = {"project_code": (snap.code or snap.id) if snap else None, **params}
    return messages.render(key, "vi", values) or key


# --- claims ----------------------------------------------------------------------------------


def _replay_or_none(project: Project, saga: str, request_hash: str) -> None:
    """A retry of a pending step must be the same request; anything else waits."""
    if project.pending_saga is None:
        return
    if project.pending_saga != saga or (project.pending_payload or {}).get("hash") != request_hash:
        raise saga_busy(project)


async def _claim(session: AsyncSession, project: Project, saga: str, payload: P) -> P:
    _replay_or_none(project, saga, payload.hash)
    project.pending_saga = saga
    project.pending_payload = payload.model_dump(mode="json")
    project.pending_since = utcnow()
    await session.flush()
    return payload


async def claim_approval(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: ApprovalIn,
    key: str | None,
) -> ApprovalPayload | None:
    """Validate an approval and record it as pending. None: a replay of a finished approval."""
    project = await get(session, principal, project_id, lock=True)
    if key and await repository.event_with_key(session, project.id, "approval", key):
        return None
    if project.status not in TRANSITIONS[ProjectAction.APPROVAL].statuses:
        raise invalid_transition(project, "approve")
    limit = min(
        project.requested_support_vnd,
        project.recommended_support_vnd
        if project.recommended_support_vnd is not None
        else project.requested_support_vnd,
    )
    if body.approved_support_vnd > limit:
        raise Unprocessable.for_field(
            "approved_support_vnd",
            "project.approved_above_recommended",
            code="project.approved_above_recommended",
            params={"limit_vnd": limit},
        )
    money = {"amount_vnd": body.approved_support_vnd, "funding_source": body.funding_source}
    cap_percent, _ = await activities.advance_rule(
        session,
        project.activity_type,
        project.program_code,
        activities.policy_date(project.fiscal_year),
    )
    payload = ApprovalPayload(
        hash=fingerprint(money),
        key=f"project:{project.id}:approve",
        client_key=key,
        body=body,
        actor=_actor(principal),
        fiscal_year=project.fiscal_year,
        category=project.category,
        advance_cap_percent=cap_percent,
    )
    return await _claim(session, project, "approve", payload)


async def claim_advance(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: AdvanceIn,
    key: str | None,
) -> AdvancePayload | None:
    project = await get(session, principal, project_id, lock=True)
    request_hash = fingerprint(body.model_dump(mode="json"))
    if key:
        budget_key = f"project:{project.id}:advance:{key}"
        done = await repository.payment_by_key(session, budget_key)
        if done is not None:
            if done.request_hash != request_hash:
                raise Unprocessable.for_field(
                    "Idempotency-Key", "idempotency.key_reused", code="idempotency.key_reused"
                )
            return None
    else:
        # Numbered after the advances so far, skipping any number a client already chose as
        # its own key (`…:advance:<key>` shares the place): budget-service would replay that
        # advance's entry for this one, and recording it again would fail.
        n = await repository.count_payments(session, project.id, "advance") + 1
        budget_key = f"project:{project.id}:advance:{n}"
        while await repository.payment_by_key(session, budget_key) is not None:
            n += 1
            budget_key = f"project:{project.id}:advance:{n}"
    if project.status not in TRANSITIONS[ProjectAction.ADVANCES].statuses:
        raise invalid_transition(project, "pay an advance on")
    cap_percent, min_complete = await activities.advance_rule(
        session,
        project.activity_type,
        project.program_code,
        activities.policy_date(project.fiscal_year),
    )
    if min_complete is not None and project.percent_complete <= min_complete:
        raise Unprocessable.for_field(
            "amount_vnd",
            "project.advance_before_progress",
            code="project.advance_before_progress",
            params={
                "min_percent_complete": min_complete,
                "percent_complete": project.percent_complete,
                "cap_percent": cap_percent,
            },
        )
    approved = project.approved_support_vnd or 0
    cap = approved * cap_percent // 100
    if project.advanced_vnd + body.amount_vnd > cap:
        raise Unprocessable.for_field(
            "amount_vnd",
            "project.advance_above_cap",
            code="project.advance_above_cap",
            params={
                "cap_percent": cap_percent,
                "cap_vnd": cap,
                "advanced_vnd": project.advanced_vnd,
                "amount_vnd": body.amount_vnd,
            },
        )
    payload = AdvancePayload(
        hash=request_hash,
        key=budget_key,
        body=body,
        actor=_actor(principal),
        advanced_before=project.advanced_vnd,
    )
    return await _claim(session, project, "advance", payload)


async def claim_settlement(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: SettlementIn,
    key: str | None,
) -> SettlementPayload | None:
    project = await get(session, principal, project_id, lock=True)
    if key and await repository.event_with_key(session, project.id, "settlement", key):
        return None
    if project.status not in TRANSITIONS[ProjectAction.SETTLEMENT].statuses:
        raise invalid_transition(project, "settle")
    if body.settled_on < (project.accepted_on or body.settled_on):
        raise Unprocessable.for_field(
            "settled_on",
            "project.settlement_before_acceptance",
            params={"accepted_on": project.accepted_on.isoformat()}
            if project.accepted_on
            else None,
        )
    accepted = project.accepted_support_vnd or 0
    paid = project.disbursed_vnd
    payload = SettlementPayload(
        hash=fingerprint(body.model_dump(mode="json")),
        client_key=key,
        body=body,
        actor=_actor(principal),
        final_vnd=max(accepted - paid, 0),
        recover_vnd=max(paid - accepted, 0),
    )
    return await _claim(session, project, "settle", payload)


async def cancel_or_claim(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: ReasonIn
) -> tuple[Project, CancellationPayload | None]:
    """Cancel at once when no money is committed; else claim the cancellation saga."""
    project = await locked_in(
        session, principal, project_id, TRANSITIONS[ProjectAction.CANCELLATION].statuses, "cancel"
    )
    if project.commitment_id is None:
        not_pending(project)
        before = project.status
        project.status = "cancelled"
        await record(
            session,
            project,
            actor_of(principal),
            "cancellation",
            before,
            body.model_dump(),
            document_date=body.document_date,
        )
        return project, None
    payload = CancellationPayload(
        hash=fingerprint(body.model_dump(mode="json")),
        body=body,
        actor=_actor(principal),
        recover_vnd=project.disbursed_vnd,
    )
    return project, await _claim(session, project, "cancel", payload)


# --- the runner ------------------------------------------------------------------------------


async def run_saga(ctx: SagaContext, project_id: uuid.UUID) -> Project:
    """Do (or finish) the pending money step of a project; idempotent, safe to repeat."""
    async with ctx.step() as session:
        project = await repository.get(session, project_id)
        if project is None:
            raise NotFound(code="project.not_found")
        saga, stored = project.pending_saga, project.pending_payload
        snapshot = Snapshot(
            id=str(project.id),
            code=project.code,
            fiscal_year=project.fiscal_year,
            category=project.category,
            commitment_id=str(project.commitment_id) if project.commitment_id else None,
        )
    if saga is None:
        return project
    payload = read_payload(saga, stored)
    progress = Progress()
    try:
        return await _run(ctx, project_id, snapshot, payload, progress)
    except UpstreamRefused:
        # budget said no before anything was done there: the project stays as it was.
        if not progress.applied:
            await abandon(ctx, project_id, saga)
        raise
    except UpstreamDown as exc:
        # never reached budget at the first call: nothing to finish later.
        if not exc.maybe_applied and not progress.applied:
            await abandon(ctx, project_id, saga)
        raise


async def _run(
    ctx: SagaContext, project_id: uuid.UUID, snap: Snapshot, payload: Payload, progress: Progress
) -> Project:
    if isinstance(payload, ApprovalPayload):
        return await _run_approval(ctx, project_id, snap, payload, progress)
    if isinstance(payload, AdvancePayload):
        return await _run_advance(ctx, project_id, snap, payload, progress)
    if isinstance(payload, SettlementPayload):
        return await _run_settlement(ctx, project_id, snap, payload, progress)
    if isinstance(payload, ChangePayload):
        from projects.changes.flows import run_change  # the change flow builds on this module

        return await run_change(ctx, project_id, snap, payload)
    return await _run_cancellation(ctx, project_id, snap, payload, progress)


class Progress:
    """Whether a saga run has already changed something in budget-service."""

    applied = False


async def abandon(ctx: SagaContext, project_id: uuid.UUID, saga: str) -> None:
    async with ctx.step() as session:
        await repository.clear_saga(session, project_id, saga)


async def _finish(session: AsyncSession, project_id: uuid.UUID, saga: str) -> tuple[Project, bool]:
    """Lock the project for the last step; False if another run already finished it."""
    project = await repository.get(session, project_id, lock=True)
    assert project is not None
    if project.pending_saga != saga:
        return project, False
    project.pending_saga = None
    project.pending_payload = None
    project.pending_since = None
    return project, True


def _payment(
    project: Project, kind: str, amount: int, key: str, reference: str | None, entry: Any
) -> Payment:
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    return Payment(
        project_id=project.id,
        kind=kind,
        amount_vnd=amount,
        reference=reference,
        budget_entry_id=str(entry_id) if entry_id else None,
        idempotency_key=key,
        request_hash=fingerprint({"kind": kind, "amount_vnd": amount, "reference": reference}),
        created_at=utcnow(),
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- the steps -------------------------------------------------------------------------------


async def _run_approval(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: Snapshot,
    payload: ApprovalPayload,
    progress: Progress,
) -> Project:
    body = payload.body
    commitment = await ctx.budget.commit(
        key=payload.key,
        project_id=snap.id,
        fiscal_year=snap.fiscal_year,
        category=snap.category,
        source=body.funding_source,
        amount=body.approved_support_vnd,
        document_date=body.decision_date.isoformat(),
        advance_cap_percent=payload.advance_cap_percent,
    )
    return await finish_approval(ctx, project_id, payload, commitment)


async def finish_approval(
    ctx: SagaContext, project_id: uuid.UUID, payload: ApprovalPayload, commitment: dict[str, Any]
) -> Project:
    body = payload.body
    async with ctx.step() as session:
        project, mine = await _finish(session, project_id, "approve")
        if not mine:
            return project
        project.status = "approved"
        project.commitment_id = uuid.UUID(str(commitment["id"]))
        project.approved_support_vnd = body.approved_support_vnd
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
                "commitment_id": str(commitment["id"]),
                "idempotency_key": payload.key,
            },
            key=payload.client_key,
            document_date=body.decision_date,
        )
        return project


async def _run_advance(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: Snapshot,
    payload: AdvancePayload,
    progress: Progress,
) -> Project:
    body = payload.body
    entry = await ctx.budget.disburse(
        key=payload.key,
        commitment_id=snap.commitment,
        amount=body.amount_vnd,
        kind="advance",
        reference=body.reference,
        document_date=_iso(body.document_date),
    )
    return await finish_advance(ctx, project_id, payload, entry)


async def finish_advance(
    ctx: SagaContext, project_id: uuid.UUID, payload: AdvancePayload, entry: Any
) -> Project:
    body = payload.body
    async with ctx.step() as session:
        project, mine = await _finish(session, project_id, "advance")
        if not mine:
            return project
        amount = body.amount_vnd
        payment = _payment(project, "advance", amount, payload.key, body.reference, entry)
        payment.request_hash = payload.hash
        session.add(payment)
        project.advanced_vnd += amount
        project.disbursed_vnd += amount
        await record(
            session,
            project,
            payload.actor.model_dump(),
            "advance",
            project.status,
            {**body.model_dump(mode="json"), "idempotency_key": payload.key, "disbursement": entry},
            document_date=body.document_date or _voucher_date(entry),
        )
        return project


def _voucher_date(entry: Any) -> str | None:
    """The date budget gave the voucher (the day it was paid) when the request named none, so
    history and ledger agree."""
    return entry.get("document_date") if isinstance(entry, dict) else None


def released_of(project: Project, commitment: dict[str, Any]) -> int:
    """What the project left unused of its commitment: the commitment's releases, less those that
    lowered its approved support by an approved change (the commitment's amount is the first
    approval plus increases), so that approved − released is what stays committed."""
    approved = project.approved_support_vnd or 0
    lowered = int(commitment.get("amount_vnd", approved)) - approved
    return int(commitment.get("released_vnd", 0)) - lowered


async def _remaining(ctx: SagaContext, commitment_id: str) -> tuple[int, dict[str, Any]]:
    commitment = await ctx.budget.commitment(commitment_id)
    return int(commitment["committed_vnd"]) - int(commitment["disbursed_vnd"]), commitment


async def _run_settlement(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: Snapshot,
    payload: SettlementPayload,
    progress: Progress,
) -> Project:
    pid, cid, body = snap.id, snap.commitment, payload.body
    settled_on = body.settled_on.isoformat()
    steps: dict[str, Any] = {}
    if payload.final_vnd > 0:
        steps["final"] = await ctx.budget.disburse(
            key=f"project:{pid}:settle:final",
            commitment_id=cid,
            amount=payload.final_vnd,
            kind="final",
            reference=body.reference,
            document_date=settled_on,
        )
        progress.applied = True
    if payload.recover_vnd > 0:
        steps["recovery"] = await ctx.budget.recover(
            key=f"project:{pid}:settle:recovery",
            commitment_id=cid,
            amount=payload.recover_vnd,
            reason=ledger_text("ledger.settlement_recovery", snap),
            reference=body.reference,
            document_date=settled_on,
        )
        progress.applied = True
    remaining, commitment = await _remaining(ctx, cid)
    if remaining > 0:
        commitment = await ctx.budget.release(
            key=f"project:{pid}:settle:release",
            commitment_id=cid,
            amount=remaining,
            reason=ledger_text("ledger.settlement_release", snap),
            document_date=settled_on,
        )
    async with ctx.step() as session:
        project, mine = await _finish(session, project_id, "settle")
        if not mine:
            return project
        if "final" in steps:
            session.add(
                _payment(
                    project,
                    "final",
                    payload.final_vnd,
                    f"project:{pid}:settle:final",
                    body.reference,
                    steps["final"],
                )
            )
        if "recovery" in steps:
            session.add(
                _payment(
                    project,
                    "recovery",
                    payload.recover_vnd,
                    f"project:{pid}:settle:recovery",
                    body.reference,
                    steps["recovery"],
                )
            )
        project.disbursed_vnd = int(commitment["disbursed_vnd"])
        project.recovered_vnd += payload.recover_vnd
        project.released_vnd = released_of(project, commitment)
        project.status = "settled"
        project.settled_on = body.settled_on
        await record(
            session,
            project,
            payload.actor.model_dump(),
            "settlement",
            "accepted",
            {
                **body.model_dump(mode="json"),
                "final_vnd": payload.final_vnd,
                "recovered_vnd": payload.recover_vnd,
                "released_vnd": project.released_vnd,
            },
            key=payload.client_key,
            document_date=body.settled_on,
        )
        return project


async def _run_cancellation(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: Snapshot,
    payload: CancellationPayload,
    progress: Progress,
) -> Project:
    pid, cid, body = snap.id, snap.commitment, payload.body
    document_date = _iso(body.document_date)
    recovery = None
    if payload.recover_vnd > 0:
        recovery = await ctx.budget.recover(
            key=f"project:{pid}:cancel:recovery",
            commitment_id=cid,
            amount=payload.recover_vnd,
            reason=ledger_text("ledger.cancellation", snap, reason=body.reason)[:500],
            reference=ledger_text("ledger.cancellation_reference", snap)[:200],
            document_date=document_date,
        )
        progress.applied = True
    remaining, commitment = await _remaining(ctx, cid)
    if remaining > 0:
        commitment = await ctx.budget.release(
            key=f"project:{pid}:cancel:release",
            commitment_id=cid,
            amount=remaining,
            reason=ledger_text("ledger.cancellation", snap, reason=body.reason)[:500],
            document_date=document_date,
        )
    async with ctx.step() as session:
        project, mine = await _finish(session, project_id, "cancel")
        if not mine:
            return project
        before = project.status
        if recovery is not None:
            session.add(
                _payment(
                    project,
                    "recovery",
                    payload.recover_vnd,
                    f"project:{pid}:cancel:recovery",
                    f"cancellation of project {pid}",
                    recovery,
                )
            )
        project.recovered_vnd += payload.recover_vnd
        project.disbursed_vnd = int(commitment["disbursed_vnd"])
        project.released_vnd = released_of(project, commitment)
        project.status = "cancelled"
        await record(
            session,
            project,
            payload.actor.model_dump(),
            "cancellation",
            before,
            {
                **body.model_dump(mode="json"),
                "recovered_vnd": payload.recover_vnd,
                "released_vnd": project.released_vnd,
            },
            document_date=body.document_date,
        )
        return project


# --- reconciliation --------------------------------------------------------------------------


async def reconcile(ctx: SagaContext, *, grace: timedelta) -> dict[str, int]:
    """Finish or undo what a crash left behind; returns counts of what it did."""
    done = {"finished": 0, "undone": 0, "released": 0, "failed": 0}
    async with ctx.step() as session:
        pending = [
            (p.id, p.pending_saga, p.pending_payload, p.commitment_id)
            for p in await repository.pending_sagas(session, utcnow() - grace)
        ]
        idle = [p.id for p in await repository.idle_since(session, utcnow() - timedelta(days=90))]
    for project_id, saga, stored, commitment_id in pending:
        if saga == "plan":  # marked by its plan's approval, which plans/flows.py reconciles
            continue
        try:
            if saga == "approve":
                open_ = [
                    c
                    for c in await ctx.budget.commitments_for(str(project_id))
                    if c.get("status") == "open"
                ]
                if open_:  # the money was committed: the approval is finished
                    approval = ApprovalPayload.model_validate(stored or {})
                    await finish_approval(ctx, project_id, approval, open_[0])
                    done["finished"] += 1
                else:
                    await abandon(ctx, project_id, "approve")
                    done["undone"] += 1
            elif saga == "advance":
                assert commitment_id is not None
                advance = AdvancePayload.model_validate(stored or {})
                commitment = await ctx.budget.commitment(str(commitment_id))
                if int(commitment.get("advanced_vnd", 0)) > advance.advanced_before:
                    await run_saga(ctx, project_id)  # same key: budget replays; we record it
                    done["finished"] += 1
                else:
                    await abandon(ctx, project_id, "advance")
                    done["undone"] += 1
            else:  # settlement, cancellation and changes were decided: carry them through
                await run_saga(ctx, project_id)
                done["finished"] += 1
        except (UpstreamDown, UpstreamRefused):
            done["failed"] += 1
    for project_id in idle:
        try:
            for c in await ctx.budget.commitments_for(str(project_id)):
                if c.get("status") != "open":
                    continue
                remaining = int(c["committed_vnd"]) - int(c["disbursed_vnd"])
                if remaining > 0:
                    await ctx.budget.release(
                        key=f"project:{project_id}:reconcile:release:{c['id']}",
                        commitment_id=str(c["id"]),
                        amount=remaining,
                        reason=ledger_text("ledger.reconciliation_release", None),
                    )
                    done["released"] += 1
        except (UpstreamDown, UpstreamRefused):
            done["failed"] += 1
    return done
