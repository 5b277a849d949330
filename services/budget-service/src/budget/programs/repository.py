from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from budget.driver import DriverStatement
from budget.programs.models import Program, ProgramYear
from kc_common.pagination import Page, PageParams, paginate


async def by_code(session: AsyncSession, code: str) -> Program | None:
    return (await session.execute(select(Program).where(Program.code == code))).scalar_one_or_none()


async def covered_years(session: AsyncSession, start: int, end: int) -> Sequence[int]:
    stmt = select(ProgramYear.fiscal_year).where(ProgramYear.fiscal_year.between(start, end))
    return (await session.execute(stmt)).scalars().all()


async def add(session: AsyncSession, program: Program) -> None:
    session.add(program)
    await session.flush()
    session.add_all(
        ProgramYear(fiscal_year=y, program_id=program.id)
        for y in range(program.start_year, program.end_year + 1)
    )
    await session.flush()


async def covering(session: AsyncSession, year: int) -> Program | None:
    stmt = (
        select(Program)
        .join(ProgramYear, ProgramYear.program_id == Program.id)
        .where(ProgramYear.fiscal_year == year)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


# On every commitment: built once, on the tables (a Core statement skips the ORM's work).
_P, _PY = cast(Table, Program.__table__), cast(Table, ProgramYear.__table__)
_ADVANCE_CAP = (
    select(_P.c.advance_cap_percent)
    .join(_PY, _PY.c.program_id == _P.c.id)
    .where(_PY.c.fiscal_year == bindparam("year"))
)


_ADVANCE_CAP_DRIVER = DriverStatement(_ADVANCE_CAP)


def cap_is_current(year: Any, cap: Any) -> Any:
    """SQL: the program covering `year` has the advance cap `cap` (expressions or bind
    parameters), for a statement that writes a cap it was given to check it in passing."""
    return exists(
        select(literal(1))
        .select_from(_PY.join(_P, _PY.c.program_id == _P.c.id))
        .where(_PY.c.fiscal_year == year, _P.c.advance_cap_percent == cap)
    )


async def advance_cap_for_year(session: AsyncSession, year: int) -> int | None:
    return (await session.execute(_ADVANCE_CAP, {"year": year})).scalar_one_or_none()


async def advance_cap_for_year_postgres(conn: Any, year: int) -> int | None:
    """The same, on a driver connection (the PostgreSQL commitment path)."""
    row = await _ADVANCE_CAP_DRIVER.fetchrow(conn, {"year": year})
    return None if row is None else int(row[0])


async def page(session: AsyncSession, params: PageParams) -> Page[Program]:
    stmt = select(Program).order_by(Program.start_year, Program.code)
    return await paginate(session, stmt, params, scalars=True)
