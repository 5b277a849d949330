"""The report as XLSX and PDF, opened and read back; layouts are data a province can change."""

import io
from pathlib import Path
from typing import get_args

import openpyxl
import pytest
import yaml
from pypdf import PdfReader

from reports.program.layout import load_layout
from reports.program.render import filename
from reports.program.schemas import Period
from reports.settings import LAYOUTS_DIR
from tests.program_data import API, YEAR, make_year


async def _file(client, auth, fmt, period="year"):
    r = await client.get(
        f"{API}/reports/program",
        params={"year": YEAR, "period": period, "format": fmt},
        headers=auth("finance_officer"),
    )
    assert r.status_code == 200, r.text
    return r


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def test_xlsx_holds_the_figures_as_numbers_and_text_never_as_formulas(
    client, budget, projects, auth
):
    await make_year(budget, projects, auth)
    r = await _file(client, auth, "xlsx")
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "bao-cao-khuyen-cong-nam-2017.xlsx" in r.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Kinh phí", "Đề án", "Chỉ tiêu", "Địa bàn", "Quốc gia - địa phương"]
    money = book["Kinh phí"]
    rows = [[c.value for c in row] for row in money.iter_rows()]
    assert rows[0][0] == "BÁO CÁO TÌNH HÌNH THỰC HIỆN CHƯƠNG TRÌNH KHUYẾN CÔNG"
    assert rows[1][0] == "Năm 2017 – bản xem trước, chưa ban hành"
    assert rows[4] == [
        "STT", "Nội dung", "Kế hoạch được giao", "Đã cam kết", "Đã giải ngân",
        "Tỷ lệ giải ngân (%)",
    ]  # fmt: skip
    line = next(r for r in rows if r[1] == "Ứng dụng, chuyển giao công nghệ")
    assert line[2:5] == [1_000_000_000, 350_000_000, 250_000_000]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[2:6] == [1_500_000_000, 550_000_000, 250_000_000, 16.67]
    cell = next(c for row in money.iter_rows() for c in row if c.value == 1_000_000_000)
    assert cell.number_format == "#,##0"
    # A project title starting with "=" is a string cell, never a formula.
    titles = [
        c for row in book["Đề án"].iter_rows() for c in row if str(c.value).startswith("=HYPER")
    ]
    assert len(titles) == 1 and titles[0].data_type == "s"
    communes = [[c.value for c in row] for row in book["Địa bàn"].iter_rows()]
    assert any(r[1] == "Xã Bình Mỹ" for r in communes)


async def test_pdf_text_layer_carries_the_vietnamese_and_the_figures(
    client, budget, projects, auth
):
    await make_year(budget, projects, auth)
    r = await _file(client, auth, "pdf", period="q1")
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert "bao-cao-khuyen-cong-quy-1-nam-2017.pdf" in r.headers["content-disposition"]
    text = pdf_text(r.content)
    for words in (
        "BÁO CÁO TÌNH HÌNH THỰC HIỆN CHƯƠNG TRÌNH KHUYẾN CÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Quý I năm 2017",
        "lũy kế từ đầu năm đến ngày 31/03/2017",
        "Ứng dụng, chuyển giao công nghệ",
        "Xã Bình Mỹ",
        "Đào tạo nghề đan lát mây tre",
        "Số học viên được đào tạo",
        "(Bản xem trước, chưa ban hành)",
    ):
        assert words in text, words
    assert "300.000.000" in text and "100.000.000" in text  # Q1: committed, disbursed


def test_file_names_say_the_period_in_vietnamese_ascii():
    names = {p: filename(2020, p, "xlsx") for p in get_args(Period)}
    assert names["year"] == "bao-cao-khuyen-cong-nam-2020.xlsx"
    assert names["q3"] == "bao-cao-khuyen-cong-quy-3-nam-2020.xlsx"
    assert names["h1"] == "bao-cao-khuyen-cong-6-thang-dau-nam-2020.xlsx"
    assert all(n.isascii() and "year" not in n for n in names.values())
    issued = filename(2020, "q4", "pdf", "12/BC-SCT")
    assert issued == "bao-cao-khuyen-cong-quy-4-nam-2020-so-12-BC-SCT.pdf"


def test_a_layout_naming_a_missing_field_is_refused_at_start(tmp_path: Path):
    layout = yaml.safe_load((LAYOUTS_DIR / "program.yaml").read_text(encoding="utf-8"))
    layout["sections"][0]["columns"][1]["field"] = "budget_vnd"
    (tmp_path / "program.yaml").write_text(yaml.safe_dump(layout, allow_unicode=True))
    with pytest.raises(ValueError, match="budget_vnd"):
        load_layout(tmp_path)


async def test_a_province_changes_headings_and_columns_without_code(
    make_app, budget, projects, auth, tmp_path
):
    from kc_common.testing import asgi_client, running_app
    from reports.models import Base

    layout = yaml.safe_load((LAYOUTS_DIR / "program.yaml").read_text(encoding="utf-8"))
    layout["title"] = "BÁO CÁO KẾT QUẢ KHUYẾN CÔNG"
    execution = layout["sections"][0]
    execution["heading"] = "I. Kinh phí khuyến công"
    execution["columns"] = [c for c in execution["columns"] if c["field"] != "committed_vnd"]
    (tmp_path / "program.yaml").write_text(yaml.safe_dump(layout, allow_unicode=True))
    await make_year(budget, projects, auth)
    async with running_app(make_app(layouts_dir=tmp_path), Base.metadata) as app:
        async for client in asgi_client(app):
            book = openpyxl.load_workbook(io.BytesIO((await _file(client, auth, "xlsx")).content))
    rows = [[c.value for c in row] for row in book["Kinh phí"].iter_rows()]
    assert rows[0][0] == "BÁO CÁO KẾT QUẢ KHUYẾN CÔNG"
    assert rows[3][0] == "I. Kinh phí khuyến công"
    assert rows[4] == [
        "STT",
        "Nội dung",
        "Kế hoạch được giao",
        "Đã giải ngân",
        "Tỷ lệ giải ngân (%)",
    ]
