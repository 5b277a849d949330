"""Saga payloads are typed models stored as JSON in `projects.pending_payload`. Rows written by
earlier versions (plain dicts) must still be read after an upgrade, and what is written now must
be the same JSON, or a reconciliation across an upgrade would fail."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kc_common.auth import Principal
from projects.projects import sagas
from projects.projects.models import Project
from projects.projects.schemas import AdvanceIn, ApprovalIn, ReasonIn
from tests.factories import API, appraised, approval, approved, fund

MANAGER = {"sub": "test-program_manager", "username": "program_manager", "role": "program_manager"}
FINANCE = {"sub": "test-finance_officer", "username": "finance_officer", "role": "finance_officer"}
PID = "0b6f7c3e-8f2a-4d61-9a55-1c2d3e4f5a6b"

# Exactly what the dict-based code stored, key order included.
OLD: dict[str, dict[str, Any]] = {
    "approve": {
        "hash": "h1",
        "key": f"project:{PID}:approve",
        "client_key": None,
        "body": approval(),
        "actor": MANAGER,
        "fiscal_year": 2017,
        "category": "technology_transfer",
    },
    "advance": {
        "hash": "h2",
        "key": f"project:{PID}:advance:client-7",
        "body": {"amount_vnd": 100_000_000, "reference": "UT-1", "document_date": "2017-03-01"},
        "actor": FINANCE,
        "advanced_before": 50_000_000,
    },
    "settle": {
        "hash": "h3",
        "client_key": "k-9",
        "body": {"settled_on": "2018-01-10", "reference": "QT-2"},
        "actor": {**FINANCE, "username": None},
        "final_vnd": 250_000_000,
        "recover_vnd": 0,
    },
    "cancel": {
        "hash": "h4",
        "body": {"reason": "Doanh nghiệp rút hồ sơ", "document_date": None},
        "actor": MANAGER,
        "recover_vnd": 30_000_000,
    },
}


@pytest.mark.parametrize("saga", sorted(OLD))
def test_a_payload_stored_as_a_dict_is_read_and_written_back_the_same(saga):
    stored = json.loads(json.dumps(OLD[saga]))  # as the JSON column gives it back
    payload = sagas.read_payload(saga, stored)
    assert isinstance(payload, sagas.PAYLOADS[saga])
    written = payload.model_dump(mode="json")
    # the stored keys come back first, in order and unchanged; fields added since (each with a
    # default) follow at that default
    old = json.dumps(OLD[saga])
    assert json.dumps({k: written[k] for k in list(written)[: len(OLD[saga])]}) == old
    added = {k: v for k, v in written.items() if k not in OLD[saga]}
    model = sagas.PAYLOADS[saga]
    assert added == {k: model.model_fields[k].default for k in added}


def _principal(actor: dict[str, Any]) -> Principal:
    return Principal(subject=actor["sub"], role=actor["role"], username=actor["username"])


async def _stored(app, pid: str) -> dict[str, Any] | None:
    async with app.state.saga.step() as session:
        project = await session.get(Project, uuid.UUID(pid))
        assert project is not None
        return project.pending_payload


async def _store_old(app, pid: str, saga: str, payload: dict[str, Any]) -> None:
    """A claim left behind by the previous version (then the process stopped)."""
    async with app.state.saga.step() as session:
        project = await session.get(Project, uuid.UUID(pid))
        assert project is not None
        project.pending_saga = saga
        project.pending_payload = payload
        project.pending_since = datetime.now(UTC)


async def test_claims_write_the_json_the_dict_based_code_wrote(app, client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)
    pid = p["id"]
    async with app.state.saga.step() as session:
        await sagas.claim_approval(
            session, _principal(MANAGER), uuid.UUID(pid), ApprovalIn(**approval()), "c-1"
        )
    money = {"amount_vnd": 300_000_000, "funding_source": "local"}
    expected = {
        "hash": sagas.fingerprint(money),
        "key": f"project:{pid}:approve",
        "client_key": "c-1",
        "body": approval(),
        "actor": MANAGER,
        "fiscal_year": p["fiscal_year"],
        "category": p["category"],
        "advance_cap_percent": 70,  # added since, at the end: the activity's cap
    }
    assert json.dumps(await _stored(app, pid)) == json.dumps(expected)

    q = await approved(client, auth)
    body = {"amount_vnd": 100_000_000, "reference": "UT-1", "document_date": None}
    async with app.state.saga.step() as session:
        await sagas.claim_advance(
            session, _principal(FINANCE), uuid.UUID(q["id"]), AdvanceIn(**body), None
        )
    expected = {
        "hash": sagas.fingerprint(body),
        "key": f"project:{q['id']}:advance:1",
        "body": body,
        "actor": FINANCE,
        "advanced_before": 0,
    }
    assert json.dumps(await _stored(app, q["id"])) == json.dumps(expected)

    await sagas.abandon(app.state.saga, uuid.UUID(q["id"]), "advance")
    body = {"reason": "rút hồ sơ", "document_date": "2017-03-02"}
    async with app.state.saga.step() as session:
        await sagas.cancel_or_claim(
            session, _principal(MANAGER), uuid.UUID(q["id"]), ReasonIn(**body)
        )
    expected = {
        "hash": sagas.fingerprint(body),
        "body": body,
        "actor": MANAGER,
        "recover_vnd": 0,
    }
    assert json.dumps(await _stored(app, q["id"])) == json.dumps(expected)


async def test_reconciliation_after_an_upgrade_finishes_an_old_approval(app, client, budget, auth):
    await fund(budget, auth)
    p = await appraised(client, auth)
    pid = p["id"]
    old = {**OLD["approve"], "key": f"project:{pid}:approve", "client_key": "c-old"}
    await _store_old(app, pid, "approve", old)
    # the old process had committed the money before it stopped
    await app.state.saga.budget.commit(
        key=old["key"],
        project_id=pid,
        fiscal_year=2017,
        category="technology_transfer",
        source="local",
        amount=300_000_000,
    )
    done = await sagas.reconcile(app.state.saga, grace=timedelta(0))
    assert done == {"finished": 1, "undone": 0, "released": 0, "failed": 0}
    after = (await client.get(f"{API}/projects/{pid}", headers=auth("viewer"))).json()
    assert (after["status"], after["pending_saga"], after["decision_date"]) == (
        "approved",
        None,
        "2017-02-15",
    )
    history = await client.get(f"{API}/projects/{pid}/history", headers=auth("viewer"))
    last = history.json()["items"][-1]
    assert (last["action"], last["actor_username"], last["document_date"]) == (
        "approval",
        "program_manager",
        "2017-02-15",
    )
    assert last["payload"] == {
        "decision_number": "123/QĐ-SCT",
        "decision_date": "2017-02-15",
        "approved_support_vnd": 300_000_000,
        "funding_source": "local",
        "commitment_id": after["commitment_id"],
        "idempotency_key": f"project:{pid}:approve",
    }


async def test_reconciliation_after_an_upgrade_finishes_an_old_advance(app, client, budget, auth):
    await fund(budget, auth)
    p = await approved(client, auth)
    pid = p["id"]
    old = {**OLD["advance"], "key": f"project:{pid}:advance:client-7", "advanced_before": 0}
    await _store_old(app, pid, "advance", old)
    await app.state.saga.budget.disburse(
        key=old["key"],
        commitment_id=p["commitment_id"],
        amount=100_000_000,
        kind="advance",
        reference="UT-1",
        document_date="2017-03-01",
    )
    done = await sagas.reconcile(app.state.saga, grace=timedelta(0))
    assert done == {"finished": 1, "undone": 0, "released": 0, "failed": 0}
    after = (await client.get(f"{API}/projects/{pid}", headers=auth("viewer"))).json()
    assert (after["advanced_vnd"], after["disbursed_vnd"], after["pending_saga"]) == (
        100_000_000,
        100_000_000,
        None,
    )
    history = await client.get(f"{API}/projects/{pid}/history", headers=auth("viewer"))
    last = history.json()["items"][-1]
    assert (last["action"], last["actor_username"], last["document_date"]) == (
        "advance",
        "finance_officer",
        "2017-03-01",
    )
