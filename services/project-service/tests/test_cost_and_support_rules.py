"""The cost estimate (Form 1) and the support rules by activity: advances, priority areas,
the policy of the fiscal year."""

import uuid
from datetime import date

from projects.activities.models import PriorityArea, SupportPolicy
from tests.factories import (
    API,
    appraised,
    approval,
    approved,
    commitments,
    create,
    fund,
    post,
    project_body,
)

LINES = [
    {
        "item": "Máy cắt CNC",
        "unit": "cái",
        "quantity": 1,
        "unit_price_vnd": 450_000_000,
        "support_vnd": 225_000_000,
        "counterpart_vnd": 225_000_000,
    },
    {
        "item": "Lắp đặt, chạy thử",
        "unit": "tháng",
        "quantity": 2.5,
        "unit_price_vnd": 54_000_000,
        "support_vnd": 67_500_000,
        "counterpart_vnd": 67_500_000,
    },
    {
        "item": "Chi phí quản lý",
        "unit": "gói",
        "quantity": 1,
        "unit_price_vnd": 15_000_000,
        "support_vnd": 7_500_000,
        "counterpart_vnd": 7_500_000,
        "is_management": True,
    },
]


async def test_cost_lines_are_kept_when_their_sums_are_the_projects(client, auth):
    p = await create(client, auth, cost_lines=LINES)
    assert [line["amount_vnd"] for line in p["cost_lines"]] == [
        450_000_000,
        135_000_000,
        15_000_000,
    ]
    assert p["cost_lines"][1]["quantity"] == 2.5 and p["cost_lines"][2]["is_management"]
    assert (await create(client, auth))["cost_lines"] is None  # still optional

    # editing the amounts without the lines would make them disagree
    r = await client.patch(
        f"{API}/projects/{p['id']}",
        json={"total_cost_vnd": 700_000_000, "counterpart_vnd": 400_000_000},
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "total_cost_vnd"
    r = await client.patch(
        f"{API}/projects/{p['id']}",
        json={"cost_lines": LINES[:1] + LINES[1:]},
        headers=auth("program_officer"),
    )
    assert r.status_code == 200, r.text


async def test_cost_lines_that_disagree_are_refused_naming_the_field(client, auth):
    cases = [
        ({"total_cost_vnd": 610_000_000, "counterpart_vnd": 310_000_000}, LINES, "total_cost_vnd"),
        (
            {"requested_support_vnd": 290_000_000, "counterpart_vnd": 310_000_000},
            LINES,
            "requested_support_vnd",
        ),
        ({"counterpart_vnd": 310_000_000}, LINES, "counterpart_vnd"),
        ({}, [{**LINES[0], "quantity": 0.333}], "cost_lines.0.quantity"),
        ({}, [{**LINES[0], "support_vnd": 460_000_000}, *LINES[1:]], "cost_lines.0.support_vnd"),
        ({}, [{**LINES[0], "unit_price_vnd": "450000000"}], "cost_lines.0.unit_price_vnd"),
    ]
    for fields, lines, field in cases:
        r = await client.post(
            f"{API}/projects",
            json=project_body(**fields, cost_lines=lines),
            headers=auth("program_officer"),
        )
        assert r.status_code == 422, (field, r.text)
        assert r.json()["errors"][0]["field"] == field, r.text
    listed = await client.get(f"{API}/projects", headers=auth("viewer"))
    assert listed.json()["total"] == 0


async def test_the_implementing_units_management_cost_is_capped_at_2_5_percent(client, auth):
    # 2.5% of 300,000,000 support is 7,500,000: one đồng more is refused
    lines = [
        {**LINES[0], "support_vnd": 225_000_001, "counterpart_vnd": 224_999_999},
        LINES[1],
        {**LINES[2], "support_vnd": 7_499_999, "counterpart_vnd": 7_500_001},
    ]
    assert (await create(client, auth, cost_lines=lines))["requested_support_vnd"] == 300_000_000
    over = [
        {**LINES[0], "support_vnd": 224_999_999, "counterpart_vnd": 225_000_001},
        LINES[1],
        {**LINES[2], "support_vnd": 7_500_001, "counterpart_vnd": 7_499_999},
    ]
    r = await client.post(
        f"{API}/projects", json=project_body(cost_lines=over), headers=auth("program_officer")
    )
    assert r.status_code == 422
    assert r.json()["code"] == "project.management_cost_above_cap"
    assert r.json()["errors"][0]["field"] == "cost_lines.2.support_vnd"


INFRA = {
    "activity_type": "industrial_cluster_infrastructure",
    "total_cost_vnd": 1_000_000_000,
    "requested_support_vnd": 300_000_000,
    "counterpart_vnd": 700_000_000,
}


async def test_cluster_infrastructure_advances_30_percent_once_half_is_done(client, budget, auth):
    await fund(budget, auth, category="clusters_and_environment")
    p = await approved(client, auth, **INFRA)
    [c] = await commitments(budget, auth, p["id"])
    assert c["advance_cap_percent"] == 30  # the commitment carries the activity's cap
    pid = p["id"]
    assert (
        await post(client, auth, "program_officer", f"/projects/{pid}/start")
    ).status_code == 200
    advance = {"amount_vnd": 90_000_000, "reference": "TU-01"}
    r = await post(client, auth, "finance_officer", f"/projects/{pid}/advances", advance)
    assert r.status_code == 422 and r.json()["code"] == "project.advance_before_progress"
    report = {"period": "2017-06", "percent_complete": 50, "notes": "Đổ móng", "kpis": {}}
    await post(client, auth, "program_officer", f"/projects/{pid}/progress-reports", report)
    r = await post(client, auth, "finance_officer", f"/projects/{pid}/advances", advance)
    assert r.status_code == 422  # half is not more than half
    report = {**report, "period": "2017-07", "percent_complete": 55}
    await post(client, auth, "program_officer", f"/projects/{pid}/progress-reports", report)
    r = await post(client, auth, "finance_officer", f"/projects/{pid}/advances", advance)
    assert r.status_code == 200, r.text
    one_more = {"amount_vnd": 1, "reference": "TU-02"}
    r = await post(client, auth, "finance_officer", f"/projects/{pid}/advances", one_more)
    assert r.status_code == 422 and r.json()["code"] == "project.advance_above_cap"


async def test_enterprise_founding_has_no_advance_before_acceptance(client, budget, auth):
    await fund(budget, auth, category="capacity_building")
    p = await appraised(
        client,
        auth,
        activity_type="enterprise_founding",
        total_cost_vnd=20_000_000,
        requested_support_vnd=10_000_000,
        counterpart_vnd=10_000_000,
    )
    r = await post(
        client, auth, "program_manager", f"/projects/{p['id']}/approval", approval(10_000_000)
    )
    assert r.status_code == 200, r.text
    [c] = await commitments(budget, auth, p["id"])
    assert c["advance_cap_percent"] == 0
    r = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{p['id']}/advances",
        {"amount_vnd": 1_000_000, "reference": "TU-01"},
    )
    assert r.status_code == 422 and r.json()["code"] == "project.advance_above_cap"


async def _add(app, *rows) -> None:
    async with app.state.saga.step() as session:
        session.add_all(rows)


async def test_a_priority_area_raises_the_support_level_up_to_1_5_times(app, client, auth):
    # machinery: ≤ 50% and ≤ 300,000,000; in a priority commune at 150%: ≤ 75%, ≤ 450,000,000
    body = {"total_cost_vnd": 600_000_000, "counterpart_vnd": 150_000_000}
    r = await client.post(
        f"{API}/projects",
        json=project_body(**body, requested_support_vnd=450_000_000, admin_unit_code="25840"),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["params"]["limit_vnd"] == 300_000_000
    await _add(
        app,
        PriorityArea(
            admin_unit_code="25840",
            uplift_percent=150,
            legal_basis="Quyết định của UBND tỉnh (vùng ưu tiên)",
            effective_from=date(2016, 1, 1),
        ),
    )
    p = await create(
        client, auth, **body, requested_support_vnd=450_000_000, admin_unit_code="25840"
    )
    assert p["requested_support_vnd"] == 450_000_000
    r = await client.post(
        f"{API}/projects",
        json=project_body(**body, requested_support_vnd=450_000_001, admin_unit_code="25840"),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["params"]["uplift_percent"] == 150


async def test_a_project_follows_the_policy_in_force_on_its_fiscal_year(app, client, auth):
    # a program's own rule for brand building from 2018: ≤ 50,000,000 instead of 35,000,000
    await _add(
        app,
        SupportPolicy(
            id=uuid.uuid4(),
            program_code="BD-TEST",
            activity_type="brand_building",
            max_percent=50,
            max_vnd=50_000_000,
            advance_cap_percent=70,
            legal_basis="Quyết định của UBND tỉnh",
            effective_from=date(2018, 1, 1),
        ),
    )
    body = {
        "activity_type": "brand_building",
        "program_code": "BD-TEST",
        "total_cost_vnd": 100_000_000,
        "requested_support_vnd": 50_000_000,
        "counterpart_vnd": 50_000_000,
    }
    # 2017, even with dates running into 2018: the national 35,000,000
    r = await client.post(
        f"{API}/projects",
        json=project_body(**body, start_on="2018-02-01", end_on="2018-06-30"),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["params"]["limit_vnd"] == 35_000_000
    p = await create(client, auth, **body, fiscal_year=2018, start_on=None, end_on=None)
    assert p["requested_support_vnd"] == 50_000_000
