import pytest

from gateway.app import create_app
from kc_common.testing import asgi_client

STAFF = ["admin", "program_manager", "program_officer", "finance_officer", "viewer"]


async def test_everything_down_is_200_with_warnings(client, user_token):
    headers = await user_token("program_manager")
    r = await client.get("/api/v1/dashboard", params={"year": 2017}, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["year"] == 2017
    assert body["budget"] is None and body["budget_by_year"] is None
    assert body["projects"] is None and body["registry"] is None
    services = sorted(w["service"] for w in body["warnings"])
    assert services == ["budget", "budget", "projects", "registry"]
    assert all("unavailable" in w["detail"] for w in body["warnings"])
    # the SPA words the code for people; the detail is for operators
    assert {w["code"] for w in body["warnings"]} == {"unavailable"}


async def test_dashboard_roles(client, user_token):
    for role in STAFF:
        r = await client.get("/api/v1/dashboard", headers=await user_token(role))
        assert r.status_code == 200, role
    r = await client.get("/api/v1/dashboard", headers=await user_token("enterprise"))
    assert r.status_code == 403
    assert (await client.get("/api/v1/dashboard")).status_code == 401


@pytest.mark.parametrize("year", ["abc", "1999", "2101"])
async def test_bad_year_is_422(client, user_token, year):
    r = await client.get(
        "/api/v1/dashboard", params={"year": year}, headers=await user_token("viewer")
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"


async def test_a_service_answering_errors_is_a_warning(make_settings, echo_url):
    """The echo upstream answers every path with something that is not a stats document."""
    app = create_app(make_settings(registry_url=echo_url))
    async with app.router.lifespan_context(app):
        token = app.state.signer.sign(subject="x", role="viewer")
        async for c in asgi_client(app):
            r = await c.get(
                "/api/v1/dashboard",
                params={"year": 2018},
                headers={"Authorization": f"Bearer {token}"},
            )
    assert r.status_code == 200
    registry = [w for w in r.json()["warnings"] if w["service"] == "registry"]
    assert registry == [
        {"service": "registry", "code": "unexpected", "detail": "stats: unexpected answer"}
    ]


def test_projects_kpi_lines_keep_names_units_and_rollup():
    """The dashboard passes project-service's catalogue roll-up on as typed lines: the SPA shows
    names and units from it and never adds up a `mean` indicator itself."""
    from gateway.dashboard.schemas import DashboardProjectStats

    stats = DashboardProjectStats.model_validate(
        {
            "total": 2,
            "by_status": {"draft": 2},
            "kpis": {
                "planned": {"waste_reduction_percent": 45},
                "actual": {},
                "items": [
                    {
                        "code": "waste_reduction_percent",
                        "name_vi": "Giảm chất thải",
                        "name_en": "Waste reduction",
                        "unit": "%",
                        "rollup": "mean",
                        "kind": "value",
                        "planned": 45,
                        "actual": None,
                        "planned_projects": 2,
                        "actual_projects": 0,
                    }
                ],
            },
        }
    )
    [line] = stats.kpis.items
    assert (line.name_vi, line.unit, line.rollup, line.planned) == (
        "Giảm chất thải",
        "%",
        "mean",
        45,
    )
    assert stats.model_dump()["kpis"]["items"][0]["planned_projects"] == 2
