"""The rules of the project lifecycle (docs/domain.md §Project lifecycle): queries, drafts
and the local transitions.

Everything here takes the request's session and only flushes. The money steps (approve, advance,
settle, cancel with a commitment) are sagas with transactions of their own: `sagas.py`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date
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
from kc_common.pagination import Page, PageParams, parse_sort
from kc_common.schemas import business_today
from kc_common.text import fold, sort_key
from projects.activities import service as activities
from projects.kpis import service as kpis
from projects.projects import costs, repository
from projects.projects.models import (
    STATUSES,
    TRANSITIONS,
    ProgressReport,
    Project,
    ProjectAction,
    ProjectEvent,
)
from projects.projects.schemas import (
    AcceptanceIn,
    AppraisalIn,
    CategoryStats,
    DocumentDateIn,
    KpiStats,
    ProgressReportIn,
    ProjectCreate,
    ProjectFields,
    ProjectStats,
    ProjectUpdate,
    ReasonIn,
)
from projects.upstream import BudgetClient, RegistryClient


def allowed_actions(project: Project, principal: Principal) -> list[ProjectAction]:
    """The transitions this caller may post on `project` now: by its status, the caller's role
    and, for an enterprise user, whether the project is its own (money steps still answer 409
    while another step is pending)."""
    if principal.role == ENTERPRISE and (
        principal.enterprise_id is None
        or str(project.beneficiary_enterprise_id) != principal.enterprise_id
    ):
        return []
    return [
        action
        for action, step in TRANSITIONS.items()
        if project.status in step.statuses and principal.role in step.roles
    ]


def invalid_transition(project: Project, action: str) -> Conflict:
    return Conflict(
        code="project.invalid_transition",
        params={"action": action, "status": project.status},
        extra={"status": project.status},
    )


def saga_busy(project: Project) -> Conflict:
    return Conflict(
        code="project.saga_in_progress",
        params={"pending_saga": project.pending_saga},
        extra={"pending_saga": project.pending_saga},
    )


def actor_of(principal: Principal) -> dict[str, Any]:
    return {"sub": principal.subject, "username": principal.username, "role": principal.role}


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


def index_title(project: Project) -> None:
    """What is derived from the code and title: the folded text a search matches, and the key
    "by title" sorts by (Vietnamese order)."""
    project.search_text = fold(f"{project.code} {project.title}")
    project.title_key = sort_key(project.title)


async def get(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, *, lock: bool = False
) -> Project:
    return _visible(await repository.get(session, project_id, lock=lock), principal)


SORTS = {
    "code": Project.code,
    "title": Project.title_key,  # Vietnamese order (kc_common.text.sort_key)
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
) -> Page[Project]:
    order = parse_sort(sort, SORTS, "-created_at")
    beneficiary, nothing = _listing_scope(principal)
    if nothing:
        return Page[Any].model_construct(
            items=[], total=0, page=page.page, page_size=page.page_size
        )
    return await repository.search(
        session, filters=filters, q=q, beneficiary=beneficiary, order=order, params=page
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


async def check_beneficiary(
    registry: RegistryClient, enterprise_id: uuid.UUID, *, field: str = "beneficiary_enterprise_id"
) -> None:
    enterprise = await registry.enterprise(str(enterprise_id))
    if enterprise is None:
        raise Unprocessable.for_field(
            field,
            "project.beneficiary_unknown",
            code="project.beneficiary_invalid",
            params={"enterprise_id": str(enterprise_id)},
        )
    if enterprise.get("status") != "active":
        raise Unprocessable.for_field(
            field,
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
        on=activities.policy_date(fields.fiscal_year),
        total_cost_vnd=fields.total_cost_vnd,
        requested_support_vnd=fields.requested_support_vnd,
        counterpart_vnd=fields.counterpart_vnd,
        admin_unit_code=fields.admin_unit_code,
    )
    costs.check(fields)
    return activity.category_code


async def check_program_year(budget: BudgetClient, fiscal_year: int) -> tuple[str, ...]:
    """A project belongs to a program year: refused at creation, not only at approval. Returns
    the codes of the programs covering the year."""
    programs = await budget.programs_of(fiscal_year)
    if not programs:
        raise Unprocessable.for_field(
            "fiscal_year",
            "project.no_program",
            code="project.no_program",
            params={"fiscal_year": fiscal_year},
        )
    return programs


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
    programs = await check_program_year(budget, body.fiscal_year)
    if body.program_code is None and len(programs) == 1:  # programs do not overlap
        # the year's program: its own support rules and priority areas apply (a project
        # proposed on screen, which does not ask, was checked against the national ones only)
        body = body.model_copy(update={"program_code": programs[0]})
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
    index_title(project)
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
    if body.cost_lines is not None:  # every line whole, defaults included
        changes["cost_lines"] = [line.model_dump() for line in body.cost_lines]
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
    index_title(project)
    await record(session, project, actor_of(principal), "update", "draft", changes)
    return project


# --- local transitions -----------------------------------------------------------------------


async def locked_in(
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


def not_pending(project: Project) -> None:
    if project.pending_saga:
        raise saga_busy(project)


async def submit(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: DocumentDateIn | None = None,
) -> Project:
    project = await locked_in(
        session, principal, project_id, TRANSITIONS[ProjectAction.SUBMIT].statuses, "submit"
    )
    project.status = "submitted"
    on = body.document_date if body else None
    await record(session, project, actor_of(principal), "submit", "draft", document_date=on)
    return project


async def appraise(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: AppraisalIn
) -> Project:
    # An appraised project may be appraised again (the latest wins; history keeps both), until
    # an approval has started.
    project = await locked_in(
        session, principal, project_id, TRANSITIONS[ProjectAction.APPRAISAL].statuses, "appraise"
    )
    not_pending(project)
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
    project = await locked_in(
        session, principal, project_id, TRANSITIONS[ProjectAction.REJECTION].statuses, "reject"
    )
    not_pending(project)
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
    project = await locked_in(
        session, principal, project_id, TRANSITIONS[ProjectAction.START].statuses, "start"
    )
    project.status = "in_progress"
    on = body.document_date if body else None
    await record(session, project, actor_of(principal), "start", "approved", document_date=on)
    return project


async def report_progress(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: ProgressReportIn
) -> ProgressReport:
    project = await locked_in(
        session,
        principal,
        project_id,
        TRANSITIONS[ProjectAction.PROGRESS_REPORTS].statuses,
        "report progress on",
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
    project = await locked_in(
        session, principal, project_id, TRANSITIONS[ProjectAction.ACCEPTANCE].statuses, "accept"
    )
    not_pending(project)
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
