from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from kc_common.errors import problem_responses
from kc_common.exports import XLSX_TYPE, content_disposition
from reports.deps import LayoutDep, ReadersDep
from reports.program import render
from reports.program.schemas import Period, ProgramReport, ReportFormat
from reports.program.service import program_report
from reports.roles import Reader

router = APIRouter(prefix="/reports", tags=["reports"])

FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report as JSON, XLSX or PDF (named in Content-Disposition)",
        "content": {XLSX_TYPE: {}, render.PDF_TYPE: {}},
    }
}
Year = Annotated[int, Query(ge=2000, le=2100, description="Fiscal year")]


def file_response(body: bytes, fmt: str, name: str) -> Response:
    return Response(
        body,
        media_type=render.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": content_disposition(name)},
    )


@router.get(
    "/program",
    response_model=ProgramReport,
    responses={**problem_responses(401, 403, 422, 503), **FILE_RESPONSES},
    summary="The program report of a year and period: execution, projects, KPIs, support",
)
async def program(
    _: Reader,
    readers: ReadersDep,
    layout: LayoutDep,
    year: Year,
    period: Period = "year",
    format: ReportFormat = "json",
) -> Any:
    """`period`: q1…q4 and h1 count money events dated (document date) up to the period's last
    day, cumulative from the start of the year; `year` counts every event of the fiscal year
    and agrees with the budget's year summary."""
    report = await program_report(readers, year, period)
    if format == "json":
        return report
    data = report.model_dump(mode="json")
    if format == "xlsx":
        body = render.xlsx(data, layout)
    else:
        body = await asyncio.to_thread(render.pdf, data, layout)
    return file_response(body, format, render.filename(year, period, format))
