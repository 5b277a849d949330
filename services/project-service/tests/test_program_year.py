"""A project is created only for a fiscal year a program covers."""

import pytest

from kc_common.testing import asgi_client
from tests.conftest import DOWN_URL
from tests.factories import API, create, program, project_body


async def test_a_year_no_program_covers_is_refused_at_creation(client, auth):
    r = await client.post(
        f"{API}/projects",
        json=project_body(fiscal_year=2030, start_on=None, end_on=None),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "project.no_program"
    assert [e["field"] for e in body["errors"]] == ["fiscal_year"]
    assert "2030" in body["detail"]
    listed = await client.get(f"{API}/projects", headers=auth("viewer"))
    assert listed.json()["total"] == 0
    assert (await create(client, auth, fiscal_year=2020))["code"].startswith("KC-2020-")


@pytest.mark.program(None)
async def test_a_program_made_after_a_refusal_is_seen_at_once(client, budget, auth):
    r = await client.post(f"{API}/projects", json=project_body(), headers=auth("program_officer"))
    assert r.status_code == 422 and r.json()["code"] == "project.no_program"
    await program(budget, auth, start=2016, end=2020)
    assert (await create(client, auth))["fiscal_year"] == 2017


@pytest.mark.program(None)
async def test_a_project_proposed_without_a_program_belongs_to_its_years(client, budget, auth):
    """A project proposed on screen names no program: it is its year's program's (programs do
    not overlap), whose own support rules and priority areas then apply; one named is kept."""
    await program(budget, auth, start=2016, end=2018)
    await program(budget, auth, start=2019, end=2020)
    listed = await budget.get(f"{API}/budget/programs", headers=auth("viewer"))
    code = {p["start_year"]: p["code"] for p in listed.json()["items"]}
    assert (await create(client, auth))["program_code"] == code[2016]  # a 2017 project
    assert (await create(client, auth, fiscal_year=2019))["program_code"] == code[2019]
    assert (await create(client, auth, program_code="BD-RIENG"))["program_code"] == "BD-RIENG"


async def test_budget_unreachable_is_503_not_a_silent_yes(make_app, auth):
    app = make_app(budget_url=DOWN_URL)
    async with app.router.lifespan_context(app):
        async for c in asgi_client(app):
            r = await c.post(
                f"{API}/projects", json=project_body(), headers=auth("program_officer")
            )
            assert r.status_code == 503, r.text
            assert r.json()["code"] == "upstream.unavailable"
            listed = await c.get(f"{API}/projects", headers=auth("viewer"))
            assert listed.json()["total"] == 0


async def test_covered_years_are_remembered(app, client, auth):
    budget = app.state.saga.budget
    calls = 0
    request = budget._request

    async def counting(*args, **kw):
        nonlocal calls
        calls += 1
        return await request(*args, **kw)

    budget._request = counting
    await create(client, auth)
    await create(client, auth, fiscal_year=2018, start_on=None, end_on=None)
    assert calls == 1
