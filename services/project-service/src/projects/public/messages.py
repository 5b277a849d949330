"""The public routes' words, in the shared catalogue."""

from kc_common.messages import register

register(
    {
        "project.ocds_year_empty": (
            "Năm {year} chưa có đề án nào được phê duyệt để công bố.",
            "No approved project of {year} has been published yet.",
        ),
    }
)
