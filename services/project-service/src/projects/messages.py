"""project-service's words for its problems and ledger reasons, in the shared catalogue."""

from kc_common.messages import register

register(
    {
        "project.not_found": ("Không tìm thấy đề án.", "Project not found."),
        "project.invalid_transition": (
            "Đề án đang ở trạng thái '{status}' nên không thực hiện được thao tác này.",
            "Cannot {action} a project in status '{status}'.",
        ),
        "project.saga_in_progress": (
            "Một bước chi kinh phí của đề án đang được xử lý; vui lòng gửi lại đúng yêu cầu "
            "này hoặc chờ hệ thống đối soát hoàn tất.",
            "A money step ('{pending_saga}') is still pending for this project; retry the same "
            "request, or wait for the reconciliation to finish it.",
        ),
        "project.not_editable": (
            "Chỉ sửa được đề án ở trạng thái dự thảo; đề án này đang ở trạng thái '{status}'.",
            "Only a draft can be edited; this project is '{status}'.",
        ),
        "project.fiscal_year_fixed": (
            "Năm kế hoạch là một phần của mã đề án nên không sửa được; hãy tạo đề án mới",
            "The fiscal year is part of the project code and cannot change; create a new project",
        ),
        "project.end_before_start": (
            "Ngày kết thúc không được trước ngày bắt đầu",
            "end_on must not be before start_on",
        ),
        # beneficiary and who proposes
        "project.beneficiary_invalid": (
            "Đơn vị thụ hưởng không có trong cơ sở dữ liệu hoặc không còn hoạt động.",
            "The beneficiary is not in the registry or is not active.",
        ),
        "project.beneficiary_unknown": (
            "Đơn vị thụ hưởng không có trong cơ sở dữ liệu doanh nghiệp",
            "Enterprise {enterprise_id} is not in the registry",
        ),
        "project.beneficiary_inactive": (
            "Đơn vị thụ hưởng không còn hoạt động (trạng thái: {status})",
            "Enterprise {enterprise_id} is {status}, not active",
        ),
        "project.no_enterprise_bound": (
            "Tài khoản này chưa được gắn với cơ sở nào.",
            "This account is not bound to an enterprise.",
        ),
        "project.not_own_enterprise": (
            "Chỉ được đề xuất đề án cho cơ sở của mình.",
            "An enterprise may only propose projects for itself.",
        ),
        # money rules
        "project.unknown_activity_type": (
            "Nội dung hoạt động '{activity_type}' không có trong danh mục",
            "Unknown activity type '{activity_type}'; see GET /api/v1/activity-types",
        ),
        "project.support_above_cost": (
            "Kinh phí đề nghị hỗ trợ {requested_support_vnd} không được vượt tổng kinh phí "
            "{total_cost_vnd}",
            "Requested support {requested_support_vnd} may not exceed the total cost "
            "{total_cost_vnd}",
        ),
        "project.support_above_policy": (
            "Kinh phí đề nghị hỗ trợ {requested_support_vnd} vượt mức hỗ trợ theo quy định cho "
            "nội dung '{activity_type}' ({legal_basis}): tối đa {limit_vnd} với tổng kinh phí "
            "{total_cost_vnd}",
            "Requested support {requested_support_vnd} is above the support policy for "
            "'{activity_type}' ({legal_basis}): at most {limit_vnd} for a total cost of "
            "{total_cost_vnd}",
        ),
        "project.counterpart_insufficient": (
            "Vốn đối ứng {counterpart_vnd} cộng kinh phí đề nghị hỗ trợ {requested_support_vnd} "
            "phải đủ tổng kinh phí {total_cost_vnd}",
            "Counterpart {counterpart_vnd} plus requested support {requested_support_vnd} must "
            "cover the total cost {total_cost_vnd}",
        ),
        "project.recommended_above_requested": (
            "Mức hỗ trợ kiến nghị không được vượt kinh phí đề nghị {requested_support_vnd}",
            "The recommendation may not exceed the requested support {requested_support_vnd}",
        ),
        "project.approved_above_recommended": (
            "Kinh phí phê duyệt không được vượt mức kiến nghị/đề nghị {limit_vnd}",
            "Approved support may not exceed the recommended/requested {limit_vnd}",
        ),
        "project.accepted_above_approved": (
            "Kinh phí nghiệm thu {accepted_support_vnd} vượt kinh phí được duyệt "
            "{approved_support_vnd}",
            "Accepted support {accepted_support_vnd} is above the approved {approved_support_vnd}",
        ),
        "project.no_program": (
            "Không có chương trình khuyến công nào cho năm ngân sách {fiscal_year}",
            "No program covers the fiscal year {fiscal_year}",
        ),
        "project.unknown_kpi": (
            "Chỉ tiêu không có trong danh mục: {kpis}",
            "Indicators not in the catalogue: {kpis}",
        ),
        "project.unknown_kpi_code": (
            "Chỉ tiêu '{kpi}' không có trong danh mục; hãy chọn trong danh mục chỉ tiêu",
            "Unknown indicator '{kpi}'; choose one from the catalogue",
        ),
        "project.kpi_invalid_value": (
            "Giá trị chỉ tiêu không hợp lệ: {fields}",
            "Invalid indicator values: {fields}",
        ),
        "project.kpi_baseline_result": (
            "Chỉ tiêu '{kpi}' cần số liệu trước và sau (baseline, result)",
            "'{kpi}' takes a baseline and a result",
        ),
        "project.kpi_one_number": ("Chỉ tiêu '{kpi}' nhận một số", "'{kpi}' takes one number"),
        "project.kpi_not_a_number": (
            "Phải là một số, từ 0 trở lên",
            "Must be a number, zero or more",
        ),
        "project.kpi_percent_above": (
            "Tỷ lệ phần trăm tối đa {max}",
            "A percentage may be at most {max}",
        ),
        "project.advance_above_cap": (
            "Tổng tạm ứng tối đa {cap_percent}% kinh phí được duyệt ({cap_vnd}); đã tạm ứng "
            "{advanced_vnd}",
            "Advances may total at most {cap_percent}% of the approved support ({cap_vnd}); "
            "{advanced_vnd} already advanced",
        ),
        "project.acceptance_before_decision": (
            "Ngày nghiệm thu không được trước ngày quyết định phê duyệt",
            "Acceptance cannot precede the approval decision",
        ),
        "project.settlement_before_acceptance": (
            "Ngày quyết toán không được trước ngày nghiệm thu",
            "Settlement cannot precede acceptance",
        ),
        "project.upstream_down": (
            "Không kết nối được dịch vụ {service}; thao tác chưa hoàn tất. Vui lòng thử lại sau.",
            "The {service} service is unavailable; the step is not finished. Try again later.",
        ),
        # the reasons money steps give the budget ledger (kept in Vietnamese)
        "ledger.settlement_recovery": (
            "Thu hồi phần tạm ứng vượt kinh phí nghiệm thu khi quyết toán đề án {project_code}",
            "Advances above the accepted support of project {project_code}, recovered at "
            "settlement",
        ),
        "ledger.settlement_release": (
            "Quyết toán đề án {project_code}: kinh phí không sử dụng",
            "Settlement of project {project_code}: unspent part of the commitment",
        ),
        "ledger.cancellation": (
            "Hủy đề án {project_code}: {reason}",
            "Project {project_code} cancelled: {reason}",
        ),
        "ledger.cancellation_reference": (
            "Hủy đề án {project_code}",
            "Cancellation of project {project_code}",
        ),
        "ledger.reconciliation_release": (
            "Đối soát: cam kết không gắn với đề án được phê duyệt",
            "Reconciliation: commitment without an approved project",
        ),
        # documents and official forms
        "document.not_found": ("Không tìm thấy tài liệu.", "Document not found."),
        "document.unsupported_type": (
            "Chỉ nhận tệp {accepted}; nội dung tệp này không thuộc các loại đó.",
            "Only {accepted} files are accepted; this file's content is none of them.",
        ),
        "document.empty": ("Tệp tải lên không có nội dung.", "The uploaded file is empty."),
        "document.filename_missing": (
            "Tệp tải lên phải có tên.",
            "The uploaded file has no name.",
        ),
        "document.filename_too_long": (
            "Tên tệp dài quá {max} ký tự.",
            "The file name is longer than {max} characters.",
        ),
        "document.version_conflict": (
            "Một phiên bản khác của tệp này vừa được tải lên; vui lòng thử lại.",
            "Another version of this file was uploaded at the same time; please try again.",
        ),
        "form.not_available": (
            "Đề án đang ở trạng thái '{status}' nên chưa lập được biểu mẫu này.",
            "Form {form} is not available for a project in status '{status}'.",
        ),
    }
)
