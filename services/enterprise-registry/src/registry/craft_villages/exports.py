"""The craft village list as a spreadsheet: Vietnamese headers, ids last."""

from __future__ import annotations

from kc_common.exports import Column

COLUMNS = [
    Column("Tên làng nghề", "name", width=36),
    Column("Nghề", "craft", width=28),
    Column("Mã đơn vị hành chính", "admin_unit_code"),
    Column("Làng nghề truyền thống", "is_traditional"),
    Column("Ngày công nhận", "recognized_on", kind="date"),
    Column("Quyết định công nhận", "recognition_decision"),
    Column("Số hộ", "households", kind="int"),
    Column("Số hộ làm nghề", "craft_households", kind="int"),
    Column("Số lao động", "workers", kind="int"),
    Column("Năm hình thành", "founded_year", kind="int"),
    Column("Mô tả", "description", width=40),
    Column("Ngày tạo", "created_at", kind="datetime"),
    Column("Ngày cập nhật", "updated_at", kind="datetime"),
    Column("Mã hồ sơ", "id", width=38),
]
