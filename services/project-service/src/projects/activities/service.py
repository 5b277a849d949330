"""Support rules: what a policy allows, said in words the user can check against the circular."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.errors import Unprocessable
from projects.activities import repository
from projects.activities.models import ActivityType, SupportPolicy
from projects.activities.schemas import ActivityCatalog, ActivityTypeOut, CategoryOut, SupportRule

DEFAULT_ADVANCE_CAP_PERCENT = 70


def vnd(amount: int) -> str:
    return f"{amount:,}"


def describe(policy: SupportPolicy) -> str:
    parts = []
    if policy.max_percent is not None:
        parts.append(f"≤ {policy.max_percent}% of total cost")
    if policy.max_vnd is not None:
        parts.append(f"≤ {vnd(policy.max_vnd)} VND")
    rule = " and ".join(parts) or "no limit"
    return f"{rule} ({policy.legal_basis})"


def support_limit(policy: SupportPolicy, total_cost_vnd: int) -> int:
    """The most support the policy allows for this cost, integer VND (percent rounded down)."""
    limit = total_cost_vnd
    if policy.max_percent is not None:
        limit = min(limit, total_cost_vnd * policy.max_percent // 100)
    if policy.max_vnd is not None:
        limit = min(limit, policy.max_vnd)
    return limit


async def require_activity_type(session: AsyncSession, code: str) -> ActivityType:
    activity = await repository.activity_type(session, code)
    if activity is None:
        raise Unprocessable.for_field(
            "activity_type",
            "project.unknown_activity_type",
            code="project.unknown_activity_type",
            params={"activity_type": code},
        )
    return activity


def policy_date(fiscal_year: int, start_on: date | None) -> date:
    return start_on or date(fiscal_year, 1, 1)


async def check_support(
    session: AsyncSession,
    *,
    activity_type: str,
    program_code: str | None,
    on: date,
    total_cost_vnd: int,
    requested_support_vnd: int,
    counterpart_vnd: int,
) -> SupportPolicy | None:
    policy = await repository.policy_for(session, activity_type, program_code, on)
    if policy is not None and requested_support_vnd > support_limit(policy, total_cost_vnd):
        raise Unprocessable.for_field(
            "requested_support_vnd",
            "project.support_above_policy",
            code="project.support_above_policy",
            params={
                "requested_support_vnd": requested_support_vnd,
                "activity_type": activity_type,
                "max_percent": policy.max_percent,
                "max_vnd": policy.max_vnd,
                "legal_basis": policy.legal_basis,
                "limit_vnd": support_limit(policy, total_cost_vnd),
                "total_cost_vnd": total_cost_vnd,
            },
        )
    if requested_support_vnd + counterpart_vnd < total_cost_vnd:
        raise Unprocessable.for_field(
            "counterpart_vnd",
            "project.counterpart_insufficient",
            code="project.counterpart_insufficient",
            params={
                "counterpart_vnd": counterpart_vnd,
                "requested_support_vnd": requested_support_vnd,
                "total_cost_vnd": total_cost_vnd,
            },
        )
    return policy


async def advance_cap_percent(
    session: AsyncSession, activity_type: str, program_code: str | None, on: date
) -> int:
    policy = await repository.policy_for(session, activity_type, program_code, on)
    return policy.advance_cap_percent if policy else DEFAULT_ADVANCE_CAP_PERCENT


async def catalog(
    session: AsyncSession, *, program_code: str | None, on: date | None
) -> ActivityCatalog:
    cats = await repository.categories(session)
    types = await repository.activity_types(session)
    rules = await repository.policies(session, program_code=program_code, on=on)
    by_type: dict[str, list[SupportRule]] = {}
    for p in rules:
        by_type.setdefault(p.activity_type, []).append(
            SupportRule(
                program_code=p.program_code,
                max_percent=p.max_percent,
                max_vnd=p.max_vnd,
                advance_cap_percent=p.advance_cap_percent,
                legal_basis=p.legal_basis,
                note=p.note,
                effective_from=p.effective_from,
                effective_to=p.effective_to,
                rule=describe(p),
            )
        )
    return ActivityCatalog(
        items=[
            CategoryOut(
                code=c.code,
                position=c.position,
                name=c.name,
                name_en=c.name_en,
                activity_types=[
                    ActivityTypeOut(
                        code=t.code,
                        name=t.name,
                        name_en=t.name_en,
                        support_rules=by_type.get(t.code, []),
                    )
                    for t in types
                    if t.category_code == c.code
                ],
            )
            for c in cats
        ]
    )
