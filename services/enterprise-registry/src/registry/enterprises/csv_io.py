"""The enterprise spreadsheet format: Vietnamese column labels (or API field names) ↔ fields.

Pure functions, no database: reading an uploaded CSV into field dicts and writing rows out as
CSV or XLSX. Values are exported as API codes (kind `cooperative`, dates `YYYY-MM-DD`) so an
export can be imported back; the importer also accepts the Vietnamese labels users type. Cells go
through kc_common.exports, so a record's text never becomes a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping

from kc_common.exports import csv_line, from_csv_text, xlsx_row
from kc_common.text import fold

# Field → Vietnamese column label, in export order.
COLUMNS: dict[str, str] = {
    "tax_code": "Mã số thuế",
    "name": "Tên doanh nghiệp",
    "kind": "Loại hình",
    "size": "Quy mô",
    "sector_code": "Mã ngành",
    "admin_unit_code": "Mã đơn vị hành chính",
    "address": "Địa chỉ",
    "established_on": "Ngày thành lập",
    "employees": "Số lao động",
    "is_rural_industrial": "Công nghiệp nông thôn",
    "craft_village_id": "Mã làng nghề",
    "owner_gender": "Giới tính chủ cơ sở",
    "owner_ethnic_minority": "Chủ là người dân tộc thiểu số",
    "phone": "Điện thoại",
    "email": "Email",
    "status": "Trạng thái",
}
EXPORT_EXTRA = {"id": "Mã hồ sơ", "created_at": "Ngày tạo", "updated_at": "Ngày cập nhật"}

# Other labels seen in real spreadsheets, folded.
_ALIASES = {
    "mst": "tax_code",
    "ma so doanh nghiep": "tax_code",
    "ten": "name",
    "ten co so": "name",
    "ten don vi": "name",
    "loai hinh doanh nghiep": "kind",
    "nganh nghe": "sector_code",
    "ma nganh vsic": "sector_code",
    "ma don vi hanh chinh": "admin_unit_code",
    "ma xa phuong": "admin_unit_code",
    "so dien thoai": "phone",
    "lao dong": "employees",
    "gioi tinh chu": "owner_gender",
    "dan toc thieu so": "owner_ethnic_minority",
    "lang nghe": "craft_village_id",
}
HEADERS: dict[str, str] = {
    **_ALIASES,
    **{fold(label): field for field, label in COLUMNS.items()},
    **{field: field for field in COLUMNS},
}

_VALUE_LABELS: dict[str, dict[str, str]] = {
    "kind": {
        "doanh nghiep": "enterprise",
        "hop tac xa": "cooperative",
        "htx": "cooperative",
        "to hop tac": "cooperative_group",
        "ho kinh doanh": "household_business",
        "ho kinh doanh ca the": "household_business",
        "lien hiep hop tac xa": "cooperative_union",
    },
    "size": {"sieu nho": "micro", "nho": "small", "vua": "medium", "lon": "large"},
    "status": {
        "dang hoat dong": "active",
        "hoat dong": "active",
        "tam ngung": "suspended",
        "tam ngung hoat dong": "suspended",
        "giai the": "dissolved",
        "da giai the": "dissolved",
    },
    "owner_gender": {"nu": "female", "nam": "male", "khac": "other"},
}
_TRUE = {"true", "1", "x", "co", "yes", "y"}
_FALSE = {"false", "0", "khong", "no", "n"}
BOOL_FIELDS = ("is_rural_industrial", "owner_ethnic_minority")


def map_headers(
    headers: list[str],
) -> tuple[list[str | None], list[tuple[str, dict[str, Any]]]]:
    """Each column's field (None to ignore) and the problems with the header row."""
    fields: list[str | None] = []
    problems: list[tuple[str, dict[str, Any]]] = []  # (message key, params)
    seen: set[str] = set()
    for raw in headers:
        key = fold(raw.strip().lstrip("\ufeff"))
        field = HEADERS.get(key) or HEADERS.get(key.replace("_", " "))
        if not raw.strip():
            fields.append(None)
            continue
        if field is None:
            problems.append(("registry.import_unknown_column", {"column": raw.strip()}))
        elif field in seen:
            problems.append(("registry.import_duplicate_column", {"column": raw.strip()}))
            field = None
        else:
            seen.add(field)
        fields.append(field)
    for required in ("tax_code", "name", "kind", "admin_unit_code"):
        if required not in seen:
            params = {"column": COLUMNS[required], "field": required}
            problems.append(("registry.import_missing_column", params))
    return fields, problems


def normalize(field: str, value: str) -> Any:
    """A cell as the API would take it: labels → codes, dd/mm/yyyy → date, Có/Không → bool."""
    value = from_csv_text(value.strip())  # an exported `'+84 912…` imports as `+84 912…`
    if value == "":
        return None
    if field in _VALUE_LABELS:
        return _VALUE_LABELS[field].get(fold(value), value)
    if field in BOOL_FIELDS:
        folded = fold(value)
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        return value
    if field == "established_on" and "/" in value:
        try:
            return datetime.strptime(value, "%d/%m/%Y").date()
        except ValueError:
            return value
    if field == "sector_code":
        return value.upper()
    return value


def read_rows(text: str) -> tuple[list[str], Iterator[list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], iter(())
    return header, reader


EXPORT_FIELDS = ["id", *COLUMNS, "created_at", "updated_at"]
EXPORT_LABELS = [{**COLUMNS, **EXPORT_EXTRA}[f] for f in EXPORT_FIELDS]


def export_values(row: RowMapping) -> list[Any]:
    return [row[f] for f in EXPORT_FIELDS]


async def csv_chunks(rows: AsyncIterator[RowMapping]) -> AsyncIterator[bytes]:
    """UTF-8 with a BOM (so Excel reads the Vietnamese), header row, then rows in chunks."""
    yield ("\ufeff" + csv_line(EXPORT_LABELS)).encode()
    buffer: list[str] = []
    async for row in rows:
        buffer.append(csv_line(export_values(row)))
        if len(buffer) >= 500:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


async def xlsx_bytes(rows: AsyncIterator[RowMapping]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Doanh nghiệp")
    sheet.append(xlsx_row(sheet, EXPORT_LABELS))
    async for row in rows:
        sheet.append(xlsx_row(sheet, export_values(row)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
