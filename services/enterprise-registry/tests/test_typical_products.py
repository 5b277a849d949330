import uuid

from tests.conftest import make_enterprise

URL = "/api/v1/typical-products"


def product(enterprise_id: str, **fields):
    return {
        "name": "Bình gốm men lam Lái Thiêu",
        "enterprise_id": enterprise_id,
        "group": "handicraft",
        "tier": "provincial",
        "recognized_year": 2022,
        "score": 82,
        **fields,
    }


async def test_recognized_and_certificate_default(client, auth):
    headers = auth("program_officer")
    owner = await make_enterprise(client, auth("admin"))
    created = await client.post(URL, json=product(owner["id"]), headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["recognized"] is True
    assert body["valid_until"] == "2025-12-31"  # 31 December of the third year after 2022
    failed = (await client.post(URL, json=product(owner["id"], score=69.5), headers=headers)).json()
    assert failed["recognized"] is False and failed["valid_until"] is None
    exact = (await client.post(URL, json=product(owner["id"], score=70), headers=headers)).json()
    assert exact["recognized"] is True
    given = await client.post(
        URL,
        json=product(owner["id"], valid_until="2026-06-30", certificate_number="42/GCN-UBND"),
        headers=headers,
    )
    assert given.json()["valid_until"] == "2026-06-30"

    patched = await client.patch(
        f"{URL}/{body['id']}", json={"recognized_year": 2024}, headers=headers
    )
    assert patched.status_code == 200 and patched.json()["valid_until"] == "2027-12-31"
    got = await client.get(f"{URL}/{body['id']}", headers=auth("viewer"))
    assert got.status_code == 200 and got.json()["recognized_year"] == 2024

    listed = (await client.get(URL, params={"recognized": "true"}, headers=headers)).json()
    assert listed["total"] == 3
    listed = await client.get(URL, params={"q": "men lam", "sort": "score"}, headers=headers)
    assert [p["score"] for p in listed.json()["items"]] == [69.5, 70, 82, 82]


async def test_validation(client, auth):
    headers = auth("admin")
    owner = await make_enterprise(client, headers)
    for fields, field in [
        ({"score": 101}, "score"),
        ({"score": -1}, "score"),
        ({"score": "high"}, "score"),
        ({"group": "food"}, "group"),
        ({"tier": "world"}, "tier"),
        ({"recognized_year": 1999}, "recognized_year"),
        ({"enterprise_id": str(uuid.uuid4())}, "enterprise_id"),
        ({"valid_until": "2020-12-31"}, "valid_until"),
        ({"name": ""}, "name"),
    ]:
        response = await client.post(URL, json={**product(owner["id"]), **fields}, headers=headers)
        assert response.status_code == 422, fields
        assert response.json()["errors"][0]["field"] == field
    assert (
        await client.post(URL, json=product(owner["id"]), headers=auth("viewer"))
    ).status_code == 403


async def test_enterprise_user_sees_its_own_products(client, auth):
    headers = auth("admin")
    own = await make_enterprise(client, headers)
    other = await make_enterprise(client, headers)
    mine = (await client.post(URL, json=product(own["id"]), headers=headers)).json()
    theirs = (await client.post(URL, json=product(other["id"]), headers=headers)).json()
    me = auth("enterprise", enterprise_id=own["id"])
    listed = (await client.get(URL, headers=me)).json()
    assert [p["id"] for p in listed["items"]] == [mine["id"]]
    assert (await client.get(URL, params={"enterprise_id": other["id"]}, headers=me)).json()[
        "total"
    ] == 0
    assert (await client.get(f"{URL}/{theirs['id']}", headers=me)).status_code == 404
    assert (await client.get(f"{URL}/{mine['id']}", headers=me)).status_code == 200
    by_owner = await client.get(URL, params={"enterprise_id": other["id"]}, headers=headers)
    assert [p["id"] for p in by_owner.json()["items"]] == [theirs["id"]]


async def test_products_and_villages_sort_by_name_in_vietnamese_order(client, auth):
    from tests.conftest import make_village

    headers = auth("admin")
    in_order = ["Điêu khắc gỗ", "Gốm", "Ơ-rê", "Xôi"]  # code points put Đ and Ơ after X
    owner = await make_enterprise(client, headers)
    for name in reversed(in_order):
        created = await client.post(URL, json=product(owner["id"], name=name), headers=headers)
        assert created.status_code == 201, created.text
        await make_village(client, headers, name=f"Làng {name}")
    listed = (await client.get(URL, params={"sort": "name"}, headers=headers)).json()
    assert [p["name"] for p in listed["items"]] == in_order
    villages = (
        await client.get("/api/v1/craft-villages", params={"sort": "-name"}, headers=headers)
    ).json()
    assert [v["name"] for v in villages["items"]] == [f"Làng {n}" for n in reversed(in_order)]
    renamed = await client.patch(
        f"{URL}/{listed['items'][0]['id']}", json={"name": "Ấm trà"}, headers=headers
    )
    assert renamed.status_code == 200, renamed.text
    listed = (await client.get(URL, params={"sort": "name"}, headers=headers)).json()
    assert [p["name"] for p in listed["items"]] == ["Ấm trà", *in_order[1:]]
