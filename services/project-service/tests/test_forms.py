"""Official forms filled from the record: the DOCX (read back with python-docx) and the PDF (its
text layer read with pypdf) carry the national heading, the project's facts and the amounts in
figures and in words, with Vietnamese diacritics intact."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import httpx
from docx import Document
from pypdf import PdfReader

from kc_common.money import vnd_in_words
from projects.forms.service import cost_rows
from tests import factories
from tests.factories import API, post

Auth = Callable[..., dict[str, str]]
HEADING = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


async def form(
    client: httpx.AsyncClient, auth: Auth, project_id: str, name: str, fmt: str, **who: Any
) -> httpx.Response:
    return await client.get(
        f"{API}/projects/{project_id}/forms/{name}",
        params={"format": fmt},
        headers=auth(who.pop("role", "viewer"), **who),
    )


async def test_cost_estimate_in_both_formats(client: httpx.AsyncClient, auth: Auth) -> None:
    project = await factories.create(client, auth)
    r = await form(client, auth, project["id"], "cost_estimate", "pdf")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''M%E1%BA%ABu%201" in r.headers["content-disposition"]
    text = pdf_text(r.content)
    for expected in [
        *HEADING,
        "DỰ TOÁN CHI TIẾT KINH PHÍ ĐỀ ÁN KHUYẾN CÔNG",
        "Ứng dụng máy phun sơn tĩnh điện cho cơ sở sơn mài",
        project["code"],
        "Trung tâm Khuyến công Bình Dương",
        "600.000.000",
        "300.000.000",
        "Bằng chữ: Sáu trăm triệu đồng",
        "Bằng chữ: Ba trăm triệu đồng",
        "THỦ TRƯỞNG ĐƠN VỊ THỰC HIỆN",
    ]:
        assert expected in text, expected

    r = await form(client, auth, project["id"], "cost_estimate", "docx")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = docx_text(r.content)
    for expected in [*HEADING, project["code"], "600.000.000", "Sáu trăm triệu đồng"]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text  # every field filled


def test_cost_estimate_itemises_the_cost_lines_when_the_project_has_them() -> None:
    lines = [
        {
            "item": "Máy phun sơn tĩnh điện",
            "unit": "chiếc",
            "quantity": 2,
            "unit_price_vnd": 250_000_000,
            "support_vnd": 250_000_000,
            "counterpart_vnd": 250_000_000,
        },
        {
            "item": "Sơn, vật tư chạy thử",
            "unit": "kg",
            "quantity": 2.5,
            "unit_price_vnd": 40_000_000,
            "support_vnd": 50_000_000,
            "counterpart_vnd": 50_000_000,
        },
    ]
    rows, itemised = cost_rows(SimpleNamespace(cost_lines=lines))  # type: ignore[arg-type]
    assert itemised
    assert [(r["item"], r["quantity"], r["total"]) for r in rows] == [
        ("Máy phun sơn tĩnh điện", "2", "500.000.000"),
        ("Sơn, vật tư chạy thử", "2,5", "100.000.000"),
    ]
    bare = SimpleNamespace(
        total_cost_vnd=600_000_000, requested_support_vnd=300_000_000, counterpart_vnd=300_000_000
    )
    rows, itemised = cost_rows(bare)  # type: ignore[arg-type]
    assert not itemised and rows[0]["total"] == "600.000.000"


async def test_each_form_is_dated_by_the_act_it_records(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    """A form printed again later keeps the date of what it records (not the printing day); a
    form whose act is still to come leaves the date to be written by hand."""
    draft = await factories.create(client, auth)
    text = pdf_text((await form(client, auth, draft["id"], "cost_estimate", "pdf")).content)
    assert "Tỉnh, ngày …… tháng …… năm ……" in text
    pid = draft["id"]
    submitted = {"document_date": "2026-03-02"}
    r = await post(client, auth, "program_officer", f"/projects/{pid}/submit", submitted)
    assert r.status_code == 200, r.text
    appraisal = {"score": 82, "recommendation": "approve", "document_date": "2026-03-10"}
    r = await post(client, auth, "program_officer", f"/projects/{pid}/appraisal", appraisal)
    assert r.status_code == 200, r.text
    text = pdf_text((await form(client, auth, pid, "cost_estimate", "pdf")).content)
    assert "Tỉnh, ngày 02 tháng 03 năm 2026" in text
    text = docx_text((await form(client, auth, pid, "appraisal_sheet", "docx")).content)
    assert "Tỉnh, ngày 10 tháng 03 năm 2026" in text


COST_LINES = [
    {"item": "Máy phun sơn tĩnh điện", "unit": "máy", "quantity": 2,
     "unit_price_vnd": 250_000_000, "support_vnd": 250_000_000, "counterpart_vnd": 250_000_000},
    {"item": "Lắp đặt, chuyển giao công nghệ", "unit": "gói", "quantity": 1,
     "unit_price_vnd": 100_000_000, "support_vnd": 50_000_000, "counterpart_vnd": 50_000_000},
]  # fmt: skip


async def test_form_1_is_the_estimate_as_proposed_and_says_when_a_budget_change_came_since(
    client: httpx.AsyncClient, budget: httpx.AsyncClient, auth: Auth
) -> None:
    """A budget change gives the project a new total and counterpart but leaves its cost lines:
    the table's total row and the amounts in words stay the lines' own (they disagreed), and a
    line under them names the decision and the new figures."""
    await factories.fund(budget, auth)
    project = await factories.approved(client, auth, cost_lines=COST_LINES)
    pid = project["id"]
    text = pdf_text((await form(client, auth, pid, "cost_estimate", "pdf")).content)
    assert "Dự toán theo hồ sơ đề nghị" not in text
    change = {
        "kind": "budget",
        "reason": "Giá máy tăng",
        "changes": {
            "approved_support_vnd": 280_000_000,
            "total_cost_vnd": 700_000_000,
            "counterpart_vnd": 420_000_000,
        },
    }
    asked = await post(client, auth, "program_officer", f"/projects/{pid}/change-requests", change)
    assert asked.status_code == 201, asked.text
    decision = {"approved": True, "decision_number": "77/QĐ-SCT", "decision_date": "2017-09-05"}
    path = f"/projects/{pid}/change-requests/{asked.json()['id']}/decision"
    decided = await post(client, auth, "program_manager", path, decision)
    assert decided.status_code == 200, decided.text

    note = (
        "Dự toán theo hồ sơ đề nghị. Kinh phí đề án đã được điều chỉnh theo quyết định số "
        "77/QĐ-SCT ngày 05/09/2017: tổng kinh phí 700.000.000 đồng, kinh phí khuyến công hỗ "
        "trợ được duyệt 280.000.000 đồng, kinh phí đối ứng 420.000.000 đồng."
    )
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read((await form(client, auth, pid, "cost_estimate", fmt)).content)
        if fmt == "pdf":  # the table's total row, read in order
            assert "Tổng cộng 600.000.000 300.000.000 300.000.000" in text, text
        assert "Tổng kinh phí thực hiện đề án: 600.000.000 đồng" in text, (fmt, text)
        assert "Kinh phí đối ứng của đơn vị thụ hưởng: 300.000.000 đồng" in text, (fmt, text)
        assert vnd_in_words(600_000_000) in text and vnd_in_words(420_000_000) not in text
        assert note in text, (fmt, text)


async def test_appraisal_sheet_only_after_the_appraisal(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    draft = await factories.create(client, auth)
    r = await form(client, auth, draft["id"], "appraisal_sheet", "pdf")
    assert r.status_code == 409 and r.json()["code"] == "form.not_available"
    assert "'Dự thảo'" in r.json()["detail"] and "draft" not in r.json()["detail"]
    project = await factories.appraised(client, auth)
    text = pdf_text((await form(client, auth, project["id"], "appraisal_sheet", "pdf")).content)
    for expected in [*HEADING, "PHIẾU THẨM ĐỊNH", "82/100", "Đề nghị phê duyệt", "đạt"]:
        assert expected in text, expected
    text = docx_text((await form(client, auth, project["id"], "appraisal_sheet", "docx")).content)
    assert "82/100" in text and "Đề nghị phê duyệt" in text


async def test_acceptance_minutes_and_settlement_detail_from_the_record_and_the_ledger(
    client: httpx.AsyncClient, budget: httpx.AsyncClient, auth: Auth
) -> None:
    await factories.fund(budget, auth)
    project = await factories.approved(client, auth)
    pid = project["id"]
    assert (await post(client, auth, "program_officer", f"/projects/{pid}/start")).is_success
    r = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{pid}/advances",
        {"amount_vnd": 200_000_000, "reference": "UNC-01"},
    )
    assert r.status_code == 200, r.text
    r = await form(client, auth, pid, "settlement", "pdf")
    assert r.status_code == 409  # not accepted yet
    # an approved schedule change: the minutes and the settlement are signed against it
    changes = f"/projects/{pid}/change-requests"
    body = {"kind": "schedule", "reason": "Chậm giao máy", "changes": {"end_on": "2017-11-30"}}
    asked = await post(client, auth, "program_officer", changes, body)
    assert asked.status_code == 201, asked.text
    decided = await post(
        client,
        auth,
        "program_manager",
        f"{changes}/{asked.json()['id']}/decision",
        {"approved": True, "decision_number": "77/QĐ-SCT", "decision_date": "2017-09-05"},
    )
    assert decided.status_code == 200, decided.text
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/acceptance",
        factories.acceptance(),
    )
    assert r.status_code == 200, r.text

    text = pdf_text((await form(client, auth, pid, "acceptance_minutes", "pdf")).content)
    for expected in [
        *HEADING,
        "BIÊN BẢN NGHIỆM THU",
        "NT-05",
        "30/11/2017",
        "123/QĐ-SCT",
        "280.000.000",
        vnd_in_words(280_000_000),
        vnd_in_words(300_000_000),
        "Điều chỉnh đề án đã được phê duyệt",
        "Thời gian thực hiện",
        "số 77/QĐ-SCT ngày 05/09/2017",
        "Chậm giao máy",
        "Tỉnh, ngày 30 tháng 11 năm 2017",  # the minutes' own date, not the printing day
    ]:
        assert expected in text, expected
    assert "Đề án không đăng ký chỉ tiêu" not in text
    text = docx_text((await form(client, auth, pid, "acceptance_minutes", "docx")).content)
    assert "số 77/QĐ-SCT ngày 05/09/2017" in text and "Chậm giao máy" in text
    assert "Số máy móc, thiết bị được hỗ trợ" in text and "không đăng ký chỉ tiêu" not in text

    r = await form(client, auth, pid, "settlement", "pdf")
    assert r.status_code == 200, r.text
    text = pdf_text(r.content)
    for expected in [
        *HEADING,
        "BẢNG CHI TIẾT QUYẾT TOÁN",
        "UNC-01",
        "Tạm ứng",
        "200.000.000",
        "80.000.000",  # still to be paid: 280 accepted − 200 advanced
        "Hai trăm triệu đồng",
        "Hai trăm tám mươi triệu đồng",
        "số 77/QĐ-SCT ngày 05/09/2017",
        "Tỉnh, ngày …… tháng …… năm ……",  # not settled yet: dated by hand when signed
    ]:
        assert expected in text, expected
    text = docx_text((await form(client, auth, pid, "settlement", "docx")).content)
    assert "UNC-01" in text and "Tạm ứng" in text and "Hai trăm triệu đồng" in text


async def test_forms_5a_and_7_say_what_each_approved_change_changed(
    client: httpx.AsyncClient,
    budget: httpx.AsyncClient,
    registry: httpx.AsyncClient,
    auth: Auth,
) -> None:
    """Each approved change reads old → new (amounts in đồng, dates dd/mm/yyyy, a beneficiary
    by its name), indicators by name: the decision's number alone does not say what changed."""
    await factories.fund(budget, auth)
    first = await factories.enterprise(registry, auth, name="Công ty TNHH Cơ khí Tân Phú")
    second = await factories.enterprise(registry, auth, name="Hợp tác xã mây tre đan Phú Vinh")
    project = await factories.approved(client, auth, beneficiary_enterprise_id=first)
    pid = project["id"]
    assert (await post(client, auth, "program_officer", f"/projects/{pid}/start")).is_success
    asks = [
        ("budget", {"approved_support_vnd": 250_000_000}),
        ("schedule", {"start_on": "2017-04-01", "end_on": "2017-12-20"}),
        ("content", {"title": "Ứng dụng máy sấy nông sản", "planned_kpis": {"machines": 3}}),
        ("beneficiary", {"beneficiary_enterprise_id": second}),
        ("location", {"admin_unit_code": "25111"}),
    ]
    for n, (kind, changes) in enumerate(asks, start=1):
        body = {"kind": kind, "reason": "Theo thực tế", "changes": changes}
        asked = await post(
            client, auth, "program_officer", f"/projects/{pid}/change-requests", body
        )
        assert asked.status_code == 201, asked.text
        decision = {
            "approved": True,
            "decision_number": f"{n}/QĐ-SCT",
            "decision_date": "2017-09-05",
        }
        path = f"/projects/{pid}/change-requests/{asked.json()['id']}/decision"
        assert (await post(client, auth, "program_manager", path, decision)).status_code == 200
    accepted = factories.acceptance(accepted=240_000_000)
    r = await post(client, auth, "program_officer", f"/projects/{pid}/acceptance", accepted)
    assert r.status_code == 200, r.text

    expected = [
        "Kinh phí hỗ trợ: 300.000.000 → 250.000.000 đồng",
        "Ngày bắt đầu: 01/03/2017 → 01/04/2017; Ngày kết thúc: 30/11/2017 → 20/12/2017",
        f"Tên đề án: {project['title']} → Ứng dụng máy sấy nông sản",
        "Chỉ tiêu kế hoạch: Số máy móc, thiết bị được hỗ trợ 3 máy, thiết bị",
        "Đơn vị thụ hưởng: Công ty TNHH Cơ khí Tân Phú → Hợp tác xã mây tre đan Phú Vinh",
        f"Địa bàn (mã đơn vị hành chính): {project['admin_unit_code']} → 25111",
    ]
    for name in ("acceptance_minutes", "settlement"):
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            text = read((await form(client, auth, pid, name, fmt)).content)
            for line in expected:
                assert line in text, (name, fmt, line, text)


async def test_acceptance_minutes_of_a_project_without_indicators_say_so(
    client: httpx.AsyncClient, budget: httpx.AsyncClient, auth: Auth
) -> None:
    await factories.fund(budget, auth)
    project = await factories.approved(client, auth, planned_kpis={})
    pid = project["id"]
    assert (await post(client, auth, "program_officer", f"/projects/{pid}/start")).is_success
    accepted = factories.acceptance(actual_kpis={})
    r = await post(client, auth, "program_officer", f"/projects/{pid}/acceptance", accepted)
    assert r.status_code == 200, r.text
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read((await form(client, auth, pid, "acceptance_minutes", fmt)).content)
        assert "I. Khối lượng, kết quả thực hiện Đề án không đăng ký chỉ tiêu." in text, text
        assert "Theo đề án được duyệt" not in text, (fmt, text)  # no empty table


async def test_forms_5a_and_7_without_changes_say_so(
    client: httpx.AsyncClient, budget: httpx.AsyncClient, auth: Auth
) -> None:
    await factories.fund(budget, auth)
    pid = (await factories.approved(client, auth))["id"]
    assert (await post(client, auth, "program_officer", f"/projects/{pid}/start")).is_success
    r = await post(
        client, auth, "program_officer", f"/projects/{pid}/acceptance", factories.acceptance()
    )
    assert r.status_code == 200, r.text
    for name in ("acceptance_minutes", "settlement"):
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            text = read((await form(client, auth, pid, name, fmt)).content)
            assert "Điều chỉnh đề án đã được phê duyệt Không có điều chỉnh." in text, (name, fmt)
            assert "Nội dung điều chỉnh" not in text, (name, fmt, text)  # no empty table


async def test_forms_are_authorised_like_the_project(
    client: httpx.AsyncClient, registry: httpx.AsyncClient, auth: Auth
) -> None:
    mine = await factories.enterprise(registry, auth, name="Hợp tác xã mây tre đan Phú Vinh")
    other = await factories.enterprise(registry, auth)
    own = await factories.create(client, auth, beneficiary_enterprise_id=mine)
    theirs = await factories.create(client, auth, beneficiary_enterprise_id=other)
    me = {"role": "enterprise", "enterprise_id": mine}
    r = await form(client, auth, own["id"], "cost_estimate", "pdf", **me)
    assert r.status_code == 200
    assert "Hợp tác xã mây tre đan Phú Vinh" in pdf_text(r.content)  # the registry's name
    r = await form(client, auth, theirs["id"], "cost_estimate", "pdf", **me)
    assert r.status_code == 404
    r = await form(client, auth, own["id"], "cost_estimate", "odt")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "format"
    r = await form(client, auth, own["id"], "form_9", "pdf")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "form"


def form_1_pdf(lines: int, unit: str = "cơ sở") -> bytes:
    """Form 1 rendered on its own (no database) for a project with `lines` cost lines."""
    from projects.forms import render

    figures = {"figures": "489.000.000", "words": "Bốn trăm tám mươi chín triệu đồng"}
    project = {
        "code": "KC-2020-0024",
        "title": "Trình diễn sản xuất sạch hơn tại cơ sở chế biến nông sản",
        "implementing_unit": "Trung tâm Khuyến công – Tư vấn phát triển công nghiệp Bình Dương",
        "beneficiary": "Hộ kinh doanh Cơ khí chế tạo An Thạnh",
        "activity": "Thí điểm sản xuất sạch hơn",
        "category": "Ứng dụng, chuyển giao công nghệ",
        "fiscal_year": 2020,
        "start_on": "01/03/2020",
        "end_on": "30/11/2020",
    }
    line = {
        "item": "Đánh giá sản xuất sạch hơn, thuê chuyên gia tư vấn",
        "unit": unit,
        "quantity": "1",
        "unit_price": "97.216.000",
        "total": "97.216.000",
        "support": "28.616.000",
        "counterpart": "68.600.000",
    }
    return render.pdf(
        "cost_estimate",
        {
            "form_title": "Mẫu 1 – Dự toán chi tiết",
            "authority": "ỦY BAN NHÂN DÂN TỈNH",
            "agency": "SỞ CÔNG THƯƠNG",
            "date_line": "Bình Dương, ngày 07 tháng 12 năm 2026",
            "project": project,
            "lines": [dict(line, no=i + 1) for i in range(lines)],
            "total_cost": figures,
            "requested_support": figures,
            "counterpart": figures,
        },
    )


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def test_pdf_layout_keeps_the_national_heading_on_one_line_and_gives_the_items_room() -> None:
    """Decree 30/2020 lays the Quốc hiệu out on one line; the cost estimate's description column
    is wide enough that an item reads as a phrase, not one word a line."""
    lines = [
        " ".join(x.split())
        for page in PdfReader(io.BytesIO(form_1_pdf(1))).pages
        for x in page.extract_text().splitlines()
    ]
    assert any(x.endswith(HEADING[0]) for x in lines), lines[:12]
    assert any("Đánh giá sản xuất sạch hơn, thuê" in x for x in lines), lines


def test_form_1_keeps_a_unit_of_measure_on_one_line() -> None:
    """The unit column is narrow; "người/ngày" broke at its slash, one part a line."""
    for unit in ["người/ngày", "hội thảo", "lượt người"]:
        lines = [x for page in pdf_pages_lines(form_1_pdf(1, unit)) for x in page]
        assert any(x.startswith(f"{unit} 1 97.216.000") for x in lines), (unit, lines[20:34])


def pdf_pages_lines(content: bytes) -> list[list[str]]:
    return [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(content)).pages]


def test_form_1_fits_one_landscape_page_and_never_leaves_the_signatures_alone() -> None:
    """A handful of cost lines: the whole form, signatures included, on one A4 landscape page.
    A long one goes on, and the totals in figures and words move with the signatures, so that
    no page holds only the signatures."""
    for n in (1, 2):
        assert len(pdf_pages(form_1_pdf(n))) == 1, n
    for n in (3, 4, 6, 12):  # 3 to 6: the totals fit the first page, the signatures would not
        pages = pdf_pages(form_1_pdf(n))
        assert len(pages) > 1
        assert "THỦ TRƯỞNG ĐƠN VỊ THỰC HIỆN" in pages[-1], n
        assert "Tổng kinh phí thực hiện đề án" in pages[-1], n


def test_form_1_leaves_room_to_sign_under_the_signature_hints() -> None:
    """A page that ends with the signatures keeps 20 mm under "(Ký, ghi rõ họ tên)" above its
    15 mm bottom margin: room to sign, write the name and set the seal (it had left 6 mm)."""
    for n in (1, 2, 3, 4, 6, 12):
        heights = _hint_heights_mm(form_1_pdf(n))
        assert len(heights) == 2, n
        assert min(heights) >= 15 + 20, (n, heights)


def _hint_heights_mm(content: bytes) -> list[float]:
    """How high above the last page's bottom edge each "(Ký, ghi rõ họ tên…)" stands, in mm."""
    heights: list[float] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if "(Ký, ghi rõ họ tên" in text:
            heights.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5]) * 25.4 / 72)

    PdfReader(io.BytesIO(content)).pages[-1].extract_text(visitor_text=seen)
    return heights
