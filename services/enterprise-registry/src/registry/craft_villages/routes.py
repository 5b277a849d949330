from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kc_common.db import ReadSessionDep, SessionDep
from kc_common.errors import problem_responses
from kc_common.exports import (
    EXPORT_RESPONSE,
    FormatDep,
    export_response,
    stream_select,
)
from kc_common.pagination import Page, PageDep, parse_sort
from registry.core import NO_NUL
from registry.craft_villages import exports, service
from registry.craft_villages.repository import SORTABLE, VillageFilters, export_query
from registry.craft_villages.schemas import (
    CraftVillageCreate,
    CraftVillageRead,
    CraftVillageUpdate,
)
from registry.roles import Reader, Writer

router = APIRouter(prefix="/craft-villages", tags=["craft-villages"])


def list_filters(
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    admin_unit_code: Annotated[str | None, Query(max_length=10, pattern=NO_NUL)] = None,
    is_traditional: bool | None = None,
    sort: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> VillageFilters:
    """The list's query, shared by the list and its export."""
    order = tuple(parse_sort(sort, SORTABLE, "name"))
    return VillageFilters(
        q=q, admin_unit_code=admin_unit_code, is_traditional=is_traditional, order=order
    )


Filters = Annotated[VillageFilters, Depends(list_filters)]


@router.get("", response_model=Page[CraftVillageRead], responses=problem_responses(401, 403, 422))
async def list_craft_villages(
    session: ReadSessionDep, _: Reader, filters: Filters, page: PageDep
) -> Page[CraftVillageRead]:
    return (await service.page(session, filters, page)).map(CraftVillageRead.model_validate)


@router.get(
    "/export",
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the craft villages a list with the same filters would show",
)
async def export_craft_villages(
    request: Request, _: Reader, filters: Filters, format: FormatDep
) -> Response:
    # streamed on a connection of its own (from the replica when there is one)
    rows = stream_select(request.app.state.db.read_engine, export_query(filters))
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
    return CraftVillageRead.model_validate(await service.create(session, body))


@router.get(
    "/{id}", response_model=CraftVillageRead, responses=problem_responses(401, 403, 404, 422)
)
async def get_craft_village(id: uuid.UUID, session: SessionDep, _: Reader) -> CraftVillageRead:
    return CraftVillageRead.model_validate(await service.get(session, id))


@router.patch(
    "/{id}", response_model=CraftVillageRead, responses=problem_responses(401, 403, 404, 422)
)
async def update_craft_village(
    id: uuid.UUID, body: CraftVillageUpdate, session: SessionDep, _: Writer
) -> CraftVillageRead:
    return CraftVillageRead.model_validate(await service.update(session, id, body))
