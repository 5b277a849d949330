"""Every statement on the year plan. Limits are conditions of the UPDATE itself (plus CHECKs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from budget.plan.models import AllocationLine, Appropriation, CarryOver, SourceBudget
from kc_common.db import dialect_insert
from kc_common.pagination import Page, PageParams, paginate

S = cast(Table, SourceBudget.__table__)
L = cast(Table, AllocationLine.__table__)
A = cast(Table, Appropriation.__table__)
C = cast(Table, CarryOver.__table__)


async def add_appropriation(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(A.insert().values(**values))


async def add_to_source(
    session: AsyncSession,
    year: int,
    source: str,
    *,
    appropriated: int,
    allocated: int = 0,
    carried_in: int = 0,
) -> Any:
    """Create the year × source row or add to it; returns the new totals."""
    stmt = dialect_insert(session, S).values(
        fiscal_year=year,
        funding_source=source,
        appropriated_vnd=appropriated,
        allocated_vnd=allocated,
        carried_in_vnd=carried_in,
        carried_out_vnd=0,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["fiscal_year", "funding_source"],
        set_={
            "appropriated_vnd": S.c.appropriated_vnd + appropriated,
            "allocated_vnd": S.c.allocated_vnd + allocated,
            "carried_in_vnd": S.c.carried_in_vnd + carried_in,
        },
    ).returning(*S.c)
    return (await session.execute(stmt)).one()


async def reserve_allocation(session: AsyncSession, year: int, source: str, amount: int) -> bool:
    """allocated += amount only while it stays within the appropriation (row lock held)."""
    stmt = (
        update(S)
        .where(
            S.c.fiscal_year == year,
            S.c.funding_source == source,
            S.c.allocated_vnd + amount <= S.c.appropriated_vnd,
        )
        .values(allocated_vnd=S.c.allocated_vnd + amount)
        .returning(S.c.allocated_vnd)
    )
    return (await session.execute(stmt)).first() is not None


async def add_to_line(
    session: AsyncSession,
    year: int,
    category: str,
    source: str,
    amount: int,
    *,
    carried_in: int = 0,
) -> Any:
    stmt = dialect_insert(session, L).values(
        fiscal_year=year,
        category=category,
        funding_source=source,
        allocated_vnd=amount,
        committed_vnd=0,
        direct_committed_vnd=0,
        disbursed_vnd=0,
        carried_in_vnd=carried_in,
        carried_out_vnd=0,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["fiscal_year", "category", "funding_source"],
        set_={
            "allocated_vnd": L.c.allocated_vnd + amount,
            "carried_in_vnd": L.c.carried_in_vnd + carried_in,
        },
    ).returning(*L.c)
    return (await session.execute(stmt)).one()


async def take_from_line(
    session: AsyncSession, year: int, category: str, source: str, amount: int
) -> Any:
    """allocated -= amount only if that much of the line is uncommitted."""
    stmt = (
        update(L)
        .where(
            L.c.fiscal_year == year,
            L.c.category == category,
            L.c.funding_source == source,
            L.c.allocated_vnd - L.c.committed_vnd >= amount,
        )
        .values(allocated_vnd=L.c.allocated_vnd - amount)
        .returning(*L.c)
    )
    return (await session.execute(stmt)).first()


async def get_line(session: AsyncSession, year: int, category: str, source: str) -> Any:
    stmt = select(L).where(
        L.c.fiscal_year == year, L.c.category == category, L.c.funding_source == source
    )
    return (await session.execute(stmt)).first()


async def lines(session: AsyncSession, year: int) -> Sequence[Any]:
    return (await session.execute(select(L).where(L.c.fiscal_year == year))).all()


async def sources(session: AsyncSession, year: int, *, lock: bool = False) -> Sequence[Any]:
    stmt = select(S).where(S.c.fiscal_year == year).order_by(S.c.funding_source)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).all()


async def appropriations_page(session: AsyncSession, year: int, params: PageParams) -> Page[Any]:
    stmt = select(A).where(A.c.fiscal_year == year).order_by(A.c.created_at, A.c.id)
    return await paginate(session, stmt, params)


async def carry_over_exists(session: AsyncSession, year: int) -> bool:
    stmt = select(C.c.fiscal_year).where(C.c.fiscal_year == year)
    return (await session.execute(stmt)).first() is not None


async def insert_carry_over(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(C.insert().values(**values))


async def set_carry_over_amount(session: AsyncSession, year: int, amount: int) -> None:
    await session.execute(update(C).where(C.c.fiscal_year == year).values(amount_vnd=amount))


async def sweep_lines(session: AsyncSession, year: int) -> Sequence[Any]:
    """Move every line's uncommitted allocation out (allocated := committed); return the moves.

    Right-hand sides see the old row, so carried_out = old allocated − committed. Runs once per
    year (guarded by the carry_overs primary key), so carried_out was zero before.
    """
    stmt = (
        update(L)
        .where(L.c.fiscal_year == year, L.c.allocated_vnd > L.c.committed_vnd)
        .values(
            allocated_vnd=L.c.committed_vnd,
            carried_out_vnd=L.c.allocated_vnd - L.c.committed_vnd,
        )
        .returning(L.c.category, L.c.funding_source, L.c.carried_out_vnd)
    )
    return (await session.execute(stmt)).all()


async def sweep_source(session: AsyncSession, year: int, source: str, from_lines: int) -> Any:
    """Take `from_lines` off the allocation and everything unallocated off the appropriation."""
    stmt = (
        update(S)
        .where(S.c.fiscal_year == year, S.c.funding_source == source)
        .values(
            appropriated_vnd=S.c.allocated_vnd - from_lines,
            allocated_vnd=S.c.allocated_vnd - from_lines,
            carried_out_vnd=S.c.appropriated_vnd - S.c.allocated_vnd + from_lines,
        )
        .returning(S.c.carried_out_vnd)
    )
    return (await session.execute(stmt)).first()


async def execution_by_year(session: AsyncSession) -> tuple[Sequence[Any], Sequence[Any]]:
    src = (
        await session.execute(
            select(
                S.c.fiscal_year,
                func.sum(S.c.appropriated_vnd),
                func.sum(S.c.allocated_vnd),
            ).group_by(S.c.fiscal_year)
        )
    ).all()
    lns = (
        await session.execute(
            select(
                L.c.fiscal_year,
                func.sum(L.c.committed_vnd),
                func.sum(L.c.disbursed_vnd),
            ).group_by(L.c.fiscal_year)
        )
    ).all()
    return src, lns
