"""The typical product list as a spreadsheet: Vietnamese headers and labels, ids last."""

from __future__ import annotations

from kc_common.exports import Column

GROUP_LABELS = {
    "handicraft": "Thủ công mỹ nghệ",
    "agro_food": "Chế biến nông sản, thực phẩm",
    "machinery": "Máy móc, thiết bị, dụng cụ",
    "other": "Khác",
}
TIER_LABELS = {
    "district": "Cấp huyện",
    "provincial": "Cấp tỉnh",
    "regional": "Cấp khu vực",
    "national": "Cấp quốc gia",
}

COLUMNS = [
    Column("Tên sản phẩm", "name", width=36),
    Column("Cơ sở", "enterprise_name", width=36),
    Column("Nhóm sản phẩm", "group", labels=GROUP_LABELS),
    Column("Cấp công nhận", "tier", labels=TIER_LABELS),
    Column("Năm công nhận", "recognized_year", kind="int"),
    Column("Điểm", "score"),
    Column("Số giấy chứng nhận", "certificate_number"),
    Column("Hiệu lực đến", "valid_until", kind="date"),
    Column("Ngày tạo", "created_at", kind="datetime"),
    Column("Ngày cập nhật", "updated_at", kind="datetime"),
    Column("Mã cơ sở", "enterprise_id", width=38),
    Column("Mã hồ sơ", "id", width=38),
]
