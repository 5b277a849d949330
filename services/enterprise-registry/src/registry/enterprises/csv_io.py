"""The enterprise spreadsheet format: Vietnamese column labels (or API field names) ↔ fields.

Pure functions, no database: reading an uploaded CSV into field dicts and writing rows out as
CSV or XLSX. Exports carry Vietnamese headers and labels (`Hợp tác xã`, `Nhỏ`, `Có`), ids last;
the importer reads those back as well as the API's field names and codes, and ignores the
columns only an export has (record id, times), so an exported file can be imported again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from kc_common.exports import Column, from_csv_text
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
# Columns an export adds that an import ignores, so an exported file can be imported back.
READ_ONLY = {"ma ho so", "ngay tao", "ngay cap nhat", "id", "created_at", "updated_at"}

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
        if not raw.strip() or key in READ_ONLY:
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


# Export: Vietnamese headers and labels, ids last; `normalize` reads every label back.
KIND_LABELS = {
    "enterprise": "Doanh nghiệp",
    "cooperative": "Hợp tác xã",
    "cooperative_group": "Tổ hợp tác",
    "household_business": "Hộ kinh doanh",
    "cooperative_union": "Liên hiệp hợp tác xã",
}
SIZE_LABELS = {"micro": "Siêu nhỏ", "small": "Nhỏ", "medium": "Vừa", "large": "Lớn"}
STATUS_LABELS = {
    "active": "Đang hoạt động",
    "suspended": "Tạm ngừng hoạt động",
    "dissolved": "Ngừng hoạt động – Giải thể",
}
GENDER_LABELS = {"male": "Nam", "female": "Nữ", "other": "Khác"}
_EXPORT_LABELS = {
    "kind": KIND_LABELS,
    "size": SIZE_LABELS,
    "status": STATUS_LABELS,
    "owner_gender": GENDER_LABELS,
}
for _field, _labels in _EXPORT_LABELS.items():
    _VALUE_LABELS[_field].update({fold(label): code for code, label in _labels.items()})


def expected_labels(field: str) -> str | None:
    """The values a file may hold in `field` as its people write them (`'Doanh nghiệp', …`),
    for an import problem's `expected`; None for a field without labels."""
    labels = _EXPORT_LABELS.get(field)
    return ", ".join(f"'{label}'" for label in labels.values()) if labels else None


_KINDS: dict[str, Literal["text", "int", "date", "datetime"]] = {
    "established_on": "date",
    "employees": "int",
}
EXPORT_COLUMNS = [
    *(
        Column(label, field, labels=_EXPORT_LABELS.get(field), kind=_KINDS.get(field, "text"))
        for field, label in COLUMNS.items()
        if field != "craft_village_id"
    ),
    Column(EXPORT_EXTRA["created_at"], "created_at", kind="datetime"),
    Column(EXPORT_EXTRA["updated_at"], "updated_at", kind="datetime"),
    Column(COLUMNS["craft_village_id"], "craft_village_id", width=38),
    Column(EXPORT_EXTRA["id"], "id", width=38),
]
