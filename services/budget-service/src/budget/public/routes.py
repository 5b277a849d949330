"""`GET /public/budget/years`: execution per year, category and source, without a login; and
`GET /public/budget/ledger-checkpoint`: the ledger's latest signed checkpoint. The gateway lets
`/api/v1/public/*` through without a token and rate-limits it per address; the answer carries
an ETag and `Cache-Control` (kc_common.public)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from budget.common import MAX_YEAR, MIN_YEAR, Category, FundingSource
from budget.ledger import checkpoints
from budget.plan import service
from budget.public.schemas import (
    PublicCheckpoint,
    PublicLine,
    PublicSource,
    PublicYear,
    PublicYearPage,
)
from budget.settings import BudgetSettings
from kc_common.db import SessionDep
from kc_common.errors import NotFound, problem_responses
from kc_common.public import NOT_MODIFIED, cached_json

router = APIRouter(prefix="/public/budget", tags=["public"])
YearQuery = Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)]


@router.get(
    "/years",
    response_model=PublicYearPage,
    responses={**problem_responses(422, 429), **NOT_MODIFIED},
    summary="Budget execution per year, category and source (no login)",
)
async def public_years(
    request: Request,
    session: SessionDep,
    year_from: YearQuery = None,
    year_to: YearQuery = None,
    category: Category | None = None,
    funding_source: FundingSource | None = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=50)] = 20,
) -> Response:
    settings: BudgetSettings = request.app.state.settings
    years = [
        y.year
        for y in await service.years(session)
        if (year_from is None or y.year >= year_from) and (year_to is None or y.year <= year_to)
    ]
    years.sort(reverse=True)  # the latest first
    chosen = years[(page - 1) * page_size : page * page_size]
    items = []
    for year in chosen:
        s = await service.summary(session, year)
        lines = [
            PublicLine(
                category=x.category,
                funding_source=x.funding_source,
                allocated_vnd=x.allocated_vnd,
                committed_vnd=x.committed_vnd,
                disbursed_vnd=x.disbursed_vnd,
            )
            for x in s.lines
            if (category is None or x.category == category)
            and (funding_source is None or x.funding_source == funding_source)
        ]
        sources = [
            PublicSource(
                funding_source=x.funding_source,
                appropriated_vnd=x.appropriated_vnd,
                allocated_vnd=x.allocated_vnd,
                committed_vnd=x.committed_vnd,
                disbursed_vnd=x.disbursed_vnd,
            )
            for x in s.sources
            if funding_source is None or x.funding_source == funding_source
        ]
        items.append(
            PublicYear(
                year=year,
                program_name=s.program.name if s.program else None,
                appropriated_vnd=s.totals.appropriated_vnd,
                allocated_vnd=s.totals.allocated_vnd,
                committed_vnd=s.totals.committed_vnd,
                disbursed_vnd=s.totals.disbursed_vnd,
                sources=sources,
                lines=lines,
            )
        )
    body = PublicYearPage(items=items, total=len(years), page=page, page_size=page_size)
    return cached_json(request, body, max_age=settings.public_cache_seconds)


@router.get(
    "/ledger-checkpoint",
    response_model=PublicCheckpoint,
    responses={**problem_responses(404, 429), **NOT_MODIFIED},
    summary="The ledger's latest signed checkpoint, to keep a copy outside the system (no login)",
)
async def public_ledger_checkpoint(request: Request, session: SessionDep) -> Response:
    """404 `budget.no_checkpoint` before the first. Keep a copy (e.g. daily, by the Department
    of Finance or anyone): `GET /budget/ledger/verify` given its `checkpoint_seq` and
    `checkpoint_signature` then fails if the ledger was cut back behind it."""
    settings: BudgetSettings = request.app.state.settings
    found = await checkpoints.latest_published(session, request.app.state.ledger_signer)
    if found is None:
        raise NotFound(code="budget.no_checkpoint")
    return cached_json(request, PublicCheckpoint(**found), max_age=settings.public_cache_seconds)
