from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from budget.context import Actor
from budget.programs import repository
from budget.programs.models import Program
from budget.programs.schemas import ProgramIn
from kc_common.errors import Unprocessable


async def create(session: AsyncSession, actor: Actor, data: ProgramIn) -> Program:
    if await repository.by_code(session, data.code):
        raise Unprocessable.for_field(
            "code", "budget.program_code_taken", params={"program_code": data.code}
        )
    taken = await repository.covered_years(session, data.start_year, data.end_year)
    if taken:
        raise Unprocessable.for_field(
            "start_year", "budget.years_covered", params={"years": sorted(taken)}
        )
    program = Program(**data.model_dump(), created_by=actor.subject)
    try:
        await repository.add(session, program)
    except IntegrityError as exc:  # a concurrent create won the code or a year
        raise Unprocessable.for_field("start_year", "budget.program_just_taken") from exc
    return program


async def covering(session: AsyncSession, year: int, field: str = "year") -> Program:
    """The program a fiscal year belongs to, or a 422 naming `field`."""
    program = await repository.covering(session, year)
    if program is None:
        raise Unprocessable.for_field(field, "budget.no_program", params={"year": year})
    return program


async def advance_cap(session: AsyncSession, year: int, field: str = "fiscal_year") -> int:
    return _covered(await repository.advance_cap_for_year(session, year), year, field)


# (database, fiscal year) -> advance cap; see `remembered_advance_cap`
_known_caps: dict[tuple[int, int], int] = {}


async def remembered_advance_cap(
    conn: Any, database: object, year: int, *, fresh: bool = False, field: str = "fiscal_year"
) -> int:
    """`advance_cap` on a driver connection (`kc_common.db.driver_connection`), remembered per
    process and `database` (its engine). Programs are only ever created, never changed or
    removed, so a year's cap once read stays true; still, a statement that writes it checks it
    in passing (`repository.cap_is_current`) and, if it was not, asks again with `fresh`. A
    stale value can therefore cost a retry, never a commitment with the wrong cap."""
    known = (id(database), year)
    if not fresh and known in _known_caps:
        return _known_caps[known]
    cap = _covered(await repository.advance_cap_for_year_postgres(conn, year), year, field)
    _known_caps[known] = cap
    return cap


def _covered(cap: int | None, year: int, field: str) -> int:
    if cap is None:
        raise Unprocessable.for_field(field, "budget.no_program", params={"year": year})
    return cap


async def page(session: AsyncSession, offset: int, limit: int) -> tuple[Sequence[Program], int]:
    return await repository.page(session, offset, limit)
