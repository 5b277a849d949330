"""The ledger as a spreadsheet: Vietnamese headers and labels, amounts as whole VND, ids last."""

from __future__ import annotations

from kc_common.exports import Column
from kc_common.labels import CATEGORY, FUNDING_SOURCE, ROLE

KIND_LABELS = {
    "appropriation": "Giao dự toán",
    "allocation": "Phân bổ",
    "reallocation_out": "Điều chỉnh giảm",
    "reallocation_in": "Điều chỉnh tăng",
    "carry_over_out": "Chuyển nguồn đi",
    "carry_over_in": "Nhận chuyển nguồn",
    "commitment": "Cam kết",
    "increase": "Điều chỉnh tăng cam kết",
    "release": "Kinh phí không sử dụng",
    "disbursement": "Giải ngân",
    "recovery": "Thu hồi",
}

COLUMNS = [
    Column("Số thứ tự", "seq", kind="int"),
    Column("Thời điểm ghi sổ", "created_at", kind="datetime"),
    Column("Loại bút toán", "kind", labels=KIND_LABELS, width=22),
    Column("Số tiền (đồng)", "amount_vnd", kind="money"),
    Column("Năm ngân sách", "fiscal_year", kind="int"),
    Column("Nhóm nội dung", "category", labels=CATEGORY, width=36),
    Column("Nguồn kinh phí", "funding_source", labels=FUNDING_SOURCE, width=30),
    Column("Lý do", "reason", width=40),
    Column("Số chứng từ", "reference", width=20),
    Column("Người thực hiện", "actor_subject", width=28),
    Column("Vai trò", "actor_role", labels=ROLE, width=20),
    Column("Mã băm", "hash", width=66),
    Column("Mã đề án", "project_id", width=38),
    Column("Mã cam kết", "commitment_id", width=38),
    Column("Mã bút toán", "id", width=38),
]
