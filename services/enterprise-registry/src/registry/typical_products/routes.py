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
from registry.typical_products import exports
from registry.typical_products.repository import SORTABLE
from registry.typical_products.schemas import (
    Group,
    Tier,
    TypicalProductCreate,
    TypicalProductRead,
    TypicalProductUpdate,
)
from registry.typical_products.service import TypicalProductService

router = APIRouter(prefix="/typical-products", tags=["typical-products"])


@router.get("", response_model=Page[TypicalProductRead], responses=problem_responses(401, 403, 422))
async def list_typical_products(
    session: SessionDep,
    principal: Reader,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    enterprise_id: uuid.UUID | None = None,
    group: Group | None = None,
    tier: Tier | None = None,
    recognized_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    recognized: bool | None = None,
    sort: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> Page[TypicalProductRead]:
    order = parse_sort(sort, SORTABLE, "-recognized_year,name")
    items, total = await TypicalProductService(session).page(
        principal,
        q=q,
        enterprise_id=enterprise_id,
        group=group,
        tier=tier,
        recognized_year=recognized_year,
        recognized=recognized,
        order=order,
        offset=page.offset,
        limit=page.page_size,
    )
    return Page(
        items=[TypicalProductRead.model_validate(p) for p in items],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@router.get(
    "/export",
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the typical products a list with the same filters would show",
)
async def export_typical_products(
    session: SessionDep,
    principal: Reader,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    enterprise_id: uuid.UUID | None = None,
    group: Group | None = None,
    tier: Tier | None = None,
    recognized_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    recognized: bool | None = None,
    sort: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    format: ExportFormat = "csv",
) -> Response:
    order = parse_sort(sort, SORTABLE, "-recognized_year,name")
    stmt = TypicalProductService(session).export_query(
        principal,
        q=q,
        enterprise_id=enterprise_id,
        group=group,
        tier=tier,
        recognized_year=recognized_year,
        recognized=recognized,
        order=order,
    )
    rows = stream_select(session_engine(session), stmt)
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
    return TypicalProductRead.model_validate(await TypicalProductService(session).create(body))


@router.get(
    "/{id}",
    response_model=TypicalProductRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_typical_product(
    id: uuid.UUID, session: SessionDep, principal: Reader
) -> TypicalProductRead:
    product = await TypicalProductService(session).get(principal, id)
    return TypicalProductRead.model_validate(product)


@router.patch(
    "/{id}",
    response_model=TypicalProductRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_typical_product(
    id: uuid.UUID, body: TypicalProductUpdate, session: SessionDep, principal: Writer
) -> TypicalProductRead:
    product = await TypicalProductService(session).update(principal, id, body)
    return TypicalProductRead.model_validate(product)
