"""report-service's words for its problems, in the shared catalogue."""

from kc_common.messages import register

register(
    {
        "report.not_found": ("Không tìm thấy báo cáo.", "Report not found."),
        "report.number_taken": (
            "Không cấp được số báo cáo năm {year} do có nhiều báo cáo ban hành cùng lúc; "
            "vui lòng thử lại.",
            "No report number for {year} could be taken: many reports were issued at once; "
            "try again.",
        ),
    }
)
