"""Vietnamese names of the API's enumeration codes that more than one service exports.

Exports show officials these names, never the codes; the codes themselves never change for
wording. A service's own enumerations (an enterprise's kind, a ledger entry's kind) are labelled
in that service's export module; the web app's i18n files hold the same wording.
"""

from __future__ import annotations

# The nine groups of khuyến công activities (Decree 45/2012, Art. 4).
CATEGORY = {
    "training": "Đào tạo nghề, truyền nghề",
    "capacity_building": "Nâng cao năng lực",
    "technology_transfer": "Ứng dụng, chuyển giao công nghệ",
    "products_and_trade": "Sản phẩm CNNT tiêu biểu, xúc tiến thương mại",
    "consulting": "Tư vấn",
    "information": "Thông tin, tuyên truyền",
    "clusters_and_environment": "Liên kết, cụm công nghiệp, môi trường",
    "international_cooperation": "Hợp tác quốc tế",
    "program_management": "Quản lý chương trình",
}

FUNDING_SOURCE = {
    "local": "Kinh phí khuyến công địa phương",
    "national": "Kinh phí khuyến công quốc gia",
    "other": "Nguồn khác",
}

LEVEL = {"local": "Địa phương", "national": "Quốc gia"}

# A project's status (project lists, program reports).
PROJECT_STATUS = {
    "draft": "Dự thảo",
    "submitted": "Đã nộp",
    "appraised": "Đã thẩm định",
    "approved": "Đã phê duyệt",
    "in_progress": "Đang thực hiện",
    "accepted": "Đã nghiệm thu",
    "settled": "Đã quyết toán",
    "rejected": "Bị từ chối",
    "cancelled": "Đã hủy",
}

ROLE = {
    "admin": "Quản trị hệ thống",
    "program_manager": "Lãnh đạo Sở",
    "program_officer": "Cán bộ khuyến công",
    "finance_officer": "Kế toán – Tài chính",
    "enterprise": "Doanh nghiệp",
    "viewer": "Chỉ xem",
    "integration": "Tích hợp",
    "service": "Dịch vụ hệ thống",
}
