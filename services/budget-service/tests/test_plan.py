from budget_factories import (
    API,
    allocate,
    appropriate,
    commit,
    disburse,
    funded_line,
    ledger_count,
    line,
    program,
    verify,
)


async def test_programs_list_and_overlap(client, auth):
    p = await program(client, auth, start=2016, end=2020, code="BD-2016")
    assert p["advance_cap_percent"] == 70
    assert p["created_at"].endswith(("Z", "+00:00"))
    r = await client.post(
        f"{API}/programs",
        json={
            **{k: p[k] for k in ("name", "legal_basis", "planned_annual_vnd")},
            "code": "BD-2020",
            "start_year": 2020,
            "end_year": 2025,
        },
        headers=auth("admin"),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "start_year"
    assert "2020" in r.json()["detail"]
    r = await client.post(
        f"{API}/programs",
        json={
            **{k: p[k] for k in ("name", "legal_basis", "planned_annual_vnd")},
            "code": "BD-2016",
            "start_year": 2030,
            "end_year": 2031,
        },
        headers=auth("admin"),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "code"
    await program(client, auth, start=2021, end=2025, advance_cap_percent=30)
    r = await client.get(f"{API}/programs", headers=auth("viewer"))
    assert [x["start_year"] for x in r.json()["items"]] == [2016, 2021]
    assert r.json()["total"] == 2


async def test_program_input_errors_name_the_field(client, auth):
    base = {"code": "X", "name": "n", "start_year": 2020, "end_year": 2019, "planned_annual_vnd": 1}
    cases = [
        (base, "end_year"),
        ({**base, "end_year": 2021, "planned_annual_vnd": 1.5}, "planned_annual_vnd"),
        ({**base, "end_year": 2021, "advance_cap_percent": 101}, "advance_cap_percent"),
        ({**base, "end_year": 2021, "start_year": "abc"}, "start_year"),
        ({**base, "end_year": 2021, "code": ""}, "code"),
    ]
    for body, field in cases:
        r = await client.post(f"{API}/programs", json=body, headers=auth("program_manager"))
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert field in [e["field"] for e in r.json()["errors"]], (field, r.json())


async def test_appropriation_needs_a_program_year(client, auth):
    await program(client, auth, start=2016, end=2020)
    r = await appropriate(client, auth, 2021, 100)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "year"
    r = await allocate(client, auth, 2022, 100)
    assert r.status_code == 422
    r = await client.get(f"{API}/years/2017/appropriations", headers=auth("viewer"))
    assert r.json()["total"] == 0
    await appropriate(client, auth, 2017, 100)
    await appropriate(client, auth, 2017, 50)
    r = await client.get(f"{API}/years/2017/appropriations", headers=auth("viewer"))
    assert [a["amount_vnd"] for a in r.json()["items"]] == [100, 50]


async def test_over_allocation_is_refused_and_changes_nothing(client, auth):
    await program(client, auth)
    await appropriate(client, auth, 2017, 1_000)
    await appropriate(client, auth, 2017, 5_000, "national")
    assert (await allocate(client, auth, 2017, 600, "training")).status_code == 201
    r = await allocate(client, auth, 2017, 401, "consulting")
    assert r.status_code == 409
    assert r.json()["code"] == "budget.over_allocation"
    r = await allocate(client, auth, 2018, 1, "consulting")  # no appropriation at all
    assert r.json()["code"] == "budget.over_allocation"
    assert (await allocate(client, auth, 2017, 400, "consulting")).status_code == 201
    r = await client.get(f"{API}/years/2017/allocations", headers=auth("viewer"))
    assert [(x["category"], x["allocated_vnd"]) for x in r.json()["items"]] == [
        ("training", 600),
        ("consulting", 400),
    ]
    assert await ledger_count(client, auth, kind="allocation") == 2


async def test_reallocation(client, auth):
    await funded_line(client, auth, allocated=1_000, category="training")
    await commit(client, auth, 700, category="training")
    body = {
        "from_category": "training",
        "to_category": "information",
        "funding_source": "local",
        "amount_vnd": 301,
        "reason": "shift to bulletins",
    }
    url = f"{API}/years/2017/reallocations"
    r = await client.post(url, json=body, headers=auth("program_manager"))
    assert r.status_code == 409
    assert r.json()["code"] == "budget.insufficient_funds"
    r = await client.post(url, json={**body, "amount_vnd": 300}, headers=auth("program_manager"))
    assert r.status_code == 201, r.text
    assert r.json()["from_line"]["allocated_vnd"] == 700
    assert r.json()["to_line"]["allocated_vnd"] == 300
    r = await client.post(
        url, json={**body, "to_category": "training"}, headers=auth("program_manager")
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "to_category"
    entries = (await client.get(f"{API}/ledger?fiscal_year=2017", headers=auth("viewer"))).json()
    kinds = [e["kind"] for e in entries["items"]]
    assert kinds[-2:] == ["reallocation_out", "reallocation_in"]
    assert entries["items"][-1]["reason"] == "shift to bulletins"


async def test_carry_over_once(client, auth):
    await funded_line(client, auth, appropriated=10_000, allocated=4_000)
    c = (await commit(client, auth, 1_500)).json()
    await disburse(client, auth, c["id"], 1_000)
    url = f"{API}/years/2017/carry-over"
    r = await client.post(url, json={"reason": "year end"}, headers=auth("program_manager"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["to_year"] == 2018
    assert body["amount_vnd"] == 10_000 - 1_500
    assert sorted((x["category"] or "", x["amount_vnd"]) for x in body["lines"]) == [
        ("", 6_000),
        ("technology_transfer", 2_500),
    ]
    r = await client.post(url, headers=auth("program_manager"))  # body is optional
    assert r.status_code == 409
    assert r.json()["code"] == "budget.carry_over_done"

    s17 = (await client.get(f"{API}/years/2017/summary", headers=auth("viewer"))).json()
    assert s17["carried_over"] is True
    assert s17["totals"]["appropriated_vnd"] == 1_500
    assert s17["totals"]["allocated_vnd"] == 1_500
    assert s17["totals"]["available_vnd"] == 0
    s18 = (await client.get(f"{API}/years/2018/summary", headers=auth("viewer"))).json()
    assert s18["totals"]["appropriated_vnd"] == 8_500
    assert s18["totals"]["allocated_vnd"] == 2_500
    assert s18["sources"][0]["carried_in_vnd"] == 8_500
    assert (await line(client, auth, 2018, "technology_transfer"))["available_vnd"] == 2_500
    # the commitment stays in 2017 and can still be paid
    assert (await disburse(client, auth, c["id"], 50, "final")).status_code == 201
    assert await ledger_count(client, auth, kind="carry_over_in", fiscal_year=2018) == 2
    assert (await verify(client, auth))["ok"] is True


async def test_carry_over_needs_a_next_year(client, auth):
    await program(client, auth, start=2016, end=2020)
    r = await client.post(f"{API}/years/2020/carry-over", headers=auth("program_manager"))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "year"


async def test_summary_of_an_empty_year(client, auth):
    r = await client.get(f"{API}/years/2030/summary", headers=auth("viewer"))
    assert r.status_code == 200
    assert r.json()["totals"]["available_vnd"] == 0
    assert r.json()["program"] is None
    r = await client.get(f"{API}/years/1800/summary", headers=auth("viewer"))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "year"


async def test_nul_characters_are_bad_input_not_a_server_error(client, auth):
    # Found by schemathesis through the gateway: PostgreSQL text cannot hold U+0000 (was a 500).
    await program(client, auth, start=2016, end=2020, code="BD-NUL")
    r = await client.post(
        f"{API}/years/2017/appropriations",
        json={"funding_source": "local", "amount_vnd": 4166, "decision_number": "1\x00/QĐ"},
        headers=auth("finance_officer"),
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "decision_number"
    r = await client.post(
        f"{API}/years/2017/reallocations",
        json={"from_category": "training", "to_category": "consulting",
              "funding_source": "local", "amount_vnd": 1, "reason": "\x00"},
        headers=auth("program_manager"),
    )  # fmt: skip
    assert r.status_code == 422, r.text
