"""The public CSV: the same fields as the public list, Vietnamese headers and labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from kc_common.exports import Column
from kc_common.labels import CATEGORY, FUNDING_SOURCE, LEVEL
from projects.projects.exports import STATUS_LABELS
from projects.public.schemas import PublicProject

BENEFICIARY_KIND = {
    "enterprise": "Doanh nghiệp",
    "cooperative": "Hợp tác xã",
    "cooperative_group": "Tổ hợp tác",
    "household_business": "Hộ kinh doanh",
    "cooperative_union": "Liên hiệp hợp tác xã",
}


def _get(*path: str) -> Any:
    def read(row: PublicProject) -> Any:
        value: Any = row
        for name in path:
            value = getattr(value, name, None) if value is not None else None
        return value

    return read


COLUMNS = [
    Column("Mã đề án", "code", width=14),
    Column("Tên đề án", "title", width=48),
    Column("Năm kế hoạch", "fiscal_year", kind="int"),
    Column("Cấp đề án", "level", labels=LEVEL),
    Column("Nhóm nội dung", "category", labels=CATEGORY, width=36),
    Column("Nội dung hoạt động", "activity_type", width=30),
    Column("Trạng thái", "status", labels=STATUS_LABELS, width=18),
    Column("Xã, phường", _get("commune", "name"), width=24),
    Column("Xã, phường hiện nay", _get("commune", "current_name"), width=24),
    Column("Loại đơn vị thụ hưởng", _get("beneficiary", "kind"), labels=BENEFICIARY_KIND),
    Column("Đơn vị thụ hưởng", _get("beneficiary", "name"), width=36),
    Column("Ngành nghề", _get("beneficiary", "trade_name"), width=30),
    Column("Nguồn kinh phí", "funding_source", labels=FUNDING_SOURCE, width=30),
    Column("Số quyết định", "decision_number"),
    Column("Ngày quyết định", "decision_date", kind="date"),
    Column("Kinh phí được duyệt (đồng)", "approved_support_vnd", kind="money"),
    Column("Đã giải ngân (đồng)", "disbursed_vnd", kind="money"),
    Column("Kinh phí nghiệm thu (đồng)", "accepted_support_vnd", kind="money"),
    Column("Mã xã, phường", _get("commune", "code")),
    Column("Mã xã, phường hiện nay", _get("commune", "current_code")),
]


def columns(activity_names: Mapping[str, str]) -> list[Column]:
    """`COLUMNS` with each activity type named as the reference table names it ("Thí điểm sản
    xuất sạch hơn"), not by its code; a code the table lacks is exported as it is."""
    return [replace(c, labels=activity_names) if c.value == "activity_type" else c for c in COLUMNS]
