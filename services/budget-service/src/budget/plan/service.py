"""Rules of the year plan: appropriations, allocations, reallocations, carry-over, summaries.

Carry-over of year Y (once, explicit, recorded) moves the unspent money of Y into Y + 1:
- per allocation line: its uncommitted allocation (allocated − committed, where committed is what
  commitments still hold: open ones in full, closed ones only their disbursed part) goes to the
  same category × source line of Y + 1 (`carry_over_out` / `carry_over_in` ledger entries);
- per funding source: appropriated money never allocated goes to Y + 1's appropriation, unallocated
  (entries with no category).
Commitments stay in Y (their payments may run into the next year); a release in Y after the
carry-over makes that money available in Y again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from budget.common import CATEGORY_ORDER, SOURCE_ORDER
from budget.context import Actor
from budget.ledger import service as ledger
from budget.ledger.service import EntryDraft
from budget.plan import repository
from budget.plan.schemas import (
    AllocationIn,
    AllocationLineOut,
    AppropriationIn,
    AppropriationOut,
    CarriedLine,
    CarryOverOut,
    LineSummary,
    ProgramRef,
    ReallocationIn,
    ReallocationOut,
    SourceSummary,
    Totals,
    YearExecution,
    YearSummary,
)
from budget.programs import repository as programs_repository
from budget.programs import service as programs
from kc_common.db import new_id
from kc_common.errors import Conflict, Unprocessable
from kc_common.localtime import utcnow
from kc_common.pagination import Page, PageParams
from kc_common.schemas import business_today


def line_out(row: Any) -> AllocationLineOut:
    m = row._mapping
    return AllocationLineOut(
        fiscal_year=m["fiscal_year"],
        category=m["category"],
        funding_source=m["funding_source"],
        allocated_vnd=m["allocated_vnd"],
        committed_vnd=m["committed_vnd"],
        disbursed_vnd=m["disbursed_vnd"],
        available_vnd=m["allocated_vnd"] - m["committed_vnd"],
        carried_in_vnd=m["carried_in_vnd"],
        carried_out_vnd=m["carried_out_vnd"],
    )


def _line_key(row: Any) -> tuple[int, int]:
    return CATEGORY_ORDER[row.category], SOURCE_ORDER[row.funding_source]


async def appropriate(
    session: AsyncSession, actor: Actor, year: int, data: AppropriationIn
) -> AppropriationOut:
    await programs.covering(session, year)
    document_date = data.document_date or business_today()
    values = {
        "id": str(new_id()),
        "fiscal_year": year,
        "funding_source": data.funding_source.value,
        "amount_vnd": data.amount_vnd,
        "decision_number": data.decision_number,
        "document_date": document_date,
        "created_at": utcnow(),
        "created_by": actor.subject,
    }
    await repository.add_appropriation(session, values)
    totals = await repository.add_to_source(
        session, year, data.funding_source.value, appropriated=data.amount_vnd
    )
    await ledger.append(
        session,
        actor,
        [
            EntryDraft(
                kind="appropriation",
                amount_vnd=data.amount_vnd,
                fiscal_year=year,
                funding_source=data.funding_source.value,
                reference=data.decision_number,
                details={"appropriation_id": values["id"]},
                document_date=document_date,
            )
        ],
    )
    return AppropriationOut(**values, appropriated_vnd=totals.appropriated_vnd)


async def appropriations(
    session: AsyncSession, year: int, params: PageParams
) -> Page[AppropriationOut]:
    rows = await repository.appropriations_page(session, year, params)
    return rows.map(lambda r: AppropriationOut.model_validate(r._mapping))


async def allocate(
    session: AsyncSession, actor: Actor, year: int, data: AllocationIn
) -> AllocationLineOut:
    await programs.covering(session, year)
    source, category = data.funding_source.value, data.category.value
    if not await repository.reserve_allocation(session, year, source, data.amount_vnd):
        raise Conflict(
            code="budget.over_allocation",
            params={"amount_vnd": data.amount_vnd, "year": year, "funding_source": source},
        )
    line = await repository.add_to_line(session, year, category, source, data.amount_vnd)
    await ledger.append(
        session,
        actor,
        [
            EntryDraft(
                kind="allocation",
                amount_vnd=data.amount_vnd,
                fiscal_year=year,
                category=category,
                funding_source=source,
                document_date=data.document_date,
            )
        ],
    )
    return line_out(line)


async def allocation_lines(session: AsyncSession, year: int) -> list[AllocationLineOut]:
    rows = sorted(await repository.lines(session, year), key=_line_key)
    return [line_out(r) for r in rows]


async def reallocate(
    session: AsyncSession, actor: Actor, year: int, data: ReallocationIn
) -> ReallocationOut:
    if data.from_category == data.to_category:
        raise Unprocessable.for_field(
            "to_category", "validation.must_differ", params={"other": "from_category"}
        )
    await programs.covering(session, year)
    source = data.funding_source.value
    src, dst = data.from_category.value, data.to_category.value

    async def take() -> Any:
        row = await repository.take_from_line(session, year, src, source, data.amount_vnd)
        if row is None:
            raise Conflict(
                code="budget.insufficient_funds",
                params={
                    "year": year,
                    "category": src,
                    "funding_source": source,
                    "amount_vnd": data.amount_vnd,
                },
            )
        return row

    # Lock the two lines in one fixed order, so opposite reallocations cannot deadlock.
    if CATEGORY_ORDER[src] < CATEGORY_ORDER[dst]:
        from_line = await take()
        to_line = await repository.add_to_line(session, year, dst, source, data.amount_vnd)
    else:
        to_line = await repository.add_to_line(session, year, dst, source, data.amount_vnd)
        from_line = await take()
    common: dict[str, Any] = {
        "amount_vnd": data.amount_vnd,
        "fiscal_year": year,
        "funding_source": source,
        "document_date": data.document_date,
    }
    await ledger.append(
        session,
        actor,
        [
            EntryDraft(
                kind="reallocation_out",
                category=src,
                reason=data.reason,
                details={"to_category": dst},
                **common,
            ),
            EntryDraft(
                kind="reallocation_in",
                category=dst,
                reason=data.reason,
                details={"from_category": src},
                **common,
            ),
        ],
    )
    return ReallocationOut(
        fiscal_year=year,
        funding_source=data.funding_source,
        amount_vnd=data.amount_vnd,
        reason=data.reason,
        from_line=line_out(from_line),
        to_line=line_out(to_line),
    )


async def carry_over(session: AsyncSession, actor: Actor, year: int, reason: str) -> CarryOverOut:
    await programs.covering(session, year)
    await programs.covering(session, year + 1)
    if await repository.carry_over_exists(session, year):
        raise Conflict(code="budget.carry_over_done", params={"year": year})
    now = utcnow()
    try:
        # The primary key makes this once per year, also against a concurrent request.
        await repository.insert_carry_over(
            session,
            {
                "fiscal_year": year,
                "to_year": year + 1,
                "amount_vnd": 0,
                "reason": reason,
                "created_at": now,
                "created_by": actor.subject,
            },
        )
    except IntegrityError as exc:
        raise Conflict(code="budget.carry_over_done", params={"year": year}) from exc

    # Locks: the year's source rows first (allocations take source, then line), then its lines.
    source_rows = await repository.sources(session, year, lock=True)
    moved_lines = sorted(await repository.sweep_lines(session, year), key=_line_key)
    from_lines: dict[str, int] = {}
    for row in moved_lines:
        from_lines[row.funding_source] = from_lines.get(row.funding_source, 0) + row[2]
    carried: list[CarriedLine] = []
    drafts: list[EntryDraft] = []
    for src_row in source_rows:
        source = src_row.funding_source
        lines_part = from_lines.get(source, 0)
        swept = await repository.sweep_source(session, year, source, lines_part)
        unallocated = (swept[0] if swept else 0) - lines_part
        if lines_part or unallocated:
            await repository.add_to_source(
                session,
                year + 1,
                source,
                appropriated=lines_part + unallocated,
                allocated=lines_part,
                carried_in=lines_part + unallocated,
            )
        if unallocated:
            carried.append(
                CarriedLine(category=None, funding_source=source, amount_vnd=unallocated)
            )
            drafts += _carry_drafts(year, None, source, unallocated, reason)
    for row in moved_lines:
        amount = row[2]
        await repository.add_to_line(
            session, year + 1, row.category, row.funding_source, amount, carried_in=amount
        )
        carried.append(
            CarriedLine(category=row.category, funding_source=row.funding_source, amount_vnd=amount)
        )
        drafts += _carry_drafts(year, row.category, row.funding_source, amount, reason)
    total = sum(c.amount_vnd for c in carried)
    await repository.set_carry_over_amount(session, year, total)
    if drafts:
        await ledger.append(session, actor, drafts)
    return CarryOverOut(
        fiscal_year=year,
        to_year=year + 1,
        amount_vnd=total,
        reason=reason,
        created_at=now,
        lines=carried,
    )


def _carry_drafts(
    year: int, category: str | None, source: str, amount: int, reason: str
) -> list[EntryDraft]:
    common: dict[str, Any] = {
        "amount_vnd": amount,
        "category": category,
        "funding_source": source,
        "reason": reason,
    }
    return [
        EntryDraft(
            kind="carry_over_out", fiscal_year=year, details={"to_year": year + 1}, **common
        ),
        EntryDraft(
            kind="carry_over_in", fiscal_year=year + 1, details={"from_year": year}, **common
        ),
    ]


def _totals(rows: Sequence[Any]) -> dict[str, int]:
    return {
        "allocated_vnd": sum(r.allocated_vnd for r in rows),
        "committed_vnd": sum(r.committed_vnd for r in rows),
        "disbursed_vnd": sum(r.disbursed_vnd for r in rows),
    }


async def summary(session: AsyncSession, year: int) -> YearSummary:
    program = await programs_repository.covering(session, year)
    source_rows = await repository.sources(session, year)
    line_rows = sorted(await repository.lines(session, year), key=_line_key)
    sources: list[SourceSummary] = []
    for s in sorted(source_rows, key=lambda r: SOURCE_ORDER[r.funding_source]):
        of_source = [r for r in line_rows if r.funding_source == s.funding_source]
        t = _totals(of_source)
        sources.append(
            SourceSummary(
                funding_source=s.funding_source,
                appropriated_vnd=s.appropriated_vnd,
                allocated_vnd=s.allocated_vnd,
                committed_vnd=t["committed_vnd"],
                disbursed_vnd=t["disbursed_vnd"],
                available_vnd=s.allocated_vnd - t["committed_vnd"],
                unallocated_vnd=s.appropriated_vnd - s.allocated_vnd,
                carried_in_vnd=s.carried_in_vnd,
                carried_out_vnd=s.carried_out_vnd,
            )
        )
    t = _totals(line_rows)
    totals = Totals(
        appropriated_vnd=sum(s.appropriated_vnd for s in source_rows),
        allocated_vnd=t["allocated_vnd"],
        committed_vnd=t["committed_vnd"],
        disbursed_vnd=t["disbursed_vnd"],
        available_vnd=t["allocated_vnd"] - t["committed_vnd"],
    )
    lines = [
        LineSummary(
            category=r.category,
            funding_source=r.funding_source,
            allocated_vnd=r.allocated_vnd,
            committed_vnd=r.committed_vnd,
            disbursed_vnd=r.disbursed_vnd,
            available_vnd=r.allocated_vnd - r.committed_vnd,
        )
        for r in line_rows
    ]
    return YearSummary(
        year=year,
        program=ProgramRef(id=program.id, code=program.code, name=program.name)
        if program
        else None,
        carried_over=await repository.carry_over_exists(session, year),
        totals=totals,
        sources=sources,
        lines=lines,
    )


async def years(session: AsyncSession) -> list[YearExecution]:
    src, lns = await repository.execution_by_year(session)
    used = {int(r[0]): (int(r[1] or 0), int(r[2] or 0)) for r in lns}
    items = []
    for year, appropriated, allocated in sorted(src, key=lambda r: r[0]):
        committed, disbursed = used.get(int(year), (0, 0))
        items.append(
            YearExecution(
                year=int(year),
                appropriated_vnd=int(appropriated or 0),
                allocated_vnd=int(allocated or 0),
                committed_vnd=committed,
                disbursed_vnd=disbursed,
                available_vnd=int(allocated or 0) - committed,
            )
        )
    return items
