"""Business dates in a project's history and in the ledger its money steps write."""

from kc_common.schemas import business_today
from tests.factories import API, approval, create, fund, post


async def _history(client, auth, pid):
    r = await client.get(f"{API}/projects/{pid}/history", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def _ledger(budget, auth, pid):
    r = await budget.get(f"{API}/budget/ledger", params={"project_id": pid}, headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return [(e["kind"], e["document_date"], e["reference"]) for e in r.json()["items"]]


async def test_every_step_carries_its_document_date_to_history_and_ledger(client, budget, auth):
    await fund(budget, auth)
    p = await create(client, auth, document_date="2016-12-20")  # the proposal letter's date
    assert "document_date" not in p
    pid = p["id"]

    async def step(role, path, body):
        r = await post(client, auth, role, f"/projects/{pid}/{path}", body)
        assert r.status_code == 200, r.text

    await step("program_officer", "submit", {"document_date": "2017-01-05"})
    await step(
        "program_officer",
        "appraisal",
        {"score": 85, "recommendation": "approve", "document_date": "2017-01-25"},
    )
    await step("program_manager", "approval", approval())  # decision of 2017-02-15
    await step("program_officer", "start", {"document_date": "2017-03-01"})
    await step(
        "finance_officer",
        "advances",
        {"amount_vnd": 100_000_000, "reference": "PC-0117", "document_date": "2017-03-10"},
    )
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/progress-reports",
        {"period": "Q2/2017", "percent_complete": 50, "document_date": "2017-06-30"},
    )
    assert r.status_code == 201, r.text
    await step(
        "program_officer",
        "acceptance",
        {"accepted_on": "2017-11-30", "record_number": "NT-1", "accepted_support_vnd": 250_000_000},
    )
    await step("finance_officer", "settlement", {"settled_on": "2018-01-10", "reference": "QT-1"})

    history = await _history(client, auth, pid)
    assert [(e["action"], e["document_date"]) for e in history] == [
        ("create", "2016-12-20"),
        ("submit", "2017-01-05"),
        ("appraisal", "2017-01-25"),
        ("approval", "2017-02-15"),
        ("start", "2017-03-01"),
        ("advance", "2017-03-10"),
        ("progress_report", "2017-06-30"),
        ("acceptance", "2017-11-30"),
        ("settlement", "2018-01-10"),
    ]
    year = business_today().isoformat()[:4]
    assert all(e["at"].startswith(year) for e in history)  # recorded now, dated then
    assert "document_date" not in history[5]["payload"]
    assert history[5]["payload"]["reference"] == "PC-0117"
    assert await _ledger(budget, auth, pid) == [
        ("commitment", "2017-02-15", ""),
        ("disbursement", "2017-03-10", "PC-0117"),
        ("disbursement", "2018-01-10", "QT-1"),
        ("release", "2018-01-10", ""),
    ]


async def test_steps_without_a_date_are_dated_the_day_they_are_recorded(client, budget, auth):
    await fund(budget, auth)
    p = await create(client, auth)
    pid = p["id"]
    for role, path, body in [
        ("program_officer", "submit", None),
        ("program_officer", "appraisal", {"score": 82, "recommendation": "approve"}),
        ("program_manager", "approval", approval()),
        ("finance_officer", "advances", {"amount_vnd": 50_000_000, "reference": "PC-1"}),
        ("program_manager", "cancellation", {"reason": "doanh nghiệp rút"}),
    ]:
        r = await post(client, auth, role, f"/projects/{pid}/{path}", body)
        assert r.status_code == 200, r.text
    today = business_today().isoformat()
    dates = [e["document_date"] for e in await _history(client, auth, pid)]
    assert dates == [today, today, today, "2017-02-15", today, today]
    ledger = await _ledger(budget, auth, pid)
    assert [d for _, d, _ in ledger] == ["2017-02-15", today, today, today]
    r = await post(
        client, auth, "program_officer", f"/projects/{pid}/start", {"document_date": "1/3/2017"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "document_date"


async def test_cancellation_passes_its_date_to_the_recovery_and_release(client, budget, auth):
    await fund(budget, auth)
    p = await create(client, auth)
    pid = p["id"]
    for role, path, body in [
        ("program_officer", "submit", None),
        ("program_officer", "appraisal", {"score": 82, "recommendation": "approve"}),
        ("program_manager", "approval", approval()),
        ("finance_officer", "advances", {"amount_vnd": 50_000_000, "reference": "PC-1"}),
        (
            "program_manager",
            "cancellation",
            {"reason": "doanh nghiệp rút", "document_date": "2017-05-20"},
        ),
    ]:
        r = await post(client, auth, role, f"/projects/{pid}/{path}", body)
        assert r.status_code == 200, r.text
    assert (await _history(client, auth, pid))[-1]["document_date"] == "2017-05-20"
    ledger = await _ledger(budget, auth, pid)
    assert [(k, d) for k, d, _ in ledger][-2:] == [
        ("recovery", "2017-05-20"),
        ("release", "2017-05-20"),
    ]


async def test_no_step_is_dated_after_today(client, budget, auth):
    """A document dated in the future (a typo of the year: 2030 for 2020) is refused at the
    field it came in, and nothing moves."""
    from datetime import timedelta

    await fund(budget, auth)
    tomorrow = (business_today() + timedelta(days=1)).isoformat()
    pid = (await create(client, auth))["id"]

    async def refused(role, path, body, field):
        r = await post(client, auth, role, f"/projects/{pid}/{path}", body)
        assert r.status_code == 422, r.text
        error = r.json()["errors"][0]
        assert (error["field"], error["code"]) == (field, "validation.date_in_future")

    await refused("program_officer", "submit", {"document_date": tomorrow}, "document_date")
    today = business_today().isoformat()
    assert (
        await post(
            client, auth, "program_officer", f"/projects/{pid}/submit", {"document_date": today}
        )
    ).status_code == 200
    appraisal = {"score": 85, "recommendation": "approve"}
    await refused(
        "program_officer", "appraisal", {**appraisal, "document_date": tomorrow}, "document_date"
    )
    assert (
        await post(client, auth, "program_officer", f"/projects/{pid}/appraisal", appraisal)
    ).status_code == 200
    await refused(
        "program_manager", "approval", {**approval(), "decision_date": tomorrow}, "decision_date"
    )
    r = await client.get(f"{API}/projects/{pid}", headers=auth("viewer"))
    assert r.json()["status"] == "appraised" and r.json()["approved_support_vnd"] is None
