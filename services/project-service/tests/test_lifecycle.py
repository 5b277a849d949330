import pytest

from tests import factories
from tests.factories import (
    API,
    appraised,
    approval,
    approved,
    commitments,
    create,
    fund,
    post,
    summary_line,
)


async def test_submit_appraise_revise_and_reject(client, auth):
    p = await create(client, auth)
    pid = p["id"]
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/appraisal",
        {"score": 50, "recommendation": "approve"},
    )
    assert r.status_code == 409 and r.json()["code"] == "project.invalid_transition"
    assert (
        await post(client, auth, "program_officer", f"/projects/{pid}/submit")
    ).status_code == 200
    r = await post(client, auth, "program_officer", f"/projects/{pid}/submit")
    assert r.status_code == 409 and r.json()["code"] == "project.invalid_transition"
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/appraisal",
        {"score": 40, "recommendation": "revise", "notes": "bổ sung dự toán"},
    )
    assert r.json()["status"] == "draft"
    await post(client, auth, "program_officer", f"/projects/{pid}/submit")
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/appraisal",
        {"score": 81, "recommendation": "approve", "recommended_support_vnd": 400_000_000},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "recommended_support_vnd"
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/appraisal",
        {"score": 81, "recommendation": "approve", "recommended_support_vnd": 280_000_000},
    )
    assert r.json()["status"] == "appraised" and r.json()["recommended_support_vnd"] == 280_000_000
    assert (
        await post(client, auth, "program_officer", f"/projects/{pid}/rejection", {"reason": "x"})
    ).status_code == 403
    r = await post(
        client, auth, "program_manager", f"/projects/{pid}/rejection", {"reason": "trùng nguồn vốn"}
    )
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    r = await post(
        client, auth, "program_manager", f"/projects/{pid}/cancellation", {"reason": "x"}
    )
    assert r.status_code == 409

    history = (await client.get(f"{API}/projects/{pid}/history", headers=auth("viewer"))).json()
    steps = [(e["action"], e["from_status"], e["to_status"]) for e in history["items"]]
    assert steps == [
        ("create", None, "draft"),
        ("submit", "draft", "submitted"),
        ("appraisal", "submitted", "draft"),
        ("submit", "draft", "submitted"),
        ("appraisal", "submitted", "appraised"),
        ("rejection", "appraised", "rejected"),
    ]
    last = history["items"][-1]
    assert last["actor_role"] == "program_manager" and last["actor_username"] == "program_manager"
    assert last["actor_sub"] == "test-program_manager"
    assert last["payload"] == {"reason": "trùng nguồn vốn"}
    assert [e["seq"] for e in history["items"]] == [1, 2, 3, 4, 5, 6]


async def test_appraisal_reject_ends_the_project(client, auth):
    p = await create(client, auth)
    await post(client, auth, "program_officer", f"/projects/{p['id']}/submit")
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{p['id']}/appraisal",
        {"score": 20, "recommendation": "reject"},
    )
    assert r.json()["status"] == "rejected"


async def test_full_lifecycle_moves_the_money(client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)
    pid = p["id"]
    r = await post(
        client, auth, "program_manager", f"/projects/{pid}/approval", approval(350_000_000)
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "approved_support_vnd"
    assert (
        await post(client, auth, "program_officer", f"/projects/{pid}/approval", approval())
    ).status_code == 403
    r = await post(client, auth, "program_manager", f"/projects/{pid}/approval", approval())
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["status"] == "approved" and p["approved_support_vnd"] == 300_000_000
    assert p["decision_number"] == "123/QĐ-SCT" and p["pending_saga"] is None
    [c] = await commitments(budget, auth, pid)
    assert c["id"] == p["commitment_id"] and c["amount_vnd"] == 300_000_000
    line = await summary_line(budget, auth)
    assert (line["committed_vnd"], line["available_vnd"]) == (300_000_000, 700_000_000)

    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/progress-reports",
        {"period": "2017-04", "percent_complete": 10},
    )
    assert r.status_code == 409
    assert (
        await post(client, auth, "program_officer", f"/projects/{pid}/start")
    ).status_code == 200
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/progress-reports",
        {
            "period": "2017-05",
            "percent_complete": 40,
            "notes": "đã lắp máy",
            "kpis": {"machines": 1},
        },
    )
    assert r.status_code == 201, r.text
    reports = (
        await client.get(f"{API}/projects/{pid}/progress-reports", headers=auth("viewer"))
    ).json()["items"]
    assert [x["percent_complete"] for x in reports] == [40]

    # advances: 70% cap of the approved support for machinery
    r = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{pid}/advances",
        {"amount_vnd": 220_000_000, "reference": "UNC-01"},
    )
    assert r.status_code == 422 and r.json()["code"] == "project.advance_above_cap"
    assert r.json()["errors"][0]["field"] == "amount_vnd"
    r = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{pid}/advances",
        {"amount_vnd": 200_000_000, "reference": "UNC-01"},
        **{"Idempotency-Key": "adv-1"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["advanced_vnd"], r.json()["disbursed_vnd"]) == (200_000_000, 200_000_000)
    replay = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{pid}/advances",
        {"amount_vnd": 200_000_000, "reference": "UNC-01"},
        **{"Idempotency-Key": "adv-1"},
    )
    assert replay.status_code == 200 and replay.json()["advanced_vnd"] == 200_000_000
    reused = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{pid}/advances",
        {"amount_vnd": 5_000_000, "reference": "UNC-01"},
        **{"Idempotency-Key": "adv-1"},
    )
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency.key_reused"
    assert (await summary_line(budget, auth))["disbursed_vnd"] == 200_000_000

    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/acceptance",
        factories.acceptance(300_000_001, actual_kpis={"machines": 2}),
    )
    assert r.status_code == 422 and r.json()["code"] == "project.accepted_above_approved"
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/acceptance",
        factories.acceptance(),
    )
    assert r.status_code == 200, r.text
    assert r.json()["actual_kpis"] == {"machines": 2, "trainees": 28}

    r = await post(
        client,
        auth,
        "finance_officer",
        f"/projects/{pid}/settlement",
        {"settled_on": "2018-01-15", "reference": "QT-01"},
    )
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["status"] == "settled"
    assert (p["disbursed_vnd"], p["released_vnd"]) == (280_000_000, 20_000_000)
    [c] = await commitments(budget, auth, pid)
    assert c["status"] == "closed" and c["disbursed_vnd"] == 280_000_000
    line = await summary_line(budget, auth)
    assert (line["committed_vnd"], line["disbursed_vnd"]) == (280_000_000, 280_000_000)
    assert line["available_vnd"] == 720_000_000
    ledger = (
        await budget.get(f"{API}/budget/ledger", params={"project_id": pid}, headers=auth("viewer"))
    ).json()
    entries = [(e["kind"], e["amount_vnd"]) for e in ledger["items"]]
    assert entries == [
        ("commitment", 300_000_000),
        ("disbursement", 200_000_000),
        ("disbursement", 80_000_000),
        ("release", 20_000_000),
    ]
    assert ledger["items"][0]["idempotency_key"] == f"project:{pid}:approve"

    history = (await client.get(f"{API}/projects/{pid}/history", headers=auth("viewer"))).json()
    actions = [e["action"] for e in history["items"]]
    assert actions == [
        "create",
        "submit",
        "appraisal",
        "approval",
        "start",
        "progress_report",
        "advance",
        "acceptance",
        "settlement",
    ]
    acceptance = history["items"][7]["payload"]
    assert acceptance["planned_kpis"] == {"machines": 2, "trainees": 30}
    stats = (await client.get(f"{API}/projects/stats", headers=auth("viewer"))).json()
    assert stats["kpis"]["actual"] == {"machines": 2, "trainees": 28}
    assert stats["by_category"][0]["disbursed_vnd"] == 280_000_000


async def test_an_advance_without_a_key_never_takes_a_key_a_client_chose(client, budget, auth):
    """Advances without an Idempotency-Key are keyed by their number (`…:advance:<n>`), and a
    client's key goes in the same place: a client that chose "2" made the second keyless
    advance replay its budget entry and fail recording it (500, the project left pending)."""
    await fund(budget, auth)
    p = await approved(client, auth)
    pid = p["id"]
    body = {"amount_vnd": 10_000_000, "reference": "UNC-07", "document_date": "2017-05-02"}
    r = await post(
        client, auth, "finance_officer", f"/projects/{pid}/advances", body,
        **{"Idempotency-Key": "2"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    r = await post(client, auth, "finance_officer", f"/projects/{pid}/advances", body)
    assert r.status_code == 200, r.text
    assert r.json()["pending_saga"] is None
    assert (r.json()["advanced_vnd"], r.json()["disbursed_vnd"]) == (20_000_000, 20_000_000)
    assert (await summary_line(budget, auth))["disbursed_vnd"] == 20_000_000
    # and the next keyless one after that, and the client's key still replays its own
    r = await post(client, auth, "finance_officer", f"/projects/{pid}/advances", body)
    assert r.status_code == 200 and r.json()["advanced_vnd"] == 30_000_000, r.text
    r = await post(
        client, auth, "finance_officer", f"/projects/{pid}/advances", body,
        **{"Idempotency-Key": "2"},
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["advanced_vnd"] == 30_000_000, r.text
    assert (await summary_line(budget, auth))["disbursed_vnd"] == 30_000_000


@pytest.mark.parametrize("role", ["viewer", "program_officer", "enterprise"])
async def test_money_steps_need_their_role(client, auth, role):
    p = await create(client, auth)
    r = await post(
        client, auth, role, f"/projects/{p['id']}/advances", {"amount_vnd": 1, "reference": "x"}
    )
    assert r.status_code == 403


async def test_an_appraised_project_may_be_appraised_again(client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)  # score 82, approve
    pid = p["id"]
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/appraisal",
        {"score": 74, "recommendation": "approve", "recommended_support_vnd": 250_000_000},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["appraisal_score"]) == ("appraised", 74)
    assert r.json()["recommended_support_vnd"] == 250_000_000
    history = (await client.get(f"{API}/projects/{pid}/history", headers=auth("viewer"))).json()
    appraisals = [e for e in history["items"] if e["action"] == "appraisal"]
    assert [(e["from_status"], e["to_status"], e["payload"]["score"]) for e in appraisals] == [
        ("submitted", "appraised", 82),
        ("appraised", "appraised", 74),
    ]
    # the latest appraisal binds the approval
    r = await post(client, auth, "program_manager", f"/projects/{pid}/approval", approval())
    assert r.status_code == 422 and r.json()["code"] == "project.approved_above_recommended"
    r = await post(
        client, auth, "program_manager", f"/projects/{pid}/approval", approval(250_000_000)
    )
    assert r.status_code == 200, r.text
    r = await post(
        client,
        auth,
        "program_officer",
        f"/projects/{pid}/appraisal",
        {"score": 90, "recommendation": "approve"},
    )
    assert r.status_code == 409 and r.json()["code"] == "project.invalid_transition"


async def test_an_out_of_range_score_is_refused_not_clamped(client, auth):
    p = await create(client, auth)
    pid = p["id"]
    r = await post(client, auth, "program_officer", f"/projects/{pid}/submit")
    assert r.status_code == 200, r.text
    for score in (120, 101, -1):
        r = await post(
            client,
            auth,
            "program_officer",
            f"/projects/{pid}/appraisal",
            {"score": score, "recommendation": "approve"},
        )
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["errors"]] == ["score"]
    r = await client.get(f"{API}/projects/{pid}", headers=auth("viewer"))
    assert (r.json()["status"], r.json()["appraisal_score"]) == ("submitted", None)
