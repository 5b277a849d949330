"""project-service answers in the caller's language (Vietnamese by default) with the same code
and params; budget refusals come through in that language too; the reasons it gives the budget
ledger are Vietnamese and name the project by its code."""

import pytest

from tests.factories import API, approved, fund, post, project_body


async def test_support_above_policy_in_vi_and_en(client, auth):
    body = project_body(
        requested_support_vnd=350_000_000, counterpart_vnd=250_000_000, total_cost_vnd=800_000_000
    )
    headers = auth("program_officer")
    vi = (await client.post(f"{API}/projects", json=body, headers=headers)).json()
    en = (
        await client.post(
            f"{API}/projects", json=body, headers={**headers, "accept-language": "en"}
        )
    ).json()
    assert vi["code"] == en["code"] == "project.support_above_policy"
    assert vi["params"] == en["params"]
    assert vi["params"]["limit_vnd"] == 300_000_000
    assert vi["detail"].startswith("Kinh phí đề nghị hỗ trợ 350.000.000 đ vượt mức hỗ trợ")
    assert en["detail"].startswith("Requested support 350,000,000 VND is above the support")
    assert vi["errors"][0]["code"] == "project.support_above_policy"
    # the activity in words, its code still a param
    assert vi["params"]["activity_type"] == "machinery_application"
    assert "nội dung 'Ứng dụng máy móc tiên tiến' (TT 28/2018/TT-BTC)" in vi["detail"]
    assert "'Advanced machinery application' (TT 28/2018/TT-BTC)" in en["detail"]
    assert "machinery_application" not in vi["detail"] + en["detail"]


async def test_an_advance_above_the_cap_in_vi_and_en(client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    path = f"/projects/{p['id']}/advances"
    body = {"amount_vnd": 290_000_000, "reference": "UNC-1"}
    vi = await post(client, auth, "finance_officer", path, body)
    headers = {**auth("finance_officer"), "accept-language": "en"}
    en = await client.post(f"{API}{path}", json=body, headers=headers)
    assert vi.status_code == en.status_code == 422
    assert vi.json()["code"] == en.json()["code"] == "project.advance_above_cap"
    assert vi.json()["params"] == en.json()["params"]
    cap = vi.json()["params"]["cap_percent"]
    assert vi.json()["detail"].startswith(f"Tổng tạm ứng tối đa {cap}% kinh phí được duyệt")
    assert en.json()["detail"].startswith(f"Advances may total at most {cap}%")


@pytest.mark.program(cap=10)
async def test_a_budget_refusal_comes_through_in_the_callers_language(client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    path = f"/projects/{p['id']}/advances"
    body = {"amount_vnd": 100_000_000, "reference": "UNC-1"}
    vi = await post(client, auth, "finance_officer", path, body)
    headers = {**auth("finance_officer"), "accept-language": "en"}
    en = await client.post(f"{API}{path}", json=body, headers=headers)
    assert vi.json()["code"] == en.json()["code"] == "budget.advance_cap_exceeded"
    assert vi.json()["params"] == en.json()["params"]
    assert vi.json()["detail"] != en.json()["detail"]
    assert "tạm ứng" in vi.json()["detail"] and "dvances" in en.json()["detail"]


async def test_ledger_reasons_are_vietnamese_with_the_project_code(client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    await post(client, auth, "program_officer", f"/projects/{p['id']}/start")
    r = await post(
        client, auth, "program_manager", f"/projects/{p['id']}/cancellation", {"reason": "rút"}
    )
    assert r.status_code == 200, r.text
    ledger = await budget.get(
        f"{API}/budget/ledger", params={"project_id": p["id"]}, headers=auth("viewer")
    )
    [release] = [e for e in ledger.json()["items"] if e["kind"] == "release"]
    assert release["reason"] == f"Hủy đề án {p['code']}: rút"
