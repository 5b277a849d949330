"""Every statement on commitments. Each money change is one conditional UPDATE whose WHERE is the
limit; no row comes back when the limit would be broken, and CHECK constraints back it up."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    String,
    Table,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from budget.commitments.models import Commitment, Disbursement
from budget.driver import DriverStatement
from budget.idempotency import repository as idempotency_repository
from budget.ledger import repository as ledger_repository
from budget.plan.models import AllocationLine
from budget.programs import repository as programs_repository
from kc_common.localtime import utcnow
from kc_common.pagination import Page, PageParams, paginate

C = cast(Table, Commitment.__table__)
D = cast(Table, Disbursement.__table__)
L = cast(Table, AllocationLine.__table__)


def _line(year: int, category: str, source: str) -> Any:
    return (L.c.fiscal_year == year) & (L.c.category == category) & (L.c.funding_source == source)


# The managing agency's own management costs (commitments without a project in
# `program_management`) may take at most 1.5% of the year's allocation of the source
# (TT 28/2018/TT-BTC), in per mille so the check stays in integers.
MANAGEMENT_CATEGORY = "program_management"
MANAGEMENT_CAP_PER_MILLE = 15


def _management_room(year: Any, category: Any, source: Any, project_id: Any, amount: Any) -> Any:
    """SQL: the line may take `amount` more of money not tied to a project. Checked in the
    guarded UPDATE of the line itself, whose row lock orders two such commitments (the one that
    waited re-reads `direct_committed_vnd`). The year's allocation only grows while it is open
    (reallocations move money between its lines), so a sum read before the wait is never too
    high."""
    other = L.alias("year_lines")
    allocated = (
        select(func.coalesce(func.sum(other.c.allocated_vnd), 0))
        .where(other.c.fiscal_year == year, other.c.funding_source == source)
        .scalar_subquery()
    )
    return or_(
        project_id.is_not(None),
        category != MANAGEMENT_CATEGORY,
        (L.c.direct_committed_vnd + amount) * 1000 <= allocated * MANAGEMENT_CAP_PER_MILLE,
    )


def _direct(project_id: Any, amount: Any) -> Any:
    """SQL: what a commitment adds to `direct_committed_vnd`: all of it if it has no project."""
    return case((project_id.is_(None), amount), else_=0)


async def reserve_on_line(
    session: AsyncSession,
    year: int,
    category: str,
    source: str,
    amount: int,
    *,
    project_id: str | None,
) -> bool:
    """committed += amount only while it stays within the line's allocation (and for money not
    tied to a project, `project_id` None, within the management cap)."""
    pid, amt = literal(project_id, String), literal(amount, BigInteger)
    stmt = (
        update(L)
        .where(
            _line(year, category, source),
            L.c.committed_vnd + amount <= L.c.allocated_vnd,
            _management_room(year, literal(category, String), source, pid, amt),
        )
        .values(
            committed_vnd=L.c.committed_vnd + amount,
            direct_committed_vnd=L.c.direct_committed_vnd + _direct(pid, amt),
        )
        .returning(L.c.committed_vnd)
    )
    return (await session.execute(stmt)).first() is not None


async def management_cap(session: AsyncSession, year: int, source: str) -> tuple[int, int]:
    """(1.5% of the year's allocation of `source`, what the management line's money not tied to
    a project already takes), to say why a commitment was refused."""
    allocated = (
        await session.execute(
            select(func.coalesce(func.sum(L.c.allocated_vnd), 0)).where(
                L.c.fiscal_year == year, L.c.funding_source == source
            )
        )
    ).scalar_one()
    direct = (
        await session.execute(
            select(L.c.direct_committed_vnd).where(_line(year, MANAGEMENT_CATEGORY, source))
        )
    ).scalar_one_or_none()
    return int(allocated) * MANAGEMENT_CAP_PER_MILLE // 1000, int(direct or 0)


def _commit_statement(with_key: bool) -> Any:
    """PostgreSQL, one statement: the guarded line UPDATE, the commitment INSERT selecting from
    its RETURNING (no commitment row unless the line took the amount), with `with_key` the
    idempotency key row (`idempotency.repository.claim_after`: a taken key aborts it all), and
    the ledger entry chained after its line's chain head only if all that was written
    (`ledger.repository.chained_insert`: the head lock is taken last). The line is only updated
    if `program_cap` is still the program's advance cap (`cap_current`: the caller's cap is
    remembered, see `service._remembered_cap`); the commitment's own cap may be lower. Returns
    one row: `cap_current`, `reserved` (0 or 1) and the entry's chain_seq, seq, prev_hash and
    hash (NULL when refused).

    Bind parameters: `c_<column>` for every commitment column, `program_cap`, `entry_*` for the
    ledger entry, `k_*` for the key row.
    """
    amount = bindparam("c_amount_vnd", type_=C.c.amount_vnd.type)
    year = bindparam("c_fiscal_year", type_=L.c.fiscal_year.type)
    category = bindparam("c_category", type_=L.c.category.type)
    source = bindparam("c_funding_source", type_=L.c.funding_source.type)
    project_id = bindparam("c_project_id", type_=C.c.project_id.type)
    cap_current = programs_repository.cap_is_current(
        year, bindparam("program_cap", type_=C.c.advance_cap_percent.type)
    )
    line = (
        update(L)
        .where(
            L.c.fiscal_year == year,
            L.c.category == category,
            L.c.funding_source == source,
            L.c.committed_vnd + amount <= L.c.allocated_vnd,
            _management_room(year, category, source, project_id, amount),
            cap_current,
        )
        .values(
            committed_vnd=L.c.committed_vnd + amount,
            direct_committed_vnd=L.c.direct_committed_vnd + _direct(project_id, amount),
        )
        .returning(L.c.fiscal_year)
        .cte("line")
    )
    names = [c.name for c in C.c]
    columns = [bindparam(f"c_{n}", type_=C.c[n].type).label(n) for n in names]
    inserted = (
        C.insert()
        .from_select(names, select(*columns).select_from(line))
        .returning(C.c.id)
        .cte("inserted")
    )
    gate = idempotency_repository.claim_after(inserted) if with_key else inserted
    entry = ledger_repository.chained_insert(gate=gate)
    return select(
        cap_current.label("cap_current"),
        select(func.count()).select_from(inserted).scalar_subquery().label("reserved"),
        select(entry.c.chain_seq).scalar_subquery().label("chain_seq"),
        select(entry.c.seq).scalar_subquery().label("seq"),
        select(entry.c.prev_hash).scalar_subquery().label("prev_hash"),
        select(entry.c.hash).scalar_subquery().label("hash"),
    )


_COMMIT = {with_key: DriverStatement(_commit_statement(with_key)) for with_key in (False, True)}


class StaleCap(Exception):
    """The advance cap given to `commit_postgres` is not its program's: nothing was written."""


async def commit_postgres(
    conn: Any,
    values: dict[str, Any],
    program_cap: int,
    entry_params: dict[str, Any],
    key_params: dict[str, Any] | None,
) -> tuple[int, int, str, str] | None:
    """Run the commit statement on a driver connection (it commits on its own): the ledger link
    (chain_seq, seq, prev_hash, hash), or None if the line could not take the amount (nothing
    was written); `StaleCap` if the commitment's advance cap was not its program's (nothing
    was written)."""
    params = {f"c_{n}": v for n, v in values.items()} | {"program_cap": program_cap}
    params |= entry_params | (key_params or {})
    row = await _COMMIT[key_params is not None].fetchrow(conn, params)
    if not row["cap_current"]:
        raise StaleCap
    if not row["reserved"]:
        return None
    return int(row["chain_seq"]), int(row["seq"]), str(row["prev_hash"]), str(row["hash"])


async def change_line(
    session: AsyncSession,
    year: int,
    category: str,
    source: str,
    *,
    committed: int = 0,
    disbursed: int = 0,
    direct: bool = False,
) -> None:
    """Follow a commitment's change on its line (the line's CHECKs hold the totals); `direct`:
    the commitment is not tied to a project, so its committed change counts there too."""
    await session.execute(
        update(L)
        .where(_line(year, category, source))
        .values(
            committed_vnd=L.c.committed_vnd + committed,
            direct_committed_vnd=L.c.direct_committed_vnd + (committed if direct else 0),
            disbursed_vnd=L.c.disbursed_vnd + disbursed,
        )
    )


async def increase(session: AsyncSession, commitment_id: str, amount: int) -> Any:
    """amount and committed += amount on an open commitment of a project (an approved change);
    the line takes it after (`reserve_on_line`), or the transaction is rolled back."""
    stmt = (
        update(C)
        .where(C.c.id == commitment_id, C.c.status == "open", C.c.project_id.is_not(None))
        .values(
            amount_vnd=C.c.amount_vnd + amount,
            committed_vnd=C.c.committed_vnd + amount,
            updated_at=utcnow(),
        )
        .returning(*C.c)
    )
    return (await session.execute(stmt)).first()


async def insert(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(C.insert().values(**values))


async def get(session: AsyncSession, commitment_id: str) -> Any:
    return (await session.execute(select(C).where(C.c.id == commitment_id))).first()


async def page(session: AsyncSession, filters: dict[str, Any], params: PageParams) -> Page[Any]:
    conditions = [C.c[name] == value for name, value in filters.items() if value is not None]
    stmt = select(C).where(*conditions).order_by(C.c.created_at.desc(), C.c.id)
    return await paginate(session, stmt, params)


def _which(commitment_id: str, project_money: bool) -> list[Any]:
    """The commitment, and with `project_money` False only if it is not tied to a project: the
    caller may not move a project's money, and no row comes back (nothing written) if it is."""
    if project_money:
        return [C.c.id == commitment_id]
    return [C.c.id == commitment_id, C.c.project_id.is_(None)]


async def disburse(
    session: AsyncSession, commitment_id: str, amount: int, *, advance: bool, project_money: bool
) -> Any:
    """disbursed += amount within the commitment; an advance also within the advance cap
    (integer arithmetic: (advanced + amount) * 100 <= committed * cap)."""
    conditions = [
        *_which(commitment_id, project_money),
        C.c.status == "open",
        C.c.disbursed_vnd + amount <= C.c.committed_vnd,
    ]
    values: dict[str, Any] = {"disbursed_vnd": C.c.disbursed_vnd + amount, "updated_at": utcnow()}
    if advance:
        conditions.append(
            (C.c.advanced_vnd + amount) * 100 <= C.c.committed_vnd * C.c.advance_cap_percent
        )
        values["advanced_vnd"] = C.c.advanced_vnd + amount
    stmt = update(C).where(*conditions).values(**values).returning(*C.c)
    return (await session.execute(stmt)).first()


async def insert_disbursement(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(D.insert().values(**values))


async def release(
    session: AsyncSession, commitment_id: str, amount: int, *, project_money: bool
) -> Any:
    """committed −= amount, never below what was paid; closes when nothing is left to pay.
    A zero release only closes a commitment that has nothing left."""
    stmt = (
        update(C)
        .where(
            *_which(commitment_id, project_money),
            C.c.status == "open",
            C.c.committed_vnd - amount >= C.c.disbursed_vnd,
            (C.c.committed_vnd - C.c.disbursed_vnd > 0)
            if amount > 0
            else (C.c.committed_vnd == C.c.disbursed_vnd),
        )
        .values(
            committed_vnd=C.c.committed_vnd - amount,
            released_vnd=C.c.released_vnd + amount,
            status=case(
                (C.c.committed_vnd - amount == C.c.disbursed_vnd, "closed"), else_=C.c.status
            ),
            updated_at=utcnow(),
        )
        .returning(*C.c)
    )
    return (await session.execute(stmt)).first()


async def recover(
    session: AsyncSession, commitment_id: str, amount: int, *, project_money: bool
) -> Any:
    """disbursed −= amount (advances first). On a closed commitment the recovered money is also
    released, since nothing will be paid from it any more."""
    closed = C.c.status == "closed"
    stmt = (
        update(C)
        .where(*_which(commitment_id, project_money), C.c.disbursed_vnd >= amount)
        .values(
            disbursed_vnd=C.c.disbursed_vnd - amount,
            advanced_vnd=case((C.c.advanced_vnd > amount, C.c.advanced_vnd - amount), else_=0),
            committed_vnd=case((closed, C.c.committed_vnd - amount), else_=C.c.committed_vnd),
            released_vnd=case((closed, C.c.released_vnd + amount), else_=C.c.released_vnd),
            updated_at=utcnow(),
        )
        .returning(*C.c)
    )
    return (await session.execute(stmt)).first()
