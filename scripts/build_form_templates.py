"""Build the first version of the official forms' Word templates (project-service's
`forms/templates/*.docx`) with python-docx.

The committed .docx files are the templates: officials edit them in Word (wording, layout,
signatures), keeping the `{{ ... }}` fields and the `{%tr for ... %}` table rows, which docxtpl
fills. Run this only to start over from the generated layout; it overwrites the files:

    uv run python scripts/build_form_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

OUT = Path(__file__).resolve().parents[1] / "services/project-service/src/projects/forms/templates"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


def new_document(landscape: bool = False) -> Document:  # type: ignore[valid-type]
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    if landscape:
        section.page_height, section.page_width = section.page_width, section.page_height
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # on officials' machines; carries Vietnamese
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(3)
    return doc


def para(doc, text: str = "", *, bold=False, italic=False, align=None, size=None, underline=False):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    return p


def cell_text(cell, text: str, *, bold=False, italic=False, align=None, underline=False):  # type: ignore[no-untyped-def]
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if align is not None:
        p.alignment = align


def heading(doc, form_no: str) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    cell_text(left, "{{ authority }}", align=CENTER)
    p = left.add_paragraph()
    p.alignment = CENTER
    p.add_run("{{ agency }}").bold = True
    cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=CENTER)
    p = right.add_paragraph()
    p.alignment = CENTER
    run = p.add_run("Độc lập - Tự do - Hạnh phúc")
    run.bold = run.underline = True
    para(doc, "{{ date_line }}", italic=True, align=RIGHT)
    para(doc, form_no, bold=True, align=RIGHT, size=11)


def grid(
    doc, headers: list[str], loop: str, cells: list[str], totals: list[str] | None = None
) -> Table:  # type: ignore[no-untyped-def]
    """A bordered table: headers, one row repeated by docxtpl (`{%tr for ... %}`), totals."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, text, bold=True, align=CENTER)
    table.add_row().cells[0].text = "{%tr for " + loop + " %}"
    row = table.add_row().cells
    for cell, text in zip(row, cells, strict=True):
        cell_text(cell, text)
    table.add_row().cells[0].text = "{%tr endfor %}"
    if totals:
        row = table.add_row().cells
        for cell, text in zip(row, totals, strict=True):
            cell_text(cell, text, bold=True)
    return table


def facts(doc, rows: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    for label, value in rows:
        p = doc.add_paragraph()
        p.add_run(label + ": ")
        p.add_run(value).bold = True


def amount_line(doc, label: str, name: str) -> None:  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    p.add_run(f"{label}: ")
    p.add_run("{{ " + name + ".figures }} đồng").bold = True
    p.add_run(" (Bằng chữ: {{ " + name + ".words }})").italic = True


def signatures(doc, left: tuple[str, str], right: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    for cell, (role, hint) in zip(table.rows[0].cells, (left, right), strict=True):
        cell_text(cell, role, bold=True, align=CENTER)
        p = cell.add_paragraph()
        p.alignment = CENTER
        p.add_run(hint).italic = True


def grid_or_line(doc, items: str, none: str, *args) -> Table:  # type: ignore[no-untyped-def]
    """`grid(doc, *args)` when the context's `items` has any, else the line `none` (no table
    headers over nothing), as the PDF templates do."""
    para(doc, "{%p if " + items + " %}")
    table = grid(doc, *args)
    para(doc, "{%p else %}")
    para(doc, none)
    para(doc, "{%p endif %}")
    return table


def approved_changes(doc, heading: str) -> None:  # type: ignore[no-untyped-def]
    """The project's approved change requests, one row each."""
    para(doc, heading, bold=True)
    table = grid_or_line(
        doc,
        "changes",
        "Không có điều chỉnh.",
        ["STT", "Nội dung điều chỉnh", "Quyết định", "Lý do"],
        "c in changes",
        ["{{ c.no }}", "{{ c.kind }}", "{{ c.decision }}", "{{ c.reason }}"],
    )
    table.rows[2].cells[1].add_paragraph("{{ c.details }}")  # what changed, old → new


def title(doc, text: str, subtitle: str) -> None:  # type: ignore[no-untyped-def]
    para(doc, text, bold=True, align=CENTER, size=14)
    para(doc, subtitle, italic=True, align=CENTER)


def cost_estimate() -> Document:  # type: ignore[valid-type]
    doc = new_document(landscape=True)
    heading(doc, "Mẫu số 1")
    title(
        doc,
        "DỰ TOÁN CHI TIẾT KINH PHÍ ĐỀ ÁN KHUYẾN CÔNG",
        "Đề án: {{ project.title }} (mã {{ project.code }})",
    )
    facts(
        doc,
        [
            ("Đơn vị thực hiện", "{{ project.implementing_unit }}"),
            ("Đơn vị thụ hưởng", "{{ project.beneficiary }}"),
            ("Nội dung hoạt động", "{{ project.activity }} ({{ project.category }})"),
            ("Năm kế hoạch", "{{ project.fiscal_year }}"),
            ("Thời gian thực hiện", "{{ project.start_on }} - {{ project.end_on }}"),
        ],
    )
    para(doc, "Đơn vị tính: đồng", italic=True, align=RIGHT, size=11)
    grid(
        doc,
        [
            "STT",
            "Nội dung chi",
            "Đơn vị tính",
            "Số lượng",
            "Đơn giá",
            "Thành tiền",
            "Kinh phí khuyến công hỗ trợ",
            "Đơn vị thụ hưởng đối ứng",
        ],
        "line in lines",
        [
            "{{ line.no }}",
            "{{ line.item }}",
            "{{ line.unit }}",
            "{{ line.quantity }}",
            "{{ line.unit_price }}",
            "{{ line.total }}",
            "{{ line.support }}",
            "{{ line.counterpart }}",
        ],
        [
            "",
            "Tổng cộng",
            "",
            "",
            "",
            "{{ total_cost.figures }}",
            "{{ requested_support.figures }}",
            "{{ counterpart.figures }}",
        ],
    )
    amount_line(doc, "Tổng kinh phí thực hiện đề án", "total_cost")
    amount_line(doc, "Kinh phí khuyến công đề nghị hỗ trợ", "requested_support")
    amount_line(doc, "Kinh phí đối ứng của đơn vị thụ hưởng", "counterpart")
    para(doc, "{{ adjustment }}", italic=True, size=11)  # empty unless a budget change came since
    signatures(
        doc,
        ("NGƯỜI LẬP DỰ TOÁN", "(Ký, ghi rõ họ tên)"),
        ("THỦ TRƯỞNG ĐƠN VỊ THỰC HIỆN", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    return doc


def appraisal_sheet() -> Document:  # type: ignore[valid-type]
    doc = new_document()
    heading(doc, "Mẫu số 4a")
    title(
        doc,
        "PHIẾU THẨM ĐỊNH ĐỀ ÁN KHUYẾN CÔNG",
        "Đề án: {{ project.title }} (mã {{ project.code }})",
    )
    facts(
        doc,
        [
            ("Đơn vị thực hiện", "{{ project.implementing_unit }}"),
            ("Đơn vị thụ hưởng", "{{ project.beneficiary }}"),
            ("Nội dung hoạt động", "{{ project.activity }} ({{ project.category }})"),
            ("Cấp đề án", "{{ project.level }}, năm kế hoạch {{ project.fiscal_year }}"),
            ("Ngày thẩm định", "{{ appraised_on }}"),
        ],
    )
    table = doc.add_table(rows=5, cols=3)
    table.style = "Table Grid"
    rows = [
        ("STT", "Nội dung", "Kết quả thẩm định"),
        ("1", "Tổng kinh phí thực hiện đề án", "{{ total_cost.figures }} đồng"),
        ("2", "Kinh phí khuyến công đề nghị hỗ trợ", "{{ requested_support.figures }} đồng"),
        (
            "3",
            "Kinh phí khuyến công đề xuất hỗ trợ sau thẩm định",
            "{{ recommended_support.figures }} đồng",
        ),
        ("4", "Tổng điểm thẩm định (thang điểm 100)", "{{ score }}/100"),
    ]
    for index, values in enumerate(rows):
        for cell, text in zip(table.rows[index].cells, values, strict=True):
            cell_text(cell, text, bold=index in (0, 4))
    p = doc.add_paragraph("Kinh phí đề xuất hỗ trợ bằng chữ: ")
    p.add_run("{{ recommended_support.words }}").italic = True
    p = doc.add_paragraph()
    p.add_run("Kết luận: ").bold = True
    p.add_run("{{ recommendation }}")
    p = doc.add_paragraph()
    p.add_run("Ý kiến thẩm định: ").bold = True
    p.add_run("{{ notes }}")
    signatures(
        doc,
        ("CÁN BỘ THẨM ĐỊNH", "(Ký, ghi rõ họ tên)"),
        ("THỦ TRƯỞNG CƠ QUAN THẨM ĐỊNH", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    return doc


def acceptance_minutes() -> Document:  # type: ignore[valid-type]
    doc = new_document()
    heading(doc, "Mẫu số 5a")
    title(
        doc,
        "BIÊN BẢN NGHIỆM THU ĐỀ ÁN KHUYẾN CÔNG",
        "Số: {{ record_number }}, ngày {{ accepted_on }}",
    )
    facts(
        doc,
        [
            ("Tên đề án", "{{ project.title }} (mã {{ project.code }})"),
            (
                "Quyết định phê duyệt",
                "số {{ project.decision_number }} ngày {{ project.decision_date }}",
            ),
            ("Đơn vị thực hiện", "{{ project.implementing_unit }}"),
            ("Đơn vị thụ hưởng", "{{ project.beneficiary }}"),
            ("Thời gian thực hiện", "{{ project.start_on }} - {{ project.end_on }}"),
        ],
    )
    para(doc, "I. Khối lượng, kết quả thực hiện", bold=True)
    grid_or_line(
        doc,
        "kpis",
        "Đề án không đăng ký chỉ tiêu.",
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Theo đề án được duyệt", "Thực hiện"],
        "k in kpis",
        ["{{ k.no }}", "{{ k.name }}", "{{ k.unit }}", "{{ k.planned }}", "{{ k.actual }}"],
    )
    para(doc, "II. Kinh phí", bold=True)
    amount_line(doc, "Kinh phí khuyến công được phê duyệt", "approved_support")
    amount_line(doc, "Kinh phí khuyến công được nghiệm thu", "accepted_support")
    approved_changes(doc, "III. Điều chỉnh đề án đã được phê duyệt")
    p = doc.add_paragraph()
    p.add_run("IV. Kết luận: ").bold = True
    p.add_run("Đề án đã được nghiệm thu.")
    signatures(
        doc,
        ("ĐẠI DIỆN ĐƠN VỊ THỰC HIỆN", "(Ký, ghi rõ họ tên, đóng dấu)"),
        ("ĐẠI DIỆN CƠ QUAN NGHIỆM THU", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    return doc


def settlement() -> Document:  # type: ignore[valid-type]
    doc = new_document()
    heading(doc, "Mẫu số 7")
    title(
        doc,
        "BẢNG CHI TIẾT QUYẾT TOÁN KINH PHÍ ĐỀ ÁN KHUYẾN CÔNG",
        "Đề án: {{ project.title }} (mã {{ project.code }})",
    )
    facts(
        doc,
        [
            (
                "Quyết định phê duyệt",
                "số {{ project.decision_number }} ngày {{ project.decision_date }}",
            ),
            ("Nguồn kinh phí", "{{ project.funding_source }}"),
            ("Đơn vị thực hiện", "{{ project.implementing_unit }}"),
            ("Ngày nghiệm thu", "{{ accepted_on }}"),
        ],
    )
    para(doc, "I. Kinh phí (đồng)", bold=True)
    table = doc.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    rows = [
        ("Kinh phí khuyến công được phê duyệt", "{{ approved_support.figures }}"),
        ("Kinh phí khuyến công được nghiệm thu", "{{ accepted_support.figures }}"),
        ("Đã cấp (tạm ứng, thanh toán, trừ thu hồi)", "{{ paid.figures }}"),
        ("Còn được thanh toán", "{{ remaining.figures }}"),
    ]
    for index, values in enumerate(rows):
        for cell, text in zip(table.rows[index].cells, values, strict=True):
            cell_text(cell, text, bold=index == 3)
    para(doc, "II. Chi tiết các lần cấp kinh phí", bold=True)
    grid(
        doc,
        ["STT", "Ngày chứng từ", "Số chứng từ", "Nội dung", "Số tiền (đồng)"],
        "p in payments",
        ["{{ p.no }}", "{{ p.date }}", "{{ p.reference }}", "{{ p.kind }}", "{{ p.amount }}"],
        ["", "", "", "Cộng", "{{ paid.figures }}"],
    )
    p = doc.add_paragraph("Kinh phí được nghiệm thu bằng chữ: ")
    p.add_run("{{ accepted_support.words }}").italic = True
    p = doc.add_paragraph("Đã cấp bằng chữ: ")
    p.add_run("{{ paid.words }}").italic = True
    approved_changes(doc, "III. Điều chỉnh đề án đã được phê duyệt")
    signatures(
        doc,
        ("KẾ TOÁN", "(Ký, ghi rõ họ tên)"),
        ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    return doc


def main() -> None:
    for name, build in {
        "cost_estimate": cost_estimate,
        "appraisal_sheet": appraisal_sheet,
        "acceptance_minutes": acceptance_minutes,
        "settlement": settlement,
    }.items():
        path = OUT / f"{name}.docx"
        build().save(str(path))
        print(f"wrote {path.relative_to(OUT.parents[5])}")


if __name__ == "__main__":
    main()
