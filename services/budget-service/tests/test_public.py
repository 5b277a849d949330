"""`GET /public/budget/years`: no login, execution per year, category and source, cached."""

from __future__ import annotations

from budget_factories import allocate, appropriate, commit, disburse, funded_line


async def test_public_years_show_execution_without_a_login(client, auth):
    await funded_line(client, auth)  # 2017: 4.5 bn appropriated, 1 bn for technology transfer
    assert (await allocate(client, auth, 2017, 200_000_000, "training")).status_code == 201
    assert (await appropriate(client, auth, 2018, 3_000_000_000)).status_code == 201
    r = await commit(client, auth, 300_000_000)
    assert r.status_code == 201, r.text
    assert (await disburse(client, auth, r.json()["id"], 100_000_000)).status_code == 201

    r = await client.get("/api/v1/public/budget/years")
    assert r.status_code == 200, r.text
    body = r.json()
    assert [y["year"] for y in body["items"]] == [2018, 2017] and body["total"] == 2
    y2017 = body["items"][1]
    assert (y2017["appropriated_vnd"], y2017["allocated_vnd"]) == (4_500_000_000, 1_200_000_000)
    assert (y2017["committed_vnd"], y2017["disbursed_vnd"]) == (300_000_000, 100_000_000)
    by_category = {x["category"]: x for x in y2017["lines"]}
    assert by_category["technology_transfer"]["disbursed_vnd"] == 100_000_000
    assert by_category["training"]["allocated_vnd"] == 200_000_000

    r = await client.get(
        "/api/v1/public/budget/years",
        params={"year_from": 2017, "year_to": 2017, "category": "training"},
    )
    [only] = r.json()["items"]
    assert only["year"] == 2017 and [x["category"] for x in only["lines"]] == ["training"]

    again = await client.get(
        "/api/v1/public/budget/years", headers={"If-None-Match": r.headers["etag"]},
        params={"year_from": 2017, "year_to": 2017, "category": "training"},
    )  # fmt: skip
    assert again.status_code == 304
    r = await client.get("/api/v1/public/budget/years", params={"page_size": 51})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "page_size"
