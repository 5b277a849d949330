"""The rules of the project lifecycle (DOMAIN.md §Project lifecycle) and its money steps.

Local transitions take the request's session and only flush. Money steps (approve, advance,
settle, cancel with a commitment) are sagas: `claim_*` records the intent (`pending_saga` and its
payload) in a first local transaction, `run_saga` calls budget-service with deterministic
Idempotency-Keys and then finishes the project in a second one. `run_saga` is also what the
reconciliation calls to finish a step that was interrupted, so it only reads the payload.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, false
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
from kc_common.pagination import PageParams, parse_sort
from kc_common.schemas import business_today
from kc_common.text import fold
from projects.activities import service as activities
from projects.kpis import service as kpis
from projects.projects import repository
from projects.projects.models import Payment, ProgressReport, Project, ProjectEvent
from projects.projects.schemas import (
    AcceptanceIn,
    AdvanceIn,
    AppraisalIn,
    ApprovalIn,
    CategoryStats,
    DocumentDateIn,
    KpiStats,
    ProgressReportIn,
    ProjectCreate,
    ProjectFields,
    ProjectStats,
    ProjectUpdate,
    ReasonIn,
    SettlementIn,
)
from projects.saga import SagaContext
from projects.upstream import BudgetClient, RegistryClient, UpstreamDown, UpstreamRefused

CANCELLABLE = ("draft", "submitted", "appraised", "approved", "in_progress")


def invalid_transition(project: Project, action: str) -> Conflict:
    return Conflict(
        code="project.invalid_transition",
        params={"action": action, "status": project.status},
        extra={"status": project.status},
    )


def ledger_text(key: str, snap: dict[str, Any], **params: Any) -> str:
    """The reason a money step gives the budget ledger. The ledger keeps it as written (it is
    hash-chained), so it is written once, in Vietnamese, naming the project by its code."""
    values = {"project_code": snap.get("code") or snap.get("id"), **params}
    return messages.render(key, "vi", values) or key


def saga_busy(project: Project) -> Conflict:
    return Conflict(
        code="project.saga_in_progress",
        params={"pending_saga": project.pending_saga},
        extra={"pending_saga": project.pending_saga},
    )


def actor_of(principal: Principal) -> dict[str, Any]:
    return {"sub": principal.subject, "username": principal.username, "role": principal.role}


def fingerprint(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- reading ---------------------------------------------------------------------------------


def _visible(project: Project | None, principal: Principal) -> Project:
    if project is None:
        raise NotFound(code="project.not_found")
    if principal.role == ENTERPRISE and (
        principal.enterprise_id is None
        or str(project.beneficiary_enterprise_id) != principal.enterprise_id
    ):
        raise NotFound(code="project.not_found")
    return project


async def get(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, *, lock: bool = False
) -> Project:
    return _visible(await repository.get(session, project_id, lock=lock), principal)


SORTS = {
    "code": Project.code,
    "title": Project.search_text,
    "fiscal_year": Project.fiscal_year,
    "status": Project.status,
    "created_at": Project.created_at,
    "updated_at": Project.updated_at,
    "total_cost_vnd": Project.total_cost_vnd,
    "requested_support_vnd": Project.requested_support_vnd,
    "approved_support_vnd": Project.approved_support_vnd,
}


def _listing_scope(principal: Principal) -> tuple[uuid.UUID | None, bool]:
    """(beneficiary to restrict to, whether nothing can match): an enterprise user sees only
    the projects of its own enterprise."""
    if principal.role != ENTERPRISE:
        return None, False
    try:
        return uuid.UUID(principal.enterprise_id or ""), False
    except ValueError:
        return None, True


async def search(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    *,
    filters: dict[str, Any],
    q: str | None,
    sort: str | None,
) -> tuple[Sequence[Project], int]:
    order = parse_sort(sort, SORTS, "-created_at")
    beneficiary, nothing = _listing_scope(principal)
    if nothing:
        return [], 0
    return await repository.search(
        session,
        filters=filters,
        q=q,
        beneficiary=beneficiary,
        order=order,
        offset=page.offset,
        limit=page.page_size,
    )


def export_query(
    principal: Principal, *, filters: dict[str, Any], q: str | None, sort: str | None
) -> Select[Any]:
    """Every project `search` would list for this principal, in the same order."""
    order = parse_sort(sort, SORTS, "-created_at")
    beneficiary, nothing = _listing_scope(principal)
    stmt = repository.export_query(filters=filters, q=q, beneficiary=beneficiary, order=order)
    return stmt.where(false()) if nothing else stmt


async def implementing_units(
    session: AsyncSession, principal: Principal, q: str | None
) -> list[tuple[str, int]]:
    """Implementing units already named on projects the caller may see, the most used first,
    matched on the words of `q` without diacritics (a few dozen distinct names: folded here,
    not in SQL)."""
    beneficiary = None
    if principal.role == ENTERPRISE:
        try:
            beneficiary = uuid.UUID(principal.enterprise_id or "")
        except ValueError:
            return []
    units = await repository.implementing_units(session, beneficiary)
    words = fold(q or "").split()  # every word, in any order: "kinh te thu dau"
    found = [(name, n) for name, n in units if all(w in fold(name) for w in words)]
    return sorted(found, key=lambda u: (-u[1], fold(u[0])))


async def history(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> Sequence[ProjectEvent]:
    await get(session, principal, project_id)
    return await repository.events(session, project_id)


async def progress_reports(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> Sequence[ProgressReport]:
    await get(session, principal, project_id)
    return await repository.progress_reports(session, project_id)


async def stats(session: AsyncSession, fiscal_year: int | None) -> ProjectStats:
    from projects.projects.models import STATUSES

    rows = await repository.stats_rows(session, fiscal_year)
    by_status = dict.fromkeys(STATUSES, 0)
    by_category: dict[str, CategoryStats] = {}
    planned: list[dict[str, Any]] = []
    actual: list[dict[str, Any]] = []
    for p in rows:
        by_status[p.status] = by_status.get(p.status, 0) + 1
        line = by_category.setdefault(
            p.category,
            CategoryStats(
                category=p.category,
                count=0,
                requested_support_vnd=0,
                approved_support_vnd=0,
                accepted_support_vnd=0,
                disbursed_vnd=0,
            ),
        )
        line.count += 1
        line.requested_support_vnd += p.requested_support_vnd
        live = p.status not in ("rejected", "cancelled")
        line.approved_support_vnd += (p.approved_support_vnd or 0) if live else 0
        line.accepted_support_vnd += p.accepted_support_vnd or 0
        line.disbursed_vnd += p.disbursed_vnd
        if live:
            planned.append(p.planned_kpis)
        if p.actual_kpis:
            actual.append(p.actual_kpis)
    lines = await kpis.rollup_of(session, planned, actual)
    return ProjectStats(
        fiscal_year=fiscal_year,
        total=len(rows),
        by_status=by_status,
        by_category=sorted(by_category.values(), key=lambda c: c.category),
        kpis=KpiStats(
            planned={k.code: k.planned for k in lines if k.planned is not None},
            actual={k.code: k.actual for k in lines if k.actual is not None},
            items=lines,
        ),
    )


# --- history ---------------------------------------------------------------------------------


async def record(
    session: AsyncSession,
    project: Project,
    actor: dict[str, Any],
    action: str,
    from_status: str | None,
    payload: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    document_date: date | str | None = None,
) -> ProjectEvent:
    """`document_date`: the date of the step's document (a date or ISO text from a saga's
    payload); none given, the day it is recorded."""
    if isinstance(document_date, str):
        document_date = date.fromisoformat(document_date)
    # the date has its own column; the payload keeps the rest of the request
    payload = {k: v for k, v in (payload or {}).items() if k != "document_date"}
    project.updated_at = utcnow()
    return await repository.add_event(
        session,
        ProjectEvent(
            project_id=project.id,
            at=utcnow(),
            document_date=document_date or business_today(),
            action=action,
            from_status=from_status,
            to_status=project.status,
            actor_sub=str(actor.get("sub")),
            actor_username=actor.get("username"),
            actor_role=str(actor.get("role")),
            payload=json.loads(json.dumps(payload, default=str)),
            idempotency_key=key,
        ),
    )


# --- creating and editing drafts -------------------------------------------------------------


async def check_beneficiary(registry: RegistryClient, enterprise_id: uuid.UUID) -> None:
    enterprise = await registry.enterprise(str(enterprise_id))
    if enterprise is None:
        raise Unprocessable.for_field(
            "beneficiary_enterprise_id",
            "project.beneficiary_unknown",
            code="project.beneficiary_invalid",
            params={"enterprise_id": str(enterprise_id)},
        )
    if enterprise.get("status") != "active":
        raise Unprocessable.for_field(
            "beneficiary_enterprise_id",
            "project.beneficiary_inactive",
            code="project.beneficiary_invalid",
            params={"enterprise_id": str(enterprise_id), "status": enterprise.get("status")},
        )


def _own_enterprise(principal: Principal, beneficiary: uuid.UUID | None) -> uuid.UUID | None:
    """Enterprise users act for their own enterprise only."""
    if principal.role != ENTERPRISE:
        return beneficiary
    if not principal.enterprise_id:
        raise Forbidden(message="project.no_enterprise_bound")
    own = uuid.UUID(principal.enterprise_id)
    if beneficiary is not None and beneficiary != own:
        raise Forbidden(code="project.not_own_enterprise")
    return own


async def _validate(session: AsyncSession, fields: ProjectFields) -> str:
    """The rules on a whole project; returns its category."""
    activity = await activities.require_activity_type(session, fields.activity_type)
    if fields.requested_support_vnd > fields.total_cost_vnd:
        raise Unprocessable.for_field(
            "requested_support_vnd",
            "project.support_above_cost",
            code="project.support_above_policy",
            params={
                "requested_support_vnd": fields.requested_support_vnd,
                "total_cost_vnd": fields.total_cost_vnd,
            },
        )
    await activities.check_support(
        session,
        activity_type=fields.activity_type,
        program_code=fields.program_code,
        on=activities.policy_date(fields.fiscal_year, fields.start_on),
        total_cost_vnd=fields.total_cost_vnd,
        requested_support_vnd=fields.requested_support_vnd,
        counterpart_vnd=fields.counterpart_vnd,
    )
    return activity.category_code


async def check_program_year(budget: BudgetClient, fiscal_year: int) -> None:
    """A project belongs to a program year: refused at creation, not only at approval."""
    if not await budget.program_covers(fiscal_year):
        raise Unprocessable.for_field(
            "fiscal_year",
            "project.no_program",
            code="project.no_program",
            params={"fiscal_year": fiscal_year},
        )


async def create(
    session: AsyncSession,
    registry: RegistryClient,
    principal: Principal,
    body: ProjectCreate,
    *,
    budget: BudgetClient,
) -> Project:
    beneficiary = _own_enterprise(principal, body.beneficiary_enterprise_id)
    body = body.model_copy(update={"beneficiary_enterprise_id": beneficiary})
    # before any write: no lock is held during the HTTP calls
    await check_program_year(budget, body.fiscal_year)
    if beneficiary is not None:
        await check_beneficiary(registry, beneficiary)
    category = await _validate(session, body)
    fields = body.model_dump()
    await kpis.check(session, "planned_kpis", fields["planned_kpis"])
    number = await repository.next_code_number(session, body.fiscal_year)
    code = f"KC-{body.fiscal_year}-{number:04d}"
    project = Project(
        **{k: v for k, v in fields.items() if k != "document_date"},
        code=code,
        category=category,
        search_text=fold(f"{code} {body.title}"),
        status="draft",
        advanced_vnd=0,
        disbursed_vnd=0,
        recovered_vnd=0,
        released_vnd=0,
        percent_complete=0,
        created_by=principal.subject,
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    session.add(project)
    await session.flush()
    await record(
        session,
        project,
        actor_of(principal),
        "create",
        None,
        {"code": code},
        document_date=body.document_date,
    )
    return project


async def update(
    session: AsyncSession,
    registry: RegistryClient,
    principal: Principal,
    project_id: uuid.UUID,
    body: ProjectUpdate,
) -> Project:
    changes = body.model_dump(exclude_unset=True)
    if "beneficiary_enterprise_id" in changes:
        changes["beneficiary_enterprise_id"] = _own_enterprise(
            principal, changes["beneficiary_enterprise_id"]
        )
        if changes["beneficiary_enterprise_id"] is not None:
            await check_beneficiary(registry, changes["beneficiary_enterprise_id"])
    project = await get(session, principal, project_id, lock=True)
    if project.status != "draft":
        raise Conflict(
            code="project.not_editable",
            params={"status": project.status},
            extra={"status": project.status},
        )
    if "fiscal_year" in changes and changes["fiscal_year"] != project.fiscal_year:
        raise Unprocessable.for_field("fiscal_year", "project.fiscal_year_fixed")
    current = {name: getattr(project, name) for name in ProjectFields.model_fields}
    try:
        merged = ProjectFields.model_validate({**current, **changes})
    except ValidationError as exc:
        first = validation_field_error(exc.errors()[0], messages.current_language())
        raise Unprocessable.for_field(
            first.field, first.code or first.message, params=first.params
        ) from exc
    project.category = await _validate(session, merged)
    if "planned_kpis" in changes:
        await kpis.check(session, "planned_kpis", changes["planned_kpis"])
    for name, value in changes.items():
        setattr(project, name, value)
    project.search_text = fold(f"{project.code} {project.title}")
    await record(session, project, actor_of(principal), "update", "draft", changes)
    return project


# --- local transitions -----------------------------------------------------------------------


async def _locked_in(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    statuses: tuple[str, ...],
    action: str,
) -> Project:
    """The project, row-locked for this transition; 409 `project.invalid_transition` unless its
    status is one of `statuses`."""
    project = await get(session, principal, project_id, lock=True)
    if project.status not in statuses:
        raise invalid_transition(project, action)
    return project


def _not_pending(project: Project) -> None:
    if project.pending_saga:
        raise saga_busy(project)


async def submit(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: DocumentDateIn | None = None,
) -> Project:
    project = await _locked_in(session, principal, project_id, ("draft",), "submit")
    project.status = "submitted"
    on = body.document_date if body else None
    await record(session, project, actor_of(principal), "submit", "draft", document_date=on)
    return project


async def appraise(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: AppraisalIn
) -> Project:
    # An appraised project may be appraised again (the latest wins; history keeps both), until
    # an approval has started.
    project = await _locked_in(
        session, principal, project_id, ("submitted", "appraised"), "appraise"
    )
    _not_pending(project)
    before = project.status
    recommended = body.recommended_support_vnd
    if body.recommendation == "approve":
        recommended = project.requested_support_vnd if recommended is None else recommended
        if recommended > project.requested_support_vnd:
            raise Unprocessable.for_field(
                "recommended_support_vnd",
                "project.recommended_above_requested",
                code="project.recommended_above_requested",
                params={"requested_support_vnd": project.requested_support_vnd},
            )
    project.appraisal_score = body.score
    project.recommended_support_vnd = recommended
    project.status = {"approve": "appraised", "reject": "rejected", "revise": "draft"}[
        body.recommendation
    ]
    await record(
        session,
        project,
        actor_of(principal),
        "appraisal",
        before,
        body.model_dump(),
        document_date=body.document_date,
    )
    return project


async def reject(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: ReasonIn
) -> Project:
    project = await _locked_in(session, principal, project_id, ("submitted", "appraised"), "reject")
    _not_pending(project)
    before = project.status
    project.status = "rejected"
    await record(
        session,
        project,
        actor_of(principal),
        "rejection",
        before,
        body.model_dump(),
        document_date=body.document_date,
    )
    return project


async def start(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: DocumentDateIn | None = None,
) -> Project:
    project = await _locked_in(session, principal, project_id, ("approved",), "start")
    project.status = "in_progress"
    on = body.document_date if body else None
    await record(session, project, actor_of(principal), "start", "approved", document_date=on)
    return project


async def report_progress(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: ProgressReportIn
) -> ProgressReport:
    project = await _locked_in(
        session, principal, project_id, ("in_progress",), "report progress on"
    )
    reported = body.model_dump()["kpis"]
    await kpis.check(session, "kpis", reported)
    report = ProgressReport(
        project_id=project.id,
        period=body.period,
        percent_complete=body.percent_complete,
        notes=body.notes,
        kpis=reported,
        reported_by=principal.subject,
        created_at=utcnow(),
    )
    session.add(report)
    project.percent_complete = body.percent_complete
    await session.flush()
    await record(
        session,
        project,
        actor_of(principal),
        "progress_report",
        "in_progress",
        body.model_dump(),
        document_date=body.document_date,
    )
    return report


async def accept(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: AcceptanceIn
) -> Project:
    project = await _locked_in(session, principal, project_id, ("in_progress",), "accept")
    _not_pending(project)
    approved = project.approved_support_vnd or 0
    if body.accepted_support_vnd > approved:
        raise Unprocessable.for_field(
            "accepted_support_vnd",
            "project.accepted_above_approved",
            code="project.accepted_above_approved",
            params={
                "accepted_support_vnd": body.accepted_support_vnd,
                "approved_support_vnd": approved,
            },
        )
    if body.accepted_on < (project.decision_date or body.accepted_on):
        raise Unprocessable.for_field(
            "accepted_on",
            "project.acceptance_before_decision",
            params={"decision_date": project.decision_date.isoformat()}
            if project.decision_date
            else None,
        )
    actual = body.model_dump()["actual_kpis"]
    await kpis.check(session, "actual_kpis", actual)
    project.status = "accepted"
    project.accepted_on = body.accepted_on
    project.acceptance_record_number = body.record_number
    project.accepted_support_vnd = body.accepted_support_vnd
    project.actual_kpis = actual
    project.percent_complete = 100
    payload = {**body.model_dump(), "planned_kpis": project.planned_kpis}
    await record(
        session,
        project,
        actor_of(principal),
        "acceptance",
        "in_progress",
        payload,
        document_date=body.accepted_on,
    )
    return project


# --- money steps (sagas) ---------------------------------------------------------------------


def _replay_or_none(project: Project, saga: str, payload: dict[str, Any]) -> None:
    """A retry of a pending step must be the same request; anything else waits."""
    if project.pending_saga is None:
        return
    if project.pending_saga != saga or (project.pending_payload or {}).get("hash") != payload.get(
        "hash"
    ):
        raise saga_busy(project)


async def _claim(
    session: AsyncSession, project: Project, saga: str, payload: dict[str, Any]
) -> dict[str, Any]:
    _replay_or_none(project, saga, payload)
    project.pending_saga = saga
    project.pending_payload = payload
    project.pending_since = utcnow()
    await session.flush()
    return payload


async def claim_approval(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: ApprovalIn,
    key: str | None,
) -> dict[str, Any] | None:
    """Validate an approval and record it as pending. None: a replay of a finished approval."""
    project = await get(session, principal, project_id, lock=True)
    if key and await repository.event_with_key(session, project.id, "approval", key):
        return None
    if project.status != "appraised":
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
    payload = {
        "hash": fingerprint(money),
        "key": f"project:{project.id}:approve",
        "client_key": key,
        "body": body.model_dump(mode="json"),
        "actor": actor_of(principal),
        "fiscal_year": project.fiscal_year,
        "category": project.category,
    }
    return await _claim(session, project, "approve", payload)


async def claim_advance(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: AdvanceIn,
    key: str | None,
) -> dict[str, Any] | None:
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
        n = await repository.count_payments(session, project.id, "advance") + 1
        budget_key = f"project:{project.id}:advance:{n}"
    if project.status not in ("approved", "in_progress"):
        raise invalid_transition(project, "pay an advance on")
    cap_percent = await activities.advance_cap_percent(
        session,
        project.activity_type,
        project.program_code,
        activities.policy_date(project.fiscal_year, project.start_on),
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
    payload = {
        "hash": request_hash,
        "key": budget_key,
        "body": body.model_dump(mode="json"),
        "actor": actor_of(principal),
        "advanced_before": project.advanced_vnd,
    }
    return await _claim(session, project, "advance", payload)


async def claim_settlement(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: SettlementIn,
    key: str | None,
) -> dict[str, Any] | None:
    project = await get(session, principal, project_id, lock=True)
    if key and await repository.event_with_key(session, project.id, "settlement", key):
        return None
    if project.status != "accepted":
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
    payload = {
        "hash": fingerprint(body.model_dump(mode="json")),
        "client_key": key,
        "body": body.model_dump(mode="json"),
        "actor": actor_of(principal),
        "final_vnd": max(accepted - paid, 0),
        "recover_vnd": max(paid - accepted, 0),
    }
    return await _claim(session, project, "settle", payload)


async def cancel_or_claim(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: ReasonIn
) -> tuple[Project, dict[str, Any] | None]:
    """Cancel at once when no money is committed; else claim the cancellation saga."""
    project = await _locked_in(session, principal, project_id, CANCELLABLE, "cancel")
    if project.commitment_id is None:
        _not_pending(project)
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
    payload = {
        "hash": fingerprint(body.model_dump(mode="json")),
        "body": body.model_dump(mode="json"),
        "actor": actor_of(principal),
        "recover_vnd": project.disbursed_vnd,
    }
    return project, await _claim(session, project, "cancel", payload)


async def run_saga(ctx: SagaContext, project_id: uuid.UUID) -> Project:
    """Do (or finish) the pending money step of a project; idempotent, safe to repeat."""
    async with ctx.step() as session:
        project = await repository.get(session, project_id)
        if project is None:
            raise NotFound(code="project.not_found")
        saga, payload = project.pending_saga, dict(project.pending_payload or {})
        snapshot = {
            "id": str(project.id),
            "code": project.code,
            "fiscal_year": project.fiscal_year,
            "category": project.category,
            "commitment_id": str(project.commitment_id) if project.commitment_id else None,
        }
    if saga is None:
        return project
    runs = {
        "approve": _run_approval,
        "advance": _run_advance,
        "settle": _run_settlement,
        "cancel": _run_cancellation,
    }
    progress = Progress()
    try:
        return await runs[saga](ctx, project_id, snapshot, payload, progress)
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


async def _run_approval(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: dict[str, Any],
    payload: dict[str, Any],
    progress: Progress,
) -> Project:
    body = payload["body"]
    commitment = await ctx.budget.commit(
        key=payload["key"],
        project_id=snap["id"],
        fiscal_year=snap["fiscal_year"],
        category=snap["category"],
        source=body["funding_source"],
        amount=body["approved_support_vnd"],
        document_date=body["decision_date"],
    )
    return await finish_approval(ctx, project_id, payload, commitment)


async def finish_approval(
    ctx: SagaContext, project_id: uuid.UUID, payload: dict[str, Any], commitment: dict[str, Any]
) -> Project:
    body = payload["body"]
    async with ctx.step() as session:
        project, mine = await _finish(session, project_id, "approve")
        if not mine:
            return project
        project.status = "approved"
        project.commitment_id = uuid.UUID(str(commitment["id"]))
        project.approved_support_vnd = body["approved_support_vnd"]
        project.funding_source = body["funding_source"]
        project.decision_number = body["decision_number"]
        project.decision_date = datetime.strptime(body["decision_date"], "%Y-%m-%d").date()
        await record(
            session,
            project,
            payload["actor"],
            "approval",
            "appraised",
            {**body, "commitment_id": str(commitment["id"]), "idempotency_key": payload["key"]},
            key=payload.get("client_key"),
            document_date=body["decision_date"],
        )
        return project


async def _run_advance(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: dict[str, Any],
    payload: dict[str, Any],
    progress: Progress,
) -> Project:
    body = payload["body"]
    entry = await ctx.budget.disburse(
        key=payload["key"],
        commitment_id=snap["commitment_id"],
        amount=body["amount_vnd"],
        kind="advance",
        reference=body["reference"],
        document_date=body.get("document_date"),
    )
    return await finish_advance(ctx, project_id, payload, entry)


async def finish_advance(
    ctx: SagaContext, project_id: uuid.UUID, payload: dict[str, Any], entry: Any
) -> Project:
    body = payload["body"]
    async with ctx.step() as session:
        project, mine = await _finish(session, project_id, "advance")
        if not mine:
            return project
        amount = int(body["amount_vnd"])
        payment = _payment(project, "advance", amount, payload["key"], body["reference"], entry)
        payment.request_hash = payload["hash"]
        session.add(payment)
        project.advanced_vnd += amount
        project.disbursed_vnd += amount
        await record(
            session,
            project,
            payload["actor"],
            "advance",
            project.status,
            {**body, "idempotency_key": payload["key"], "disbursement": entry},
            document_date=body.get("document_date") or _voucher_date(entry),
        )
        return project


def _voucher_date(entry: Any) -> str | None:
    """The date budget gave the voucher (the day it was paid) when the request named none, so
    history and ledger agree."""
    return entry.get("document_date") if isinstance(entry, dict) else None


async def _remaining(ctx: SagaContext, commitment_id: str) -> tuple[int, dict[str, Any]]:
    commitment = await ctx.budget.commitment(commitment_id)
    return int(commitment["committed_vnd"]) - int(commitment["disbursed_vnd"]), commitment


async def _run_settlement(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: dict[str, Any],
    payload: dict[str, Any],
    progress: Progress,
) -> Project:
    pid, cid, body = snap["id"], snap["commitment_id"], payload["body"]
    steps: dict[str, Any] = {}
    if payload["final_vnd"] > 0:
        steps["final"] = await ctx.budget.disburse(
            key=f"project:{pid}:settle:final",
            commitment_id=cid,
            amount=payload["final_vnd"],
            kind="final",
            reference=body["reference"],
            document_date=body["settled_on"],
        )
        progress.applied = True
    if payload["recover_vnd"] > 0:
        steps["recovery"] = await ctx.budget.recover(
            key=f"project:{pid}:settle:recovery",
            commitment_id=cid,
            amount=payload["recover_vnd"],
            reason=ledger_text("ledger.settlement_recovery", snap),
            reference=body["reference"],
            document_date=body["settled_on"],
        )
        progress.applied = True
    remaining, commitment = await _remaining(ctx, cid)
    if remaining > 0:
        commitment = await ctx.budget.release(
            key=f"project:{pid}:settle:release",
            commitment_id=cid,
            amount=remaining,
            reason=ledger_text("ledger.settlement_release", snap),
            document_date=body["settled_on"],
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
                    payload["final_vnd"],
                    f"project:{pid}:settle:final",
                    body["reference"],
                    steps["final"],
                )
            )
        if "recovery" in steps:
            session.add(
                _payment(
                    project,
                    "recovery",
                    payload["recover_vnd"],
                    f"project:{pid}:settle:recovery",
                    body["reference"],
                    steps["recovery"],
                )
            )
        project.disbursed_vnd = int(commitment["disbursed_vnd"])
        project.recovered_vnd += payload["recover_vnd"]
        project.released_vnd = int(commitment.get("released_vnd", 0))
        project.status = "settled"
        project.settled_on = datetime.strptime(body["settled_on"], "%Y-%m-%d").date()
        await record(
            session,
            project,
            payload["actor"],
            "settlement",
            "accepted",
            {
                **body,
                "final_vnd": payload["final_vnd"],
                "recovered_vnd": payload["recover_vnd"],
                "released_vnd": project.released_vnd,
            },
            key=payload.get("client_key"),
            document_date=body["settled_on"],
        )
        return project


async def _run_cancellation(
    ctx: SagaContext,
    project_id: uuid.UUID,
    snap: dict[str, Any],
    payload: dict[str, Any],
    progress: Progress,
) -> Project:
    pid, cid, body = snap["id"], snap["commitment_id"], payload["body"]
    recovery = None
    if payload["recover_vnd"] > 0:
        recovery = await ctx.budget.recover(
            key=f"project:{pid}:cancel:recovery",
            commitment_id=cid,
            amount=payload["recover_vnd"],
            reason=ledger_text("ledger.cancellation", snap, reason=body["reason"])[:500],
            reference=ledger_text("ledger.cancellation_reference", snap)[:200],
            document_date=body.get("document_date"),
        )
        progress.applied = True
    remaining, commitment = await _remaining(ctx, cid)
    if remaining > 0:
        commitment = await ctx.budget.release(
            key=f"project:{pid}:cancel:release",
            commitment_id=cid,
            amount=remaining,
            reason=ledger_text("ledger.cancellation", snap, reason=body["reason"])[:500],
            document_date=body.get("document_date"),
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
                    payload["recover_vnd"],
                    f"project:{pid}:cancel:recovery",
                    f"cancellation of project {pid}",
                    recovery,
                )
            )
        project.recovered_vnd += payload["recover_vnd"]
        project.disbursed_vnd = int(commitment["disbursed_vnd"])
        project.released_vnd = int(commitment.get("released_vnd", 0))
        project.status = "cancelled"
        await record(
            session,
            project,
            payload["actor"],
            "cancellation",
            before,
            {
                **body,
                "recovered_vnd": payload["recover_vnd"],
                "released_vnd": project.released_vnd,
            },
            document_date=body.get("document_date"),
        )
        return project


# --- reconciliation --------------------------------------------------------------------------


async def reconcile(ctx: SagaContext, *, grace: timedelta) -> dict[str, int]:
    """Finish or undo what a crash left behind; returns counts of what it did."""
    done = {"finished": 0, "undone": 0, "released": 0, "failed": 0}
    async with ctx.step() as session:
        pending = [
            (p.id, p.pending_saga, dict(p.pending_payload or {}), p.commitment_id)
            for p in await repository.pending_sagas(session, utcnow() - grace)
        ]
        idle = [p.id for p in await repository.idle_since(session, utcnow() - timedelta(days=90))]
    for project_id, saga, payload, commitment_id in pending:
        try:
            if saga == "approve":
                open_ = [
                    c
                    for c in await ctx.budget.commitments_for(str(project_id))
                    if c.get("status") == "open"
                ]
                if open_:  # the money was committed: the approval is finished
                    await finish_approval(ctx, project_id, payload, open_[0])
                    done["finished"] += 1
                else:
                    await abandon(ctx, project_id, "approve")
                    done["undone"] += 1
            elif saga == "advance":
                assert commitment_id is not None
                commitment = await ctx.budget.commitment(str(commitment_id))
                if int(commitment.get("advanced_vnd", 0)) > int(payload["advanced_before"]):
                    await run_saga(ctx, project_id)  # same key: budget replays; we record it
                    done["finished"] += 1
                else:
                    await abandon(ctx, project_id, "advance")
                    done["undone"] += 1
            else:  # settlement and cancellation were decided: carry them through
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
                        reason=ledger_text("ledger.reconciliation_release", {}),
                    )
                    done["released"] += 1
        except (UpstreamDown, UpstreamRefused):
            done["failed"] += 1
    return done
