"""The project list as a spreadsheet: Vietnamese headers and labels, amounts as whole VND,
ids last. A category reads as on every screen and report (kc_common.labels), the reference
table's name (the Decree's long wording) only for a category added since; activity type names
come from the reference table (joined by the query)."""

from __future__ import annotations

from kc_common.exports import Column
from kc_common.labels import CATEGORY, FUNDING_SOURCE, LEVEL, PROJECT_STATUS

STATUS_LABELS = PROJECT_STATUS


def _category(row: dict[str, object]) -> object:
    return CATEGORY.get(str(row["category"])) or row["category_name"] or row["category"]


def _activity_type(row: dict[str, object]) -> object:
    return row["activity_type_name"] or row["activity_type"]


COLUMNS = [
    Column("Mã đề án", "code", width=14),
    Column("Tên đề án", "title", width=48),
    Column("Năm kế hoạch", "fiscal_year", kind="int"),
    Column("Cấp đề án", "level", labels=LEVEL),
    Column("Nhóm nội dung", _category, width=36),
    Column("Nội dung hoạt động", _activity_type, width=36),
    Column("Trạng thái", "status", labels=STATUS_LABELS, width=18),
    Column("Đơn vị thực hiện", "implementing_unit", width=32),
    Column("Mã đơn vị hành chính", "admin_unit_code"),
    Column("Ngày bắt đầu", "start_on", kind="date"),
    Column("Ngày kết thúc", "end_on", kind="date"),
    Column("Tổng kinh phí (đồng)", "total_cost_vnd", kind="money"),
    Column("Kinh phí đề nghị hỗ trợ (đồng)", "requested_support_vnd", kind="money"),
    Column("Vốn đối ứng (đồng)", "counterpart_vnd", kind="money"),
    Column("Điểm thẩm định", "appraisal_score", kind="int"),
    Column("Mức hỗ trợ kiến nghị (đồng)", "recommended_support_vnd", kind="money"),
    Column("Số quyết định", "decision_number"),
    Column("Ngày quyết định", "decision_date", kind="date"),
    Column("Nguồn kinh phí", "funding_source", labels=FUNDING_SOURCE, width=30),
    Column("Kinh phí được duyệt (đồng)", "approved_support_vnd", kind="money"),
    Column("Tiến độ (%)", "percent_complete", kind="int"),
    Column("Ngày nghiệm thu", "accepted_on", kind="date"),
    Column("Kinh phí nghiệm thu (đồng)", "accepted_support_vnd", kind="money"),
    Column("Đã tạm ứng (đồng)", "advanced_vnd", kind="money"),
    Column("Đã giải ngân (đồng)", "disbursed_vnd", kind="money"),
    Column("Kinh phí không sử dụng (đồng)", "released_vnd", kind="money"),
    Column("Ngày quyết toán", "settled_on", kind="date"),
    Column("Ngày tạo", "created_at", kind="datetime"),
    Column("Ngày cập nhật", "updated_at", kind="datetime"),
    Column("Mã chương trình", "program_code"),
    Column("Mã đơn vị thụ hưởng", "beneficiary_enterprise_id", width=38),
    Column("Mã làng nghề", "craft_village_id", width=38),
    Column("Mã hồ sơ", "id", width=38),
]
