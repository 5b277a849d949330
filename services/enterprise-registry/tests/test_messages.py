"""The registry's problems follow Accept-Language: Vietnamese by default, English on request,
with the same code and params."""

from tests.conftest import make_enterprise

URL = "/api/v1/enterprises"


async def test_a_duplicate_tax_code_in_vi_and_en(client, auth):
    headers = auth("admin")
    first = await make_enterprise(client, headers)
    body = {"tax_code": first["tax_code"], "name": "Cơ sở khác", "kind": "enterprise",
            "admin_unit_code": "25747"}  # fmt: skip
    vi = await client.post(URL, json=body, headers=headers)
    en = await client.post(URL, json=body, headers={**headers, "accept-language": "en"})
    assert vi.status_code == en.status_code == 409
    assert vi.json()["code"] == en.json()["code"] == "registry.duplicate_tax_code"
    assert vi.json()["params"] == en.json()["params"] == {"tax_code": first["tax_code"]}
    tax = first["tax_code"]
    assert vi.json()["detail"] == f"Mã số thuế {tax} đã được đăng ký cho một cơ sở khác."
    assert en.json()["detail"] == f"An establishment with tax code {tax} is already registered."
    assert vi.json()["errors"][0]["field"] == "tax_code"
    assert vi.json()["errors"][0]["code"] == "registry.duplicate_tax_code"


async def test_a_bad_check_digit_in_vi_and_en(client, auth):
    headers = auth("admin")
    body = {"tax_code": "0100047517", "name": "Cơ sở", "kind": "enterprise",
            "admin_unit_code": "25747"}  # fmt: skip
    vi = (await client.post(URL, json=body, headers=headers)).json()
    en = (await client.post(URL, json=body, headers={**headers, "accept-language": "en"})).json()
    assert vi["code"] == en["code"] == "registry.invalid_tax_code"
    assert vi["params"] == en["params"] == {"expected": 6, "got": 7}
    assert vi["errors"][0]["message"] == "Sai chữ số kiểm tra: phải là 6, nhập 7"
    assert en["errors"][0]["message"] == "Wrong check digit: expected 6, got 7"
    assert vi["title"] == "Dữ liệu không hợp lệ" and en["title"] == "Invalid input"
