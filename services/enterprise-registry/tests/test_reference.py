from tests.conftest import NEW_COMMUNE, OLD_COMMUNE, make_enterprise, make_village

UNITS = "/api/v1/admin-units"


async def codes(client, headers, **params) -> dict[str, dict]:
    response = await client.get(UNITS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return {u["code"]: u for u in body["items"]}


async def test_admin_units_before_and_after_the_merger(client, auth):
    headers = auth("viewer")
    before = await codes(client, headers, valid_on="2025-06-30")
    assert before["74"]["name"] == "Tỉnh Bình Dương"
    assert "79" not in before
    assert sum(u["level"] == "district" for u in before.values()) == 9
    assert sum(u["level"] == "commune" for u in before.values()) == 91
    assert before[OLD_COMMUNE]["successor_codes"] == [NEW_COMMUNE]
    assert before["25747"]["name"] == "Phường Phú Cường"

    after = await codes(client, headers, valid_on="2025-07-01")
    assert "74" not in after and after["79"]["name"] == "Thành phố Hồ Chí Minh"
    assert sum(u["level"] == "commune" for u in after.values()) == 36
    assert not any(u["level"] == "district" for u in after.values())
    assert after["25747"]["name"] == "Phường Thủ Dầu Một"
    assert after["25747"]["valid_from"] == "2025-07-01" and after["25747"]["valid_to"] is None
    assert OLD_COMMUNE not in after


async def test_town_to_city_renamings(client, auth):
    headers = auth("viewer")
    assert (await codes(client, headers, valid_on="2019-06-01"))["725"]["name"] == "Thị xã Thuận An"
    assert (await codes(client, headers, valid_on="2020-02-01"))["725"]["name"] == (
        "Thành phố Thuận An"
    )
    # Tân Uyên from 2023-04-10 (Resolution 725/NQ-UBTVQH15), Bến Cát from 2024-05-01 (1012)
    on_2023_06 = await codes(client, headers, valid_on="2023-06-01")
    assert on_2023_06["723"]["name"] == "Thành phố Tân Uyên"
    assert on_2023_06["721"]["name"] == "Thị xã Bến Cát"
    assert (await codes(client, headers, valid_on="2024-04-30"))["721"]["name"] == "Thị xã Bến Cát"
    ben_cat = (await codes(client, headers, valid_on="2024-05-01"))["721"]
    assert ben_cat["name"] == "Thành phố Bến Cát"
    assert ben_cat["valid_from"] == "2024-05-01" and "1012/NQ-UBTVQH15" in ben_cat["note"]


async def test_admin_unit_filters(client, auth):
    headers = auth("enterprise", enterprise_id="x")
    districts = await codes(client, headers, valid_on="2018-01-01", level="district")
    assert len(districts) == 9 and districts["725"]["valid_from"] is None
    children = await codes(client, headers, valid_on="2024-01-01", parent_code="726")
    assert OLD_COMMUNE in children and all(u["parent_code"] == "726" for u in children.values())
    full = (await client.get(UNITS, headers=headers)).json()
    assert full["total"] == 142  # 101 + 37 + 4 renamings
    for params in ({"valid_on": "2025-02-30"}, {"level": "hamlet"}, {"valid_on": "soon"}):
        response = await client.get(UNITS, params=params, headers=headers)
        assert response.status_code == 422
    assert (await client.get(UNITS)).status_code == 401


async def test_sectors(client, auth):
    response = await client.get("/api/v1/sectors", headers=auth("viewer"))
    body = response.json()
    assert body["total"] == 21 + 88
    by_code = {s["code"]: s for s in body["items"]}
    assert by_code["C"]["level"] == "section"
    assert by_code["10"]["section_code"] == "C" and by_code["10"]["level"] == "division"


async def test_stats(client, auth):
    headers = auth("admin")
    village = await make_village(client, headers)
    e1 = await make_enterprise(client, headers)
    await make_enterprise(client, headers, admin_unit_code="25747")
    gone = await make_enterprise(client, headers)
    await client.delete(f"/api/v1/enterprises/{gone['id']}", headers=headers)
    product = {
        "name": "Tranh sơn mài",
        "enterprise_id": e1["id"],
        "group": "handicraft",
        "tier": "provincial",
        "recognized_year": 2022,
        "score": 82.5,
    }
    assert (
        await client.post("/api/v1/typical-products", json=product, headers=headers)
    ).status_code == 201

    for who in (
        auth("viewer"),
        auth("finance_officer"),
        auth("integration", scopes=["registry:read"]),
    ):
        response = await client.get("/api/v1/registry/stats", headers=who)
        assert response.status_code == 200
    stats = response.json()
    assert stats["enterprises"] == 2  # dissolved ones are history, not counted
    assert stats["craft_villages"] == 1 and stats["typical_products"] == 1
    units = {u["admin_unit_code"]: u for u in stats["by_admin_unit"]}
    assert units[OLD_COMMUNE] == {
        "admin_unit_code": OLD_COMMUNE,
        "admin_unit_name": "Xã Bình Mỹ",
        "enterprises": 1,
        "craft_villages": 0,
        "typical_products": 1,
    }
    assert units["25747"]["enterprises"] == 1 and units["25747"]["craft_villages"] == 1
    assert units["25747"]["admin_unit_name"] == "Phường Thủ Dầu Một"  # its latest name
    assert village["admin_unit_code"] == "25747"
    # The dashboard of 2018 names 25747 as it was then.
    in_2018 = (
        await client.get(
            "/api/v1/registry/stats", params={"valid_on": "2018-12-31"}, headers=auth("viewer")
        )
    ).json()
    names = {u["admin_unit_code"]: u["admin_unit_name"] for u in in_2018["by_admin_unit"]}
    assert names["25747"] == "Phường Phú Cường"
    assert (
        await client.get("/api/v1/registry/stats", headers=auth("enterprise", enterprise_id="x"))
    ).status_code == 403


async def test_picker_search_ignores_diacritics(client, auth):
    headers = auth("viewer")
    found = await codes(client, headers, q="tan khanh", level="commune", valid_on="2026-01-01")
    assert list(found) == ["25891"]
    unit = found["25891"]
    assert unit["name"] == "Phường Tân Khánh"
    assert (unit["unit_type"], unit["unit_type_name"]) == ("ward", "Phường")
    assert unit["province_name"] == "Thành phố Hồ Chí Minh" and unit["district_name"] is None
    assert unit["successors"] == []
    # Case and the Đ are folded too; a code prefix finds the unit as well.
    assert "25777" in await codes(client, headers, q="DAU TIENG", level="commune")
    assert list(await codes(client, headers, q="2589", valid_on="2026-01-01")) == ["25891"]


async def test_picker_never_offers_a_province_as_a_commune(client, auth):
    headers = auth("viewer")
    for valid_on in ("2018-06-01", "2026-01-01", None):
        params = {"level": "commune", **({"valid_on": valid_on} if valid_on else {})}
        units = await codes(client, headers, **params)
        assert units and "74" not in units and "79" not in units
        assert {u["level"] for u in units.values()} == {"commune"}
        assert {u["unit_type"] for u in units.values()} <= {"ward", "commune", "township"}
    # Searching a province's name at commune level finds no province.
    hits = await codes(client, headers, q="binh duong", level="commune")
    assert "74" not in hits and all(u["level"] == "commune" for u in hits.values())


async def test_picker_dates_differ_and_old_units_show_their_successor(client, auth):
    headers = auth("viewer")
    in_2018 = await codes(client, headers, level="commune", valid_on="2018-06-01")
    in_2026 = await codes(client, headers, level="commune", valid_on="2026-01-01")
    assert len(in_2018) == 91 and len(in_2026) == 36
    assert in_2018["25747"]["name"] == "Phường Phú Cường"
    assert in_2026["25747"]["name"] == "Phường Thủ Dầu Một"
    old = in_2018[OLD_COMMUNE]  # Xã Bình Mỹ, Huyện Bắc Tân Uyên, merged on 2025-07-01
    assert (old["unit_type_name"], old["district_name"], old["province_name"]) == (
        "Xã",
        "Huyện Bắc Tân Uyên",
        "Tỉnh Bình Dương",
    )
    assert old["successors"] == [
        {"code": NEW_COMMUNE, "name": "Phường Bình Cơ", "province_name": "Thành phố Hồ Chí Minh"}
    ]
    # The 2018 name of a district is the one it had then (Thị xã, later Thành phố Thuận An).
    lai_thieu = (await codes(client, headers, q="lai thieu", valid_on="2018-06-01"))["25966"]
    assert lai_thieu["district_name"] == "Thị xã Thuận An"
    split = (await codes(client, headers, code="25918", valid_on="2018-06-01"))["25918"]
    assert [s["name"] for s in split["successors"]] == ["Phường Tân Uyên", "Xã Thường Tân"]


async def test_admin_units_page_when_asked(client, auth):
    headers = auth("viewer")
    params = {"level": "commune", "valid_on": "2026-01-01", "sort": "name", "page_size": 10}
    first = (await client.get(UNITS, params=params, headers=headers)).json()
    assert (first["total"], first["page"], first["page_size"], len(first["items"])) == (
        36,
        1,
        10,
        10,
    )
    last = (await client.get(UNITS, params={**params, "page": 4}, headers=headers)).json()
    assert len(last["items"]) == 6
    # By name without its type, so Xã An Long comes before Phường An Phú; in Vietnamese
    # order, so Đ after every D (not after Z) and Ô, Ơ, Ư after O, U.
    assert [u["name"] for u in first["items"][:2]] == ["Xã An Long", "Phường An Phú"]
    every = (await client.get(UNITS, params={**params, "page_size": 200}, headers=headers)).json()
    bare = [u["name"].split(" ", 1)[1] for u in every["items"]]
    initials = [name[0] for name in bare]
    alphabet = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    assert initials == sorted(initials, key=alphabet.index), bare
    for bad in ({"page_size": 0}, {"page_size": 201}, {"sort": "area"}, {"q": "x" * 101}):
        assert (await client.get(UNITS, params=bad, headers=headers)).status_code == 422
