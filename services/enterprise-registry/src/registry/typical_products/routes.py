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
from registry.roles import Reader, Writer
from registry.typical_products import exports, service
from registry.typical_products.repository import SORTABLE, ProductFilters
from registry.typical_products.schemas import (
    Group,
    Tier,
    TypicalProductCreate,
    TypicalProductRead,
    TypicalProductUpdate,
)

router = APIRouter(prefix="/typical-products", tags=["typical-products"])


def list_filters(
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    enterprise_id: uuid.UUID | None = None,
    group: Group | None = None,
    tier: Tier | None = None,
    recognized_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    recognized: bool | None = None,
    sort: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> ProductFilters:
    """The list's query, shared by the list and its export."""
    return ProductFilters(
        q=q,
        enterprise_id=enterprise_id,
        group=group,
        tier=tier,
        recognized_year=recognized_year,
        recognized=recognized,
        order=tuple(parse_sort(sort, SORTABLE, "-recognized_year,name")),
    )


Filters = Annotated[ProductFilters, Depends(list_filters)]


@router.get("", response_model=Page[TypicalProductRead], responses=problem_responses(401, 403, 422))
async def list_typical_products(
    session: ReadSessionDep, principal: Reader, filters: Filters, page: PageDep
) -> Page[TypicalProductRead]:
    found = await service.page(session, principal, filters, page)
    return found.map(TypicalProductRead.model_validate)


@router.get(
    "/export",
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the typical products a list with the same filters would show",
)
async def export_typical_products(
    request: Request, principal: Reader, filters: Filters, format: FormatDep
) -> Response:
    # streamed on a connection of its own (from the replica when there is one)
    query = service.export_query(principal, filters)
    rows = stream_select(request.app.state.db.read_engine, query)
    return await export_response(
        format, exports.COLUMNS, rows, stem="san-pham-cnnt-tieu-bieu", sheet="Sản phẩm tiêu biểu"
    )


@router.post(
    "",
    response_model=TypicalProductRead,
    status_code=201,
    responses=problem_responses(401, 403, 422),
)
async def create_typical_product(
    body: TypicalProductCreate, session: SessionDep, _: Writer
) -> TypicalProductRead:
    return TypicalProductRead.model_validate(await service.create(session, body))


@router.get(
    "/{id}",
    response_model=TypicalProductRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_typical_product(
    id: uuid.UUID, session: SessionDep, principal: Reader
) -> TypicalProductRead:
    return TypicalProductRead.model_validate(await service.get(session, principal, id))


@router.patch(
    "/{id}",
    response_model=TypicalProductRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_typical_product(
    id: uuid.UUID, body: TypicalProductUpdate, session: SessionDep, principal: Writer
) -> TypicalProductRead:
    product = await service.update(session, principal, id, body)
    return TypicalProductRead.model_validate(product)
