from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.exports import (
    EXPORT_RESPONSE,
    ExportFormat,
    export_response,
    session_engine,
    stream_select,
)
from kc_common.pagination import Page, PageDep, parse_sort
from registry.core import NO_NUL, Reader, Writer
from registry.craft_villages import exports
from registry.craft_villages.repository import SORTABLE, export_query
from registry.craft_villages.schemas import (
    CraftVillageCreate,
    CraftVillageRead,
    CraftVillageUpdate,
)
from registry.craft_villages.service import CraftVillageService

router = APIRouter(prefix="/craft-villages", tags=["craft-villages"])


@router.get("", response_model=Page[CraftVillageRead], responses=problem_responses(401, 403, 422))
async def list_craft_villages(
    session: SessionDep,
    _: Reader,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    admin_unit_code: Annotated[str | None, Query(max_length=10, pattern=NO_NUL)] = None,
    is_traditional: bool | None = None,
    sort: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> Page[CraftVillageRead]:
    order = parse_sort(sort, SORTABLE, "name")
    items, total = await CraftVillageService(session).page(
        q=q,
        admin_unit_code=admin_unit_code,
        is_traditional=is_traditional,
        order=order,
        offset=page.offset,
        limit=page.page_size,
    )
    return Page(
        items=[CraftVillageRead.model_validate(v) for v in items],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@router.get(
    "/export",
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the craft villages a list with the same filters would show",
)
async def export_craft_villages(
    session: SessionDep,
    _: Reader,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    admin_unit_code: Annotated[str | None, Query(max_length=10, pattern=NO_NUL)] = None,
    is_traditional: bool | None = None,
    sort: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    format: ExportFormat = "csv",
) -> Response:
    order = parse_sort(sort, SORTABLE, "name")
    stmt = export_query(
        q=q, admin_unit_code=admin_unit_code, is_traditional=is_traditional, order=order
    )
    rows = stream_select(session_engine(session), stmt)
    return await export_response(format, exports.COLUMNS, rows, stem="lang-nghe", sheet="Làng nghề")


@router.post(
    "",
    response_model=CraftVillageRead,
    status_code=201,
    responses=problem_responses(401, 403, 422),
)
async def create_craft_village(
    body: CraftVillageCreate, session: SessionDep, _: Writer
) -> CraftVillageRead:
    village = await CraftVillageService(session).create(body)
    return CraftVillageRead.model_validate(village)


@router.get(
    "/{id}", response_model=CraftVillageRead, responses=problem_responses(401, 403, 404, 422)
)
async def get_craft_village(id: uuid.UUID, session: SessionDep, _: Reader) -> CraftVillageRead:
    return CraftVillageRead.model_validate(await CraftVillageService(session).get(id))


@router.patch(
    "/{id}", response_model=CraftVillageRead, responses=problem_responses(401, 403, 404, 422)
)
async def update_craft_village(
    id: uuid.UUID, body: CraftVillageUpdate, session: SessionDep, _: Writer
) -> CraftVillageRead:
    village = await CraftVillageService(session).update(id, body)
    return CraftVillageRead.model_validate(village)
