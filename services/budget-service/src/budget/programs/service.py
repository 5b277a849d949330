from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from budget.context import Actor
from budget.programs import repository
from budget.programs.models import Program
from budget.programs.schemas import ProgramIn
from kc_common.errors import Unprocessable
from kc_common.pagination import Page, PageParams


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


def _covered(cap: int | None, year: int, field: str) -> int:
    if cap is None:
        raise Unprocessable.for_field(field, "budget.no_program", params={"year": year})
    return cap


async def page(session: AsyncSession, params: PageParams) -> Page[Program]:
    return await repository.page(session, params)
