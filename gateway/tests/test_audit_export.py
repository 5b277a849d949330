"""The audit trail as CSV and XLSX: Vietnamese headers and event names, ids last, the list's
filters, admins only; a stored control character or formula-like text breaks nothing."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import update

from gateway.audit.models import AuditEvent

FORMULA = '=HYPERLINK("http://x","x")'


async def test_audit_export_csv_and_xlsx(app, client, user_token):
    from conftest import create_user, login

    admin = await user_token("admin", "root")
    await create_user(app, "lan", "viewer")
    await login(client, "lan", "wrong-password")
    async with app.state.db.engine.begin() as conn:  # as an old record might hold
        await conn.execute(
            update(AuditEvent)
            .where(AuditEvent.kind == "auth.login_failed")
            .values(detail=FORMULA, path="/x\x07\x1b")
        )

    url = "/api/v1/audit-events/export"
    response = await client.get(url, headers=admin, params={"username": "lan"})
    assert response.status_code == 200, response.text
    assert response.content.startswith("\ufeff".encode())
    assert "filename*=UTF-8''nhat-ky-he-thong-20" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Thời điểm", "Loại sự kiện", "Tên đăng nhập"]
    assert rows[0][-1] == "Mã sự kiện" and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Loại sự kiện"] == "Đăng nhập thất bại" and row["Chi tiết"] == "'" + FORMULA

    xlsx = await client.get(url, headers=admin, params={"username": "lan", "format": "xlsx"})
    assert xlsx.status_code == 200, xlsx.text
    header, first = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows())
    by_header = {h.value: c for h, c in zip(header, first, strict=True)}
    assert by_header["Chi tiết"].value == FORMULA and by_header["Chi tiết"].data_type == "s"
    assert by_header["Đường dẫn"].value == "/x\ufffd\ufffd"
    assert by_header["Thời điểm"].is_date
    assert by_header["Loại sự kiện"].value == "Đăng nhập thất bại"

    everything = await client.get(url, headers=admin, params={"format": "xlsx"})
    kinds = {r[1] for r in load_workbook(io.BytesIO(everything.content)).active.values}
    assert "Đăng nhập thành công" in kinds and "auth.login_succeeded" not in kinds


async def test_audit_export_is_for_admins(client, user_token):
    viewer = await user_token("viewer")
    assert (await client.get("/api/v1/audit-events/export", headers=viewer)).status_code == 403
    admin = await user_token("admin", "root")
    bad = await client.get(
        "/api/v1/audit-events/export",
        headers=admin,
        params={"since": "2026-02-01T00:00:00", "until": "2026-01-01T00:00:00"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "until"
