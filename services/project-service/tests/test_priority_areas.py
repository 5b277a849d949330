"""Priority areas (địa bàn ưu tiên) kept through the API: the program's managers mark a unit,
its projects get the raised support level, and one unit has one mark per program at a time."""

import asyncio

from tests.factories import API, create, project_body

PATH = f"{API}/priority-areas"
MARK = {
    "admin_unit_code": "25840",
    "uplift_percent": 150,
    "legal_basis": "Quyết định 12/2016/QĐ-UBND",
    "effective_from": "2016-01-01",
}
# machinery: ≤ 50% and ≤ 300,000,000; in a priority commune at 150%: ≤ 75%, ≤ 450,000,000
AMOUNTS = {"total_cost_vnd": 600_000_000, "counterpart_vnd": 150_000_000}


async def test_a_manager_marks_a_unit_and_its_projects_get_the_raised_level(client, auth):
    r = await client.post(PATH, json=MARK, headers=auth("program_manager"))
    assert r.status_code == 201, r.text
    mark = r.json()
    assert mark["uplift_percent"] == 150 and mark["effective_to"] is None
    assert mark["program_code"] is None  # every program
    p = await create(
        client, auth, **AMOUNTS, requested_support_vnd=450_000_000, admin_unit_code="25840"
    )
    assert p["requested_support_vnd"] == 450_000_000

    # listed for whoever picks a project's location; filtered by unit and date
    for role in ("viewer", "program_officer", "enterprise"):
        r = await client.get(PATH, headers=auth(role), params={"admin_unit_code": "25840"})
        assert r.status_code == 200 and r.json()["total"] == 1, (role, r.text)
    r = await client.get(PATH, headers=auth("viewer"), params={"on": "2015-12-31"})
    assert r.json()["items"] == []

    # ended: projects of a later year are checked at the normal level again
    r = await client.patch(
        f"{PATH}/{mark['id']}", json={"effective_to": "2016-12-31"}, headers=auth("admin")
    )
    assert r.status_code == 200 and r.json()["effective_to"] == "2016-12-31", r.text
    later = project_body(
        **AMOUNTS, requested_support_vnd=450_000_000, admin_unit_code="25840", fiscal_year=2017
    )
    r = await client.post(f"{API}/projects", json=later, headers=auth("program_officer"))
    assert r.status_code == 422 and r.json()["params"]["limit_vnd"] == 300_000_000


async def test_only_the_programs_managers_keep_them(client, auth):
    for role in ("program_officer", "finance_officer", "viewer", "enterprise"):
        r = await client.post(PATH, json=MARK, headers=auth(role))
        assert r.status_code == 403, (role, r.text)
    # the refusal names the role in words, the code stays in its params
    r = await client.post(PATH, json=MARK, headers=auth("program_officer"))
    assert "Vai trò Cán bộ khuyến công không được" in r.json()["detail"], r.text
    assert r.json()["params"]["role"] == "program_officer"
    assert (await client.get(PATH)).status_code == 401
    assert (await client.get(PATH, headers=auth("viewer"))).json()["total"] == 0


async def test_bad_marks_are_refused_naming_the_field(client, auth):
    cases = [
        ({**MARK, "uplift_percent": 151}, "uplift_percent"),
        ({**MARK, "uplift_percent": 99}, "uplift_percent"),
        ({**MARK, "admin_unit_code": "Thủ Dầu Một"}, "admin_unit_code"),
        ({**MARK, "legal_basis": "  "}, "legal_basis"),
        ({**MARK, "effective_to": "2015-12-31"}, "effective_to"),
        ({**MARK, "effective_from": "0001-01-01"}, "effective_from"),
        ({**MARK, "effective_to": "9999-12-31"}, "effective_to"),
        ({**MARK, "note": "x"}, "note"),
    ]
    for body, field in cases:
        r = await client.post(PATH, json=body, headers=auth("program_manager"))
        assert r.status_code == 422, (field, r.text)
        assert r.json()["errors"][0]["field"] == field, r.json()
    assert (await client.get(PATH, headers=auth("viewer"))).json()["total"] == 0  # none written
    r = await client.patch(
        f"{PATH}/00000000-0000-0000-0000-000000000001",
        json={"uplift_percent": 120},
        headers=auth("admin"),
    )
    assert r.status_code == 404 and r.json()["code"] == "priority_area.not_found"
    mark = (await client.post(PATH, json=MARK, headers=auth("admin"))).json()
    r = await client.patch(
        f"{PATH}/{mark['id']}", json={"legal_basis": None}, headers=auth("admin")
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "legal_basis", r.text
    r = await client.patch(
        f"{PATH}/{mark['id']}", json={"effective_to": "2015-01-01"}, headers=auth("admin")
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "effective_to", r.text


async def test_one_mark_per_unit_and_program_at_a_time(client, budget, auth):
    manager = auth("program_manager")
    first = await client.post(PATH, json={**MARK, "effective_to": "2017-12-31"}, headers=manager)
    assert first.status_code == 201, first.text
    r = await client.post(PATH, json={**MARK, "effective_from": "2017-06-01"}, headers=manager)
    assert r.status_code == 409 and r.json()["code"] == "priority_area.overlap", r.text
    assert r.json()["params"]["id"] == first.json()["id"]
    assert "từ ngày 01/01/2016" in r.json()["detail"]  # as dates are read, not ISO
    # a program's own mark beside the one for every program; the next period after the first
    listed = await budget.get(f"{API}/budget/programs", headers=auth("viewer"))
    program = listed.json()["items"][0]["code"]
    own = {**MARK, "program_code": program, "uplift_percent": 120}
    assert (await client.post(PATH, json=own, headers=manager)).status_code == 201
    # a program budget-service does not know would never apply: refused
    r = await client.post(PATH, json={**own, "program_code": "KHONG-CO"}, headers=manager)
    assert r.status_code == 422 and r.json()["code"] == "priority_area.unknown_program", r.text
    assert r.json()["errors"][0]["field"] == "program_code"
    nxt = await client.post(PATH, json={**MARK, "effective_from": "2018-01-01"}, headers=manager)
    assert nxt.status_code == 201, nxt.text
    # reopening the first would overlap the next
    r = await client.patch(
        f"{PATH}/{first.json()['id']}", json={"effective_to": None}, headers=manager
    )
    assert r.status_code == 409 and r.json()["params"]["id"] == nxt.json()["id"]
    # nothing half-written: the first still ends where it did
    r = await client.get(PATH, headers=manager, params={"on": "2017-12-31"})
    in_force = {(a["program_code"], a["effective_to"]) for a in r.json()["items"]}
    assert in_force == {(program, None), (None, "2017-12-31")}


async def test_two_managers_marking_the_same_unit_at_once_get_one_mark(client, auth):
    manager = auth("program_manager")
    bodies = [{**MARK, "legal_basis": f"Quyết định {n}/2016/QĐ-UBND"} for n in range(6)]
    answers = await asyncio.gather(*(client.post(PATH, json=b, headers=manager) for b in bodies))
    codes = sorted(r.status_code for r in answers)
    assert codes == [201, 409, 409, 409, 409, 409], [r.text for r in answers]
    assert (await client.get(PATH, headers=manager)).json()["total"] == 1
