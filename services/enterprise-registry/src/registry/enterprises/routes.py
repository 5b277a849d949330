from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import TypeAdapter

from kc_common.db import ReadSessionDep, SessionDep
from kc_common.errors import problem_responses
from kc_common.exports import EXPORT_RESPONSE, ExportFormat, export_response
from kc_common.pagination import PageDep, parse_sort
from registry.core import NO_NUL
from registry.enterprises import csv_io, service
from registry.enterprises.repository import SORTABLE, EnterpriseFilters
from registry.enterprises.schemas import (
    EnterpriseCreate,
    EnterprisePage,
    EnterpriseRead,
    EnterpriseUpdate,
    ImportResult,
    Kind,
    Size,
    Status,
)
from registry.enterprises.service import PayloadTooLarge
from registry.roles import Reader, Writer
from registry.settings import RegistrySettings

router = APIRouter(prefix="/enterprises", tags=["enterprises"])
DEFAULT_SORT = "name"


async def list_filters(
    q: Annotated[
        str | None,
        Query(max_length=200, pattern=NO_NUL, description="name or tax code, ignoring diacritics"),
    ] = None,
    admin_unit_code: Annotated[str | None, Query(max_length=10, pattern=NO_NUL)] = None,
    sector_code: Annotated[
        str | None, Query(max_length=5, pattern=r"^(?:[A-Za-z]|\d{2,5})$")
    ] = None,
    kind: Kind | None = None,
    size: Size | None = None,
    craft_village_id: uuid.UUID | None = None,
    status: Status | None = None,
    is_rural_industrial: bool | None = None,
) -> EnterpriseFilters:
    return EnterpriseFilters(
        q=q,
        admin_unit_code=admin_unit_code,
        sector_code=sector_code.upper() if sector_code else None,
        kind=kind,
        size=size,
        craft_village_id=craft_village_id,
        status=status,
        is_rural_industrial=is_rural_industrial,
    )


Filters = Annotated[EnterpriseFilters, Depends(list_filters)]
Sort = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=NO_NUL,
        description="e.g. `name`, `-created_at`, `tax_code`, `employees`",
    ),
]


# The list response is validated and serialised in one pass over plain rows (what FastAPI would
# do for a returned `Page`, without building ORM entities and models first); same bytes.
_PAGE = TypeAdapter(EnterprisePage)


@router.get("", response_model=EnterprisePage, responses=problem_responses(401, 403, 422))
async def list_enterprises(
    session: ReadSessionDep,
    principal: Reader,
    page: PageDep,
    filters: Filters,
    sort: Sort = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=2000,
            pattern=NO_NUL,
            description="`next_cursor` of the previous page: the page after it in the same "
            "sort (keyset; `page` is then only echoed back)",
        ),
    ] = None,
) -> Response:
    order = parse_sort(sort, SORTABLE, DEFAULT_SORT)
    found = await service.page(session, principal, filters, order, page, cursor)
    body = {
        "items": found.items,
        "total": found.total,
        "page": page.page,
        "page_size": page.page_size,
        "total_is_exact": found.total_is_exact,
        "total_estimate": found.total_estimate,
        "next_cursor": found.next_cursor,
    }
    return Response(_PAGE.dump_json(_PAGE.validate_python(body)), media_type="application/json")


@router.post(
    "",
    response_model=EnterpriseRead,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_enterprise(
    body: EnterpriseCreate, session: SessionDep, _: Writer
) -> EnterpriseRead:
    return EnterpriseRead.model_validate(await service.create(session, body))


@router.post(
    "/import",
    response_model=ImportResult,
    status_code=201,
    responses=problem_responses(400, 401, 403, 413, 422),
    summary="Import a CSV: every row or none",
    description=(
        "400 for a body that is not multipart/form-data as its header says. "
        "Multipart field `file`: UTF-8 CSV (a BOM is fine) with a header row of Vietnamese "
        "labels (Mã số thuế, Tên doanh nghiệp, Loại hình, Quy mô, Mã ngành, Mã đơn vị hành "
        "chính, Địa chỉ, Ngày thành lập, Số lao động, …) or API field names. On any problem "
        "nothing is written and the 422 lists the bad rows and fields (the first 1,000; its "
        "params count them all); row numbers count the header as row 1, as a spreadsheet shows "
        "them. Read as a stream: a national file (1,000,000 rows) fits once "
        "REGISTRY_IMPORT_MAX_BYTES and REGISTRY_IMPORT_MAX_ROWS allow it."
    ),
)
async def import_enterprises(
    request: Request,
    session: SessionDep,
    _: Writer,
    file: Annotated[UploadFile, File()],
    after: BackgroundTasks,
) -> ImportResult:
    settings: RegistrySettings = request.app.state.settings
    size = file.size
    if size is None:  # the multipart parser counts it; a file object tells it otherwise
        size = file.file.seek(0, 2)
    file.file.seek(0)
    if size > settings.import_max_bytes:
        raise PayloadTooLarge(
            message="registry.upload_too_large", params={"limit": settings.import_max_bytes}
        )
    # Read as a stream from the spooled upload (on disk past 1 MB), never whole in memory.
    imported = await service.import_csv(session, file.file, max_rows=settings.import_max_rows)
    # Committed before the response goes out; its search word lists follow, after it (and if
    # that fails, the process's own catch-up tries again: words.CatchUp).
    after.add_task(request.app.state.word_lists.once)
    return ImportResult(imported=imported)


@router.get(
    "/export",
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the enterprises a list with the same filters would show",
    description="CSV (streamed, UTF-8 with a BOM) or XLSX; Vietnamese headers and labels, ids "
    "last. The CSV can be imported back as it is.",
)
async def export_enterprises(
    request: Request,
    principal: Reader,
    filters: Filters,
    sort: Sort = None,
    format: ExportFormat = "csv",
) -> Response:
    order = parse_sort(sort, SORTABLE, DEFAULT_SORT)
    # a replica when one is configured, like the list it mirrors
    rows = service.export_rows(request.app.state.db.read_engine, principal, filters, order)
    return await export_response(
        format, csv_io.EXPORT_COLUMNS, rows, stem="doanh-nghiep", sheet="Doanh nghiệp"
    )


@router.get(
    "/by-tax-code/{tax_code}",
    response_model=EnterpriseRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_enterprise_by_tax_code(
    tax_code: Annotated[str, Path(max_length=32)], session: SessionDep, principal: Reader
) -> EnterpriseRead:
    enterprise = await service.by_tax_code(session, principal, tax_code.strip())
    return EnterpriseRead.model_validate(enterprise)


@router.get("/{id}", response_model=EnterpriseRead, responses=problem_responses(401, 403, 404, 422))
async def get_enterprise(id: uuid.UUID, session: SessionDep, principal: Reader) -> EnterpriseRead:
    return EnterpriseRead.model_validate(await service.get(session, principal, id))


@router.patch(
    "/{id}",
    response_model=EnterpriseRead,
    responses=problem_responses(401, 403, 404, 409, 422),
    description="Partial update. An enterprise user may update its own enterprise, except "
    "`tax_code` and `status`.",
)
async def update_enterprise(
    id: uuid.UUID, body: EnterpriseUpdate, session: SessionDep, principal: Reader
) -> EnterpriseRead:
    enterprise = await service.update(session, principal, id, body)
    return EnterpriseRead.model_validate(enterprise)


@router.delete(
    "/{id}",
    response_model=EnterpriseRead,
    responses=problem_responses(401, 403, 404, 422),
    description="Archives: the enterprise becomes `dissolved`; nothing is erased.",
)
async def delete_enterprise(
    id: uuid.UUID, session: SessionDep, principal: Writer
) -> EnterpriseRead:
    enterprise = await service.archive(session, id, principal)
    return EnterpriseRead.model_validate(enterprise)
