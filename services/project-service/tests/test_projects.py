import asyncio
import uuid

import pytest

from tests.factories import API, create, enterprise, post, project_body

PROBLEM = "application/problem+json"


async def test_create_assigns_code_and_derives_category(client, auth):
    p = await create(client, auth)
    assert p["code"] == "KC-2017-0001"
    assert p["category"] == "technology_transfer"
    assert p["status"] == "draft"
    assert p["approved_support_vnd"] is None and p["commitment_id"] is None
    assert p["advanced_vnd"] == 0 and p["disbursed_vnd"] == 0
    assert p["created_at"].endswith("+00:00")
    r = await client.get(f"{API}/projects/{p['id']}", headers=auth("viewer"))
    assert r.status_code == 200
    assert r.json()["planned_kpis"] == {"machines": 2, "trainees": 30}
    second = await create(client, auth)
    other_year = await create(client, auth, fiscal_year=2018, start_on=None, end_on=None)
    assert (second["code"], other_year["code"]) == ("KC-2017-0002", "KC-2018-0001")


async def test_fifty_concurrent_creates_get_codes_without_gaps_or_duplicates(client, auth):
    async def one(i: int) -> str:
        r = await client.post(
            f"{API}/projects",
            json=project_body(title=f"Đề án {i}", fiscal_year=2019, start_on=None, end_on=None),
            headers=auth("program_officer"),
        )
        assert r.status_code == 201, r.text
        return str(r.json()["code"])

    codes = await asyncio.gather(*(one(i) for i in range(50)))
    assert sorted(codes) == [f"KC-2019-{n:04d}" for n in range(1, 51)]


async def test_support_above_policy_is_422_naming_the_rule(client, auth):
    r = await client.post(
        f"{API}/projects",
        json=project_body(
            requested_support_vnd=350_000_000,
            counterpart_vnd=250_000_000,
            total_cost_vnd=800_000_000,
        ),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["code"] == "project.support_above_policy"
    assert body["errors"][0]["field"] == "requested_support_vnd"
    assert body["params"]["max_percent"] == 50 and body["params"]["max_vnd"] == 300_000_000
    assert body["params"]["legal_basis"] == "TT 28/2018/TT-BTC"
    assert "tối đa 300.000.000 đ" in body["detail"] and "TT 28/2018/TT-BTC" in body["detail"]
    # 30% rule of a demonstration model
    r = await client.post(
        f"{API}/projects",
        json=project_body(
            activity_type="demonstration_model",
            total_cost_vnd=1_000_000_000,
            requested_support_vnd=400_000_000,
            counterpart_vnd=600_000_000,
        ),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["params"]["max_percent"] == 30


async def test_counterpart_must_cover_the_rest(client, auth):
    r = await client.post(
        f"{API}/projects",
        json=project_body(counterpart_vnd=100_000_000),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422
    assert r.json()["code"] == "project.counterpart_insufficient"
    assert r.json()["errors"][0]["field"] == "counterpart_vnd"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"activity_type": "dancing"}, "activity_type"),
        ({"total_cost_vnd": "a lot"}, "total_cost_vnd"),
        ({"total_cost_vnd": -5}, "total_cost_vnd"),
        ({"requested_support_vnd": 1.5}, "requested_support_vnd"),
        ({"fiscal_year": 1900}, "fiscal_year"),
        ({"level": "galactic"}, "level"),
        ({"beneficiary_enterprise_id": "not-a-uuid"}, "beneficiary_enterprise_id"),
        ({"planned_kpis": {"trainees": -1}}, "planned_kpis.trainees.float"),
        ({"status": "approved"}, "status"),
        ({"title": ""}, "title"),
        ({"total_cost_vnd": 10**30}, "total_cost_vnd"),
    ],
)
async def test_bad_input_is_422_naming_the_field(client, auth, change, field):
    r = await client.post(
        f"{API}/projects", json=project_body(**change), headers=auth("program_officer")
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    fields = [e["field"] for e in r.json()["errors"]]
    assert any(f.startswith(field.split(".")[0]) for f in fields), fields


async def test_dates_and_malformed_json(client, auth):
    r = await client.post(
        f"{API}/projects",
        json=project_body(start_on="2017-05-01", end_on="2017-01-01"),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422
    r = await client.post(
        f"{API}/projects",
        content=b"{not json",
        headers={**auth("program_officer"), "content-type": "application/json"},
    )
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


async def test_roles(client, auth):
    assert (await client.get(f"{API}/projects")).status_code == 401
    r = await client.post(f"{API}/projects", json=project_body(), headers=auth("viewer"))
    assert r.status_code == 403 and r.json()["code"] == "auth.forbidden"
    r = await client.post(f"{API}/projects", json=project_body(), headers=auth("finance_officer"))
    assert r.status_code == 403
    assert (
        await client.get(f"{API}/projects/{uuid.uuid4()}", headers=auth("viewer"))
    ).status_code == 404


async def test_patch_only_in_draft(client, auth):
    p = await create(client, auth)
    r = await client.patch(
        f"{API}/projects/{p['id']}",
        json={
            "title": "Máy sơn mài tự động",
            "requested_support_vnd": 250_000_000,
            "counterpart_vnd": 350_000_000,
        },
        headers=auth("program_officer"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Máy sơn mài tự động"
    assert r.json()["requested_support_vnd"] == 250_000_000
    r = await client.patch(
        f"{API}/projects/{p['id']}",
        json={"requested_support_vnd": 400_000_000},
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["code"] == "project.support_above_policy"
    r = await client.patch(
        f"{API}/projects/{p['id']}", json={"title": None}, headers=auth("program_officer")
    )
    assert r.status_code == 422
    await post(client, auth, "program_officer", f"/projects/{p['id']}/submit")
    r = await client.patch(
        f"{API}/projects/{p['id']}", json={"title": "Đổi"}, headers=auth("program_officer")
    )
    assert r.status_code == 409 and r.json()["code"] == "project.not_editable"


async def test_list_filters_search_sort_and_pages(client, auth):
    a = await create(
        client,
        auth,
        title="Mô hình trình diễn gốm sứ Lái Thiêu",
        activity_type="demonstration_model",
        total_cost_vnd=1_000_000_000,
        requested_support_vnd=300_000_000,
        counterpart_vnd=700_000_000,
    )
    b = await create(
        client,
        auth,
        title="Hội chợ hàng thủ công",
        activity_type="trade_fair_domestic",
        total_cost_vnd=200_000_000,
        requested_support_vnd=200_000_000,
        counterpart_vnd=0,
        fiscal_year=2018,
        start_on=None,
        end_on=None,
    )
    c = await create(client, auth, title="Sơn mài Tương Bình Hiệp", level="national")
    h = auth("viewer")

    async def codes(**params):
        r = await client.get(f"{API}/projects", params=params, headers=h)
        assert r.status_code == 200, r.text
        return [p["code"] for p in r.json()["items"]]

    assert await codes(q="gom su lai thieu") == [a["code"]]
    assert await codes(q="TUONG BINH") == [c["code"]]
    assert await codes(q="kc-2018") == [b["code"]]
    assert await codes(q="100%_") == []
    assert await codes(fiscal_year=2018) == [b["code"]]
    assert await codes(category="products_and_trade") == [b["code"]]
    assert await codes(activity_type="demonstration_model") == [a["code"]]
    assert await codes(level="national") == [c["code"]]
    assert await codes(status="draft", sort="code") == sorted([a["code"], b["code"], c["code"]])
    assert (await codes(sort="-total_cost_vnd"))[0] == a["code"]
    r = await client.get(
        f"{API}/projects", params={"page_size": 2, "page": 2, "sort": "code"}, headers=h
    )
    assert r.json()["total"] == 3 and len(r.json()["items"]) == 1
    r = await client.get(f"{API}/projects", params={"sort": "password"}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "sort"
    r = await client.get(f"{API}/projects", params={"page_size": 500}, headers=h)
    assert r.status_code == 422
    r = await client.get(f"{API}/projects", params={"status": "flying"}, headers=h)
    assert r.status_code == 422


async def test_beneficiary_is_checked_with_the_registry(client, registry, auth):
    active = await enterprise(registry, auth)
    p = await create(client, auth, beneficiary_enterprise_id=active)
    assert p["beneficiary_enterprise_id"] == active
    r = await client.post(
        f"{API}/projects",
        json=project_body(beneficiary_enterprise_id=str(uuid.uuid4())),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["code"] == "project.beneficiary_invalid"
    suspended = await enterprise(registry, auth, status="suspended")
    r = await client.post(
        f"{API}/projects",
        json=project_body(beneficiary_enterprise_id=suspended),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "beneficiary_enterprise_id"


async def test_registry_down_is_503(make_app, auth):
    from kc_common.testing import asgi_client

    app = make_app(registry_url="http://127.0.0.1:9")
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            r = await c.post(
                f"{API}/projects",
                json=project_body(beneficiary_enterprise_id=str(uuid.uuid4())),
                headers=auth("program_officer"),
            )
            assert r.status_code == 503, r.text
            assert r.headers["content-type"] == PROBLEM
            assert r.json()["code"] == "upstream.unavailable"
            listed = await c.get(f"{API}/projects", headers=auth("viewer"))
            assert listed.json()["total"] == 0


async def test_enterprise_users_act_for_their_own_enterprise_only(client, registry, auth):
    mine = await enterprise(registry, auth)
    theirs = await enterprise(registry, auth)
    me = auth("enterprise", enterprise_id=mine)
    r = await client.post(f"{API}/projects", json=project_body(), headers=me)
    assert r.status_code == 201, r.text
    own = r.json()
    assert own["beneficiary_enterprise_id"] == mine
    r = await client.post(
        f"{API}/projects", json=project_body(beneficiary_enterprise_id=theirs), headers=me
    )
    assert r.status_code == 403
    other = await create(client, auth, beneficiary_enterprise_id=theirs)
    assert (await client.get(f"{API}/projects/{other['id']}", headers=me)).status_code == 404
    assert (
        await client.get(f"{API}/projects/{other['id']}/history", headers=me)
    ).status_code == 404
    r = await client.post(f"{API}/projects/{other['id']}/submit", headers=me)
    assert r.status_code == 404
    listed = await client.get(f"{API}/projects", headers=me)
    assert [p["id"] for p in listed.json()["items"]] == [own["id"]]
    r = await client.post(f"{API}/projects/{own['id']}/submit", headers=me)
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    r = await client.post(
        f"{API}/projects/{own['id']}/appraisal",
        json={"score": 90, "recommendation": "approve"},
        headers=me,
    )
    assert r.status_code == 403
    stats = await client.get(f"{API}/projects/stats", headers=me)
    assert stats.status_code == 403


async def test_stats(client, auth):
    await create(client, auth)
    await create(client, auth, planned_kpis={"trainees": 5})
    await create(client, auth, fiscal_year=2018, start_on=None, end_on=None)
    r = await client.get(
        f"{API}/projects/stats", params={"fiscal_year": 2017}, headers=auth("viewer")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["fiscal_year"] == 2017 and body["total"] == 2
    assert body["by_status"]["draft"] == 2 and body["by_status"]["settled"] == 0
    assert body["by_category"] == [
        {
            "category": "technology_transfer",
            "count": 2,
            "requested_support_vnd": 600_000_000,
            "approved_support_vnd": 0,
            "accepted_support_vnd": 0,
            "disbursed_vnd": 0,
        }
    ]
    assert body["kpis"]["planned"] == {"machines": 2, "trainees": 35}
    service = auth("integration", scopes=["projects:read"])
    assert (await client.get(f"{API}/projects/stats", headers=service)).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [({"title": "Mô hình\x00"}, "title"), ({"planned_kpis": {"trainees\x00": 1}}, "planned_kpis")],
)
async def test_nul_characters_are_422_naming_the_field(client, auth, change, field):
    r = await client.post(
        f"{API}/projects", json=project_body(**change), headers=auth("program_officer")
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == field


async def test_nul_in_a_query_is_422(client, auth):
    r = await client.get(f"{API}/projects?q=KC%00", headers=auth("program_officer"))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "query"


async def test_implementing_units_are_offered_from_projects(client, registry, auth):
    mine = await enterprise(registry, auth)
    for unit in ("Trung tâm Khuyến công Bình Dương", "Trung tâm Khuyến công Bình Dương"):
        await create(client, auth, implementing_unit=unit)
    await create(client, auth, implementing_unit="Phòng Kinh tế Thành phố Thủ Dầu Một")
    await create(
        client, auth, implementing_unit="Hợp tác xã Gốm Tân Phước", beneficiary_enterprise_id=mine
    )
    url = f"{API}/projects/implementing-units"
    r = await client.get(url, headers=auth("viewer"))
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 3
    assert r.json()["items"][0] == {"name": "Trung tâm Khuyến công Bình Dương", "projects": 2}
    r = await client.get(url, params={"q": "kinh te thu dau"}, headers=auth("program_officer"))
    assert [u["name"] for u in r.json()["items"]] == ["Phòng Kinh tế Thành phố Thủ Dầu Một"]
    # An enterprise user sees only the units named on its own projects.
    r = await client.get(url, headers=auth("enterprise", enterprise_id=mine))
    assert [u["name"] for u in r.json()["items"]] == ["Hợp tác xã Gốm Tân Phước"]
    assert (
        await client.get(url, params={"page_size": 0}, headers=auth("viewer"))
    ).status_code == 422
    assert (await client.get(url)).status_code == 401


async def test_titles_sort_in_vietnamese_order(client, auth):
    """Not by code (the folded code and title it sorted by) nor by code point: Đ after every D,
    Ư after every U; a title changed by an update moves with it."""
    in_order = ["Đào tạo nghề gốm", "Hỗ trợ máy sấy", "Ứng dụng máy phun sơn", "Xây dựng mô hình"]
    made = [await create(client, auth, title=t) for t in reversed(in_order)]
    h = auth("viewer")
    listed = (await client.get(f"{API}/projects", params={"sort": "title"}, headers=h)).json()
    assert [p["title"] for p in listed["items"]] == in_order
    backwards = (await client.get(f"{API}/projects", params={"sort": "-title"}, headers=h)).json()
    assert [p["title"] for p in backwards["items"]] == in_order[::-1]
    r = await client.patch(
        f"{API}/projects/{made[0]['id']}",
        json={"title": "Ăn khớp dây chuyền"},
        headers=auth("program_officer"),
    )
    assert r.status_code == 200, r.text
    listed = (await client.get(f"{API}/projects", params={"sort": "title"}, headers=h)).json()
    assert listed["items"][0]["title"] == "Ăn khớp dây chuyền"
