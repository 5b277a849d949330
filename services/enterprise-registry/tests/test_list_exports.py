"""Craft village and typical product lists as CSV and XLSX: Vietnamese headers and labels,
ids last, the list's filters and scope, and cells no record can break."""

import asyncio
import csv
import io

from openpyxl import load_workbook

from kc_common.testing import asgi_client, running_app, settings_for_tests
from registry.app import create_app
from registry.craft_villages.models import CraftVillage
from registry.models import Base
from registry.settings import RegistrySettings
from registry.typical_products.models import TypicalProduct
from tests.conftest import make_enterprise, make_village, raw_update
from tests.test_typical_products import product

FORMULA = '=HYPERLINK("http://x","x")'


async def export(client, url, headers, **params):
    csv_response = await client.get(f"{url}/export", params=params, headers=headers)
    assert csv_response.status_code == 200, csv_response.text
    assert csv_response.content.startswith("\ufeff".encode())
    csv_rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    xlsx = await client.get(f"{url}/export", params={**params, "format": "xlsx"}, headers=headers)
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    return csv_rows, list(sheet.iter_rows()), csv_response, xlsx


async def test_craft_villages_export(client, auth, app):
    headers = auth("program_officer")
    village = await make_village(client, headers, name=FORMULA, craft="+ Gốm")
    await make_village(client, headers, name="Làng mây tre đan", is_traditional=False)
    await raw_update(app, CraftVillage, village["id"], description="mô tả\x01\x1f cũ")

    rows, cells, response, xlsx = await export(
        client, "/api/v1/craft-villages", auth("viewer"), is_traditional="true"
    )
    assert "filename*=UTF-8''lang-nghe-20" in response.headers["content-disposition"]
    assert "lang-nghe-20" in xlsx.headers["content-disposition"]
    assert rows[0][:2] == ["Tên làng nghề", "Nghề"] and rows[0][-1] == "Mã hồ sơ"
    assert len(rows) == 2  # the filter holds
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tên làng nghề"] == "'" + FORMULA and row["Nghề"] == "'+ Gốm"
    assert row["Làng nghề truyền thống"] == "Có" and row["Mã hồ sơ"] == village["id"]

    header, first = cells
    by_header = {h.value: c for h, c in zip(header, first, strict=True)}
    assert by_header["Tên làng nghề"].value == FORMULA
    assert by_header["Tên làng nghề"].data_type == "s"
    assert by_header["Mô tả"].value == "mô tả\ufffd\ufffd cũ"
    assert by_header["Ngày công nhận"].is_date
    assert by_header["Làng nghề truyền thống"].value == "Có"


async def test_typical_products_export_and_enterprise_scope(client, auth, app):
    officer = auth("program_officer")
    owner = await make_enterprise(client, auth("admin"), name="Cơ sở gốm Lái Thiêu")
    other = await make_enterprise(client, auth("admin"), name="Cơ sở khác")
    mine = (
        await client.post(
            "/api/v1/typical-products", json=product(owner["id"], name="@Bình gốm"), headers=officer
        )
    ).json()
    await client.post(
        "/api/v1/typical-products",
        json=product(other["id"], group="agro_food", tier="national"),
        headers=officer,
    )
    await raw_update(app, TypicalProduct, mine["id"], certificate_number="42\x0b/GCN")

    rows, cells, _, _ = await export(client, "/api/v1/typical-products", officer, sort="name")
    assert rows[0][:4] == ["Tên sản phẩm", "Cơ sở", "Nhóm sản phẩm", "Cấp công nhận"]
    assert rows[0][-2:] == ["Mã cơ sở", "Mã hồ sơ"]
    assert len(rows) == 3
    labelled = {(r[2], r[3]) for r in rows[1:]}
    assert labelled == {
        ("Thủ công mỹ nghệ", "Cấp tỉnh"),
        ("Chế biến nông sản, thực phẩm", "Cấp quốc gia"),
    }
    assert ["'@Bình gốm", "Cơ sở gốm Lái Thiêu"] in [r[:2] for r in rows]

    by_header = [{h.value: c for h, c in zip(cells[0], row, strict=True)} for row in cells[1:]]
    cert = [r["Số giấy chứng nhận"].value for r in by_header if r["Mã hồ sơ"].value == mine["id"]]
    assert cert == ["42\ufffd/GCN"]

    me = auth("enterprise", enterprise_id=owner["id"])
    rows, cells, _, _ = await export(client, "/api/v1/typical-products", me)
    assert len(rows) == 2 and rows[1][-1] == mine["id"] and len(cells) == 2
    # another enterprise's products are not there even when asked for
    rows, _, _, _ = await export(client, "/api/v1/typical-products", me, enterprise_id=other["id"])
    assert len(rows) == 1


async def test_export_paths_are_not_taken_for_ids(client, auth):
    for url in ("/api/v1/craft-villages/export", "/api/v1/typical-products/export"):
        response = await client.get(url, headers=auth("viewer"))
        assert response.status_code == 200, (url, response.text)
        assert response.headers["content-type"].startswith("text/csv")


async def test_an_export_streams_on_one_pooled_connection(database_url, signer, auth):
    """An export streams on a connection of its own and holds no other: a pool of one (no
    overflow) is enough, for a list before it too (a pool's connection held twice over would
    wait out the pool's 30 s timeout)."""
    settings = RegistrySettings(
        **settings_for_tests(database_url, signer, db_pool_size=1, db_pool_overflow=0)
    )
    headers = auth("program_officer")
    async with running_app(create_app(settings), Base.metadata) as app:
        async for client in asgi_client(app):
            await make_village(client, auth("admin"))
            for url in ("/api/v1/craft-villages", "/api/v1/typical-products"):
                listed = await asyncio.wait_for(client.get(url, headers=headers), 20)
                assert listed.status_code == 200, listed.text
                exported = await asyncio.wait_for(client.get(f"{url}/export", headers=headers), 20)
                assert exported.status_code == 200, exported.text
                assert exported.content.startswith("\ufeff".encode())
