"""Program reports through the gateway, with every service a real process on PostgreSQL:
report-service reads budget, projects and the registry with its own client-credentials identity,
and its year figures agree with the budget summary to the đồng."""

from __future__ import annotations

import io
from collections.abc import Iterator

import openpyxl
import pytest
from pypdf import PdfReader

from tests.system.conftest import SystemHarness
from tests.system.world import API, YEAR, World, make_world


@pytest.fixture(scope="module")
def world(harness: SystemHarness) -> Iterator[World]:
    w = make_world(harness)
    w.project("in_progress")  # an approved project with its money committed through the saga
    yield w
    w.g.close()


def lines(rows: list[dict]) -> dict[tuple[str, str], tuple[int, int, int]]:
    keys = ("allocated_vnd", "committed_vnd", "disbursed_vnd")
    return {(x["category"], x["funding_source"]): tuple(x[k] for k in keys) for x in rows}


def test_the_year_report_agrees_with_the_budget_summary(world: World) -> None:
    summary = world.ok("viewer", "GET", f"{API}/budget/years/{YEAR}/summary")
    r = world.as_role("viewer", "GET", f"{API}/reports/program", params={"year": YEAR})
    assert r.status_code == 200, r.text
    report = r.json()
    assert lines(report["execution"]) == lines(summary["lines"])
    for key in ("allocated_vnd", "committed_vnd", "disbursed_vnd"):
        assert report["execution_total"][key] == summary["totals"][key]
    assert summary["totals"]["committed_vnd"] > 0
    projects = world.ok("viewer", "GET", f"{API}/projects?fiscal_year={YEAR}&page_size=200")
    assert {p["id"] for p in report["projects"]} == {p["id"] for p in projects["items"]}


def test_issue_download_and_list_through_the_gateway(world: World) -> None:
    issued = world.ok("program_manager", "POST", f"{API}/reports/issued",
                      {"year": YEAR, "period": "year"})  # fmt: skip
    assert issued["number"].endswith(f"/BC-KC-{YEAR}")
    r = world.as_role("finance_officer", "GET", f"{API}/reports/issued/{issued['id']}/content",
                      params={"format": "pdf"})  # fmt: skip
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert f"Số: {issued['number']}" in text and "CHƯƠNG TRÌNH KHUYẾN CÔNG" in text
    r = world.as_role("viewer", "GET", f"{API}/reports/issued/{issued['id']}/content",
                      params={"format": "xlsx"})  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert issued["number"] in book["Kinh phí"]["A2"].value
    listed = world.ok("viewer", "GET", f"{API}/reports/issued")
    assert issued["id"] in [x["id"] for x in listed["items"]]
    assert world.as_role("enterprise", "GET", f"{API}/reports/issued").status_code == 403
