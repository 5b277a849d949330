from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Response

from budget.common import MAX_YEAR, MIN_YEAR
from budget.idempotency.routes import Once
from budget.plan import service
from budget.plan.schemas import (
    AllocationIn,
    AllocationLineOut,
    AppropriationIn,
    AppropriationOut,
    CarryOverIn,
    CarryOverOut,
    ReallocationIn,
    ReallocationOut,
    YearsOut,
    YearSummary,
)
from budget.roles import Appropriator, Planner, Reader
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep, page_of

router = APIRouter(prefix="/budget/years", tags=["years"])

Year = Annotated[int, Path(ge=MIN_YEAR, le=MAX_YEAR, description="Fiscal year")]


@router.get("", response_model=YearsOut, responses=problem_responses(401, 403))
async def list_years(session: SessionDep, _: Reader) -> YearsOut:
    """Budget execution over the years."""
    return YearsOut(items=await service.years(session))


@router.get(
    "/{year}/summary", response_model=YearSummary, responses=problem_responses(401, 403, 422)
)
async def year_summary(year: Year, session: SessionDep, _: Reader) -> YearSummary:
    return await service.summary(session, year)


@router.get(
    "/{year}/appropriations",
    response_model=Page[AppropriationOut],
    responses=problem_responses(401, 403, 422),
)
async def list_appropriations(
    year: Year, session: SessionDep, _: Reader, page: PageDep
) -> Page[AppropriationOut]:
    return await service.appropriations(session, year, page)


@router.post(
    "/{year}/appropriations",
    response_model=AppropriationOut,
    status_code=201,
    responses=problem_responses(401, 403, 422),
)
async def create_appropriation(
    year: Year, body: AppropriationIn, principal: Appropriator, once: Once
) -> Response:
    """An appropriation decision for year × funding source; decisions add up."""
    return await once.run(
        principal, body, 201, lambda actor: service.appropriate(once.session, actor, year, body)
    )


@router.get(
    "/{year}/allocations",
    response_model=Page[AllocationLineOut],
    responses=problem_responses(401, 403, 422),
)
async def list_allocations(
    year: Year, session: SessionDep, _: Reader, page: PageDep
) -> Page[AllocationLineOut]:
    return page_of(await service.allocation_lines(session, year), page)


@router.post(
    "/{year}/allocations",
    response_model=AllocationLineOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_allocation(
    year: Year, body: AllocationIn, principal: Planner, once: Once
) -> Response:
    """Allocate to a year × category × source line (adds to an existing line); 409
    `budget.over_allocation` beyond the appropriation."""
    return await once.run(
        principal, body, 201, lambda actor: service.allocate(once.session, actor, year, body)
    )


@router.post(
    "/{year}/reallocations",
    response_model=ReallocationOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_reallocation(
    year: Year, body: ReallocationIn, principal: Planner, once: Once
) -> Response:
    """Move uncommitted allocation between categories; 409 `budget.insufficient_funds`."""
    return await once.run(
        principal, body, 201, lambda actor: service.reallocate(once.session, actor, year, body)
    )


@router.post(
    "/{year}/carry-over",
    response_model=CarryOverOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
)
async def carry_over(
    year: Year,
    principal: Planner,
    once: Once,
    body: Annotated[CarryOverIn | None, Body()] = None,
) -> Response:
    """Carry the year's unspent money into the next year, once (409 `budget.carry_over_done`)."""
    data = body or CarryOverIn()
    return await once.run(
        principal,
        data,
        201,
        lambda actor: service.carry_over(once.session, actor, year, data.reason),
    )
