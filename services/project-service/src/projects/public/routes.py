"""The public (no login) routes: published projects, support by commune, the OCDS package, the
CSV download and the open-data catalogue entry. Anonymous by design: no `require(...)` here;
the gateway lets `/api/v1/public/*` through without a token and rate-limits it per address.
Every answer carries an ETag and `Cache-Control` (kc_common.public)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from kc_common.db import SessionDep
from kc_common.errors import NotFound, problem_responses
from kc_common.exports import CSV_TYPE, content_disposition, csv_line, csv_record, export_filename
from kc_common.pagination import PageParams
from kc_common.public import NOT_MODIFIED, cached_body, cached_json
from projects.activities import repository as activities_repository
from projects.changes import repository as changes_repository
from projects.public import catalog, exports, ocds, service
from projects.public.directory import RegistryDirectory
from projects.public.schemas import CommuneSupportList, PublicProjectDetail, PublicProjectPage
from projects.public.service import Facts
from projects.settings import ProjectsSettings

router = APIRouter(prefix="/public", tags=["public"])

# Public pages are capped lower than staff lists: a crawler cannot ask for much at once.
MAX_PUBLIC_PAGE_SIZE = 100
# A year's download or OCDS package: a province has tens of projects a year, so this is a guard.
MAX_ROWS = 5000
ERRORS = {**problem_responses(404, 422, 429), **NOT_MODIFIED}


def _page(
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PUBLIC_PAGE_SIZE)] = 20,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


def _directory(request: Request) -> RegistryDirectory:
    directory: RegistryDirectory = request.app.state.public_directory
    return directory


def _settings(request: Request) -> ProjectsSettings:
    settings: ProjectsSettings = request.app.state.settings
    return settings


Directory = Annotated[RegistryDirectory, Depends(_directory)]
Settings = Annotated[ProjectsSettings, Depends(_settings)]
Year = Annotated[int | None, Query(ge=2000, le=2100)]
Text = Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_]+$")]
Code = Annotated[str | None, Query(max_length=20, pattern=r"^[0-9A-Za-z]+$")]
Status = Literal["approved", "in_progress", "accepted", "settled", "cancelled"]


def _filters(
    fiscal_year: Year = None,
    category: Text = None,
    activity_type: Text = None,
    admin_unit_code: Code = None,
    status: Status | None = None,
    level: Literal["local", "national"] | None = None,
) -> dict[str, Any]:
    return {
        "fiscal_year": fiscal_year,
        "category": category,
        "activity_type": activity_type,
        "admin_unit_code": admin_unit_code,
        "status": status,
        "level": level,
    }


Filters = Annotated[dict[str, Any], Depends(_filters)]
Search = Annotated[str | None, Query(max_length=100, description="code or title")]


@router.get(
    "/projects",
    response_model=PublicProjectPage,
    responses=ERRORS,
    summary="Approved projects (no login)",
    description="Projects a decision approved, and later stages; an enterprise by name, a "
    "household business by its commune and trade only. No personal data.",
)
async def list_projects(
    request: Request,
    session: SessionDep,
    directory: Directory,
    settings: Settings,
    page: Annotated[PageParams, Depends(_page)],
    filters: Filters,
    q: Search = None,
) -> Response:
    rows, total = await service.search(session, page, filters, q)
    facts = await Facts.of(directory, rows)
    body = PublicProjectPage(
        items=[facts.project(p) for p in rows],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )
    return cached_json(request, body, max_age=settings.public_cache_seconds)


@router.get(
    "/projects/by-commune",
    response_model=CommuneSupportList,
    responses=ERRORS,
    summary="Support by commune (no login)",
)
async def support_by_commune(
    request: Request,
    session: SessionDep,
    directory: Directory,
    settings: Settings,
    filters: Filters,
) -> Response:
    rows = await service.all_of(session, filters, limit=MAX_ROWS)
    facts = await Facts.of(directory, rows)
    body = CommuneSupportList(
        items=service.by_commune(facts, rows), geojson_url=settings.public_geojson_url
    )
    return cached_json(request, body, max_age=settings.public_cache_seconds)


@router.get(
    "/projects/export",
    response_class=Response,
    responses={
        200: {"description": "CSV (UTF-8 with a BOM)", "content": {"text/csv": {}}},
        **ERRORS,
    },
    summary="Download the approved projects as CSV (no login)",
)
async def export_projects(
    request: Request,
    session: SessionDep,
    directory: Directory,
    settings: Settings,
    filters: Filters,
    q: Search = None,
    format: Literal["csv"] = "csv",
) -> Response:
    rows = await service.all_of(session, filters, q, limit=MAX_ROWS)
    facts = await Facts.of(directory, rows)
    kinds = await activities_repository.activity_types(session)
    columns = exports.columns({kind.code: kind.name for kind in kinds})
    text = "\ufeff" + csv_line(c.header for c in columns)
    text += "".join(csv_record(columns, facts.project(p)) for p in rows)
    name = export_filename("de-an-khuyen-cong-cong-khai", format)
    return cached_body(
        request,
        text.encode(),
        CSV_TYPE,
        max_age=settings.public_cache_seconds,
        headers={"Content-Disposition": content_disposition(name)},
    )


@router.get(
    "/projects/{code}",
    response_model=PublicProjectDetail,
    responses=ERRORS,
    summary="One approved project and its disbursements (no login)",
)
async def get_project(
    request: Request,
    session: SessionDep,
    directory: Directory,
    settings: Settings,
    code: Annotated[str, Path(max_length=20, pattern=r"^[A-Z0-9-]+$")],
) -> Response:
    project = await service.by_code(session, code)
    if project is None:
        raise NotFound(code="project.not_found")
    facts = await Facts.of(directory, [project])
    paid = await service.payments(session, [project])
    changes = await changes_repository.approved(session, project.id)
    body = facts.detail(project, paid.get(project.id, []), changes)
    return cached_json(request, body, max_age=settings.public_cache_seconds)


@router.get(
    "/ocds",
    responses={
        200: {
            "description": "An OCDS 1.1 release package: a release per approved project",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        **ERRORS,
    },
    response_class=Response,
    summary="The year's projects as an OCDS 1.1 release package (no login)",
)
async def ocds_package(
    request: Request,
    session: SessionDep,
    directory: Directory,
    settings: Settings,
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> Response:
    rows = await service.all_of(session, {"fiscal_year": year}, limit=MAX_ROWS)
    if not rows:  # a package holds at least one release
        raise NotFound(code="project.ocds_year_empty", params={"year": year})
    facts = await Facts.of(directory, rows)
    paid = await service.payments(session, rows)
    body = ocds.package(settings, year, rows, facts, paid)
    return cached_json(request, body, max_age=settings.public_cache_seconds)


@router.get(
    "/catalog.json",
    responses={
        200: {
            "description": "A DCAT-AP catalogue (JSON-LD) of the open data sets",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        **NOT_MODIFIED,
    },
    response_class=Response,
    summary="The open-data catalogue entry for the national portal (no login)",
)
async def catalog_entry(request: Request, session: SessionDep, settings: Settings) -> Response:
    years = await service.published_years(session)
    body = catalog.document(settings, years)
    return cached_json(
        request, body, max_age=settings.public_cache_seconds, media_type="application/ld+json"
    )
