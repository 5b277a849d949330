"""budget-service answers in the caller's language (Vietnamese by default) with the same code
and params."""

from budget_factories import API, allocate, appropriate, program


async def test_no_program_for_the_year_in_vi_and_en(client, auth):
    body = {"funding_source": "local", "amount_vnd": 1_000_000, "decision_number": "1/QĐ"}
    url = f"{API}/years/2027/appropriations"
    headers = auth("finance_officer")
    vi = (await client.post(url, json=body, headers=headers)).json()
    en = (await client.post(url, json=body, headers={**headers, "accept-language": "en"})).json()
    assert vi["code"] == en["code"] == "validation.failed"
    assert vi["params"] == en["params"] == {"year": 2027}
    assert vi["detail"] == "Chưa có chương trình khuyến công nào bao gồm năm 2027"
    assert en["detail"] == "No program covers the fiscal year 2027"
    assert vi["errors"][0]["code"] == en["errors"][0]["code"] == "budget.no_program"


async def test_over_allocation_with_money_in_vi(client, auth):
    await program(client, auth)
    assert (await appropriate(client, auth, 2018, 1_000_000)).status_code == 201
    vi = await allocate(client, auth, 2018, 2_000_000, "consulting")
    assert vi.status_code == 409
    assert vi.json()["code"] == "budget.over_allocation"
    assert vi.json()["params"] == {"amount_vnd": 2_000_000, "year": 2018, "funding_source": "local"}
    assert vi.json()["detail"].startswith("Phân bổ 2.000.000 đ sẽ vượt dự toán")
