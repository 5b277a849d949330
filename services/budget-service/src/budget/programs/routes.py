from __future__ import annotations

from fastapi import APIRouter

from budget.context import Actor
from budget.programs import service
from budget.programs.schemas import ProgramIn, ProgramOut
from budget.roles import ProgramWriter, Reader
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep

router = APIRouter(prefix="/budget/programs", tags=["programs"])


@router.get("", response_model=Page[ProgramOut], responses=problem_responses(401, 403, 422))
async def list_programs(session: SessionDep, _: Reader, page: PageDep) -> Page[ProgramOut]:
    return (await service.page(session, page)).map(ProgramOut.model_validate)


@router.post(
    "",
    response_model=ProgramOut,
    status_code=201,
    responses=problem_responses(401, 403, 422),
)
async def create_program(
    body: ProgramIn, session: SessionDep, principal: ProgramWriter
) -> ProgramOut:
    """A program and the fiscal years it covers (overlapping programs are refused)."""
    program = await service.create(session, Actor.of(principal), body)
    return ProgramOut.model_validate(program)
