"""The program report as XLSX (openpyxl, through kc_common.exports: text is never a formula) and
as PDF (WeasyPrint from an HTML/CSS template, DejaVu fonts: Vietnamese in the text layer)."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kc_common.exports import VIETNAM, XLSX_TYPE, xlsx_row, xlsx_text
from kc_common.money import group_thousands
from reports.program.layout import Layout, LayoutColumn, Table, tables

PDF_TYPE = "application/pdf"
JSON_TYPE = "application/json"
MEDIA_TYPES = {"json": JSON_TYPE, "xlsx": XLSX_TYPE, "pdf": PDF_TYPE}
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_XLSX_FORMATS = {"money": "#,##0", "int": "0", "number": "#,##0.##", "percent": "0.00"}
_WIDTHS = {"text": 24, "int": 10, "money": 18, "number": 14, "percent": 12}
_SHEETS = {
    "execution": "Kinh phí",
    "projects": "Đề án",
    "kpis": "Chỉ tiêu",
    "communes": "Địa bàn",
    "levels": "Quốc gia - địa phương",
}


# the period in the file name as the report's title says it (Quý I năm 2020), in ASCII
FILE_PERIODS = {
    "q1": "quy-1-nam",
    "q2": "quy-2-nam",
    "q3": "quy-3-nam",
    "q4": "quy-4-nam",
    "h1": "6-thang-dau-nam",
    "year": "nam",
}


def filename(year: int, period: str, fmt: str, number: str | None = None) -> str:
    stem = f"bao-cao-khuyen-cong-{FILE_PERIODS[period]}-{year}"
    if number:
        stem += "-so-" + number.replace("/", "-")
    return f"{stem}.{fmt}"


# --- numbers the way Vietnamese documents write them: 1.234.567 and 45,5 --------------------


def vn_number(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("money", "int") or (isinstance(value, int) and kind == "number"):
        return group_thousands(int(value))
    if kind in ("number", "percent"):
        whole, _, frac = f"{float(value):,.2f}".partition(".")
        frac = frac.rstrip("0")
        return whole.replace(",", ".") + ("," + frac if frac else "")
    return str(value)


def vn_date(value: date | str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
_env.filters["cell"] = vn_number
_env.filters["vndate"] = vn_date


def _issued_day(report: dict[str, Any]) -> date:
    generated = report["generated_at"]
    if isinstance(generated, str):
        generated = datetime.fromisoformat(generated)
    return generated.astimezone(VIETNAM).date()


def warm_up() -> None:
    """Loads WeasyPrint, Pango and the DejaVu fonts once (seconds on a busy machine)."""
    from weasyprint import HTML

    HTML(string='<p style="font-family: DejaVu Sans">Khuyến công</p>').write_pdf()


def pdf(report: dict[str, Any], layout: Layout, number: str | None = None) -> bytes:
    from weasyprint import HTML

    html = _env.get_template("program.html.j2").render(
        report=report,
        layout=layout,
        tables=tables(report, layout),
        number=number,
        day=_issued_day(report),
    )
    result: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return result


def xlsx(report: dict[str, Any], layout: Layout, number: str | None = None) -> bytes:
    """One sheet per section, each with the report's title lines, a bold frozen header, money
    as whole đồng with thousands separators; every text cell is a string, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    title = [
        layout.title,
        report["period_label"]
        + (f" – Số: {number}" if number else " – bản xem trước, chưa ban hành"),
        layout.unit_note,
    ]
    for section, table in zip(layout.sections, tables(report, layout), strict=True):
        ws = workbook.create_sheet(_SHEETS[section.source])
        columns = table.columns
        ws.column_dimensions["A"].width = 6
        for i, c in enumerate(columns, start=2):
            ws.column_dimensions[get_column_letter(i)].width = c.width or _WIDTHS[c.kind]
        ws.freeze_panes = f"A{len(title) + 3}"
        for line in title:
            cell = WriteOnlyCell(ws, value=xlsx_text(line))
            cell.font = bold
            ws.append([cell])
        ws.append(_bold(ws, [table.heading]))
        ws.append(_bold(ws, ["STT", *(c.header for c in columns)]))
        _rows(ws, table, columns)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _bold(ws: Any, values: list[Any]) -> list[Any]:
    from openpyxl.styles import Font

    cells = xlsx_row(ws, values)
    for c in cells:
        c.font = Font(bold=True)
    return cells


def _rows(ws: Any, table: Table, columns: list[LayoutColumn]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    n = 0
    for row in table.rows:
        if row.kind == "data":
            n += 1
        cells = xlsx_row(ws, [n if row.kind == "data" else None, *row.cells])
        for i, c in enumerate(columns, start=1):
            value = cells[i]
            fmt = _XLSX_FORMATS.get(c.kind)
            if fmt and isinstance(value, int | float):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = fmt
                cells[i] = cell
        if row.kind != "data":
            for i, value in enumerate(cells):
                if not isinstance(value, Cell):
                    cells[i] = WriteOnlyCell(ws, value=value)  # None or a number
                cells[i].font = Font(bold=True, italic=row.kind == "group")
        ws.append(cells)
