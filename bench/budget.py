"""Benchmark budget-service commitments on PostgreSQL: the guarded money path under contention.

`make bench-budget` (= `uv run python bench/budget.py`, then `bench/ledger_verify.py`): creates a
scratch database (BENCH_BUDGET_DB), migrates it, starts budget-service under uvicorn as a real
process (BENCH_PORT, or any free port), seeds a program, appropriations and allocation lines
through its API, then drives `POST /api/v1/budget/commitments` with wrk (a Lua request() makes a
unique Idempotency-Key and project id per request, 50 connections), alternating BENCH_ROUNDS
times: (a) every request on one hot allocation line, (b) requests spread over 100 lines. Each
line has its own ledger chain, so (b) is not serialised on one ledger head as it was when the
ledger had a single chain. Beside them, in this process (no HTTP): (e1) the service's own `commit`
on the hot line, (e2) over the 100 lines, (e3) over the 100 lines with the ledger chained per
fiscal year x funding source instead (the other granularity considered), and the ceilings: the
same guarded `UPDATE allocation_lines ... WHERE committed + amt <= allocated` alone in a raw SQL
loop from 50 concurrent asyncpg connections (each UPDATE one round trip committing on its own, as
the service's commit statement), (c) on one line and (c2) over the 100 lines (taken off again
after). Then (d) a short saturation run on a small line
that fills up mid-run (201s turn into 409s), and checks in SQL that no line, commitment or total
was over-committed, that every line's total equals its commitments, and that the ledger
verifies. Targets: >= 500 commitments/s on the hot line; 100 lines >= 1.5x the hot line and
>= 0.8x the raw UPDATE over the same lines; zero over-commit. Figures, not assertions.

Beside the rates it prints the server's CPU time per request (uvicorn and its workers, from
/proc) and the load average: on a shared machine the rates move with everyone else's load, the
CPU cost per request much less. A commitment is one round trip: one statement (guarded line
UPDATE + commitment INSERT + key row + ledger append to the line's chain) committing on its own,
so the line's row lock and its chain head's are held for its execution and its WAL flush only.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `budget` package; import the package and the shared helpers from the repository root.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import httpx  # noqa: E402

from bench.lib import (  # noqa: E402
    LoadResult,
    bench_signer,
    driver_dsn,
    drop_database,
    print_table,
    recreate_database,
    uvicorn_process,
    wrk,
)
from budget.commitments import repository as commitments_repository  # noqa: E402
from budget.commitments import service as commitments  # noqa: E402
from budget.commitments.schemas import CommitmentIn  # noqa: E402
from budget.common import Category, FundingSource  # noqa: E402
from budget.context import Actor  # noqa: E402
from budget.idempotency.service import KeyRow  # noqa: E402
from budget.ledger import checkpoints  # noqa: E402
from budget.ledger import repository as ledger_repository  # noqa: E402
from budget.ledger import service as ledger_service  # noqa: E402
from budget.settings import BudgetSettings  # noqa: E402
from kc_common.auth import TokenSigner  # noqa: E402
from kc_common.db import Database  # noqa: E402
from kc_common.testing import free_port, migrate  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(min(os.cpu_count() or 1, 4))))
DB_NAME = os.environ.get("BENCH_BUDGET_DB", "kc_bench_budget")
PORT = int(os.environ.get("BENCH_PORT", "0"))  # 0: any free port
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))  # (a) and (b) alternate this many times
ALEMBIC_INI = ROOT / "services" / "budget-service" / "alembic.ini"
API = "/api/v1/budget"
AMOUNT = 1_000
CATEGORIES = [
    "training",
    "capacity_building",
    "technology_transfer",
    "products_and_trade",
    "consulting",
    "information",
    "clusters_and_environment",
    "international_cooperation",
    "program_management",
]
SOURCES = ["local", "national", "other"]
BIG = 10**13  # room for every commitment a run can make
HOT = (2017, "technology_transfer", "local")
CEILING = (2020, "program_management", "other")  # the raw SQL loop's own line
SMALL = (2020, "training", "local")
SMALL_FITS = 50
# 100 lines over 2016-2019 (27 per year), none of them the hot line
SPREAD = [
    (y, c, s)
    for y in (2016, 2018, 2019, 2017)
    for c in CATEGORIES
    for s in SOURCES
    if (y, c, s) != HOT
][:100]


per_line_chain = ledger_service.chain_of


def combined(name: str, runs: list[LoadResult]) -> LoadResult:
    """Alternating rounds of one run as one: requests over time, the worst round's latencies."""
    seconds = sum(r.requests / r.rps for r in runs if r.rps)
    return LoadResult(
        name=name,
        requests=sum(r.requests for r in runs),
        rps=sum(r.requests for r in runs) / seconds if seconds else 0.0,
        p50_ms=max(r.p50_ms for r in runs),
        p95_ms=max(r.p95_ms for r in runs),
        p99_ms=max(r.p99_ms for r in runs),
        errors=sum(r.errors for r in runs),
        non2xx=sum(r.non2xx for r in runs),
    )


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process and its children (uvicorn's workers); Linux only."""
    try:
        pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
        ticks = 0
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None


def cpu_ms_per_request(pid: int, before: float | None, result: LoadResult) -> float | None:
    after = cpu_seconds(pid)
    if before is None or after is None or not result.requests:
        return None
    return (after - before) * 1000 / result.requests


def seed(base: str, signer: TokenSigner) -> None:
    pm = {"Authorization": "Bearer " + signer.sign(subject="bench-pm", role="program_manager")}
    fo = {"Authorization": "Bearer " + signer.sign(subject="bench-fo", role="finance_officer")}
    with httpx.Client(base_url=base, timeout=30) as c:
        r = c.post(
            f"{API}/programs",
            headers=pm,
            json={
                "code": "BD-KC-2016-2020",
                "name": "Chương trình Khuyến công tỉnh Bình Dương đến năm 2020",
                "legal_basis": "Quyết định 1877/QĐ-UBND",
                "start_year": 2016,
                "end_year": 2020,
                "planned_annual_vnd": 4_500_000_000,
            },
        )
        r.raise_for_status()
        for year in range(2016, 2021):
            for source in SOURCES:
                c.post(
                    f"{API}/years/{year}/appropriations",
                    headers=fo,
                    json={
                        "funding_source": source,
                        "amount_vnd": BIG * 50,
                        "decision_number": f"{year}/QĐ-UBND",
                    },
                ).raise_for_status()
        for year, category, source in [HOT, CEILING, *SPREAD]:
            c.post(
                f"{API}/years/{year}/allocations",
                headers=pm,
                json={"category": category, "funding_source": source, "amount_vnd": BIG},
            ).raise_for_status()
        year, category, source = SMALL
        c.post(
            f"{API}/years/{year}/allocations",
            headers=pm,
            json={
                "category": category,
                "funding_source": source,
                "amount_vnd": SMALL_FITS * AMOUNT,
            },
        ).raise_for_status()


def commitments_lua(tag: str, lines: list[tuple[int, str, str]]) -> str:
    entries = ",".join(f'{{{y}, "{c}", "{s}"}}' for y, c, s in lines)
    return f"""
local lines = {{{entries}}}
local n = 0
local hex = "0123456789abcdef"
local function rnd(len)
  local t = {{}}
  for i = 1, len do
    local k = math.random(1, 16)
    t[i] = string.sub(hex, k, k)
  end
  return table.concat(t)
end
math.randomseed(os.time() + {abs(hash(tag)) % 100000})
request = function()
  n = n + 1
  local line = lines[(n % #lines) + 1]
  local pid = rnd(8) .. "-" .. rnd(4) .. "-4" .. rnd(3) .. "-8" .. rnd(3) .. "-" .. rnd(12)
  local body = string.format(
    '{{"project_id": "%s", "fiscal_year": %d, "category": "%s", "funding_source": "%s", '
    .. '"amount_vnd": {AMOUNT}}}', pid, line[1], line[2], line[3])
  wrk.headers["Idempotency-Key"] = "{tag}-" .. n .. "-" .. rnd(12)
  return wrk.format("POST", "{API}/commitments", nil, body)
end
"""


async def raw_sql_ceiling(
    url: str, seconds: int, connections: int, lines: list[tuple[int, str, str]], name: str
) -> LoadResult:
    """The guarded UPDATE alone from `connections` asyncpg connections, spread over `lines` as
    the commitments are: each one statement committing on its own, one round trip like the
    service's commit statement (an explicit BEGIN and COMMIT around it would add two round trips
    the service does not pay, and halved this ceiling). What it added is taken off again
    afterwards (the lines' totals must still equal their commitments' for the checks)."""
    latencies: list[float] = []
    added: dict[tuple[int, str, str], int] = {}
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        conn = await asyncpg.connect(driver_dsn(url))
        i = n
        try:
            while time.perf_counter() < deadline:
                i += connections
                line = lines[i % len(lines)]
                started = time.perf_counter()
                await conn.fetchrow(
                    "UPDATE allocation_lines SET committed_vnd = committed_vnd + $1 "
                    "WHERE fiscal_year = $2 AND category = $3 AND funding_source = $4 "
                    "AND committed_vnd + $1 <= allocated_vnd RETURNING committed_vnd",
                    AMOUNT,
                    *line,
                )
                latencies.append(time.perf_counter() - started)
                added[line] = added.get(line, 0) + AMOUNT
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(connections)))
    elapsed = time.perf_counter() - started
    conn = await asyncpg.connect(driver_dsn(url))
    try:
        for (year, category, source), amount in added.items():
            await conn.execute(
                "UPDATE allocation_lines SET committed_vnd = committed_vnd - $1 "
                "WHERE fiscal_year = $2 AND category = $3 AND funding_source = $4",
                amount,
                year,
                category,
                source,
            )
    finally:
        await conn.close()
    return LoadResult.of_latencies(name, latencies, elapsed)


async def statement_loop(
    url: str,
    seconds: int,
    connections: int,
    lines: list[tuple[int, str, str]],
    name: str,
    chain: str | None = None,
) -> LoadResult:
    """The commit statement itself (`commitments.repository.commit_postgres`: guarded line
    UPDATE, commitment INSERT, ledger append) from `connections` asyncpg connections over
    `lines`, with as little Python around it as the raw UPDATE loop: parameters are made once
    per line and only the ids change per call (the canonical content is patched with them, so
    the entries still verify). What the database can do with the ledger, beside what it can do
    without it ((c), (c2)). `chain`: every entry on that one chain (the ledger before it was
    split per line), else each line's own."""
    actor = Actor("bench-statement", "service", None)
    cap = 70
    templates = []
    for year, category, source in lines:
        data = CommitmentIn(
            project_id=uuid.UUID(int=1),
            fiscal_year=year,
            category=Category(category),
            funding_source=FundingSource(source),
            amount_vnd=AMOUNT,
        )
        values = commitments._new_commitment(actor, data, cap)
        values["id"] = str(uuid.UUID(int=2))
        entry = ledger_service.prepare(
            actor, commitments._entry("commitment", values, AMOUNT, document_date=None)
        )
        entry.values["id"] = str(uuid.UUID(int=3))
        if chain is not None:
            entry.values["chain"] = chain
        content = ledger_service.content_of(entry.values)
        templates.append((values, entry.values, content))
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        conn = await asyncpg.connect(driver_dsn(url))
        i = n
        try:
            while time.perf_counter() < deadline:
                i += connections
                values, entry_values, content = templates[i % len(templates)]
                pid, cid, eid = (str(uuid.uuid4()) for _ in range(3))
                values = values | {"id": cid, "project_id": pid}
                entry = entry_values | {"id": eid, "commitment_id": cid, "project_id": pid}
                text = (
                    content.replace(str(uuid.UUID(int=1)), pid)
                    .replace(str(uuid.UUID(int=2)), cid)
                    .replace(str(uuid.UUID(int=3)), eid)
                )
                params = ledger_repository.entry_params(entry, text)
                started = time.perf_counter()
                linked = await commitments_repository.commit_postgres(
                    conn, values, cap, params, None
                )
                latencies.append(time.perf_counter() - started)
                assert linked is not None
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(connections)))
    elapsed = time.perf_counter() - started
    return LoadResult.of_latencies(name, latencies, elapsed)


async def verify_in_process(url: str) -> Any:
    """`ledger.service.verify` with the server's checkpoint key (generated in ./var/keys)."""
    db = Database(url, pool_size=3, pre_ping=False)
    try:
        async with db.sessionmaker() as session:
            return await ledger_service.verify(session, checkpoints.load_signer(BudgetSettings()))
    finally:
        await db.dispose()


def per_source_chain(fiscal_year: int, category: str | None, funding_source: str | None) -> str:
    """The other granularity considered: one chain per fiscal year x funding source."""
    return f"{fiscal_year}:{funding_source}"


async def service_without_http(
    url: str,
    seconds: int,
    concurrency: int,
    pool: int,
    overflow: int | None,
    lines: list[tuple[int, str, str]],
    name: str,
) -> tuple[LoadResult, float]:
    """`commitments.service.commit` called in this process over `lines` by `concurrency` tasks
    sharing one pool of the server's size and overflow: the same rules and statement as (a) and
    (b), without HTTP, FastAPI, uvicorn and wrk. Returns the result and this process's CPU ms
    per commitment."""
    db = Database(url, pool_size=pool, max_overflow=overflow, pre_ping=False)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        i = 0
        while time.perf_counter() < deadline:
            i += 1
            key = KeyRow("bench-in-process", f"{name}-{n}-{i}", "0" * 64, 201)
            year, category, source = lines[(n + i * concurrency) % len(lines)]
            data = CommitmentIn(
                project_id=uuid.uuid4(),
                fiscal_year=year,
                category=Category(category),
                funding_source=FundingSource(source),
                amount_vnd=AMOUNT,
            )
            started = time.perf_counter()
            async with db.sessionmaker() as session:
                await commitments.commit(session, Actor(key.subject, "service", key.key), data, key)
            latencies.append(time.perf_counter() - started)

    cpu_before, started = time.process_time(), time.perf_counter()
    try:
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
    finally:
        await db.dispose()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_before
    result = LoadResult.of_latencies(name, latencies, elapsed)
    return result, cpu * 1000 / len(latencies)


async def check_invariants(url: str) -> dict[str, Any]:
    conn = await asyncpg.connect(driver_dsn(url))
    try:
        over_lines = await conn.fetchval(
            "SELECT count(*) FROM allocation_lines "
            "WHERE committed_vnd > allocated_vnd OR disbursed_vnd > committed_vnd"
        )
        over_sources = await conn.fetchval(
            "SELECT count(*) FROM source_budgets WHERE allocated_vnd > appropriated_vnd"
        )
        # the line totals must equal the commitments they are derived from (except the raw
        # SQL ceiling line, which the loop bumped without commitments)
        mismatched = await conn.fetchval(
            """
            SELECT count(*) FROM allocation_lines l
            LEFT JOIN (SELECT fiscal_year, category, funding_source, sum(committed_vnd) AS s
                       FROM commitments GROUP BY 1, 2, 3) c
              USING (fiscal_year, category, funding_source)
            WHERE l.committed_vnd <> coalesce(c.s, 0)
              AND NOT (l.fiscal_year = $1 AND l.category = $2 AND l.funding_source = $3)
            """,
            *CEILING,
        )
        small = await conn.fetchrow(
            "SELECT allocated_vnd, committed_vnd FROM allocation_lines "
            "WHERE fiscal_year = $1 AND category = $2 AND funding_source = $3",
            *SMALL,
        )
        commitments = await conn.fetchval("SELECT count(*) FROM commitments")
        entries = await conn.fetchval("SELECT count(*) FROM ledger_entries")
        keys = await conn.fetchval("SELECT count(*) FROM idempotency_records")
    finally:
        await conn.close()
    return {
        "lines over-committed or over-paid": over_lines,
        "sources over-allocated": over_sources,
        "lines whose total != sum of their commitments": mismatched,
        "small line allocated / committed": f"{small['allocated_vnd']} / {small['committed_vnd']}",
        "commitments": commitments,
        "ledger entries": entries,
        "idempotency records": keys,
    }


def main() -> None:
    url = asyncio.run(recreate_database(DB_NAME))
    migrate(ALEMBIC_INI, url)
    signer = bench_signer()
    # project-service's identity: the only caller that commits money tied to a project (a
    # person's token would get 403 budget.use_project_workflow on these commitments)
    token = signer.sign(
        subject="bench-project-service", role="service", scopes=["budget:write"], ttl_seconds=3600
    )
    port = PORT or free_port()
    base = f"http://127.0.0.1:{port}"
    # The service's own pool size and overflow (BudgetSettings.db_pool_size, db_pool_overflow)
    # unless BENCH_POOL / BENCH_POOL_OVERFLOW say otherwise; requests queue for a pooled
    # connection.
    pool = int(os.environ.get("BENCH_POOL", str(BudgetSettings().db_pool_size)))
    default_overflow = BudgetSettings().db_pool_overflow
    overflow_env = os.environ.get("BENCH_POOL_OVERFLOW")
    overflow = int(overflow_env) if overflow_env else default_overflow
    overflow_shown = pool if overflow is None else overflow
    env = {
        "BUDGET_DATABASE_URL": url,
        "BUDGET_JWT_PUBLIC_KEY": signer.public_key_pem(),
        "BUDGET_LOG_LEVEL": "WARNING",
        "BUDGET_DB_POOL_SIZE": str(pool),
        **({} if overflow is None else {"BUDGET_DB_POOL_OVERFLOW": str(overflow)}),
    }
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    print(
        f"budget-service: {WORKERS} uvicorn worker(s), pool {pool}+{overflow_shown} each; "
        f"wrk {CONNECTIONS} connections, {SECONDS}s per run"
    )
    results: list[LoadResult] = []
    cpu_ms: dict[str, float | None] = {}
    load_before = os.getloadavg()[0]
    try:
        # a loaded machine may take more than the usual 30 s to start two workers
        with uvicorn_process(
            "budget.app:create_app", port, env, workers=WORKERS, ready_timeout=120
        ) as server:
            seed(base, signer)
            target = f"{base}{API}/commitments"
            wrk(
                "warm-up",
                target,
                seconds=2,
                connections=CONNECTIONS,
                headers=headers,
                lua=commitments_lua("warm", SPREAD),
            )
            runs: dict[str, list[LoadResult]] = {}
            for round_ in range(ROUNDS):  # the hot line and the 100 lines, alternating
                for name, tag, lines in (
                    ("(a) commitments, 1 hot line", f"hot{round_}", [HOT]),
                    ("(b) commitments, 100 lines", f"spread{round_}", SPREAD),
                ):
                    before = cpu_seconds(server.pid)
                    result = wrk(
                        name,
                        target,
                        seconds=SECONDS,
                        connections=CONNECTIONS,
                        headers=headers,
                        lua=commitments_lua(tag, lines),
                    )
                    cpu_ms[f"{name} #{round_ + 1}"] = cpu_ms_per_request(server.pid, before, result)
                    runs.setdefault(name, []).append(result)
            results = [combined(name, rs) for name, rs in runs.items()]
            # the server is idle meanwhile; its pool's connections stay open
            in_process: list[LoadResult] = []
            in_process_cpu_ms: dict[str, float] = {}
            for name, lines, chain_of in (
                ("(e1) service.commit, hot line", [HOT], ledger_service.chain_of),
                ("(e2) service.commit, 100 lines", SPREAD, ledger_service.chain_of),
                ("(e3) 100 lines, chain/year+source", SPREAD, per_source_chain),
            ):
                ledger_service.chain_of = chain_of
                try:
                    result, ms = asyncio.run(
                        service_without_http(url, SECONDS, CONNECTIONS, pool, overflow, lines, name)
                    )
                finally:
                    ledger_service.chain_of = per_line_chain
                in_process.append(result)
                in_process_cpu_ms[name] = ms
            saturation = wrk(
                "(d) small line filling up",
                target,
                seconds=3,
                connections=CONNECTIONS,
                headers=headers,
                lua=commitments_lua("small", [SMALL]),
            )
            verify = httpx.get(
                f"{base}{API}/ledger/verify",
                headers={"Authorization": "Bearer " + signer.sign(subject="v", role="viewer")},
                timeout=120,
            ).json()
        # after the server is gone, so the raw loops have the database's connections to themselves
        ceiling = asyncio.run(
            raw_sql_ceiling(url, SECONDS, CONNECTIONS, [CEILING], "(c) raw guarded UPDATE, 1 line")
        )
        ceiling_spread = asyncio.run(
            raw_sql_ceiling(url, SECONDS, CONNECTIONS, SPREAD, "(c2) raw guarded UPDATE, 100 ln")
        )
        statements: list[LoadResult] = []
        for name, lines, chain in (
            ("(f1) statement, hot line", [HOT], None),
            ("(f2) statement, 100 lines", SPREAD, None),
            ("(f3) 100 lines, one chain (before)", SPREAD, "bench-single-chain"),
            ("(f1) statement, hot line", [HOT], None),
            ("(f2) statement, 100 lines", SPREAD, None),
            ("(f3) 100 lines, one chain (before)", SPREAD, "bench-single-chain"),
        ):
            statements.append(
                asyncio.run(statement_loop(url, SECONDS, CONNECTIONS, lines, name, chain))
            )
        by_name: dict[str, list[LoadResult]] = {}
        for result in statements:
            by_name.setdefault(result.name, []).append(result)
        f_hot, f_lines, f_single = (combined(n, rs) for n, rs in by_name.items())
        verify_after = asyncio.run(verify_in_process(url)).__dict__
        print_table(
            "budget-service: POST /budget/commitments on PostgreSQL",
            [*results, *in_process, f_hot, f_lines, f_single, ceiling, ceiling_spread],
            ceiling_spread,
        )
        for name, cpu in cpu_ms.items():
            if cpu is not None:
                print(f"server CPU per request, {name}: {cpu:.2f} ms")
        for name, ms in in_process_cpu_ms.items():
            print(f"CPU per commitment, {name}: {ms:.2f} ms")
        print(f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
        print(
            f"\n(d) saturation: {saturation.requests} requests, "
            f"{saturation.requests - saturation.non2xx} x 201 (room for {SMALL_FITS}), "
            f"{saturation.non2xx} refused (409)"
        )
        checks = asyncio.run(check_invariants(url))
        print("\nafter the runs (SQL):")
        for name, value in checks.items():
            print(f"  {name:<48}{value}")
        print(f"  {'GET /budget/ledger/verify':<48}{verify}")
        print(f"  {'verify after the statement runs (f)':<48}{verify_after}")
        hot, spread = results[0], results[1]
        e_hot, e_lines, e_source = in_process
        print("\nratios (commitments/s):")
        ratios: list[tuple[str, LoadResult, LoadResult, float | None]] = [
            ("(b) 100 lines / (a) hot line, HTTP", spread, hot, 1.5),
            ("(b) 100 lines HTTP / (c2) raw UPDATE, 100 lines", spread, ceiling_spread, 0.8),
            ("(e2) 100 lines / (e1) hot line, in process", e_lines, e_hot, 1.5),
            ("(e2) in process / (c2) raw UPDATE, 100 lines", e_lines, ceiling_spread, 0.8),
            ("(e2) chain per line / (e3) per year x source", e_lines, e_source, None),
            ("(f2) statement, 100 lines / (f1) hot line", f_lines, f_hot, 1.5),
            ("(f2) statement, 100 lines / (c2) raw UPDATE", f_lines, ceiling_spread, 0.8),
            ("(f2) chain per line / (f3) one chain (before)", f_lines, f_single, None),
        ]
        for label, num, den, goal in ratios:
            ratio = num.rps / den.rps if den.rps else 0.0
            verdict = "" if goal is None else f" (target >= {goal}: "
            verdict += "" if goal is None else ("met)" if ratio >= goal else "MISSED)")
            print(f"  {label:<52}{ratio:>6.2f}x{verdict}")
        ok = (
            checks["lines over-committed or over-paid"] == 0
            and checks["sources over-allocated"] == 0
            and checks["lines whose total != sum of their commitments"] == 0
            and verify.get("ok") is True
            and verify_after["ok"] is True
        )
        print(
            f"\ntarget >= 500 commitments/s on the hot line: {hot.rps:.0f}/s "
            f"({'met' if hot.rps >= 500 else 'MISSED'}); invariants {'hold' if ok else 'BROKEN'}"
        )
        if not ok:
            sys.exit(1)
    finally:
        asyncio.run(drop_database(DB_NAME))


if __name__ == "__main__":
    main()
