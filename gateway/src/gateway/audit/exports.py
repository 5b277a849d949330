"""The audit trail as a spreadsheet: Vietnamese headers and event names, ids last."""

from __future__ import annotations

from kc_common.exports import Column
from kc_common.labels import ROLE

KIND_LABELS = {
    "request.write": "Thao tác ghi dữ liệu",
    "auth.login_succeeded": "Đăng nhập thành công",
    "auth.login_failed": "Đăng nhập thất bại",
    "auth.login_rate_limited": "Đăng nhập bị giới hạn tần suất",
    "auth.lockout": "Khoá tài khoản tạm thời",
    "auth.refresh": "Làm mới phiên",
    "auth.refresh_failed": "Làm mới phiên thất bại",
    "auth.refresh_reuse": "Dùng lại mã làm mới",
    "auth.logout": "Đăng xuất",
    "auth.client_credentials": "Cấp mã cho hệ thống tích hợp",
    "auth.client_credentials_failed": "Cấp mã cho hệ thống tích hợp thất bại",
}

COLUMNS = [
    Column("Thời điểm", "at", kind="datetime"),
    Column("Loại sự kiện", "kind", labels=KIND_LABELS, width=30),
    Column("Tên đăng nhập", "username", width=20),
    Column("Vai trò", "role", labels=ROLE, width=20),
    Column("Phương thức", "method", width=10),
    Column("Đường dẫn", "path", width=48),
    Column("Mã phản hồi", "status", kind="int"),
    Column("Địa chỉ IP", "ip", width=16),
    Column("Chi tiết", "detail", width=40),
    Column("Mã người dùng", "actor_id", width=38),
    Column("Mã yêu cầu", "request_id", width=38),
    Column("Mã sự kiện", "id", width=38),
]
