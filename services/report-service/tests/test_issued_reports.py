"""Issued reports: numbered in order, kept exactly as issued whatever changes later, and the
database refuses to change one."""

import asyncio
import hashlib
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.program_data import API, YEAR, make_year, step


async def _issue(client, auth, period="year", role="program_manager"):
    return await client.post(
        f"{API}/reports/issued", json={"year": YEAR, "period": period}, headers=auth(role)
    )


async def _content(client, auth, rid, fmt):
    r = await client.get(
        f"{API}/reports/issued/{rid}/content", params={"format": fmt}, headers=auth("viewer")
    )
    assert r.status_code == 200, r.text
    return r


async def test_an_issued_report_never_changes_when_the_data_does(
    app, client, budget, projects, auth
):
    ids = await make_year(budget, projects, auth)
    r = await _issue(client, auth, "h1")
    assert r.status_code == 201, r.text
    issued = r.json()
    assert issued["number"] == "01/BC-KC-2017"
    assert (issued["period"], issued["issued_by_name"]) == ("h1", "program_manager")
    files = {
        f: (await _content(client, auth, issued["id"], f)).content for f in ("json", "xlsx", "pdf")
    }
    assert hashlib.sha256(files["json"]).hexdigest() == issued["sha256"]
    assert hashlib.sha256(files["xlsx"]).hexdigest() == issued["sha256_xlsx"]
    assert hashlib.sha256(files["pdf"]).hexdigest() == issued["sha256_pdf"]
    pdf = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages).split()
    )
    assert "Số: 01/BC-KC-2017" in pdf and "6 tháng đầu năm 2017" in pdf

    # Later, an advance on C dated in June changes the first half in the ledger.
    await step(
        projects, auth, "program_officer", ids["c"], "start", {"document_date": "2017-06-01"}
    )
    advance = {"amount_vnd": 10_000_000, "reference": "PC-09", "document_date": "2017-06-05"}
    await step(projects, auth, "finance_officer", ids["c"], "advances", advance)
    live = await client.get(f"{API}/reports/program", params={"year": YEAR, "period": "h1"},
                            headers=auth("viewer"))  # fmt: skip
    assert live.json()["execution_total"]["disbursed_vnd"] == 110_000_000
    again = {
        f: (await _content(client, auth, issued["id"], f)).content for f in ("json", "xlsx", "pdf")
    }
    assert again == files
    r = await client.get(f"{API}/reports/issued/{issued['id']}", headers=auth("admin"))
    assert r.json() == issued

    second = (await _issue(client, auth, "h1")).json()
    assert second["number"] == "02/BC-KC-2017" and second["sha256"] != issued["sha256"]
    r = await client.get(f"{API}/reports/issued", params={"year": YEAR}, headers=auth("viewer"))
    assert [x["number"] for x in r.json()["items"]] == ["02/BC-KC-2017", "01/BC-KC-2017"]

    # The database itself refuses to change an issued report.
    async with app.state.db.engine.connect() as conn:
        with pytest.raises((IntegrityError, DBAPIError), match="immutable"):
            await conn.execute(text("UPDATE issued_reports SET number = 'x' WHERE seq = 1"))


async def test_concurrent_issues_get_distinct_numbers(client, auth):
    results = await asyncio.gather(*(_issue(client, auth, "q1") for _ in range(2)))
    assert [r.status_code for r in results] == [201, 201], [r.text for r in results]
    assert sorted(r.json()["number"] for r in results) == ["01/BC-KC-2017", "02/BC-KC-2017"]


async def test_who_may_issue_and_see_issued_reports(client, auth):
    for role in ("program_officer", "finance_officer", "viewer", "admin"):
        assert (await _issue(client, auth, role=role)).status_code == 403, role
    enterprise = auth("enterprise", enterprise_id="e")
    r = await client.get(f"{API}/reports/issued", headers=enterprise)
    assert r.status_code == 403
    r = await client.get(f"{API}/reports/issued/00000000-0000-0000-0000-000000000000",
                         headers=auth("viewer"))  # fmt: skip
    assert (r.status_code, r.json()["code"]) == (404, "report.not_found")
    r = await client.post(f"{API}/reports/issued", json={"year": YEAR, "period": "q9"},
                          headers=auth("program_manager"))  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("period")
    r = await client.get(f"{API}/reports/issued", headers=auth("viewer"))
    assert r.json()["total"] == 0  # nothing half-written behind the refusals


async def test_a_retried_issue_with_its_key_gets_the_report_already_issued(client, auth):
    """A double click or a retry after a lost answer must not take a second number."""
    key = {"Idempotency-Key": "issue-2017-year-1", **auth("program_manager")}
    body = {"year": YEAR, "period": "year"}
    first, again = await asyncio.gather(
        *(client.post(f"{API}/reports/issued", json=body, headers=key) for _ in range(2))
    )
    assert (first.status_code, again.status_code) == (201, 201), [first.text, again.text]
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["number"] == "01/BC-KC-2017"
    # the same key for another report is refused, naming the header; nothing is issued
    r = await client.post(f"{API}/reports/issued", json={"year": YEAR, "period": "q1"}, headers=key)
    assert (r.status_code, r.json()["code"]) == (422, "idempotency.key_reused")
    assert r.json()["errors"][0]["field"] == "Idempotency-Key"
    # another key is another report, with the next number
    r = await client.post(
        f"{API}/reports/issued", json=body,
        headers={"Idempotency-Key": "issue-2017-year-2", **auth("program_manager")},
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["number"] == "02/BC-KC-2017"
    r = await client.get(f"{API}/reports/issued", headers=auth("viewer"))
    assert r.json()["total"] == 2
