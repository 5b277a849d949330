"""kc_common's text rule and strict integers on budget-service's real endpoints."""

from budget_factories import API, allocate, appropriate, program


async def test_control_bidi_and_zero_width_characters_are_422_naming_the_field(client, auth):
    await program(client, auth, start=2016, end=2020)
    for field, value in [("decision_number", "12/QĐ\u200b"), ("decision_number", "12\n/QĐ")]:
        body = {"funding_source": "local", "amount_vnd": 5, field: value}
        r = await client.post(
            f"{API}/years/2017/appropriations", json=body, headers=auth("finance_officer")
        )
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == field
    r = await client.post(
        f"{API}/years/2017/reallocations",
        json={"from_category": "training", "to_category": "consulting",
              "funding_source": "local", "amount_vnd": 1, "reason": "đổi\u202e"},
        headers=auth("program_manager"),
    )  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"


async def test_reasons_and_legal_basis_may_span_lines(client, auth):
    created = await program(client, auth, legal_basis="Quyết định 1877/QĐ-UBND;\nNghị định 45")
    assert created["legal_basis"] == "Quyết định 1877/QĐ-UBND;\nNghị định 45"
    assert (await appropriate(client, auth, 2017, 1_000)).status_code == 201
    assert (await allocate(client, auth, 2017, 500, "training")).status_code == 201
    r = await client.post(
        f"{API}/years/2017/reallocations",
        json={"from_category": "training", "to_category": "consulting",
              "funding_source": "local", "amount_vnd": 100, "reason": "Lý do:\n- thiếu vốn"},
        headers=auth("program_manager"),
    )  # fmt: skip
    assert r.status_code == 201, r.text


async def test_percent_is_a_strict_integer(client, auth):
    body = {"code": "KC-STRICT", "name": "x", "start_year": 2016, "end_year": 2020,
            "planned_annual_vnd": 1, "advance_cap_percent": "70"}  # fmt: skip
    r = await client.post(f"{API}/programs", json=body, headers=auth("program_manager"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "advance_cap_percent"
