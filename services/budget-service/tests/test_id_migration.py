"""Budget ids became UUID columns (migration 3f9a7c1d2b64): rows written before it, ids as
36-character strings, read back the same afterwards, and the ledger entries hashed over those
strings still verify, with new entries chaining after them."""

import asyncio
import tempfile
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from budget_factories import API, by_id, project_service, verify
from sqlalchemy.ext.asyncio import create_async_engine

from budget.app import create_app
from budget.ledger import checkpoints
from budget.ledger import service as ledger_service
from budget.ledger.models import GENESIS_HASH
from budget.settings import BudgetSettings
from kc_common.testing import (
    asgi_client,
    database_kind,
    drop_postgres_database,
    migrate,
    postgres_admin_url,
    recreate_postgres_database,
    scratch_database_name,
    settings_for_tests,
)

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"
BEFORE = "8b1d2c3e4f50"  # the last revision with VARCHAR(36) ids
PROGRAM, PROJECT, COMMITMENT, DISBURSEMENT = (str(uuid.uuid4()) for _ in range(4))
ENTRIES = [str(uuid.uuid4()) for _ in range(2)]
AT = datetime(2017, 2, 15, 3, 0, 0, 123456, tzinfo=UTC)
LINE = {"fiscal_year": 2017, "category": "technology_transfer", "funding_source": "local"}


def _table(name: str, *columns: str) -> sa.TableClause:
    """The old tables as raw columns: ids go in exactly as the old code wrote them."""
    types = {"created_at": sa.DateTime(timezone=True), "updated_at": sa.DateTime(timezone=True)}
    types["document_date"] = sa.Date()
    return sa.table(name, *(sa.column(c, types.get(c)) for c in columns))


def _old_entries() -> list[dict]:
    rows, prev = [], GENESIS_HASH
    for seq, (entry_id, kind, amount) in enumerate(
        [(ENTRIES[0], "commitment", 1_000), (ENTRIES[1], "disbursement", 100)], start=1
    ):
        values = {
            "id": entry_id, "seq": seq, "created_at": AT, "document_date": date(2017, 2, 15),
            "hash_version": 2, "actor_subject": "project-service", "actor_role": "service",
            "kind": kind, "amount_vnd": amount, **LINE, "project_id": PROJECT,
            "commitment_id": COMMITMENT, "reason": "", "reference": "", "idempotency_key": None,
            "details": "{}", "prev_hash": prev,
        }  # fmt: skip
        values["hash"] = prev = ledger_service.entry_hash(values)
        rows.append(values)
    return rows


async def _write_old_rows(url: str) -> None:
    engine = create_async_engine(url)
    entries = _old_entries()
    async with engine.begin() as conn:
        program = {
            "id": PROGRAM, "code": "KC-OLD", "name": "Chương trình cũ", "legal_basis": "",
            "start_year": 2016, "end_year": 2020, "planned_annual_vnd": 1_000_000,
            "advance_cap_percent": 70, "created_at": AT, "created_by": "t",
        }  # fmt: skip
        await conn.execute(sa.insert(_table("programs", *program)), program)
        await conn.execute(
            sa.insert(_table("program_years", "fiscal_year", "program_id")),
            {"fiscal_year": 2017, "program_id": PROGRAM},
        )
        money = {"allocated_vnd": 10_000, "carried_in_vnd": 0, "carried_out_vnd": 0}
        source = {"fiscal_year": 2017, "funding_source": "local", "appropriated_vnd": 10_000}
        await conn.execute(sa.insert(_table("source_budgets", *source, *money)), source | money)
        line = LINE | money | {"committed_vnd": 1_000, "disbursed_vnd": 100}
        await conn.execute(sa.insert(_table("allocation_lines", *line)), line)
        commitment = {
            "id": COMMITMENT, "project_id": PROJECT, **LINE, "amount_vnd": 1_000,
            "committed_vnd": 1_000, "released_vnd": 0, "disbursed_vnd": 100, "advanced_vnd": 100,
            "advance_cap_percent": 70, "status": "open", "document_date": date(2017, 2, 15),
            "created_at": AT, "updated_at": AT, "created_by": "project-service",
        }  # fmt: skip
        await conn.execute(sa.insert(_table("commitments", *commitment)), commitment)
        disbursement = {
            "id": DISBURSEMENT, "commitment_id": COMMITMENT, "amount_vnd": 100,
            "kind": "advance", "reference": "PC-1", "document_date": date(2017, 2, 16),
            "created_at": AT, "created_by": "project-service",
        }  # fmt: skip
        await conn.execute(sa.insert(_table("disbursements", *disbursement)), disbursement)
        await conn.execute(sa.insert(_table("ledger_entries", *entries[0])), entries)
        head = {"id": 1, "seq": 2, "last_hash": entries[1]["hash"], "prev_hash": entries[0]["hash"]}
        await conn.execute(sa.insert(_table("ledger_head", *head)), head)
    await engine.dispose()


async def _stored_ids(url: str) -> list:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        rows = await conn.execute(sa.text("SELECT id, project_id FROM commitments"))
        ids = [tuple(r) for r in rows]
    await engine.dispose()
    return ids


async def _through_the_api(url: str, signer, auth) -> None:
    app = create_app(BudgetSettings(**settings_for_tests(url, signer, ledger_checkpoint_seconds=0)))
    async with app.router.lifespan_context(app):
        async for client in asgi_client(app):
            assert await verify(client, auth) == {"ok": True, "entries": 2}
            r = await client.get(f"{API}/commitments/{COMMITMENT}", headers=auth("viewer"))
            assert r.status_code == 200, r.text
            assert (r.json()["id"], r.json()["project_id"]) == (COMMITMENT, PROJECT)
            r = await client.get(
                f"{API}/ledger", params={"commitment_id": COMMITMENT}, headers=auth("viewer")
            )
            assert [e["id"] for e in r.json()["items"]] == ENTRIES
            r = await client.get(
                f"{API}/commitments", params={"project_id": PROJECT}, headers=auth("viewer")
            )
            assert [c["id"] for c in r.json()["items"]] == [COMMITMENT]
            # the old commitment takes a new payment; its entry chains after the old ones
            r = await client.post(
                f"{API}/disbursements",
                json={"commitment_id": COMMITMENT, "amount_vnd": 50, "kind": "advance"},
                headers=project_service(auth),
            )
            assert r.status_code == 201, r.text
            assert await verify(client, auth) == {"ok": True, "entries": 3}
            # (5e2b7c9d1a30) the old entries are the legacy chain, as hashed; the new one starts
            # its line's own chain; a checkpoint over both verifies
            r = await client.get(f"{API}/ledger", headers=auth("viewer"))
            links = [(e["chain"], e["chain_seq"], e["hash_version"]) for e in r.json()["items"]]
            line = "2017:technology_transfer:local"
            assert links == [("legacy", 1, 2), ("legacy", 2, 2), (line, 1, 3)]
            assert [e["hash"] for e in r.json()["items"][:2]] == [e["hash"] for e in _old_entries()]
            written = await checkpoints.write_checkpoint(
                app.state.db.engine, app.state.ledger_signer
            )
            assert written is not None and written.chains == 2
            assert await verify(client, auth) == {"ok": True, "entries": 3}
            async with app.state.db.engine.begin() as conn:  # an old entry changed
                await conn.execute(
                    by_id("UPDATE ledger_entries SET amount_vnd = 1 WHERE id = :id"),
                    {"id": ENTRIES[1]},
                )
            result = await verify(client, auth)
            assert (result["ok"], result["first_broken_entry_id"]) == (False, ENTRIES[1])
        await app.state.db.engine.dispose()


def test_rows_written_before_ids_were_uuids_read_the_same_and_still_verify(signer, auth):
    if database_kind() == "sqlite":
        url = f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='kc-ids-')) / 'm.db'}"
    else:
        name = scratch_database_name("budget_ids")
        asyncio.run(recreate_postgres_database(name))
        url = postgres_admin_url().rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate(ALEMBIC_INI, url, BEFORE)
        asyncio.run(_write_old_rows(url))
        migrate(ALEMBIC_INI, url)
        stored = asyncio.run(_stored_ids(url))
        if database_kind() == "sqlite":  # SQLAlchemy's Uuid on SQLite: 32 hex digits
            assert stored == [(COMMITMENT.replace("-", ""), PROJECT.replace("-", ""))]
        else:  # native uuid
            assert [(str(a), str(b)) for a, b in stored] == [(COMMITMENT, PROJECT)]
        asyncio.run(_through_the_api(url, signer, auth))
        # and back: the old form again
        migrate_down(url)
        assert asyncio.run(_stored_ids(url)) == [(COMMITMENT, PROJECT)]
    finally:
        drop_postgres_database(url)


def migrate_down(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(ALEMBIC_INI.parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.downgrade(cfg, BEFORE)
