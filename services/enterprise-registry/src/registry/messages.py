"""The registry's words for its problems, in the shared catalogue (kc_common.messages)."""

from kc_common.messages import register

register(
    {
        "registry.enterprise_not_found": ("Không tìm thấy cơ sở.", "No such enterprise."),
        "registry.craft_village_not_found": (
            "Không tìm thấy làng nghề.",
            "No such craft village.",
        ),
        "registry.typical_product_not_found": (
            "Không tìm thấy sản phẩm công nghiệp nông thôn tiêu biểu.",
            "No such typical product.",
        ),
        "registry.invalid_cursor": (
            "Con trỏ trang không hợp lệ hoặc thuộc một cách sắp xếp khác; hãy tải lại danh sách",
            "The page cursor is not valid or belongs to another sort; load the list again",
        ),
        # tax codes
        "registry.invalid_tax_code": ("Mã số thuế không hợp lệ.", "Invalid tax code."),
        "registry.tax_code_never_issued": (
            "Mã số thuế không hợp lệ: không tính được chữ số kiểm tra (số dư 0), mã này "
            "không bao giờ được cấp",
            "The check digit cannot be computed (remainder 0): this code is never issued",
        ),
        "registry.tax_code_check_digit": (
            "Sai chữ số kiểm tra: phải là {expected}, nhập {got}",
            "Wrong check digit: expected {expected}, got {got}",
        ),
        "registry.tax_code_branch_suffix": (
            "Mã đơn vị phụ thuộc chạy từ -001 đến -999",
            "A dependent-unit suffix runs from -001 to -999",
        ),
        "registry.tax_code_personal_id": (
            "Số định danh cá nhân 12 chữ số chỉ dùng cho hộ kinh doanh",
            "A 12-digit personal ID is accepted only for kind household_business",
        ),
        "registry.tax_code_format": (
            "Mã số thuế gồm 10 chữ số, 10 chữ số + '-' + 3 chữ số, hoặc 12 chữ số (hộ kinh doanh)",
            "A tax code is 10 digits, 10 digits + '-' + 3 digits, or 12 digits "
            "(household business)",
        ),
        "registry.duplicate_tax_code": (
            "Mã số thuế {tax_code} đã được đăng ký cho một cơ sở khác.",
            "An establishment with tax code {tax_code} is already registered.",
        ),
        # references
        "registry.unknown_admin_unit": (
            "Không có đơn vị hành chính mã '{code}'",
            "Unknown administrative unit '{code}'",
        ),
        "registry.admin_unit_ended": (
            "Đơn vị hành chính '{code}' đã chấm dứt từ ngày {ended_on}, trước ngày thành lập "
            "{as_of}",
            "Administrative unit '{code}' ceased to exist on {ended_on}, before the "
            "establishment date {as_of}",
        ),
        "registry.admin_unit_ended_today": (
            "Đơn vị hành chính '{code}' đã chấm dứt từ ngày {ended_on}",
            "Administrative unit '{code}' ceased to exist on {ended_on}, before today {as_of}",
        ),
        "registry.unknown_sector": (
            "'{code}' không phải mã ngành VSIC 2018",
            "'{code}' is not a VSIC 2018 code",
        ),
        "registry.unknown_craft_village": ("Không có làng nghề này", "No such craft village"),
        "registry.unknown_enterprise": ("Không có cơ sở này", "No such enterprise"),
        # who may change what
        "registry.verified_field": (
            "{fields}: thông tin do Trung tâm Khuyến công xác minh, chỉ cán bộ được sửa. "
            "Doanh nghiệp chỉ sửa thông tin liên hệ ({contact_fields}).",
            "{fields}: verified by the Center; only an officer may change them. An enterprise "
            "edits only its contact details ({contact_fields}).",
        ),
        "registry.verified_by_center": (
            "Do Trung tâm xác minh; chỉ cán bộ được sửa",
            "Verified by the Center; only an officer may change it",
        ),
        "registry.fields_not_null": (
            "Các trường sau không được để trống: {fields}.",
            "These fields cannot be null: {fields}.",
        ),
        # craft villages and typical products
        "registry.invalid_craft_village": (
            "Thông tin làng nghề không hợp lệ.",
            "Invalid craft village.",
        ),
        "registry.craft_households_exceed": (
            "Số hộ làm nghề không vượt quá tổng số hộ",
            "Cannot exceed households",
        ),
        "registry.craft_share": (
            "Làng nghề được công nhận có ít nhất {percent}% số hộ làm nghề",
            "A recognised craft village has at least {percent}% of its households in the craft",
        ),
        "registry.craft_years": (
            "Làng nghề được công nhận đã hoạt động ít nhất {years} năm",
            "A recognised craft village has operated for at least {years} years",
        ),
        "registry.traditional_years": (
            "Nghề truyền thống đã có ở địa phương trên {years} năm",
            "A traditional craft is over {years} years old locally",
        ),
        "registry.certificate_before_recognition": (
            "Giấy chứng nhận không thể hết hạn trước năm được công nhận",
            "The certificate cannot end before the year of recognition",
        ),
        # CSV import
        "registry.import_too_large": ("Tệp nhập quá lớn.", "The upload is too large."),
        "registry.upload_too_large": (
            "Tệp lớn hơn giới hạn {limit} byte.",
            "The file is larger than {limit} bytes.",
        ),
        "registry.import_too_many_rows": (
            "Mỗi lần nhập tối đa {max_rows} dòng.",
            "At most {max_rows} rows per import.",
        ),
        "registry.import_failed": (
            "Không dòng nào được nhập: {problems} lỗi ở {rows} dòng.",
            "Nothing was imported: {problems} problem(s) in {rows} row(s).",
        ),
        "registry.import_failed_file": (
            "Không dòng nào được nhập: {reasons}.",
            "Nothing was imported: {reasons}.",
        ),
        "registry.import_not_utf8": (
            "Tệp không phải văn bản UTF-8 ({reason})",
            "Not UTF-8 text ({reason})",
        ),
        "registry.import_not_csv": (
            "Không đọc được tệp CSV ({reason})",
            "Not a readable CSV file ({reason})",
        ),
        "registry.import_date": (
            "Ngày không hợp lệ (định dạng dd/mm/yyyy, ví dụ 15/03/2010)",
            "Not a valid date (dd/mm/yyyy, e.g. 15/03/2010)",
        ),
        "registry.import_empty": ("Tệp rỗng", "The file is empty"),
        "registry.import_no_rows": ("Tệp không có dòng dữ liệu", "No data rows"),
        "registry.import_unknown_column": (
            "Cột '{column}' không được nhận diện",
            "Unknown column '{column}'",
        ),
        "registry.import_duplicate_column": (
            "Cột '{column}' xuất hiện hai lần",
            "Column '{column}' appears twice",
        ),
        "registry.import_missing_column": (
            "Thiếu cột '{column}' ({field})",
            "Missing column '{column}' ({field})",
        ),
        "registry.import_cells": (
            "{cells} ô cho {columns} cột",
            "{cells} cells for {columns} columns",
        ),
        "registry.import_duplicate_row": (
            "Trùng với dòng {row} trong tệp",
            "Duplicate of row {row} in this file",
        ),
    }
)
