"""The project list as CSV and XLSX: Vietnamese headers and labels, ids last, amounts as
numbers, the list's filters and an enterprise user's scope; no record can break a file."""

import csv
import io
import uuid

from openpyxl import load_workbook
from sqlalchemy import update

from projects.projects.models import Project
from tests.factories import API, create, enterprise, project_body

FORMULA = '=HYPERLINK("http://x","x")'


async def export(client, headers, **params):
    response = await client.get(f"{API}/projects/export", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.content.startswith("\ufeff".encode())
    assert "filename*=UTF-8''de-an-20" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    xlsx = await client.get(
        f"{API}/projects/export", params={**params, "format": "xlsx"}, headers=headers
    )
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-disposition"].endswith(".xlsx")
    cells = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows())
    return rows, cells


async def raw_update(app, project_id: str, **values):
    async with app.state.db.engine.begin() as conn:
        await conn.execute(
            update(Project).where(Project.id == uuid.UUID(project_id)).values(**values)
        )


async def test_projects_export_labels_amounts_and_neutralised_cells(client, auth, app):
    p = await create(client, auth, title=FORMULA, fiscal_year=2018)
    await create(client, auth, fiscal_year=2019)
    await raw_update(
        app,
        p["id"],
        status="settled",
        funding_source="national",
        approved_support_vnd=250_000_000,
        implementing_unit="Trung tâm\x07 Khuyến công\x1b",
    )

    rows, cells = await export(client, auth("viewer"), fiscal_year=2018)
    assert rows[0][:3] == ["Mã đề án", "Tên đề án", "Năm kế hoạch"]
    assert rows[0][-1] == "Mã hồ sơ" and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tên đề án"] == "'" + FORMULA
    assert row["Trạng thái"] == "Đã quyết toán"
    assert row["Cấp đề án"] == "Địa phương"
    assert row["Nguồn kinh phí"] == "Kinh phí khuyến công quốc gia"
    assert row["Nội dung hoạt động"] == "Ứng dụng máy móc tiên tiến"
    assert row["Nhóm nội dung"] == "Ứng dụng, chuyển giao công nghệ"  # as the screens say
    assert row["Kinh phí được duyệt (đồng)"] == "250000000"
    assert row["Mã hồ sơ"] == p["id"]

    header, first = cells
    by_header = {h.value: c for h, c in zip(header, first, strict=True)}
    assert by_header["Tên đề án"].value == FORMULA and by_header["Tên đề án"].data_type == "s"
    assert by_header["Đơn vị thực hiện"].value == "Trung tâm\ufffd Khuyến công\ufffd"
    money = by_header["Tổng kinh phí (đồng)"]
    assert money.value == 600_000_000 and money.number_format == "#,##0"
    assert (
        by_header["Ngày bắt đầu"].is_date
        and by_header["Ngày bắt đầu"].number_format == "dd/mm/yyyy"
    )
    assert by_header["Trạng thái"].value == "Đã quyết toán"
    assert by_header["Nhóm nội dung"].value == "Ứng dụng, chuyển giao công nghệ"
    assert header[-1].value == "Mã hồ sơ" and header[0].font.bold


async def test_enterprise_user_exports_only_its_own_projects(client, registry, auth):
    mine = await enterprise(registry, auth)
    theirs = await enterprise(registry, auth)
    me = auth("enterprise", enterprise_id=mine)
    own = (await client.post(f"{API}/projects", json=project_body(), headers=me)).json()
    await create(client, auth, beneficiary_enterprise_id=theirs)

    rows, cells = await export(client, me)
    assert [r[-1] for r in rows[1:]] == [own["id"]]
    assert [c[-1].value for c in cells[1:]] == [own["id"]]
    # asking for another enterprise's projects gives nothing
    rows, _ = await export(client, me, beneficiary_enterprise_id=theirs)
    assert len(rows) == 1
    # staff see both
    rows, _ = await export(client, auth("program_officer"))
    assert len(rows) == 3


async def test_export_path_is_not_read_as_a_project_id(client, auth):
    response = await client.get(f"{API}/projects/export", headers=auth("viewer"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    bad = await client.get(
        f"{API}/projects/export", params={"format": "pdf"}, headers=auth("viewer")
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"
