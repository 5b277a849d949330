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


def support_limit(policy: SupportPolicy, total_cost_vnd: int, uplift_percent: int = 100) -> int:
    """The most support the policy allows for this cost, integer VND (rounded down); in a
    priority area both the percentage and the cap are raised by `uplift_percent` (≤ 150), and
    support never exceeds the cost."""
    limit = total_cost_vnd
    if policy.max_percent is not None:
        limit = min(limit, total_cost_vnd * policy.max_percent * uplift_percent // 10_000)
    if policy.max_vnd is not None:
        limit = min(limit, policy.max_vnd * uplift_percent // 100)
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


def policy_date(fiscal_year: int) -> date:
    """A project follows the policy in force on 1 January of its fiscal year: the year's plan is
    made on those rules, and a later change of the project's dates never changes its policy."""
    return date(fiscal_year, 1, 1)


async def uplift_percent(
    session: AsyncSession, admin_unit_code: str | None, program_code: str | None, on: date
) -> int:
    """100, or more for a unit a program marks as a priority area (the program's own mark
    first, then one for every program)."""
    if not admin_unit_code:
        return 100
    area = await repository.priority_area(session, admin_unit_code, program_code, on)
    return area.uplift_percent if area else 100


async def check_support(
    session: AsyncSession,
    *,
    activity_type: str,
    program_code: str | None,
    on: date,
    total_cost_vnd: int,
    requested_support_vnd: int,
    counterpart_vnd: int,
    admin_unit_code: str | None = None,
    field: str = "requested_support_vnd",
    counterpart_field: str = "counterpart_vnd",
) -> SupportPolicy | None:
    """422 naming `field` if the support is above the policy (raised in a priority area);
    422 `project.counterpart_insufficient` if support and counterpart do not cover the cost."""
    policy = await repository.policy_for(session, activity_type, program_code, on)
    uplift = await uplift_percent(session, admin_unit_code, program_code, on)
    limit = support_limit(policy, total_cost_vnd, uplift) if policy else total_cost_vnd
    if policy is not None and requested_support_vnd > limit:
        # the code is for clients; the words name the activity as the circular does
        activity = await repository.activity_type(session, activity_type)
        raise Unprocessable.for_field(
            field,
            "project.support_above_policy",
            code="project.support_above_policy",
            params={
                "requested_support_vnd": requested_support_vnd,
                "activity_type": activity_type,
                "activity_name": activity.name if activity else activity_type,
                "activity_name_en": activity.name_en if activity else activity_type,
                "max_percent": policy.max_percent,
                "max_vnd": policy.max_vnd,
                "legal_basis": policy.legal_basis,
                "limit_vnd": limit,
                "total_cost_vnd": total_cost_vnd,
                "uplift_percent": uplift,
            },
        )
    if requested_support_vnd + counterpart_vnd < total_cost_vnd:
        raise Unprocessable.for_field(
            counterpart_field,
            "project.counterpart_insufficient",
            code="project.counterpart_insufficient",
            params={
                "counterpart_vnd": counterpart_vnd,
                "requested_support_vnd": requested_support_vnd,
                "total_cost_vnd": total_cost_vnd,
            },
        )
    return policy


async def advance_rule(
    session: AsyncSession, activity_type: str, program_code: str | None, on: date
) -> tuple[int, int | None]:
    """(the share of the approved support that may be advanced before acceptance, the progress
    that must be passed first or None): 70% by default, 30% for cluster infrastructure once
    more than half is done, nothing for enterprise founding (paid after acceptance)."""
    policy = await repository.policy_for(session, activity_type, program_code, on)
    if policy is None:
        return DEFAULT_ADVANCE_CAP_PERCENT, None
    return policy.advance_cap_percent, policy.advance_min_percent_complete


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
                advance_min_percent_complete=p.advance_min_percent_complete,
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
