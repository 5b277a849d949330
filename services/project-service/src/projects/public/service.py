"""Published projects: those a decision approved (approved and later, and approved ones later
cancelled), with the registry facts the public may see."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from kc_common.pagination import PageParams
from kc_common.text import like_pattern
from projects.changes.models import ChangeRequest
from projects.projects.models import Payment, Project, ProjectEvent
from projects.public.directory import Beneficiary, Commune, RegistryDirectory
from projects.public.schemas import (
    CommuneSupport,
    PublicBeneficiary,
    PublicChange,
    PublicCommune,
    PublicDisbursement,
    PublicProject,
    PublicProjectDetail,
)

PUBLISHED = ("approved", "in_progress", "accepted", "settled")
PAID_KINDS = ("advance", "final", "recovery")
FILTERS = ("fiscal_year", "category", "activity_type", "admin_unit_code", "status", "level")


def published() -> Select[Any]:
    """Approved and later; a cancelled project only if a decision had approved it."""
    return select(Project).where(
        or_(
            Project.status.in_(PUBLISHED),
            (Project.status == "cancelled") & Project.decision_number.is_not(None),
        )
    )


def _filtered(filters: dict[str, Any], q: str | None) -> Select[Any]:
    stmt = published()
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Project, name) == value)
    if q and q.strip():
        stmt = stmt.where(Project.search_text.like(like_pattern(q), escape="\\"))
    return stmt


async def search(
    session: AsyncSession, page: PageParams, filters: dict[str, Any], q: str | None
) -> tuple[Sequence[Project], int]:
    stmt = _filtered(filters, q)
    total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = await session.scalars(
        stmt.order_by(Project.fiscal_year.desc(), Project.code.asc())
        .offset(page.offset)
        .limit(page.page_size)
    )
    return rows.all(), int(total or 0)


async def all_of(
    session: AsyncSession, filters: dict[str, Any], q: str | None = None, *, limit: int
) -> Sequence[Project]:
    rows = await session.scalars(
        _filtered(filters, q).order_by(Project.fiscal_year, Project.code).limit(limit)
    )
    return rows.all()


async def by_code(session: AsyncSession, code: str) -> Project | None:
    rows = await session.scalars(published().where(Project.code == code))
    return rows.one_or_none()


@dataclass(frozen=True)
class Paid:
    """Money paid on a project, dated by its document (the voucher, the settlement), not by when
    it was recorded."""

    id: uuid.UUID
    kind: str
    amount_vnd: int  # a recovery is negative
    on: date


async def payments(session: AsyncSession, projects: Sequence[Project]) -> dict[Any, list[Paid]]:
    """The money paid on each project (advances, final payments, recoveries), oldest first. The
    date is the document date of the history entry that recorded the payment (written in the same
    step, just after it)."""
    if not projects:
        return {}
    ids = [p.id for p in projects]
    rows = await session.scalars(
        select(Payment)
        .where(Payment.project_id.in_(ids), Payment.kind.in_(PAID_KINDS))
        .order_by(Payment.created_at, Payment.id)
    )
    events: dict[Any, list[ProjectEvent]] = defaultdict(list)
    for event in await session.scalars(
        select(ProjectEvent).where(ProjectEvent.project_id.in_(ids)).order_by(ProjectEvent.at)
    ):
        events[event.project_id].append(event)
    found: dict[Any, list[Paid]] = defaultdict(list)
    for payment in rows:
        recorded = next((e for e in events[payment.project_id] if e.at >= payment.created_at), None)
        sign = -1 if payment.kind == "recovery" else 1
        found[payment.project_id].append(
            Paid(
                id=payment.id,
                kind=payment.kind,
                amount_vnd=sign * payment.amount_vnd,
                on=recorded.document_date if recorded else payment.created_at.date(),
            )
        )
    return found


def disbursement(paid: Paid) -> PublicDisbursement:
    return PublicDisbursement(
        kind=paid.kind,  # one of PAID_KINDS (the query)
        amount_vnd=paid.amount_vnd,
        date=paid.on,
    )


class Facts:
    """The registry facts for a set of projects, looked up once for all of them."""

    def __init__(
        self, beneficiaries: dict[str, Beneficiary | None], communes: dict[str, Commune]
    ) -> None:
        self.beneficiaries = beneficiaries
        self.communes = communes

    @classmethod
    async def of(cls, directory: RegistryDirectory, projects: Sequence[Project]) -> Facts:
        ids = {str(p.beneficiary_enterprise_id) for p in projects if p.beneficiary_enterprise_id}
        codes = {p.admin_unit_code for p in projects if p.admin_unit_code}
        return cls(await directory.beneficiaries(ids), await directory.communes(codes))

    def commune(self, code: str | None) -> PublicCommune | None:
        if not code:
            return None
        c = self.communes.get(code)
        if c is None:
            return PublicCommune(code=code)
        return PublicCommune(
            code=c.code, name=c.name, current_code=c.current_code, current_name=c.current_name
        )

    def beneficiary(self, project: Project) -> PublicBeneficiary | None:
        if project.beneficiary_enterprise_id is None:
            return None
        b = self.beneficiaries.get(str(project.beneficiary_enterprise_id))
        if b is None:
            return None
        return PublicBeneficiary(
            kind=b.kind,
            name=b.name,
            commune_code=b.admin_unit_code,
            trade_code=b.trade_code,
            trade_name=b.trade_name,
        )

    def project(self, p: Project) -> PublicProject:
        return PublicProject(
            code=p.code,
            title=p.title,
            category=p.category,
            activity_type=p.activity_type,
            level=p.level,
            fiscal_year=p.fiscal_year,
            status=p.status,  # published() admits these only
            commune=self.commune(p.admin_unit_code),
            beneficiary=self.beneficiary(p),
            funding_source=p.funding_source,
            decision_number=p.decision_number,
            decision_date=p.decision_date,
            start_on=p.start_on,
            end_on=p.end_on,
            approved_support_vnd=p.approved_support_vnd or 0,
            disbursed_vnd=p.disbursed_vnd,
            accepted_support_vnd=p.accepted_support_vnd,
            accepted_on=p.accepted_on,
            settled_on=p.settled_on,
        )

    def detail(
        self, p: Project, paid: Sequence[Paid], changes: Sequence[ChangeRequest] = ()
    ) -> PublicProjectDetail:
        return PublicProjectDetail(
            **self.project(p).model_dump(),
            disbursements=[disbursement(x) for x in paid],
            changes=[public_change(c) for c in changes],
        )


def public_change(c: ChangeRequest) -> PublicChange:
    """What a decision changed, as published: the kind and the decision, and for money the
    approved support before and after (the other values may name people or places)."""
    budget = c.kind == "budget"
    return PublicChange(
        kind=c.kind,
        decision_number=c.decision_number,
        decision_date=c.decision_date,
        approved_support_before_vnd=(c.previous or {}).get("approved_support_vnd")
        if budget
        else None,
        approved_support_after_vnd=c.changes.get("approved_support_vnd") if budget else None,
    )


def by_commune(facts: Facts, projects: Sequence[Project]) -> list[CommuneSupport]:
    """Support per commune as it is today (old communes counted in the one they became)."""
    sums: dict[str, dict[str, Any]] = {}
    for p in projects:
        commune = facts.commune(p.admin_unit_code)
        if commune is None:
            continue
        key = commune.current_code or commune.code
        row = sums.setdefault(
            key,
            {
                "commune": PublicCommune(
                    code=key,
                    name=commune.current_name or commune.name,
                    current_code=key,
                    current_name=commune.current_name or commune.name,
                ),
                "projects": 0,
                "approved_support_vnd": 0,
                "disbursed_vnd": 0,
            },
        )
        row["projects"] += 1
        row["approved_support_vnd"] += p.approved_support_vnd or 0
        row["disbursed_vnd"] += p.disbursed_vnd
    items = [CommuneSupport(**row) for row in sums.values()]
    return sorted(items, key=lambda r: (-r.approved_support_vnd, r.commune.code))


async def published_years(session: AsyncSession) -> list[int]:
    stmt = published().subquery()
    rows = await session.scalars(select(stmt.c.fiscal_year).distinct().order_by(stmt.c.fiscal_year))
    return [int(y) for y in rows]
