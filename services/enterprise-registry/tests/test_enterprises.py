import uuid

import pytest

from registry.enterprises.schemas import EnterpriseUpdate
from tests.conftest import NEW_COMMUNE, OLD_COMMUNE, make_enterprise, make_village, tax_code

URL = "/api/v1/enterprises"


async def test_create_read_patch_delete(client, auth):
    village = await make_village(client, auth("admin"))
    created = await make_enterprise(
        client,
        auth("program_officer"),
        address="Ấp 1, xã Bình Mỹ",
        established_on="2015-03-01",
        employees=55,
        is_rural_industrial=True,
        craft_village_id=village["id"],
        owner_gender="female",
        owner_ethnic_minority=True,
        phone="0274 3822 123",
        email="info@sonmai.vn",
        sector_code="1623",
    )
    for field in ("id", "created_at", "updated_at"):
        assert created[field]
    assert created["created_at"].endswith("+00:00")
    assert created["status"] == "active"
    assert created["sector_code"] == "1623"

    got = await client.get(f"{URL}/{created['id']}", headers=auth("viewer"))
    assert got.status_code == 200 and got.json() == created

    patched = await client.patch(
        f"{URL}/{created['id']}",
        json={"employees": 60, "address": None},
        headers=auth("program_officer"),
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["employees"] == 60 and body["address"] is None
    assert body["name"] == created["name"]  # untouched
    assert body["updated_at"] >= created["updated_at"]

    deleted = await client.delete(f"{URL}/{created['id']}", headers=auth("admin"))
    assert deleted.status_code == 200
    assert deleted.json()["status"] == "dissolved"
    # archived, never erased
    again = await client.get(f"{URL}/{created['id']}", headers=auth("admin"))
    assert again.status_code == 200 and again.json()["status"] == "dissolved"


async def test_unknown_id_is_404(client, auth):
    response = await client.get(f"{URL}/{uuid.uuid4()}", headers=auth("admin"))
    assert response.status_code == 404
    assert response.json()["code"] == "registry.enterprise_not_found"
    response = await client.get(f"{URL}/not-a-uuid", headers=auth("admin"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "id"


async def test_no_token_is_401_and_wrong_role_is_403(client, auth):
    assert (await client.get(URL)).status_code == 401
    bad = await client.get(URL, headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401
    body = {
        "tax_code": tax_code(),
        "name": "X",
        "kind": "enterprise",
        "admin_unit_code": "74",
        "established_on": "2015-01-01",
    }
    for role in ("viewer", "finance_officer", "program_manager", "enterprise"):
        response = await client.post(URL, json=body, headers=auth(role))
        assert response.status_code == 403, role
        assert response.json()["code"] == "auth.forbidden"
    # clients by scope
    read_only = auth("integration", scopes=["registry:read"])
    assert (await client.get(URL, headers=read_only)).status_code == 200
    assert (await client.post(URL, json=body, headers=read_only)).status_code == 403
    assert (await client.get(URL, headers=auth("integration"))).status_code == 403
    assert (
        await client.get(URL, headers=auth("service", scopes=["registry:read"]))
    ).status_code == 200
    writer = auth("service", scopes=["registry:write"])
    assert (await client.post(URL, json=body, headers=writer)).status_code == 201


async def test_viewer_cannot_patch_or_delete(client, auth):
    created = await make_enterprise(client, auth("admin"))
    patch = await client.patch(f"{URL}/{created['id']}", json={"name": "Z"}, headers=auth("viewer"))
    assert patch.status_code == 403
    delete = await client.delete(f"{URL}/{created['id']}", headers=auth("viewer"))
    assert delete.status_code == 403


async def test_enterprise_user_sees_and_edits_only_its_own(client, auth):
    own = await make_enterprise(client, auth("admin"), name="Cơ sở gốm Minh Long")
    other = await make_enterprise(client, auth("admin"), name="Cơ sở gốm Lái Thiêu")
    me = auth("enterprise", enterprise_id=own["id"])

    assert (await client.get(f"{URL}/{own['id']}", headers=me)).status_code == 200
    assert (await client.get(f"{URL}/{other['id']}", headers=me)).status_code == 404
    by_code = await client.get(f"{URL}/by-tax-code/{other['tax_code']}", headers=me)
    assert by_code.status_code == 404
    listed = (await client.get(URL, headers=me)).json()
    assert [e["id"] for e in listed["items"]] == [own["id"]] and listed["total"] == 1
    searched = (await client.get(URL, params={"q": "gom"}, headers=me)).json()
    assert [e["id"] for e in searched["items"]] == [own["id"]]

    ok = await client.patch(f"{URL}/{own['id']}", json={"phone": "0274 3822 111"}, headers=me)
    assert ok.status_code == 200 and ok.json()["phone"] == "0274 3822 111"
    assert (
        await client.patch(f"{URL}/{other['id']}", json={"employees": 1}, headers=me)
    ).status_code == 404
    for change in ({"status": "suspended"}, {"tax_code": tax_code()}):
        response = await client.patch(f"{URL}/{own['id']}", json=change, headers=me)
        assert response.status_code == 403, change
    assert (await client.delete(f"{URL}/{own['id']}", headers=me)).status_code == 403

    # a token without an enterprise_id sees nothing
    lost = auth("enterprise")
    assert (await client.get(URL, headers=lost)).json()["total"] == 0
    assert (await client.get(f"{URL}/{own['id']}", headers=lost)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x" * 256}, "name"),
        ({"name": ""}, "name"),
        ({"kind": "corporation"}, "kind"),
        ({"size": "huge"}, "size"),
        ({"employees": -1}, "employees"),
        ({"employees": 10**12}, "employees"),
        ({"employees": "many"}, "employees"),
        ({"established_on": "2020-13-01"}, "established_on"),
        ({"established_on": "2099-01-01"}, "established_on"),  # after today: a typo
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"address": "a" * 100_000}, "address"),
        ({"admin_unit_code": "abc"}, "admin_unit_code"),
        ({"is_rural_industrial": "perhaps"}, "is_rural_industrial"),
        ({"craft_village_id": "nope"}, "craft_village_id"),
        ({"unexpected": 1}, "unexpected"),
        ({"tax_code": "9" * 10_000}, "tax_code"),
    ],
)
async def test_bad_input_is_422_naming_the_field(client, auth, body, field):
    full = {
        "tax_code": tax_code(),
        "name": "X",
        "kind": "enterprise",
        "admin_unit_code": "74",
        "established_on": "2015-01-01",
    }
    response = await client.post(URL, json={**full, **body}, headers=auth("admin"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_reference_checks(client, auth):
    base = {
        "tax_code": tax_code(),
        "name": "X",
        "kind": "enterprise",
        "admin_unit_code": "74",
        "established_on": "2015-01-01",
    }
    cases = [
        ({"sector_code": "Z"}, "sector_code", "registry.unknown_sector"),
        ({"sector_code": "04"}, "sector_code", "registry.unknown_sector"),
        ({"sector_code": "040"}, "sector_code", "registry.unknown_sector"),
        ({"admin_unit_code": "99999"}, "admin_unit_code", "registry.unknown_admin_unit"),
        (
            {"craft_village_id": str(uuid.uuid4())},
            "craft_village_id",
            "registry.unknown_craft_village",
        ),
    ]
    for extra, field, code in cases:
        response = await client.post(URL, json={**base, **extra}, headers=auth("admin"))
        assert response.status_code == 422, extra
        assert response.json()["code"] == code
        assert response.json()["errors"][0]["field"] == field
    for sector in ("C", "c", "10", "107", "1071", "10710"):
        await make_enterprise(client, auth("admin"), sector_code=sector)
    await make_enterprise(client, auth("admin"), admin_unit_code=NEW_COMMUNE, established_on=None)


async def test_malformed_json_and_wrong_types(client, auth):
    headers = {**auth("admin"), "Content-Type": "application/json"}
    response = await client.post(URL, content=b'{"name": ', headers=headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation.failed"
    response = await client.post(URL, content=b"[1, 2]", headers=headers)
    assert response.status_code == 422
    created = await make_enterprise(client, auth("admin"))
    response = await client.patch(f"{URL}/{created['id']}", json={"name": None}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
    response = await client.patch(f"{URL}/{created['id']}", content=b"nope", headers=headers)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "q", ["tuong binh hiep", "TUONG BINH HIEP", "Tương Bình Hiệp", "tương  bình", "binh hiep"]
)
async def test_search_ignores_case_and_diacritics(client, auth, q):
    headers = auth("admin")
    target = await make_enterprise(client, headers, name="Cơ sở sơn mài Tương Bình Hiệp")
    await make_enterprise(client, headers, name="Công ty gốm sứ Minh Long")
    found = (await client.get(URL, params={"q": q}, headers=headers)).json()
    assert [e["id"] for e in found["items"]] == [target["id"]]
    assert found["total"] == 1


async def test_search_d_and_tax_code_and_wildcards(client, auth):
    headers = auth("admin")
    dong = await make_enterprise(client, headers, name="HTX Đồng Phú", kind="cooperative")
    other = await make_enterprise(client, headers, name="Công ty 100% Việt")
    for q in ("dong phu", "ĐỒNG", "đồng phú"):
        items = (await client.get(URL, params={"q": q}, headers=headers)).json()["items"]
        assert [e["id"] for e in items] == [dong["id"]], q
    items = (await client.get(URL, params={"q": dong["tax_code"][:7]}, headers=headers)).json()
    assert dong["id"] in [e["id"] for e in items["items"]]
    # LIKE wildcards are literal
    items = (await client.get(URL, params={"q": "100%"}, headers=headers)).json()["items"]
    assert [e["id"] for e in items] == [other["id"]]
    items = (await client.get(URL, params={"q": "%"}, headers=headers)).json()["items"]
    assert [e["id"] for e in items] == [other["id"]]
    assert (await client.get(URL, params={"q": "_"}, headers=headers)).json()["total"] == 0


async def test_filters(client, auth):
    headers = auth("admin")
    village = await make_village(client, headers)
    a = await make_enterprise(client, headers, kind="cooperative", sector_code="1623")
    b = await make_enterprise(
        client, headers, admin_unit_code=NEW_COMMUNE, craft_village_id=village["id"],
        established_on=None, sector_code="C", size="micro", is_rural_industrial=True,
    )  # fmt: skip
    c = await make_enterprise(client, headers, sector_code="46")
    await client.delete(f"{URL}/{c['id']}", headers=headers)

    async def ids(**params):
        body = (await client.get(URL, params=params, headers=headers)).json()
        return sorted(e["id"] for e in body["items"])

    assert await ids(kind="cooperative") == [a["id"]]
    assert await ids(admin_unit_code=NEW_COMMUNE) == [b["id"]]
    assert await ids(admin_unit_code=OLD_COMMUNE, kind="cooperative") == [a["id"]]
    assert await ids(craft_village_id=village["id"]) == [b["id"]]
    assert await ids(status="dissolved") == [c["id"]]
    assert await ids(sector_code="C") == sorted([a["id"], b["id"]])
    assert await ids(sector_code="16") == [a["id"]]
    assert await ids(sector_code="G") == [c["id"]]
    assert await ids(size="micro") == [b["id"]]
    assert await ids(is_rural_industrial=True) == [b["id"]]
    bad = await client.get(URL, params={"kind": "giant"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"


async def test_pagination_and_sorting(client, auth):
    headers = auth("admin")
    names = ["Bình An", "An Phú", "Chánh Nghĩa", "Dĩ An", "Đông Hòa", "Lái Thiêu", "Phú Cường"]
    for i, name in enumerate(names):
        await make_enterprise(client, headers, name=f"Cơ sở {name}", employees=i * 10)
    first = await client.get(URL, params={"page_size": 3, "sort": "employees"}, headers=headers)
    body = first.json()
    assert body["total"] == 7 and body["page"] == 1 and body["page_size"] == 3
    assert [e["employees"] for e in body["items"]] == [0, 10, 20]
    third = await client.get(
        URL, params={"page_size": 3, "page": 3, "sort": "employees"}, headers=headers
    )
    assert [e["employees"] for e in third.json()["items"]] == [60]
    assert third.json()["total"] == 7  # the last, short page tells the total itself
    beyond = (await client.get(URL, params={"page_size": 3, "page": 9}, headers=headers)).json()
    assert beyond["items"] == [] and beyond["total"] == 7  # an empty page still counts
    whole = (await client.get(URL, params={"page_size": 7}, headers=headers)).json()
    assert len(whole["items"]) == 7 and whole["total"] == 7  # a full page: counted
    desc = await client.get(URL, params={"sort": "-employees", "page_size": 2}, headers=headers)
    assert [e["employees"] for e in desc.json()["items"]] == [60, 50]
    by_tax = (await client.get(URL, params={"sort": "tax_code"}, headers=headers)).json()
    codes = [e["tax_code"] for e in by_tax["items"]]
    assert codes == sorted(codes)
    newest = (await client.get(URL, params={"sort": "-created_at"}, headers=headers)).json()
    stamps = [e["created_at"] for e in newest["items"]]
    assert stamps == sorted(stamps, reverse=True)
    for params, field in [
        ({"sort": "password"}, "sort"),
        ({"page_size": 201}, "page_size"),
        ({"page": 0}, "page"),
        ({"page_size": "many"}, "page_size"),
    ]:
        response = await client.get(URL, params=params, headers=headers)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == field


async def test_admin_unit_is_read_as_of_the_establishment_date(client, auth):
    headers = auth("admin")
    base = {"tax_code": tax_code(), "name": "X", "kind": "enterprise"}
    # founded after the old commune was merged away
    response = await client.post(
        URL,
        json={**base, "admin_unit_code": OLD_COMMUNE, "established_on": "2025-08-01"},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "admin_unit_code"
    assert "2025-06-30" in response.json()["errors"][0]["message"]
    # the new commune, or the old one for a record of its time, are fine
    await make_enterprise(client, headers, admin_unit_code=NEW_COMMUNE, established_on="2025-08-01")
    old = await make_enterprise(
        client, headers, admin_unit_code=OLD_COMMUNE, established_on="2019-05-01"
    )
    # a code reused by a new unit (25747) stays valid after the merger
    await make_enterprise(client, headers, admin_unit_code="25747", established_on="2025-09-01")
    moved = await client.patch(
        f"{URL}/{old['id']}", json={"established_on": "2025-07-02"}, headers=headers
    )
    assert moved.status_code == 422


async def test_an_undated_record_is_read_as_of_today(client, auth):
    """Without a founding date, an abolished unit (Bàu Bàng district, 719) is refused."""
    body = {"tax_code": tax_code(), "name": "Cơ sở gốm", "kind": "enterprise",
            "admin_unit_code": "719"}  # fmt: skip
    response = await client.post(URL, json=body, headers=auth("admin"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "admin_unit_code"
    assert response.json()["errors"][0]["code"] == "registry.admin_unit_ended_today"
    assert response.json()["params"]["code"] == "719"
    dated = {**body, "established_on": "2016-04-01"}
    assert (await client.post(URL, json=dated, headers=auth("admin"))).status_code == 201


async def test_an_enterprise_user_edits_only_its_contact_details(client, auth):
    own = await make_enterprise(client, auth("admin"), name="Cơ sở sơn mài Tương Bình Hiệp")
    me = auth("enterprise", enterprise_id=own["id"])
    url = f"{URL}/{own['id']}"
    contact = {"phone": "0274 3822 222", "email": "sonmai@example.vn", "address": "Ấp 3, xã X"}
    r = await client.patch(url, json=contact, headers=me)
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in contact} == contact
    # the whole form sent back: verified facts unchanged are fine
    form = {k: v for k, v in r.json().items() if k in EnterpriseUpdate.model_fields}
    r = await client.patch(url, json={**form, "phone": "0274 3822 333"}, headers=me)
    assert r.status_code == 200, r.text
    for change in (
        {"tax_code": tax_code()},
        {"name": "Tên khác"},
        {"is_rural_industrial": not own["is_rural_industrial"]},
        {"admin_unit_code": "79"},
        {"craft_village_id": str(uuid.uuid4())},
        {"employees": 99},
        {"established_on": "2001-01-01"},
        {"owner_gender": "female"},
        {"status": "suspended"},
    ):
        r = await client.patch(url, json={**change, "phone": "0274 1"}, headers=me)
        assert r.status_code == 403, change
        body = r.json()
        assert body["code"] == "registry.verified_field"
        [field] = change
        assert [e["field"] for e in body["errors"]] == [field]
        assert field in body["params"]["fields"] and "cán bộ" in body["detail"]
    after = (await client.get(url, headers=me)).json()
    assert after["phone"] == "0274 3822 333"  # a refused PATCH changes nothing
    r = await client.patch(url, json={"employees": 99}, headers=auth("program_officer"))
    assert r.status_code == 200 and r.json()["employees"] == 99
