from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import MAX_PAGE_SIZE
from registry.core import NO_NUL
from registry.reference import service
from registry.reference.schemas import (
    AdminLevel,
    AdminUnitRead,
    AdminUnitSort,
    ReferenceList,
    SectorRead,
)
from registry.reference.service import AdminUnitQuery
from registry.roles import Reader

router = APIRouter(tags=["reference"])


@router.get(
    "/admin-units",
    response_model=ReferenceList[AdminUnitRead],
    responses=problem_responses(401, 403, 422),
    summary="Administrative units, optionally as they stood on a date",
)
async def list_admin_units(
    session: SessionDep,
    _: Reader,
    valid_on: date | None = None,
    level: AdminLevel | None = None,
    parent_code: Annotated[str | None, Query(max_length=10, pattern=NO_NUL)] = None,
    code: Annotated[str | None, Query(max_length=10, pattern=NO_NUL)] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=NO_NUL,
            description="name (diacritics and case ignored: `tan khanh`) or code prefix",
        ),
    ] = None,
    sort: AdminUnitSort = "code",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[
        int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="without it, the whole list")
    ] = None,
) -> ReferenceList[AdminUnitRead]:
    query = AdminUnitQuery(
        valid_on=valid_on, level=level, parent_code=parent_code, code=code, q=q, sort=sort
    )
    rows = await service.admin_units(session, query)
    items = [AdminUnitRead.model_validate(r) for r in rows]
    if page_size is None:
        return ReferenceList(items=items, total=len(items), page_size=max(len(items), 1))
    start = (page - 1) * page_size
    return ReferenceList(
        items=items[start : start + page_size], total=len(items), page=page, page_size=page_size
    )


@router.get(
    "/sectors",
    response_model=ReferenceList[SectorRead],
    responses=problem_responses(401, 403),
    summary="VSIC 2018 sections and divisions",
)
async def list_sectors(session: SessionDep, _: Reader) -> ReferenceList[SectorRead]:
    rows = await service.sectors(session)
    items = [SectorRead.model_validate(r) for r in rows]
    return ReferenceList(items=items, total=len(items), page_size=max(len(items), 1))
