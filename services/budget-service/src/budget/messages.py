"""budget-service's words for its problems, in the shared catalogue (kc_common.messages)."""

from kc_common.messages import register

register(
    {
        "budget.use_project_workflow": (
            "Kinh phí của đề án chỉ được chuyển qua các bước của đề án (phê duyệt, tạm ứng, "
            "nghiệm thu và quyết toán, hủy) do hệ thống quản lý đề án thực hiện; không thao tác "
            "trực tiếp được.",
            "Money tied to project {project_id} moves only through the project's own steps "
            "(approval, advances, acceptance and settlement, cancellation), which "
            "project-service carries out: it cannot be {action} directly.",
        ),
        "budget.insufficient_funds": (
            "Không đủ kinh phí: dòng phân bổ năm {year} ({category}/{funding_source}) không còn "
            "đủ {amount_vnd}.",
            "The {year} {category}/{funding_source} line cannot hold another {amount_vnd}.",
        ),
        "budget.no_checkpoint": (
            "Sổ cái chưa có điểm kiểm tra nào được ký.",
            "The ledger has no signed checkpoint yet.",
        ),
        "budget.insufficient_funds_batch": (
            "Không đủ kinh phí năm {year} cho các dòng phân bổ: {lines}; không cam kết khoản nào.",
            "Not enough money in {year} on the lines {lines}; nothing was committed.",
        ),
        "budget.over_allocation": (
            "Phân bổ {amount_vnd} sẽ vượt dự toán được giao năm {year} (nguồn {funding_source}).",
            "Allocating {amount_vnd} would exceed the {year} {funding_source} appropriation.",
        ),
        "budget.carry_over_done": (
            "Năm {year} đã được chuyển nguồn.",
            "{year} was already carried over.",
        ),
        "budget.commitment_not_found": (
            "Không tìm thấy cam kết kinh phí.",
            "Commitment {commitment_id} not found.",
        ),
        "budget.unknown_commitment": (
            "Cam kết kinh phí không tồn tại",
            "Commitment {commitment_id} does not exist",
        ),
        "budget.commitment_closed": ("Cam kết kinh phí đã đóng.", "The commitment is closed."),
        "budget.release_zero": (
            "Số tiền phải lớn hơn 0: cam kết còn {remaining_vnd}",
            "Must be positive: {remaining_vnd} are still committed",
        ),
        "budget.release_exceeds_remaining": (
            "Cam kết chỉ còn {remaining_vnd} chưa chi.",
            "Only {remaining_vnd} of the commitment are not yet paid.",
        ),
        "budget.over_disbursement": (
            "Số chi vượt số còn lại của cam kết ({remaining_vnd}).",
            "Only {remaining_vnd} of the commitment remain.",
        ),
        "budget.advance_cap_exceeded": (
            "Tổng tạm ứng không được vượt {cap_percent}% cam kết kinh phí.",
            "Advances may not exceed {cap_percent}% of the commitment.",
        ),
        "budget.management_cap_exceeded": (
            "Chi quản lý của cơ quan quản lý chỉ được tối đa 1,5% kinh phí phân bổ trong năm "
            "({cap_vnd}); đã cam kết {committed_vnd}, đề nghị thêm {amount_vnd}.",
            "The managing agency's management costs may take at most 1.5% of the year's "
            "allocation ({cap_vnd}); {committed_vnd} committed, {amount_vnd} asked.",
        ),
        "budget.increase_without_project": (
            "Chỉ cam kết của một đề án mới được điều chỉnh tăng.",
            "Only a project's commitment can be increased.",
        ),
        "budget.recovery_exceeds_disbursed": (
            "Cam kết này mới chi {disbursed_vnd}; không thu hồi được nhiều hơn.",
            "Only {disbursed_vnd} were paid out on this commitment.",
        ),
        # programs
        "budget.no_program": (
            "Chưa có chương trình khuyến công nào bao gồm năm {year}",
            "No program covers the fiscal year {year}",
        ),
        "budget.program_code_taken": (
            "Đã có chương trình mã '{program_code}'",
            "A program with code '{program_code}' exists",
        ),
        "budget.years_covered": (
            "Các năm đã thuộc chương trình khác: {years}",
            "Years already covered by another program: {years}",
        ),
        "budget.program_just_taken": (
            "Mã hoặc một trong các năm vừa được chương trình khác sử dụng",
            "The code or one of the years was just taken by another program",
        ),
        "budget.end_before_start_year": (
            "Năm kết thúc không được trước năm bắt đầu",
            "end_year must not be before start_year",
        ),
        "budget.program_too_long": (
            "Một chương trình kéo dài tối đa {max_years} năm",
            "A program covers at most {max_years} years",
        ),
    }
)
