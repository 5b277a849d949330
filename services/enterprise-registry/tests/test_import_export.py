import csv
import io

from openpyxl import load_workbook

from registry.enterprises.models import Enterprise
from tests.conftest import make_enterprise, make_village, raw_update, tax_code

URL = "/api/v1/enterprises"
VI_HEADER = [
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Loại hình",
    "Quy mô",
    "Mã ngành",
    "Mã đơn vị hành chính",
    "Địa chỉ",
    "Ngày thành lập",
    "Số lao động",
]


def csv_bytes(header, rows, *, bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def vi_row(i: int, code: str | None = None) -> list[str]:
    return [
        code or tax_code(),
        f"Cơ sở chế biến hạt điều số {i}",
        "Hộ kinh doanh" if i % 3 == 0 else "Doanh nghiệp",
        "Nhỏ",
        "10",
        "25897",
        f"Ấp {i}, xã Bình Mỹ",
        "15/03/2012",
        str(i % 200),
    ]


async def upload(client, headers, data: bytes):
    files = {"file": ("doanh-nghiep.csv", data, "text/csv")}
    return await client.post(f"{URL}/import", files=files, headers=headers)


async def total(client, headers) -> int:
    return (await client.get(URL, params={"page_size": 1}, headers=headers)).json()["total"]


async def test_import_vietnamese_headers_with_bom(client, auth):
    headers = auth("program_officer")
    data = csv_bytes(VI_HEADER, [vi_row(i) for i in range(1, 6)], bom=True)
    response = await upload(client, headers, data)
    assert response.status_code == 201, response.text
    assert response.json() == {"imported": 5}
    items = (await client.get(URL, params={"sort": "name"}, headers=headers)).json()["items"]
    first = items[0]
    assert first["name"] == "Cơ sở chế biến hạt điều số 1"
    assert first["kind"] == "enterprise" and first["size"] == "small"
    assert first["established_on"] == "2012-03-15"
    assert first["employees"] == 1
    assert {i["kind"] for i in items} == {"enterprise", "household_business"}
    # imported rows are searchable without diacritics
    found = (await client.get(URL, params={"q": "che bien hat dieu so 3"}, headers=headers)).json()
    assert found["total"] == 1


async def test_import_api_field_names(client, auth):
    headers = auth("admin")
    village = await make_village(client, headers)
    data = csv_bytes(
        ["tax_code", "name", "kind", "admin_unit_code", "craft_village_id", "is_rural_industrial"],
        [[tax_code(), "HTX Gốm Tân Phước Khánh", "cooperative", "25747", village["id"], "Có"]],
    )
    response = await upload(client, headers, data)
    assert response.status_code == 201, response.text
    item = (await client.get(URL, headers=headers)).json()["items"][0]
    assert item["craft_village_id"] == village["id"] and item["is_rural_industrial"] is True


async def test_one_bad_row_among_1000_writes_nothing(client, auth):
    headers = auth("admin")
    rows = [vi_row(i) for i in range(1, 1001)]
    rows[10][0] = "0100047517"  # wrong check digit: spreadsheet row 12 (header is row 1)
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "registry.import_failed"
    key, params = "registry.tax_code_check_digit", {"expected": 6, "got": 7}
    message = "Sai chữ số kiểm tra: phải là 6, nhập 7"
    assert body["errors"] == [
        {"field": "row 12: tax_code", "message": message, "code": key, "params": params}
    ]
    assert body["rows"] == [
        {"row": 12, "field": "tax_code", "message": message, "code": key, "params": params}
    ]
    assert body["detail"] == "Không dòng nào được nhập: 1 lỗi ở 1 dòng."
    assert await total(client, headers) == 0


async def test_every_bad_row_and_field_is_reported(client, auth):
    headers = auth("admin")
    existing = await make_enterprise(client, headers)
    dup = tax_code()
    rows = [
        vi_row(1, dup),
        vi_row(2, dup),  # duplicate inside the file
        vi_row(3, existing["tax_code"]),  # already registered
        [tax_code(), "", "Doanh nghiệp", "Nhỏ", "ZZ", "99999", "", "31/02/2020", "-5"],
        [tax_code(), "X", "Tập đoàn", "", "", "25897", "", "", ""],
        vi_row(6),
    ]
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 422
    found = {(r["row"], r["field"]) for r in response.json()["rows"]}
    assert (3, "tax_code") in found  # second copy of dup
    assert (4, "tax_code") in found  # already in the database
    assert {(5, "name"), (5, "established_on"), (5, "employees")} <= found
    bad_date = next(e for e in response.json()["errors"] if e["field"] == "row 5: established_on")
    assert "dd/mm/yyyy" in bad_date["message"] and "YYYY-MM-DD" not in bad_date["message"]
    assert (6, "kind") in found
    assert not any(r == 7 for r, _ in found)
    assert {e["field"] for e in response.json()["errors"]} >= {"row 3: tax_code", "row 6: kind"}
    # a founding date after today is refused from a file as from the form
    future = [tax_code(), "Cơ sở mới", "Doanh nghiệp", "", "", "25897", "", "01/01/2099", ""]
    dated = await upload(client, headers, csv_bytes(VI_HEADER, [future]))
    assert dated.status_code == 422
    assert [(e["field"], e["code"]) for e in dated.json()["errors"]] == [
        ("row 2: established_on", "validation.date_in_future")
    ]
    # the values a row may hold, as the file writes them (the labels), not the API's codes
    kind = next(e for e in response.json()["errors"] if e["field"] == "row 6: kind")
    assert "'Doanh nghiệp'" in kind["message"] and "'Hộ kinh doanh'" in kind["message"]
    assert "household_business" not in kind["message"]
    assert await total(client, headers) == 1


async def test_bad_files(client, auth):
    headers = auth("admin")
    cases = [
        (b"", "file"),
        ("Mã số thuế;Tên\n".encode("utf-16"), "file"),
        (csv_bytes(["Mã số thuế", "Màu sắc"], [["0100047516", "đỏ"]]), "header"),
    ]
    for data, field in cases:
        response = await upload(client, headers, data)
        assert response.status_code == 422, data[:20]
        assert response.json()["code"] == "registry.import_failed"
        assert any(field in e["field"] for e in response.json()["errors"])
    no_file = await client.post(f"{URL}/import", headers=headers, data={"x": "1"})
    assert no_file.status_code == 422
    assert no_file.json()["errors"][0]["field"] == "file"
    viewer = await upload(client, auth("viewer"), csv_bytes(VI_HEADER, [vi_row(1)]))
    assert viewer.status_code == 403


async def test_ten_thousand_rows_in_one_request(client, auth):
    headers = auth("admin")
    data = csv_bytes(VI_HEADER, [vi_row(i) for i in range(10_000)], bom=True)
    response = await upload(client, headers, data)
    assert response.status_code == 201, response.text[:500]
    assert response.json() == {"imported": 10_000}
    assert await total(client, headers) == 10_000


async def test_export_csv_and_xlsx(client, auth):
    headers = auth("admin")
    a = await make_enterprise(client, headers, name="Cơ sở sơn mài Tương Bình Hiệp", employees=7)
    await make_enterprise(client, headers, name="Công ty gốm Minh Long", kind="cooperative")

    response = await client.get(f"{URL}/export", params={"format": "csv"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    assert "filename*=UTF-8''doanh-nghiep-20" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã số thuế", "Tên doanh nghiệp", "Loại hình", "Quy mô"]
    assert rows[0][-2:] == ["Mã làng nghề", "Mã hồ sơ"]  # ids last
    assert len(rows) == 3
    assert {r[1] for r in rows[1:]} == {"Cơ sở sơn mài Tương Bình Hiệp", "Công ty gốm Minh Long"}

    filtered = await client.get(f"{URL}/export", params={"q": "tuong binh hiep"}, headers=headers)
    rows = list(csv.reader(io.StringIO(filtered.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][-1] == a["id"] and rows[1][0] == a["tax_code"]
    assert rows[1][2:4] == ["Doanh nghiệp", "Nhỏ"]

    xlsx = await client.get(
        f"{URL}/export", params={"format": "xlsx", "kind": "cooperative"}, headers=headers
    )
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx.headers["content-type"]
    assert ".xlsx" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Mã số thuế" and len(values) == 2
    assert values[1][1] == "Công ty gốm Minh Long" and values[1][2] == "Hợp tác xã"

    bad = await client.get(f"{URL}/export", params={"format": "pdf"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"


async def test_export_labels_every_enumeration_and_neutralises_formulas(client, auth, app):
    headers = auth("admin")
    made = await make_enterprise(
        client,
        headers,
        name='=HYPERLINK("http://x","x")',
        kind="cooperative_union",
        size="micro",
        owner_gender="male",
        owner_ethnic_minority=True,
        is_rural_industrial=False,
        status="suspended",
    )
    await raw_update(app, Enterprise, made["id"], address="Ấp 1\x07\x08 xã Bình Mỹ")
    response = await client.get(f"{URL}/export", headers=headers)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tên doanh nghiệp"] == '\'=HYPERLINK("http://x","x")'
    assert row["Loại hình"] == "Liên hiệp hợp tác xã" and row["Quy mô"] == "Siêu nhỏ"
    assert row["Giới tính chủ cơ sở"] == "Nam" and row["Chủ là người dân tộc thiểu số"] == "Có"
    assert row["Công nghiệp nông thôn"] == "Không"
    assert row["Trạng thái"] == "Tạm ngừng hoạt động"
    assert row["Ngày thành lập"] == "2012-03-15"

    xlsx = await client.get(f"{URL}/export", params={"format": "xlsx"}, headers=headers)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header, cells = list(sheet.iter_rows())
    by_header = {h.value: c for h, c in zip(header, cells, strict=True)}
    assert by_header["Tên doanh nghiệp"].data_type == "s"
    assert by_header["Tên doanh nghiệp"].value.startswith("=HYPERLINK")
    assert by_header["Địa chỉ"].value == "Ấp 1\ufffd\ufffd xã Bình Mỹ"
    assert by_header["Ngày thành lập"].is_date
    assert by_header["Mã hồ sơ"].value == made["id"] and header[-1].value == "Mã hồ sơ"
    assert header[0].font.bold


async def test_export_round_trips_through_import(client, auth):
    headers = auth("admin")
    await make_enterprise(
        client,
        headers,
        established_on="2001-02-03",
        employees=9,
        kind="household_business",
        status="dissolved",
        owner_gender="female",
        is_rural_industrial=True,
    )
    exported = (await client.get(f"{URL}/export", headers=headers)).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    header, row = rows[0], rows[1]
    assert "Hộ kinh doanh" in row and "Ngừng hoạt động – Giải thể" in row and "Nữ" in row
    # the whole exported file, id and time columns included, with a new tax code
    row[0] = tax_code()
    response = await upload(client, headers, csv_bytes(header, [row], bom=True))
    assert response.status_code == 201, response.text
    found = (await client.get(URL, params={"q": row[0]}, headers=headers)).json()["items"][0]
    assert found["kind"] == "household_business" and found["status"] == "dissolved"
    assert found["owner_gender"] == "female" and found["is_rural_industrial"] is True
    assert found["established_on"] == "2001-02-03"


async def test_enterprise_user_exports_only_its_own(client, auth):
    own = await make_enterprise(client, auth("admin"))
    await make_enterprise(client, auth("admin"))
    me = auth("enterprise", enterprise_id=own["id"])
    for format in ("csv", "xlsx"):
        response = await client.get(f"{URL}/export", params={"format": format}, headers=me)
        assert response.status_code == 200
        if format == "csv":
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert len(rows) == 2 and rows[1][-1] == own["id"]


async def test_too_large_uploads_are_413(database_url, signer, auth):
    from kc_common.testing import asgi_client
    from registry.app import create_app
    from registry.settings import RegistrySettings

    settings = RegistrySettings(
        environment="test",
        database_url=database_url,
        jwt_public_key=signer.public_key_pem(),
        log_json=False,
        import_max_bytes=5_000,
        import_max_rows=20,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async for client in asgi_client(app):
            headers = auth("admin")
            rows = [[tax_code(), "X", "enterprise", "74"] for _ in range(21)]
            too_many = csv_bytes(["tax_code", "name", "kind", "admin_unit_code"], rows)
            response = await upload(client, headers, too_many)
            assert response.status_code == 413
            assert response.json()["code"] == "registry.import_too_large"
            too_big = csv_bytes(VI_HEADER, [vi_row(i) for i in range(60)])
            assert len(too_big) > 5_000
            response = await upload(client, headers, too_big)
            assert response.status_code == 413
            assert response.json()["code"] == "registry.import_too_large"
            assert (await total(client, headers)) == 0


async def test_body_limits_leave_room_for_the_import(database_url, signer, auth):
    """The request body limit in front of every route never cuts off an import the service
    would take: REGISTRY_IMPORT_MAX_BYTES raises REGISTRY_MAX_UPLOAD_BYTES with it."""
    from kc_common.testing import asgi_client, running_app
    from registry.app import create_app
    from registry.models import Base
    from registry.settings import RegistrySettings

    settings = RegistrySettings(
        environment="test",
        database_url=database_url,
        jwt_public_key=signer.public_key_pem(),
        log_json=False,
        max_json_bytes=1024,
        max_upload_bytes=1024,
        import_max_bytes=200_000,
    )
    assert settings.max_upload_bytes == 200_000
    async with running_app(create_app(settings), Base.metadata) as app:
        async for client in asgi_client(app):
            headers = auth("admin")
            data = csv_bytes(VI_HEADER, [vi_row(i) for i in range(1, 40)])
            assert 1024 * 2 < len(data) < 200_000
            response = await upload(client, headers, data)
            assert response.status_code == 201, response.text
            # a JSON body is held to the JSON limit
            response = await client.post(
                URL, json={"name": "x" * 2000, "tax_code": tax_code()}, headers=headers
            )
            assert response.status_code == 413
            assert response.json()["code"] == "request.too_large"
            assert response.json()["params"] == {"limit": 1024}
