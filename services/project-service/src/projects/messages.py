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
            "nội dung '{activity_name}' ({legal_basis}): tối đa {limit_vnd} với tổng kinh phí "
            "{total_cost_vnd}",
            "Requested support {requested_support_vnd} is above the support policy for "
            "'{activity_name_en}' ({legal_basis}): at most {limit_vnd} for a total cost of "
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
        "project.advance_before_progress": (
            "Loại hoạt động này chỉ được tạm ứng (tối đa {cap_percent}%) khi khối lượng hoàn "
            "thành trên {min_percent_complete}%; báo cáo gần nhất: {percent_complete}%",
            "This activity may be advanced (up to {cap_percent}%) only once more than "
            "{min_percent_complete}% is done; the latest report says {percent_complete}%",
        ),
        # cost estimate (Form 1)
        "project.cost_line_fraction": (
            "Số lượng × đơn giá phải ra số đồng chẵn",
            "Quantity × unit price must come to whole đồng",
        ),
        "project.quantity_decimals": (
            "Số lượng tối đa hai chữ số thập phân",
            "A quantity has at most two decimals",
        ),
        "project.cost_line_support_above_amount": (
            "Kinh phí hỗ trợ ({support_vnd}) vượt thành tiền của dòng ({amount_vnd})",
            "The support ({support_vnd}) is above the line's amount ({amount_vnd})",
        ),
        "project.cost_lines_mismatch": (
            "Tổng dự toán chi tiết ({lines_vnd}) không khớp với {field} của đề án ({project_vnd})",
            "The cost lines add up to {lines_vnd}, not the project's {field} ({project_vnd})",
        ),
        "project.management_cost_above_cap": (
            "Chi phí quản lý của đơn vị thực hiện ({management_vnd}) vượt {cap_percent}% kinh "
            "phí khuyến công hỗ trợ ({cap_vnd})",
            "The implementing unit's management cost ({management_vnd}) is above {cap_percent}% "
            "of the support ({cap_vnd})",
        ),
        # change requests
        "project.change_empty": ("Chưa nêu nội dung điều chỉnh", "Nothing to change"),
        "project.change_no_difference": (
            "Kinh phí điều chỉnh bằng kinh phí đã duyệt",
            "The new support equals the approved support",
        ),
        "project.change_below_disbursed": (
            "Kinh phí điều chỉnh ({approved_support_vnd}) thấp hơn số đã chi ({disbursed_vnd})",
            "The new support ({approved_support_vnd}) is below what was paid ({disbursed_vnd})",
        ),
        "project.change_decision_required": (
            "Phê duyệt điều chỉnh cần số và ngày quyết định",
            "An approval needs its decision number and date",
        ),
        "project.change_request_not_found": (
            "Không tìm thấy đề nghị điều chỉnh",
            "Change request not found",
        ),
        "project.change_request_decided": (
            "Đề nghị điều chỉnh đã được quyết định ({status})",
            "The change request was already decided ({status})",
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
        "ledger.change": (
            "Điều chỉnh kinh phí đề án {project_code} theo quyết định {decision_number}",
            "Support of project {project_code} changed by decision {decision_number}",
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
        "document.kind_not_allowed": (
            "Doanh nghiệp chỉ được tải lên tài liệu loại {allowed}; tài liệu loại '{kind}' do cơ "
            "quan quản lý ban hành và tải lên.",
            "An enterprise may upload only {allowed} documents; '{kind}' documents are issued "
            "and uploaded by the program's staff.",
        ),
        "document.project_full": (
            "Đề án đã có đủ số tài liệu cho phép ({files} tệp, {mib} MiB kể cả các phiên bản "
            "cũ); không tải thêm được.",
            "The project holds as many documents as allowed ({files} files, {mib} MiB, every "
            "version counted); no more can be uploaded.",
        ),
        "document.project_closed": (
            "Đề án đang ở trạng thái '{status_label}': hồ sơ đã khép lại, doanh nghiệp không "
            "tải thêm tài liệu; nếu cần bổ sung, đề nghị cơ quan quản lý tải lên.",
            "The project is {status}: its file is closed and the enterprise uploads no more "
            "documents; the program's staff can add one if needed.",
        ),
        "document.version_conflict": (
            "Một phiên bản khác của tệp này vừa được tải lên; vui lòng thử lại.",
            "Another version of this file was uploaded at the same time; please try again.",
        ),
        "form.not_available": (
            "Đề án đang ở trạng thái '{status_label}' nên chưa lập được biểu mẫu này.",
            "Form {form} is not available for a project in status '{status}'.",
        ),
    }
)

# annual plans (kế hoạch khuyến công năm)
register(
    {
        "plan.not_found": ("Không tìm thấy kế hoạch.", "Plan not found."),
        # priority areas
        "priority_area.not_found": (
            "Không tìm thấy địa bàn ưu tiên.",
            "Priority area not found.",
        ),
        "priority_area.overlap": (
            "Địa bàn {admin_unit_code} đã là địa bàn ưu tiên của cùng chương trình (hoặc cùng "
            "áp dụng cho mọi chương trình) trong thời gian trùng, từ ngày {effective_from_text}",
            "Unit {admin_unit_code} is already a priority area of the same program (or of every "
            "program) in an overlapping period, from {effective_from_text}",
        ),
        "priority_area.unknown_program": (
            "Không có chương trình khuyến công mã {program_code}",
            "There is no program with code {program_code}",
        ),
        "priority_area.end_before_start": (
            "Ngày hết hiệu lực phải từ ngày có hiệu lực ({effective_from_text}) trở đi",
            "The end date must not be before the start date ({effective_from_text})",
        ),
        "plan.exists": (
            "Đã có kế hoạch khuyến công năm {fiscal_year} cấp {level}; mỗi năm và mỗi cấp chỉ "
            "có một kế hoạch (điều chỉnh bằng phiên bản mới).",
            "There is already a {level} plan for {fiscal_year}: one plan per year and level "
            "(adjust it with a revision).",
        ),
        "plan.invalid_transition": (
            "Kế hoạch đang ở trạng thái '{status}' nên không thực hiện được thao tác này.",
            "Cannot take the step '{action}' on a plan in status '{status}'.",
        ),
        "plan.saga_in_progress": (
            "Kế hoạch đang được phê duyệt; vui lòng gửi lại đúng yêu cầu phê duyệt này hoặc chờ "
            "hệ thống đối soát hoàn tất.",
            "The plan's approval is under way; repeat the same approval request, or wait for "
            "the reconciliation to finish it.",
        ),
        "plan.empty": (
            "Kế hoạch (phiên bản {version}) chưa có đề án nào cần phê duyệt.",
            "Version {version} of the plan has no project to approve.",
        ),
        "plan.item_exists": (
            "Đề án {code} đã có trong kế hoạch.",
            "Project {code} is already in the plan.",
        ),
        "plan.item_not_found": (
            "Đề án không có trong kế hoạch này.",
            "Project {project_id} is not in this plan.",
        ),
        "plan.item_approved": (
            "Đề án đã được phê duyệt theo phiên bản {approved_in_version} của kế hoạch nên không "
            "rút khỏi kế hoạch được; nếu không thực hiện, hãy hủy đề án.",
            "The project was approved by version {approved_in_version} of the plan and cannot "
            "be taken out; cancel the project instead.",
        ),
        "plan.project_in_other_plan": (
            "Đề án {code} đã thuộc một kế hoạch khác.",
            "Project {code} is in another plan ({plan_id}).",
        ),
        "plan.project_not_appraised": (
            "Chỉ đưa vào kế hoạch đề án đã thẩm định và được kiến nghị phê duyệt; đề án {code} "
            "đang ở trạng thái '{status}'.",
            "Only an appraised project recommended for approval goes into a plan; project "
            "{code} is '{status}'.",
        ),
        "plan.project_unknown": (
            "Không tìm thấy đề án",
            "Project {project_id} not found",
        ),
        "plan.project_other_year": (
            "Đề án {code} thuộc năm {project_year}, không phải năm {fiscal_year} của kế hoạch",
            "Project {code} is for {project_year}, not the plan's year {fiscal_year}",
        ),
        "plan.project_other_level": (
            "Đề án {code} thuộc cấp {project_level}, không phải cấp {level} của kế hoạch",
            "Project {code} is {project_level}, not the plan's level {level}",
        ),
        "plan.items_not_ready": (
            "Các đề án sau không còn ở trạng thái đã thẩm định hoặc đang có bước kinh phí chưa "
            "xong: {projects}. Hãy trả kế hoạch về dự thảo và rút các đề án này.",
            "These projects are no longer appraised or have a money step pending: {projects}. "
            "Return the plan to draft and take them out.",
        ),
        "plan.budget_unavailable": (
            "Không lấy được số liệu phân bổ từ dịch vụ ngân sách; cột phân bổ để trống.",
            "The budget service could not be reached: allocations are not shown.",
        ),
    }
)
