"""Business dates: every money event carries the date of its document besides its record time."""

from datetime import UTC, datetime, timedelta

from budget_factories import (
    API,
    by_id,
    commitment_body,
    funded_line,
    program,
    project_service,
    verify,
)
from sqlalchemy import select, text

from budget.ledger import service as ledger_service
from budget.ledger.models import LedgerEntry
from kc_common.schemas import business_today


async def _ledger(client, auth, **params):
    r = await client.get(f"{API}/ledger", params=params, headers=auth("viewer"))
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_each_money_event_keeps_the_date_of_its_document(client, auth):
    await program(client, auth)
    r = await client.post(
        f"{API}/years/2017/appropriations",
        json={
            "funding_source": "local",
            "amount_vnd": 2_000_000_000,
            "decision_number": "12/QĐ-UBND",
            "document_date": "2017-01-10",
        },
        headers=auth("finance_officer"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["document_date"] == "2017-01-10"
    r = await client.post(
        f"{API}/years/2017/allocations",
        json={
            "category": "technology_transfer",
            "funding_source": "local",
            "amount_vnd": 1_000_000_000,
            "document_date": "2017-01-20",
        },
        headers=auth("program_manager"),
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        f"{API}/commitments",
        json={**commitment_body(400_000_000), "document_date": "2017-02-15"},
        headers=project_service(auth),
    )
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["document_date"] == "2017-02-15"
    r = await client.post(
        f"{API}/disbursements",
        json={
            "commitment_id": c["id"],
            "amount_vnd": 100_000_000,
            "kind": "advance",
            "reference": "PC-017",
            "document_date": "2017-03-01",
        },
        headers=project_service(auth),
    )
    assert r.status_code == 201, r.text
    assert r.json()["document_date"] == "2017-03-01"
    r = await client.post(
        f"{API}/commitments/{c['id']}/recoveries",
        json={"amount_vnd": 10_000_000, "reason": "thu hồi", "document_date": "2017-10-02"},
        headers=project_service(auth),
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        f"{API}/commitments/{c['id']}/release",
        json={"amount_vnd": 5_000_000, "reason": "không sử dụng", "document_date": "2017-12-20"},
        headers=project_service(auth),
    )
    assert r.status_code == 200, r.text
    entries = await _ledger(client, auth)
    assert [(e["kind"], e["document_date"]) for e in entries] == [
        ("appropriation", "2017-01-10"),
        ("allocation", "2017-01-20"),
        ("commitment", "2017-02-15"),
        ("disbursement", "2017-03-01"),
        ("recovery", "2017-10-02"),
        ("release", "2017-12-20"),
    ]
    assert all(e["hash_version"] == 3 and e["created_at"] for e in entries)
    assert entries[3]["reference"] == "PC-017"
    assert await verify(client, auth) == {"ok": True, "entries": 6}
    within = await _ledger(
        client, auth, document_date_from="2017-02-01", document_date_to="2017-10-31"
    )
    assert [e["kind"] for e in within] == ["commitment", "disbursement", "recovery"]


async def test_without_a_date_the_document_is_dated_the_day_it_is_recorded(client, auth):
    await funded_line(client, auth)
    r = await client.post(
        f"{API}/commitments", json=commitment_body(1_000), headers=project_service(auth)
    )
    assert r.status_code == 201, r.text
    assert r.json()["document_date"] == business_today().isoformat()
    entries = await _ledger(client, auth)
    assert {e["document_date"] for e in entries} == {business_today().isoformat()}
    r = await client.post(
        f"{API}/commitments",
        json={**commitment_body(1_000), "document_date": "17/02/2017"},
        headers=project_service(auth),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "document_date"
    # a document dated after today (a year typed wrong) is refused, and nothing is committed
    tomorrow = (business_today() + timedelta(days=1)).isoformat()
    r = await client.post(
        f"{API}/commitments",
        json={**commitment_body(1_000), "document_date": tomorrow},
        headers=project_service(auth),
    )
    assert r.status_code == 422
    assert (r.json()["errors"][0]["field"], r.json()["errors"][0]["code"]) == (
        "document_date",
        "validation.date_in_future",
    )
    assert len(await _ledger(client, auth)) == len(entries)


async def test_the_hash_covers_the_document_date(app, client, auth):
    await funded_line(client, auth)
    r = await client.post(
        f"{API}/commitments",
        json={**commitment_body(1_000), "document_date": "2017-02-15"},
        headers=project_service(auth),
    )
    assert r.status_code == 201, r.text
    target = (await _ledger(client, auth, kind="commitment"))[0]
    async with app.state.db.engine.begin() as conn:
        await conn.execute(
            by_id("UPDATE ledger_entries SET document_date = :d WHERE id = :id"),
            {"d": datetime(2017, 2, 14).date(), "id": target["id"]},
        )
    result = await verify(client, auth)
    assert (result["ok"], result["first_broken_entry_id"]) == (False, target["id"])
    # nor can the entry be passed off as one written before dates were hashed
    async with app.state.db.engine.begin() as conn:
        await conn.execute(
            by_id("UPDATE ledger_entries SET hash_version = 1 WHERE id = :id"),
            {"id": target["id"]},
        )
    assert (await verify(client, auth))["first_broken_entry_id"] == target["id"]


async def test_entries_written_before_document_dates_still_verify(app, client, auth):
    """Entries hashed without a date (version 1), then given one by the migration."""
    await funded_line(client, auth)
    await client.post(
        f"{API}/commitments", json=commitment_body(1_000), headers=project_service(auth)
    )
    # rewrite the ledger as the old code wrote it: one chain (kept as "legacy" since the ledger
    # was split per line), version 1 content, no date in the hash
    async with app.state.db.engine.begin() as conn:
        entries = LedgerEntry.__table__
        rows = (await conn.execute(select(entries).order_by(entries.c.seq))).all()
        prev = before = "0" * 64
        for seq, row in enumerate(rows, start=1):
            values = dict(row._mapping) | {"hash_version": 1, "prev_hash": prev, "seq": seq}
            if isinstance(values["created_at"], str):  # SQLite hands back text
                values["created_at"] = datetime.fromisoformat(values["created_at"])
            before, prev = prev, ledger_service.entry_hash(values)
            recorded = (values["created_at"].replace(tzinfo=UTC) + timedelta(hours=7)).date()
            await conn.execute(
                by_id(
                    "UPDATE ledger_entries SET hash_version = 1, prev_hash = :p, hash = :h, "
                    "document_date = :d, seq = :s, chain = 'legacy', chain_seq = :s "
                    "WHERE id = :id"
                ),
                {"p": values["prev_hash"], "h": prev, "d": recorded, "s": seq, "id": values["id"]},
            )
        await conn.execute(text("DELETE FROM ledger_chain_heads"))
        await conn.execute(
            text(
                "INSERT INTO ledger_chain_heads (chain, seq, last_hash, prev_hash, entry_seq) "
                "VALUES ('legacy', :n, :h, :p, :n)"
            ),
            {"n": len(rows), "h": prev, "p": before},
        )
    assert await verify(client, auth) == {"ok": True, "entries": 3}
    # a new entry (version 3) starts its line's own chain beside them
    r = await client.post(
        f"{API}/commitments",
        json={**commitment_body(1_000), "document_date": "2017-05-05"},
        headers=project_service(auth),
    )
    assert r.status_code == 201, r.text
    assert await verify(client, auth) == {"ok": True, "entries": 4}
    versions = [e["hash_version"] for e in await _ledger(client, auth)]
    assert versions == [1, 1, 1, 3]
