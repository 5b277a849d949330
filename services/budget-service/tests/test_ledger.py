"""The ledger's chains (one per allocation line), their checkpoints, and what verify names."""

import asyncio
import base64
import itertools
import json
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from budget_factories import (
    API,
    allocate,
    by_id,
    commit,
    commitment_body,
    disburse,
    funded_line,
    line,
    project_service,
    verify,
)
from cryptography.hazmat.primitives import serialization
from sqlalchemy import text

from budget.context import Actor
from budget.ledger import checkpoints, verification
from budget.ledger import routes as ledger_routes
from budget.ledger import service as ledger_service
from budget.ledger.service import EntryDraft
from budget.settings import BudgetSettings
from kc_common.testing import database_kind

LINE = "2017:technology_transfer:local"


async def _entries(client, auth) -> list[dict]:
    r = await client.get(f"{API}/ledger", params={"page_size": 200}, headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


async def _sql(app, sql: str, **params) -> None:
    async with app.state.db.engine.begin() as conn:
        await conn.execute(by_id(sql) if "id" in params else text(sql), params)


async def _checkpoint(app):
    return await checkpoints.write_checkpoint(app.state.db.engine, app.state.ledger_signer)


async def test_each_line_has_its_own_chain(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000_000)).json()
    await disburse(client, auth, c["id"], 500_000)
    assert (await allocate(client, auth, 2017, 1_000, "training")).status_code == 201
    await commit(client, auth, 1_000, category="training")
    assert await verify(client, auth) == {"ok": True, "entries": 6}
    entries = await _entries(client, auth)
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)
    chains = defaultdict(list)
    for e in entries:
        chains[e["chain"]].append(e)
    assert {k: [e["kind"] for e in v] for k, v in chains.items()} == {
        "2017:local": ["appropriation"],
        LINE: ["allocation", "commitment", "disbursement"],
        "2017:training:local": ["allocation", "commitment"],
    }
    for chain in chains.values():
        assert [e["chain_seq"] for e in chain] == list(range(1, len(chain) + 1))
        assert chain[0]["prev_hash"] == "0" * 64
        assert all(e["prev_hash"] == p["hash"] for p, e in itertools.pairwise(chain))
        assert all(e["hash_version"] == 3 for e in chain)


async def test_tampered_entry_is_reported_by_id(app, client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000_000)).json()
    await disburse(client, auth, c["id"], 500_000)
    assert await verify(client, auth) == {"ok": True, "entries": 4}
    target = (await _entries(client, auth))[2]
    assert target["kind"] == "commitment"
    await _sql(
        app, "UPDATE ledger_entries SET amount_vnd = amount_vnd + 1 WHERE id = :id", id=target["id"]
    )
    result = await verify(client, auth)
    assert result["ok"] is False
    assert result["first_broken_entry_id"] == target["id"]
    assert result["entries"] == 3  # up to it, in ledger order


async def test_entry_moved_to_another_chain_is_reported(app, client, auth):
    await funded_line(client, auth)
    await commit(client, auth, 1_000)
    target = (await _entries(client, auth))[2]
    await _sql(
        app,
        "UPDATE ledger_entries SET chain = '2017:training:local' WHERE id = :id",
        id=target["id"],
    )
    assert (await verify(client, auth))["first_broken_entry_id"] == target["id"]


async def test_deleted_entry_mid_chain_names_the_next(app, client, auth):
    await funded_line(client, auth)
    for _ in range(3):
        await commit(client, auth, 1_000)
    entries = await _entries(client, auth)
    await _sql(app, "DELETE FROM ledger_entries WHERE id = :id", id=entries[3]["id"])
    result = await verify(client, auth)
    assert result["ok"] is False
    assert result["first_broken_entry_id"] == entries[4]["id"]
    assert "missing" in result["detail"]


async def test_cut_tail_is_caught_by_the_head_and_by_the_checkpoint(app, client, auth):
    await funded_line(client, auth)
    for _ in range(3):
        await commit(client, auth, 1_000)
    entries = await _entries(client, auth)
    last, kept = entries[-1], entries[-2]
    assert (last["chain"], last["chain_seq"]) == (LINE, 4)
    written = await _checkpoint(app)
    assert written is not None and written.chains == 2
    assert await _checkpoint(app) is None  # nothing moved since
    assert await verify(client, auth) == {"ok": True, "entries": 5}

    await _sql(app, "DELETE FROM ledger_entries WHERE id = :id", id=last["id"])
    result = await verify(client, auth)  # the head still names the lost entry
    assert (result["ok"], result["first_broken_entry_id"]) == (False, kept["id"])
    # the head moved back as well: the chain itself looks whole, the checkpoint does not agree
    await _sql(
        app,
        "UPDATE ledger_chain_heads SET seq = 3, last_hash = :h, prev_hash = :p WHERE chain = :c",
        h=kept["hash"],
        p=kept["prev_hash"],
        c=LINE,
    )
    result = await verify(client, auth)
    assert result["ok"] is False
    assert result["first_broken_entry_id"] == kept["id"]
    assert result["entries"] == 4
    assert "checkpoint" in result["detail"]


async def test_reordered_entries_are_reported(app, client, auth):
    await funded_line(client, auth)
    await commit(client, auth, 1_000)
    await commit(client, auth, 2_000)
    entries = await _entries(client, auth)
    first, second = entries[2], entries[3]
    # swap their places in the chain
    await _sql(app, "UPDATE ledger_entries SET chain_seq = -1 WHERE id = :id", id=first["id"])
    await _sql(app, "UPDATE ledger_entries SET chain_seq = 2 WHERE id = :id", id=second["id"])
    await _sql(app, "UPDATE ledger_entries SET chain_seq = 3 WHERE id = :id", id=first["id"])
    assert (await verify(client, auth))["first_broken_entry_id"] == second["id"]
    # back in place: whole again; then swap their places in the ledger's order instead
    await _sql(app, "UPDATE ledger_entries SET chain_seq = -1 WHERE id = :id", id=second["id"])
    await _sql(app, "UPDATE ledger_entries SET chain_seq = 2 WHERE id = :id", id=first["id"])
    await _sql(app, "UPDATE ledger_entries SET chain_seq = 3 WHERE id = :id", id=second["id"])
    assert (await verify(client, auth))["ok"] is True
    await _sql(app, "UPDATE ledger_entries SET seq = -1 WHERE id = :id", id=first["id"])
    await _sql(
        app, "UPDATE ledger_entries SET seq = :s WHERE id = :id", s=first["seq"], id=second["id"]
    )
    await _sql(
        app, "UPDATE ledger_entries SET seq = :s WHERE id = :id", s=second["seq"], id=first["id"]
    )
    # the first in its chain's order is named (its hash covers its seq)
    result = await verify(client, auth)
    assert (result["ok"], result["first_broken_entry_id"]) == (False, first["id"])


async def test_the_earliest_break_in_ledger_order_is_named(app, client, auth):
    await funded_line(client, auth)
    assert (await allocate(client, auth, 2017, 1_000_000, "training")).status_code == 201
    await commit(client, auth, 1_000, category="training")
    await commit(client, auth, 1_000)
    entries = await _entries(client, auth)
    on_training, on_line = entries[3], entries[4]
    assert (on_training["chain"], on_line["chain"]) == ("2017:training:local", LINE)
    await _sql(app, "UPDATE ledger_entries SET reason = 'x' WHERE id = :id", id=on_line["id"])
    assert (await verify(client, auth))["first_broken_entry_id"] == on_line["id"]
    await _sql(app, "UPDATE ledger_entries SET reason = 'x' WHERE id = :id", id=on_training["id"])
    result = await verify(client, auth)
    assert (result["first_broken_entry_id"], result["entries"]) == (on_training["id"], 4)


async def test_checkpoints_are_signed_and_linked(app, client, auth):
    await funded_line(client, auth)
    await _checkpoint(app)
    await commit(client, auth, 1_000)
    await _checkpoint(app)
    await commit(client, auth, 1_000)
    await _checkpoint(app)
    assert await verify(client, auth) == {"ok": True, "entries": 4}
    # a checkpoint's body changed (its signature no longer matches)
    async with app.state.db.engine.begin() as conn:
        body = (
            await conn.execute(text("SELECT body FROM ledger_checkpoints WHERE seq = 3"))
        ).scalar()
        await conn.execute(
            text("UPDATE ledger_checkpoints SET body = :b WHERE seq = 3"),
            {"b": body.replace('"seq":3', '"seq":3 ')},
        )
    result = await verify(client, auth)
    assert result["ok"] is False and "checkpoint 3" in result["detail"]
    await _sql(app, "UPDATE ledger_checkpoints SET body = :b WHERE seq = 3", b=body)
    assert (await verify(client, auth))["ok"] is True
    # one dropped from the middle
    await _sql(app, "DELETE FROM ledger_checkpoints WHERE seq = 2")
    result = await verify(client, auth)
    assert result["ok"] is False and "checkpoint 3" in result["detail"]


async def _verify_kept(client, auth, **params):
    r = await client.get(f"{API}/ledger/verify", params=params, headers=auth("viewer"))
    return r.status_code, r.json()


async def test_a_kept_checkpoint_catches_the_newest_ones_cut_away(app, client, auth):
    """Whoever can write the database can remove the newest checkpoint together with the
    entries after the one before it (and move the heads back): the ledger then looks whole.
    A copy of that checkpoint kept outside, from the public endpoint, still catches it."""
    assert (await client.get("/api/v1/public/budget/ledger-checkpoint")).status_code == 404
    await funded_line(client, auth)
    await commit(client, auth, 1_000)
    await _checkpoint(app)
    first = (await client.get("/api/v1/public/budget/ledger-checkpoint")).json()
    kept_entry = (await _entries(client, auth))[-1]
    await commit(client, auth, 2_000)
    await _checkpoint(app)
    r = await client.get("/api/v1/public/budget/ledger-checkpoint")  # no login
    assert r.status_code == 200, r.text
    latest = r.json()
    assert (first["seq"], latest["seq"], latest["chains"]) == (1, 2, 2)
    # anyone can check the signature with the published key, outside the system
    public = serialization.load_pem_public_key(latest["public_key"].encode())
    public.verify(base64.b64decode(latest["signature"]), latest["body"].encode())
    assert json.loads(latest["body"])["prev_signature"] == first["signature"]
    seq, signature = latest["seq"], latest["signature"]
    assert await _verify_kept(client, auth, checkpoint_seq=seq, checkpoint_signature=signature) == (
        200,
        {"ok": True, "entries": 4},
    )

    # a body changed behind the ledger's back is published as it is (verify names it)
    await _sql(app, "UPDATE ledger_checkpoints SET body = 'garbled' WHERE seq = 2")
    r = await client.get("/api/v1/public/budget/ledger-checkpoint")
    assert r.status_code == 200 and (r.json()["body"], r.json()["chains"]) == ("garbled", 0)
    assert (await verify(client, auth))["problem"] == "checkpoint"
    await _sql(app, "UPDATE ledger_checkpoints SET body = :b WHERE seq = 2", b=latest["body"])
    # the cut: checkpoint 2 and the entry after checkpoint 1 go, the head moves back
    lost = (await _entries(client, auth))[-1]
    await _sql(app, "DELETE FROM ledger_checkpoints WHERE seq = 2")
    await _sql(app, "DELETE FROM ledger_entries WHERE id = :id", id=lost["id"])
    await _sql(
        app,
        "UPDATE ledger_chain_heads SET seq = :s, last_hash = :h, prev_hash = :p, "
        "entry_seq = :e WHERE chain = :c",
        s=kept_entry["chain_seq"],
        h=kept_entry["hash"],
        p=kept_entry["prev_hash"],
        e=kept_entry["seq"],
        c=LINE,
    )
    assert await verify(client, auth) == {"ok": True, "entries": 3}  # alone, it looks whole
    status, result = await _verify_kept(
        client, auth, checkpoint_seq=seq, checkpoint_signature=signature
    )
    assert status == 200 and result["ok"] is False
    assert result["problem"] == "kept_checkpoint" and "checkpoint 2" in result["detail"]
    # an older copy still matches; a copy that is not the database's does not
    kept_first = {"checkpoint_seq": 1, "checkpoint_signature": first["signature"]}
    assert (await _verify_kept(client, auth, **kept_first))[1] == {"ok": True, "entries": 3}
    status, result = await _verify_kept(
        client, auth, checkpoint_seq=1, checkpoint_signature=signature
    )
    assert (result["ok"], result["problem"]) == (False, "kept_checkpoint")
    # both or neither
    status, result = await _verify_kept(client, auth, checkpoint_seq=1)
    assert status == 422 and result["errors"][0]["field"] == "checkpoint_signature"
    status, result = await _verify_kept(client, auth, checkpoint_signature=signature)
    assert status == 422 and result["errors"][0]["field"] == "checkpoint_seq"
    # a blank signature is a missing one, not a copy the ledger lost
    status, result = await _verify_kept(client, auth, checkpoint_seq=1, checkpoint_signature="  ")
    assert status == 422 and result["errors"][0]["field"] == "checkpoint_signature"
    assert (await _verify_kept(client, auth, checkpoint_signature=" \n"))[0] == 200  # as ""


def test_a_kept_signature_pasted_into_a_url_unencoded_still_matches():
    # base64's "+" arrives as a space
    assert ledger_routes._kept(3, " ab+c d/e== ") == verification.Kept(3, "ab+c+d/e==")
    assert ledger_routes._kept(None, None) is None and ledger_routes._kept(None, "") is None


def test_a_kept_signature_starting_with_plus_pasted_unencoded_still_matches():
    """An Ed25519 signature is 88 base64 characters and may start with "+" (1 in 64); pasted
    into a URL unencoded it arrives with a leading space, which is that "+", not padding."""
    signature = base64.b64encode(b"\xf8" + bytes(range(63))).decode()
    assert signature.startswith("+") and len(signature) == 88
    pasted = signature.replace("+", " ")
    assert ledger_routes._kept(7, pasted) == verification.Kept(7, signature)
    assert ledger_routes._kept(7, pasted + "\n") == verification.Kept(7, signature)
    # spaces around a signature that does not start with "+" are still taken off
    other = base64.b64encode(bytes(range(64))).decode()
    assert ledger_routes._kept(7, f" {other} ") == verification.Kept(7, other)


async def test_a_checkpoint_from_another_key_does_not_verify(app, client, auth):
    await funded_line(client, auth)
    other = checkpoints.CheckpointSigner(checkpoints.generate_ed25519_pem())
    assert await checkpoints.write_checkpoint(app.state.db.engine, other) is not None
    result = await verify(client, auth)
    assert result["ok"] is False and "signature" in result["detail"]


async def test_commitments_on_different_lines_do_not_wait_for_each_other(app, client, auth):
    """Many lines, many commitments at once: every line's total is its commitments' sum and the
    ledger verifies. On PostgreSQL, while one line's row and chain head are held by another
    transaction, a commitment on another line still goes through (and one on the held line
    waits until it is let go)."""
    await funded_line(client, auth, allocated=100_000)
    categories = ["training", "capacity_building", "consulting", "information"]
    for category in categories:
        assert (await allocate(client, auth, 2017, 100_000, category)).status_code == 201
    lines = ["technology_transfer", *categories]
    headers = project_service(auth)

    async def one(i: int):
        body = commitment_body(1_000 + i, category=lines[i % len(lines)])
        return await client.post(f"{API}/commitments", json=body, headers=headers)

    responses = await asyncio.gather(*(one(i) for i in range(60)))
    assert [r.status_code for r in responses] == [201] * 60
    for n, category in enumerate(lines):
        expected = sum(1_000 + i for i in range(60) if i % len(lines) == n)
        assert (await line(client, auth, 2017, category))["committed_vnd"] == expected
    assert await verify(client, auth) == {"ok": True, "entries": 1 + len(lines) + 60}

    if database_kind() != "postgresql":
        return  # SQLite has one write lock for the whole database
    async with app.state.db.engine.connect() as held:
        await held.execute(
            text(
                "SELECT 1 FROM allocation_lines WHERE fiscal_year = 2017 AND "
                "category = 'training' AND funding_source = 'local' FOR UPDATE"
            )
        )
        await held.execute(
            text("SELECT 1 FROM ledger_chain_heads WHERE chain = '2017:training:local' FOR UPDATE")
        )
        waiting = asyncio.ensure_future(
            client.post(
                f"{API}/commitments", json=commitment_body(7, category="training"), headers=headers
            )
        )
        other = await asyncio.wait_for(
            client.post(
                f"{API}/commitments",
                json=commitment_body(9, category="consulting"),
                headers=headers,
            ),
            timeout=60,
        )
        assert other.status_code == 201
        assert not waiting.done()  # the held line's commitment is still waiting
        await held.rollback()
    assert (await waiting).status_code == 201
    assert await verify(client, auth) == {"ok": True, "entries": 1 + len(lines) + 62}


async def test_ledger_filters_and_paging(client, auth):
    await funded_line(client, auth)
    c = (await commit(client, auth, 1_000)).json()
    await commit(client, auth, 2_000)
    r = await client.get(
        f"{API}/ledger", params={"project_id": c["project_id"]}, headers=auth("viewer")
    )
    assert [e["commitment_id"] for e in r.json()["items"]] == [c["id"]]
    r = await client.get(f"{API}/ledger", params={"commitment_id": c["id"]}, headers=auth("viewer"))
    assert r.json()["total"] == 1
    r = await client.get(
        f"{API}/ledger",
        params={"fiscal_year": 2017, "kind": "commitment", "page_size": 1, "page": 2},
        headers=auth("integration", scopes=["budget:read"]),
    )
    body = r.json()
    assert (body["total"], body["page"], body["page_size"], len(body["items"])) == (2, 2, 1, 1)
    assert body["items"][0]["amount_vnd"] == 2_000
    r = await client.get(f"{API}/ledger", params={"kind": "nope"}, headers=auth("viewer"))
    assert r.status_code == 422
    r = await client.get(f"{API}/ledger", params={"project_id": "x"}, headers=auth("viewer"))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "project_id"


async def test_empty_ledger_verifies(client, auth):
    assert await verify(client, auth) == {"ok": True, "entries": 0}


async def test_the_database_and_python_hash_the_same_bytes(app, client, auth, monkeypatch):
    """Entries whose text needs escaping, at whole seconds and not: on PostgreSQL verify
    rebuilds each entry's canonical content in SQL, which must be byte for byte Python's."""
    await funded_line(client, auth)
    reasons = ['nói "không" \\ ngược', "dòng 1\ndòng 2\ttab\r", "điều khiển \x01\x1f\x7f", "🙂", ""]
    times = [
        datetime(2017, 5, 5, 1, 2, 3, tzinfo=UTC),
        datetime(2017, 5, 5, 1, 2, 3, 7, tzinfo=UTC),
    ]
    actor = Actor("kiểm-thử", "finance_officer", 'khóa "1"')
    for i, reason in enumerate(reasons):
        monkeypatch.setattr(ledger_service, "utcnow", lambda i=i: times[i % 2])
        draft = EntryDraft(
            kind="release",
            amount_vnd=1,
            fiscal_year=2017,
            category="technology_transfer",
            funding_source="local",
            reason=reason,
            reference=f"QĐ-{i}/\u2028",
            details={"ghi chú": reason, "n": [1, None]},
        )
        async with app.state.db.sessionmaker() as session:
            await ledger_service.append(session, actor, [draft] * (1 + i % 2))
            await session.commit()
    assert await verify(client, auth) == {"ok": True, "entries": 2 + 7}
    target = (await _entries(client, auth))[4]
    await _sql(
        app, "UPDATE ledger_entries SET reason = reason || ' ' WHERE id = :id", id=target["id"]
    )
    assert (await verify(client, auth))["first_broken_entry_id"] == target["id"]


def test_production_needs_its_own_checkpoint_key(tmp_path):
    base = {
        "environment": "production",
        "database_url": "postgresql+asyncpg://u@db/budget",
        "jwks_url": "http://gateway/.well-known/jwks.json",
    }
    with pytest.raises(ValueError, match="LEDGER_SIGNING_KEY"):
        BudgetSettings(**base)
    key = tmp_path / "ledger.pem"
    key.write_text(checkpoints.generate_ed25519_pem())
    settings = BudgetSettings(**base, ledger_signing_key_file=key)
    signer = checkpoints.load_signer(settings)
    assert signer.valid(signer.key_id, "body", signer.sign("body"))
    assert not signer.valid(signer.key_id, "body!", signer.sign("body"))
    # outside production a key is generated once into keys_dir and reused
    demo = BudgetSettings(environment="demo", keys_dir=tmp_path / "keys")
    assert checkpoints.load_signer(demo).key_id == checkpoints.load_signer(demo).key_id
