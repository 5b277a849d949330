"""The program report's figures: by period (document dates), against the budget summary and the
projects, KPIs rolled up by their rule, support by commune (old and 2025 units) and by level."""

import pytest

from tests.program_data import API, YEAR, make_year

M = 1_000_000


async def _report(client, auth, period, role="viewer"):
    r = await client.get(
        f"{API}/reports/program", params={"year": YEAR, "period": period}, headers=auth(role)
    )
    assert r.status_code == 200, r.text
    return r.json()


def _lines(report):
    return {
        (x["category"], x["funding_source"]): (
            x["allocated_vnd"],
            x["committed_vnd"],
            x["disbursed_vnd"],
        )
        for x in report["execution"]
    }


async def test_periods_count_money_events_by_document_date(client, budget, projects, auth):
    await make_year(budget, projects, auth)
    q1, h1, q3 = [await _report(client, auth, p) for p in ("q1", "h1", "q3")]
    tt, tr = ("technology_transfer", "local"), ("training", "national")
    # Q1: A's approval (15/02) and advance (10/03); B approved on 10/05 is not in it yet.
    assert _lines(q1) == {tt: (1000 * M, 300 * M, 100 * M), tr: (500 * M, 0, 0)}
    assert (q1["period_start"], q1["period_end"]) == ("2017-01-01", "2017-03-31")
    assert _lines(h1) == {tt: (1000 * M, 300 * M, 100 * M), tr: (500 * M, 200 * M, 0)}
    # Q3 is cumulative to 30/09: C approved on 20/08 comes in.
    assert _lines(q3)[tt] == (1000 * M, 400 * M, 100 * M)
    assert q3["execution_total"] == {
        "allocated_vnd": 1500 * M,
        "committed_vnd": 600 * M,
        "disbursed_vnd": 100 * M,
        "disbursement_rate_percent": 6.67,
    }
    assert q1["period_label"] == "Quý I năm 2017"


async def test_the_year_agrees_with_the_budget_summary_and_the_projects(
    client, budget, projects, auth
):
    ids = await make_year(budget, projects, auth)
    report = await _report(client, auth, "year")
    summary = (
        await budget.get(f"{API}/budget/years/{YEAR}/summary", headers=auth("viewer"))
    ).json()
    # Every line and the totals, to the đồng (A's settlement is dated 2018 yet counts here).
    assert _lines(report) == {
        (ln["category"], ln["funding_source"]): (
            ln["allocated_vnd"],
            ln["committed_vnd"],
            ln["disbursed_vnd"],
        )
        for ln in summary["lines"]
    }
    total = report["execution_total"]
    for key in ("allocated_vnd", "committed_vnd", "disbursed_vnd"):
        assert total[key] == summary["totals"][key]
    assert (total["committed_vnd"], total["disbursed_vnd"]) == (550 * M, 250 * M)
    by_source = {s["funding_source"]: s for s in report["execution_by_source"]}
    for s in summary["sources"]:
        assert by_source[s["funding_source"]]["disbursed_vnd"] == s["disbursed_vnd"]
    assert report["program"]["code"] == "BD-KC-2020"

    # The projects: each with its status, approved support and its own money from the ledger.
    rows = {p["id"]: p for p in report["projects"]}
    listed = (await projects.get(f"{API}/projects", params={"fiscal_year": YEAR},
                                 headers=auth("viewer"))).json()["items"]  # fmt: skip
    assert set(rows) == {p["id"] for p in listed} == set(ids.values())
    a = rows[ids["a"]]
    assert (a["status"], a["status_label"]) == ("settled", "Đã quyết toán")
    assert (a["approved_support_vnd"], a["committed_vnd"], a["disbursed_vnd"]) == (
        300 * M, 250 * M, 250 * M,
    )  # fmt: skip
    project_a = next(p for p in listed if p["id"] == ids["a"])
    assert a["disbursed_vnd"] == project_a["disbursed_vnd"] - project_a["recovered_vnd"]
    assert sum(p["disbursed_vnd"] for p in report["projects"]) == total["disbursed_vnd"]

    # KPIs: counts add up, percentages are averaged over the projects that have them.
    kpis = {k["code"]: k for k in report["kpis"]}
    assert (kpis["machines"]["planned"], kpis["machines"]["rollup_label"]) == (3, "Tổng")
    assert kpis["productivity_gain_percent"]["planned"] == 25
    assert kpis["productivity_gain_percent"]["rollup_label"] == "Bình quân"
    assert kpis["productivity_gain_percent"]["actual"] == 24
    assert kpis["trainees"]["planned"] == 30

    # Support by commune: the old unit and the one it became in 2025; by level.
    communes = {c["key"]: c for c in report["communes"]}
    binh_my = communes["25897"]
    assert binh_my["label"] == "Xã Bình Mỹ"
    assert binh_my["new_unit"] and binh_my["new_unit"] != "Xã Bình Mỹ"
    assert (binh_my["projects"], binh_my["disbursed_vnd"]) == (1, 250 * M)
    levels = {x["key"]: x for x in report["levels"]}
    assert levels["national"]["label"] == "Quốc gia"
    assert levels["national"]["approved_support_vnd"] == 200 * M
    assert levels["local"]["committed_vnd"] == 350 * M
    assert sum(x["committed_vnd"] for x in report["levels"]) == total["committed_vnd"]


async def test_who_may_read_the_report(client, auth):
    for role in ("admin", "program_manager", "program_officer", "finance_officer", "viewer"):
        r = await client.get(f"{API}/reports/program", params={"year": 2040}, headers=auth(role))
        assert r.status_code == 200, (role, r.text)
        assert r.json()["execution"] == [] and r.json()["program"] is None
    r = await client.get(
        f"{API}/reports/program",
        params={"year": 2040},
        headers=auth("enterprise", enterprise_id="x"),
    )
    assert r.status_code == 403
    assert (await client.get(f"{API}/reports/program", params={"year": 2040})).status_code == 401


@pytest.mark.parametrize(
    ("params", "field"),
    [({"year": 2017, "period": "q5"}, "period"), ({"year": 1999}, "year"),
     ({"year": 2017, "format": "docx"}, "format")],
)  # fmt: skip
async def test_bad_parameters_are_422_naming_the_field(client, auth, params, field):
    r = await client.get(f"{API}/reports/program", params=params, headers=auth("viewer"))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"].split(".")[-1] for e in r.json()["errors"]]


def test_execution_lines_follow_the_decrees_order_of_activity_groups():
    """Within a funding source the lines read as the Decree lists the groups (training first,
    program management last), not alphabetically by code; a line without a group comes last."""
    from reports.program.service import _execution

    summary = {
        "lines": [
            {"category": c, "funding_source": "local", "allocated_vnd": 1}
            for c in ("technology_transfer", "capacity_building", "training", "program_management")
        ]
        + [{"category": "information", "funding_source": "national", "allocated_vnd": 1}]
    }
    rows, _by_source, _total = _execution(summary, {(None, "local"): [5, 0]})
    assert [(r.funding_source, r.category) for r in rows] == [
        ("national", "information"),
        ("local", "training"),
        ("local", "capacity_building"),
        ("local", "technology_transfer"),
        ("local", "program_management"),
        ("local", None),
    ]
