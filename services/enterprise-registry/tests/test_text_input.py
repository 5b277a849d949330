"""The text rule (kc_common.InputModel) on the registry's real endpoints, and exports that
neither run nor choke on what old records contain."""

import csv
import io
import uuid

from openpyxl import load_workbook
from sqlalchemy import update

from registry.enterprises.models import Enterprise
from tests.conftest import make_enterprise, make_village, tax_code

URL = "/api/v1/enterprises"
FORMULA = '=HYPERLINK("http://x"&B2,"x")'


def enterprise(**fields: object) -> dict[str, object]:
    return {"tax_code": tax_code(), "name": "Cơ sở sơn mài", "kind": "enterprise",
            "admin_unit_code": "74", **fields}  # fmt: skip


async def test_control_bidi_and_zero_width_characters_are_422_naming_the_field(client, auth):
    headers = auth("admin")
    for field, value in [
        ("name", "Sơn mài\x01"),
        ("name", "Sơn\u202emài"),
        ("tax_code", "0100\u200b047516"),
        ("name", "Sơn\nmài"),  # one line only
        ("address", "12 Lê Lợi\x85"),
    ]:
        response = await client.post(URL, json=enterprise(**{field: value}), headers=headers)
        assert response.status_code == 422, (field, value, response.text)
        assert response.json()["errors"][0]["field"] == field

    village = {"name": "Làng\u2066gốm", "craft": "Gốm", "admin_unit_code": "74"}
    response = await client.post("/api/v1/craft-villages", json=village, headers=headers)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "name"


async def test_address_and_description_may_span_lines(client, auth):
    headers = auth("admin")
    created = await make_enterprise(client, headers, address="Số 12\nẤp 3, xã Bình Mỹ")
    assert created["address"] == "Số 12\nẤp 3, xã Bình Mỹ"
    village = await make_village(client, headers, description="Dòng 1\r\n\tDòng 2")
    assert village["description"] == "Dòng 1\r\n\tDòng 2"


async def test_blank_optional_text_is_not_given(client, auth):
    headers = auth("admin")
    created = await make_enterprise(client, headers, address="   ", phone="")
    assert created["address"] is None and created["phone"] is None
    patched = await client.patch(
        f"{URL}/{created['id']}", json={"address": "12 Lê Lợi"}, headers=headers
    )
    cleared = await client.patch(f"{URL}/{created['id']}", json={"address": " "}, headers=headers)
    assert patched.json()["address"] == "12 Lê Lợi" and cleared.json()["address"] is None
    # a required field sent blank is still refused, by name
    bad = await client.patch(f"{URL}/{created['id']}", json={"name": "  "}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "name"


async def test_search_with_such_characters_is_never_a_500(client, auth):
    headers = auth("admin")
    await make_enterprise(client, headers)
    for path in (URL, "/api/v1/craft-villages", "/api/v1/typical-products", f"{URL}/export"):
        for q in ("\x01", "a\u202eb", "\u200b", "\x7f\x85", "%_\\"):
            response = await client.get(path, params={"q": q}, headers=headers)
            assert response.status_code in (200, 422), (path, repr(q), response.text)


async def _store_raw(app, id_: str, **values: object) -> None:
    """Write straight to the database: records from before the input rule may hold anything."""
    async with app.state.db.engine.begin() as conn:
        await conn.execute(
            update(Enterprise).where(Enterprise.id == uuid.UUID(id_)).values(**values)
        )


async def test_exports_neutralise_formulas_and_survive_control_characters(app, client, auth):
    headers = auth("admin")
    created = await make_enterprise(client, headers, employees=7, phone="+84 912 345 678")
    await _store_raw(app, created["id"], name="Sơn\x01mài", address=FORMULA)

    response = await client.get(f"{URL}/export", params={"format": "csv"}, headers=headers)
    assert response.status_code == 200, response.text
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cell = dict(zip(header, row, strict=True))
    assert cell["Địa chỉ"] == "'" + FORMULA
    assert cell["Điện thoại"] == "'+84 912 345 678"
    assert cell["Tên doanh nghiệp"] == "Sơn\x01mài" and cell["Số lao động"] == "7"

    response = await client.get(f"{URL}/export", params={"format": "xlsx"}, headers=headers)
    assert response.status_code == 200, response.text
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows())
    cells = {h.value: c for h, c in zip(rows[0], rows[1], strict=True)}
    assert cells["Địa chỉ"].value == FORMULA and cells["Địa chỉ"].data_type == "s"
    assert cells["Tên doanh nghiệp"].value == "Sơn\ufffdmài"
    assert cells["Số lao động"].value == 7 and cells["Số lao động"].data_type == "n"
    assert not [c for row in rows for c in row if c.data_type == "f"]


async def test_an_exported_phone_number_imports_back(client, auth):
    headers = auth("admin")
    await make_enterprise(client, headers, phone="+84 912 345 678", address="-")
    exported = (await client.get(f"{URL}/export", headers=headers)).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(exported)))
    keep = [i for i, h in enumerate(header) if h not in {"Mã hồ sơ", "Ngày tạo", "Ngày cập nhật"}]
    new_row = [row[i] for i in keep]
    new_row[0] = tax_code()
    out = io.StringIO()
    csv.writer(out).writerows([[header[i] for i in keep], new_row])
    files = {"file": ("x.csv", out.getvalue().encode(), "text/csv")}
    response = await client.post(f"{URL}/import", files=files, headers=headers)
    assert response.status_code == 201, response.text
    listed = await client.get(URL, params={"q": new_row[0]}, headers=headers)
    item = listed.json()["items"][0]
    assert item["phone"] == "+84 912 345 678" and item["address"] == "-"
