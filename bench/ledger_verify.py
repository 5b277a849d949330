"""Benchmark `GET /budget/ledger/verify` over a large ledger on PostgreSQL.

`make bench-ledger-verify` (part of `make bench-budget`): creates a scratch database, migrates
it, writes BENCH_LEDGER_ENTRIES (default 1,000,000) valid entries spread over the chains of 135
allocation lines and 15 year x source chains (hashed here as `ledger.service` hashes them,
loaded with COPY in batches), sets the chains' heads and signs a checkpoint, then runs the
service's own `verify` in a fresh process and prints its time, entries/s and the process's peak
RSS (memory must not grow with the ledger: verify streams in batches). Then one entry in the
middle of a chain is changed and verify is timed again: it must name that entry.
Target: 1,000,000 entries in < 30 s. Figures, not assertions.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402

from bench.lib import driver_dsn, drop_database, recreate_database  # noqa: E402
from budget.common import Category, FundingSource  # noqa: E402
from budget.ledger import checkpoints  # noqa: E402
from budget.ledger import service as ledger  # noqa: E402
from budget.ledger.models import GENESIS_HASH  # noqa: E402
from kc_common.auth import generate_ed25519_pem  # noqa: E402
from kc_common.db import Database  # noqa: E402
from kc_common.testing import migrate  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_LEDGER_ENTRIES", "1000000"))
# connections checking ranges of chains at once (BudgetSettings.ledger_verify_workers)
WORKERS = int(os.environ.get("BENCH_VERIFY_WORKERS", "2"))
DB_NAME = os.environ.get("BENCH_LEDGER_DB", "kc_bench_ledger_verify")
ALEMBIC_INI = ROOT / "services" / "budget-service" / "alembic.ini"
CATEGORIES = [c.value for c in Category]
SOURCES = [s.value for s in FundingSource]
YEARS = range(2016, 2021)
CHAINS = [(y, c, s) for y in YEARS for c in CATEGORIES for s in SOURCES] + [
    (y, None, s) for y in YEARS for s in SOURCES
]
BATCH = 50_000
COLUMNS = [
    "id", "seq", "chain", "chain_seq", "created_at", "document_date", "actor_subject",
    "actor_role", "kind", "amount_vnd", "fiscal_year", "category", "funding_source",
    "project_id", "commitment_id", "reason", "reference", "idempotency_key", "details",
    "hash_version", "prev_hash", "hash",
]  # fmt: skip


def entries(count: int):  # type: ignore[no-untyped-def] - a generator of row batches
    """`count` valid entries, chain after chain in turn, in batches of row tuples."""
    state = {chain: (0, GENESIS_HASH) for chain in CHAINS}
    at = datetime(2017, 1, 1, tzinfo=UTC)
    project = str(uuid.uuid4())
    batch: list[tuple] = []
    for seq in range(1, count + 1):
        year, category, source = CHAINS[seq % len(CHAINS)]
        chain = ledger.chain_of(year, category, source)
        chain_seq, prev = state[(year, category, source)]
        values = {
            "id": str(uuid.uuid4()), "seq": seq, "chain": chain, "chain_seq": chain_seq + 1,
            "created_at": at + timedelta(microseconds=seq * 1000),
            "document_date": date(year, 3, 1), "actor_subject": "project-service",
            "actor_role": "service", "kind": "commitment" if category else "appropriation",
            "amount_vnd": 1_000 + seq % 977, "fiscal_year": year, "category": category,
            "funding_source": source, "project_id": project if category else None,
            "commitment_id": str(uuid.uuid4()) if category else None, "reason": "",
            "reference": f"QĐ-{seq}", "idempotency_key": None, "details": "{}",
            "hash_version": 3, "prev_hash": prev,
        }  # fmt: skip
        values["hash"] = ledger.entry_hash(values)
        state[(year, category, source)] = (chain_seq + 1, values["hash"])
        batch.append(tuple(values[c] for c in COLUMNS))
        if len(batch) == BATCH:
            yield batch, state
            batch = []
    yield batch, state


async def load(url: str) -> dict[str, float]:
    conn = await asyncpg.connect(driver_dsn(url))
    hashing = copying = 0.0
    try:
        started = time.perf_counter()
        gen = entries(ENTRIES)
        state: dict = {}
        while True:
            t0 = time.perf_counter()
            try:
                batch, state = next(gen)
            except StopIteration:
                break
            t1 = time.perf_counter()
            if batch:
                await conn.copy_records_to_table("ledger_entries", records=batch, columns=COLUMNS)
            hashing += t1 - t0
            copying += time.perf_counter() - t1
        # the heads: each chain's last entry
        for (year, category, source), (chain_seq, last) in state.items():
            row = await conn.fetchrow(
                "SELECT seq, prev_hash FROM ledger_entries WHERE chain = $1 AND chain_seq = $2",
                ledger.chain_of(year, category, source),
                chain_seq,
            )
            await conn.execute(
                "INSERT INTO ledger_chain_heads (chain, seq, last_hash, prev_hash, entry_seq) "
                "VALUES ($1, $2, $3, $4, $5)",
                ledger.chain_of(year, category, source),
                chain_seq,
                last,
                row["prev_hash"],
                row["seq"],
            )
        await conn.execute("SELECT setval('ledger_entry_seq', $1)", ENTRIES + 1)
        await conn.execute("VACUUM ANALYZE ledger_entries")
        return {"hash": hashing, "copy": copying, "total": time.perf_counter() - started}
    finally:
        await conn.close()


async def verify_once(url: str, key_pem: str) -> dict[str, object]:
    signer = checkpoints.CheckpointSigner(key_pem)
    db = Database(url, pool_size=2, pre_ping=False)
    try:
        async with db.sessionmaker() as session:
            started = time.perf_counter()
            result = await ledger.verify(session, signer, workers=WORKERS)
            elapsed = time.perf_counter() - started
    finally:
        await db.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": elapsed, "peak_rss_mb": peak_mb, "result": result.__dict__}


def verify_in_fresh_process(url: str, key_file: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--verify", url, key_file],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


async def sign_checkpoint(url: str, key_pem: str) -> None:
    signer = checkpoints.CheckpointSigner(key_pem)
    db = Database(url, pool_size=1, pre_ping=False)
    try:
        await checkpoints.write_checkpoint(db.engine, signer)
    finally:
        await db.dispose()


async def tamper(url: str) -> str:
    conn = await asyncpg.connect(driver_dsn(url))
    try:
        target = await conn.fetchval(
            "SELECT id::text FROM ledger_entries WHERE seq = $1", ENTRIES // 2
        )
        await conn.execute(
            "UPDATE ledger_entries SET amount_vnd = amount_vnd + 1 WHERE seq = $1", ENTRIES // 2
        )
        return str(target)
    finally:
        await conn.close()


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--verify":
        key_pem = Path(sys.argv[3]).read_text()
        print(json.dumps(asyncio.run(verify_once(sys.argv[2], key_pem))))
        return
    url = asyncio.run(recreate_database(DB_NAME))
    key_file = Path(tempfile.gettempdir()) / f"{DB_NAME}-key.pem"
    key_file.write_text(generate_ed25519_pem())
    try:
        migrate(ALEMBIC_INI, url)
        load_before = os.getloadavg()[0]
        timing = asyncio.run(load(url))
        asyncio.run(sign_checkpoint(url, key_file.read_text()))
        print(
            f"loaded {ENTRIES:,} entries in {len(CHAINS)} chains: {timing['total']:.1f} s "
            f"(hashing {timing['hash']:.1f} s, COPY {timing['copy']:.1f} s)"
        )
        whole = verify_in_fresh_process(url, str(key_file))
        target = asyncio.run(tamper(url))
        broken = verify_in_fresh_process(url, str(key_file))
        load_after = os.getloadavg()[0]
        print(
            f"\nGET /budget/ledger/verify over {ENTRIES:,} entries "
            f"(service.verify, PostgreSQL, {WORKERS} worker connections)"
        )
        for name, run in (("whole ledger", whole), ("one entry changed mid-ledger", broken)):
            seconds = float(run["seconds"])
            print(
                f"  {name:<30}{seconds:>8.1f} s{ENTRIES / seconds:>12,.0f} entries/s"
                f"{float(run['peak_rss_mb']):>10.0f} MB peak RSS   {run['result']}"
            )
        named = broken["result"]["first_broken_entry_id"] == target
        print(f"  the changed entry is named: {'yes' if named else 'NO'} ({target})")
        print(f"load average (1 min) before / after: {load_before:.1f} / {load_after:.1f}")
        seconds = float(whole["seconds"])
        print(
            f"\ntarget: {ENTRIES:,} entries in < 30 s: {seconds:.1f} s "
            f"({'met' if seconds < 30 and whole['result']['ok'] else 'MISSED'})"
        )
    finally:
        if not os.environ.get("BENCH_KEEP"):
            key_file.unlink(missing_ok=True)
            asyncio.run(drop_database(DB_NAME))


if __name__ == "__main__":
    main()
