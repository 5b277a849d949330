from tests.conftest import tax_code


async def test_nul_characters_are_422_not_500(client, auth):
    headers = auth("admin")
    response = await client.get("/api/v1/enterprises", params={"q": "a\x00b"}, headers=headers)
    assert response.status_code == 422, response.text
    body = {"tax_code": tax_code(), "name": "a\x00b", "kind": "enterprise", "admin_unit_code": "74"}
    response = await client.post("/api/v1/enterprises", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "name"
    village = {"name": "x", "craft": "y\x00", "admin_unit_code": "74"}
    response = await client.post("/api/v1/craft-villages", json=village, headers=headers)
    assert response.status_code == 422, response.text


async def test_nul_in_csv_is_an_import_failure(client, auth):
    data = b"tax_code,name,kind,admin_unit_code\n0100047516,a\x00b,enterprise,74\n"
    files = {"file": ("x.csv", data, "text/csv")}
    response = await client.post("/api/v1/enterprises/import", files=files, headers=auth("admin"))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "registry.import_failed"
