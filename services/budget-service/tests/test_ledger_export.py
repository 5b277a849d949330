"""The ledger as CSV and XLSX: Vietnamese headers and labels, amounts as numbers, ids last,
the list's filters; a record's text can neither run as a formula nor break the file."""

import csv
import io

from budget_factories import API, by_id, commit, funded_line
from openpyxl import load_workbook

FORMULA = '=HYPERLINK("http://x","x")'


async def test_ledger_export_csv_and_xlsx(app, client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_250_000)).json()
    async with app.state.db.engine.begin() as conn:  # as an old record might hold
        await conn.execute(
            by_id(
                "UPDATE ledger_entries SET reason = :r, reference = :f WHERE commitment_id = :c",
                "c",
            ),
            {"r": FORMULA, "f": "12\x07/QĐ\x1f", "c": c["id"]},
        )
    viewer = auth("viewer")

    response = await client.get(f"{API}/ledger/export", headers=viewer)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''so-cai-20" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Số thứ tự", "Thời điểm ghi sổ", "Loại bút toán", "Số tiền (đồng)"]
    assert rows[0][-1] == "Mã bút toán"
    assert [r[2] for r in rows[1:]] == ["Giao dự toán", "Phân bổ", "Cam kết"]
    row = dict(zip(rows[0], rows[3], strict=True))
    assert row["Số tiền (đồng)"] == "1250000" and row["Lý do"] == "'" + FORMULA
    assert row["Nguồn kinh phí"] == "Kinh phí khuyến công địa phương"
    assert row["Nhóm nội dung"] == "Ứng dụng, chuyển giao công nghệ"
    assert row["Vai trò"] == "Dịch vụ hệ thống" and row["Mã cam kết"] == c["id"]

    only = await client.get(f"{API}/ledger/export", params={"kind": "commitment"}, headers=viewer)
    assert len(list(csv.reader(io.StringIO(only.content.decode("utf-8-sig"))))) == 2

    xlsx = await client.get(
        f"{API}/ledger/export", params={"format": "xlsx", "kind": "commitment"}, headers=viewer
    )
    assert xlsx.status_code == 200, xlsx.text
    header, first = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows())
    by_header = {h.value: cell for h, cell in zip(header, first, strict=True)}
    assert by_header["Lý do"].value == FORMULA and by_header["Lý do"].data_type == "s"
    assert by_header["Số chứng từ"].value == "12\ufffd/QĐ\ufffd"
    assert by_header["Số tiền (đồng)"].value == 1_250_000
    assert by_header["Số tiền (đồng)"].number_format == "#,##0"
    assert by_header["Thời điểm ghi sổ"].is_date
    assert by_header["Loại bút toán"].value == "Cam kết"


async def test_ledger_export_roles(client, auth):
    assert (await client.get(f"{API}/ledger/export", headers=auth("enterprise"))).status_code == 403
    assert (await client.get(f"{API}/ledger/export")).status_code == 401
    bad = await client.get(f"{API}/ledger/export", params={"format": "ods"}, headers=auth("viewer"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"
