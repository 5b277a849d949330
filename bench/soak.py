"""`make soak`: mixed load through the gateway at a fixed rate, with restarts, then the books.

The system of `make run` on PostgreSQL (its own databases and ports, the demo loaded) takes a
fixed rate of requests for `--minutes` (default 10): reads (dashboard, lists, the ledger),
project transitions (create, submit, appraise, approve, start, cancel), program-management
commitments and their releases, and CSV exports. budget-service is restarted once (at 35% of
the run) and the registry once (at 65%). Afterwards:

- no 5xx (nor a refused connection) outside the restart windows (stop → ready + 10 s);
- no money drift: every allocation line's committed and disbursed totals equal the sums of its
  commitments, and no line is over its allocation;
- the ledger's hash chain verifies;
- each process's memory is flat: resident size at the end within ±10% of its size after warm-up
  (a quarter of the run, or of the time since its restart, and at least a minute).

Figures, and a verdict per promise; the exit status is 1 if a promise failed. Not part of
`make test` (it takes the whole run); the last result is written down in the README.

    uv run python bench/soak.py [--minutes 10] [--rate 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.mkdtemp(prefix="kc-soak-"))
os.environ.setdefault("KC_VAR_DIR", str(WORK / "var"))
os.environ.setdefault("KC_DATABASE_PREFIX", f"kc_soak_{uuid.uuid4().hex[:6]}")
os.environ.setdefault("KC_DEMO_PROJECTS_PER_YEAR", "8")
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

from kc_common.testing import free_port_block  # noqa: E402

os.environ.setdefault("KC_PORT_BASE", str(free_port_block(5)))

import run  # noqa: E402  (reads KC_VAR_DIR, KC_PORT_BASE and KC_DATABASE_PREFIX when imported)

API = "/api/v1"
YEAR = 2020  # the demo program's last year: its allocations take the new commitments
GRACE = 10.0  # seconds after a restarted process is ready that still count as its window
RESTARTS = (("budget", 0.35), ("registry", 0.65))


@dataclass
class Window:
    service: str
    start: float
    end: float = float("inf")


@dataclass
class Tally:
    by_kind: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: list[tuple[float, str, str]] = field(default_factory=list)  # (time, op, what)
    latencies: list[float] = field(default_factory=list)


class System:
    def __init__(self) -> None:
        self.urls = run.database_urls("postgres", _pg_url())
        self.env = run.process_env(
            self.urls,
            run.ensure_keys(),
            run.ensure_client_secret(),
            run.ensure_client_secret(run.REPORTS_CLIENT_ID),
        )
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.gateway = f"http://127.0.0.1:{run.PORT_BASE}"

    def prepare(self) -> None:
        run.VAR.mkdir(parents=True, exist_ok=True)
        asyncio.run(run.ensure_pg_databases(self.urls, fresh=True))
        run.migrate(self.env)

    def start(self, name: str) -> None:
        (run.VAR / "logs").mkdir(parents=True, exist_ok=True)
        log = (run.VAR / "logs" / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            run.commands()[name],
            env={**os.environ, **self.env[name]},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        run.wait_ready({name: self.procs[name]}, timeout=120)

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def rss_mib(self) -> dict[str, float]:
        sizes = {}
        for name, proc in self.procs.items():
            try:
                status = Path(f"/proc/{proc.pid}/status").read_text()
            except OSError:
                continue
            kib = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
            )
            sizes[name] = kib / 1024
        return sizes

    def close(self) -> None:
        for name in list(self.procs):
            self.stop(name)


def _pg_url() -> str:
    return os.environ.get(
        "KC_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )


class Load:
    """One operation per tick, chosen by weight; each moves real data through the gateway."""

    def __init__(self, client: httpx.AsyncClient, tokens: dict[str, str], seed: int = 1877) -> None:
        self.client, self.tokens = client, tokens
        self.rng = random.Random(seed)
        self.enterprises: list[str] = []
        self.projects: dict[str, str] = {}  # id -> status, for the transitions
        self.commitments: list[str] = []
        self.ops = [
            (self.read, 55),
            (self.transition, 20),
            (self.commitment, 12),
            (self.export, 8),
            (self.ledger, 5),
        ]

    async def call(self, role: str, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[role]}", **kw.pop("headers", {})}
        return await self.client.request(method, f"{API}{path}", headers=headers, **kw)

    def pick(self) -> Any:
        ops, weights = zip(*self.ops, strict=True)
        return self.rng.choices(ops, weights)[0]

    async def read(self) -> httpx.Response:
        path, params = self.rng.choice(
            [
                ("/dashboard", {"year": self.rng.randint(2016, 2020)}),
                ("/enterprises", {"q": self.rng.choice(["gốm", "mây", "sơn mài", "gỗ"])}),
                ("/projects", {"fiscal_year": self.rng.randint(2016, 2020)}),
                (f"/budget/years/{YEAR}/summary", {}),
                ("/craft-villages", {}),
            ]
        )
        return await self.call("viewer", "GET", path, params=params)

    async def ledger(self) -> httpx.Response:
        return await self.call("finance", "GET", "/budget/ledger", params={"page_size": 50})

    async def export(self) -> httpx.Response:
        path = self.rng.choice(["/projects/export", "/enterprises/export"])
        return await self.call("officer", "GET", path, params={"format": "csv"})

    async def commitment(self) -> httpx.Response:
        if self.commitments and self.rng.random() < 0.5:
            cid = self.commitments.pop()
            return await self.call(
                "manager",
                "POST",
                f"/budget/commitments/{cid}/release",
                json={"amount_vnd": 1_000_000, "reason": "Soak: trả lại phần chưa dùng"},
                headers={"Idempotency-Key": f"soak-release-{cid}"},
            )
        response = await self.call(
            "manager",
            "POST",
            "/budget/commitments",
            json={
                "fiscal_year": YEAR,
                "category": "program_management",
                "funding_source": "local",
                "amount_vnd": 1_000_000,
            },
            headers={"Idempotency-Key": f"soak-commit-{uuid.uuid4()}"},
        )
        if response.status_code == 201:
            self.commitments.append(response.json()["id"])
        return response

    async def transition(self) -> httpx.Response:
        """Advance one project a step; with none in flight, create one."""
        moving = [p for p, s in self.projects.items() if s not in ("cancelled", "rejected")]
        if not moving or self.rng.random() < 0.2:
            return await self._create()
        pid = self.rng.choice(moving)
        status = self.projects[pid]
        step: tuple[str, str, dict[str, Any] | None, str] = {
            "draft": ("officer", "submit", None, "submitted"),
            "submitted": (
                "officer",
                "appraisal",
                {"score": 80, "recommendation": "approve"},
                "appraised",
            ),
            "appraised": (
                "manager",
                "approval",
                {
                    "decision_number": "99/QĐ-SCT",
                    "decision_date": f"{YEAR}-04-01",
                    "approved_support_vnd": 50_000_000,
                    "funding_source": "local",
                },
                "approved",
            ),
            "approved": ("officer", "start", None, "in_progress"),
            "in_progress": ("manager", "cancellation", {"reason": "Soak: dừng đề án"}, "cancelled"),
        }[status]
        role, action, body, after = step
        response = await self.call(role, "POST", f"/projects/{pid}/{action}", json=body)
        if response.status_code < 300:
            self.projects[pid] = after
        elif response.status_code == 409 and action == "approval":
            self.projects[pid] = "cancelled"  # no money left on the line: let it rest
        return response

    async def _create(self) -> httpx.Response:
        support = 50_000_000
        response = await self.call(
            "officer",
            "POST",
            "/projects",
            json={
                "title": f"Soak: ứng dụng máy móc {uuid.uuid4().hex[:6]}",
                "activity_type": "machinery_application",
                "fiscal_year": YEAR,
                "implementing_unit": "Trung tâm Khuyến công Bình Dương",
                "beneficiary_enterprise_id": self.rng.choice(self.enterprises),
                "total_cost_vnd": support * 2,
                "requested_support_vnd": support,
                "counterpart_vnd": support,
            },
        )
        if response.status_code == 201:
            self.projects[response.json()["id"]] = "draft"
        return response


async def login(client: httpx.AsyncClient) -> dict[str, str]:
    tokens = {}
    for user in ("manager", "officer", "finance", "viewer"):
        r = await client.post(
            f"{API}/auth/token",
            data={"grant_type": "password", "username": user, "password": "khuyencong"},
        )
        r.raise_for_status()
        tokens[user] = r.json()["access_token"]
    return tokens


async def drive(
    system: System, minutes: float, rate: float
) -> tuple[Tally, list[Window], dict[str, list[tuple[float, float]]]]:
    tally, windows = Tally(), []
    memory: dict[str, list[tuple[float, float]]] = {}
    duration = minutes * 60
    async with httpx.AsyncClient(base_url=system.gateway, timeout=60) as client:
        tokens = await login(client)
        load = Load(client, tokens)
        page = (
            await load.call(
                "viewer", "GET", "/enterprises", params={"status": "active", "page_size": 200}
            )
        ).json()
        load.enterprises = [e["id"] for e in page["items"]]
        started = time.monotonic()
        limit = asyncio.Semaphore(64)
        pending: set[asyncio.Task[None]] = set()

        async def one(op: Any) -> None:
            async with limit:
                t0 = time.monotonic()
                try:
                    response = await op()
                    code = response.status_code
                    if code == 401:  # tokens outlive a short run; renew them if not
                        load.tokens.update(await login(client))
                    what = response.text[:200] if code >= 500 else ""
                except httpx.HTTPError as exc:
                    code, what = 599, f"{type(exc).__name__}: {exc}"
                tally.by_kind[(op.__name__, code)] += 1
                tally.latencies.append(time.monotonic() - t0)
                if code >= 500:
                    tally.failures.append((t0 - started, op.__name__, what))

        async def restarts() -> None:
            for name, at in RESTARTS:
                await asyncio.sleep(max(0.0, started + at * duration - time.monotonic()))
                window = Window(name, time.monotonic() - started)
                windows.append(window)
                await asyncio.to_thread(system.stop, name)
                await asyncio.to_thread(system.start, name)
                window.end = time.monotonic() - started + GRACE
                memory.setdefault(f"{name} (after restart)", [])

        async def sample_memory() -> None:
            while time.monotonic() - started < duration:
                now = time.monotonic() - started
                for name, mib in system.rss_mib().items():
                    restarted = any(w.service == name for w in windows)
                    memory.setdefault(f"{name} (after restart)" if restarted else name, []).append(
                        (now, mib)
                    )
                await asyncio.sleep(5)

        side = [asyncio.create_task(restarts()), asyncio.create_task(sample_memory())]
        tick = 1.0 / rate
        next_at = started
        while time.monotonic() - started < duration:
            task = asyncio.create_task(one(load.pick()))
            pending.add(task)
            task.add_done_callback(pending.discard)
            next_at += tick
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        await asyncio.gather(*pending, *side)
    return tally, windows, memory


async def books(system: System) -> dict[str, Any]:
    dsn = system.urls["budget"].replace("postgresql+asyncpg", "postgresql")
    conn = await asyncpg.connect(dsn)
    try:
        over = await conn.fetchval(
            "SELECT count(*) FROM allocation_lines "
            "WHERE committed_vnd > allocated_vnd OR disbursed_vnd > committed_vnd"
        )
        drift = await conn.fetchval(
            """
            SELECT count(*) FROM allocation_lines l
            LEFT JOIN (SELECT fiscal_year, category, funding_source,
                              sum(committed_vnd) AS c, sum(disbursed_vnd) AS d
                       FROM commitments GROUP BY 1, 2, 3) s
              USING (fiscal_year, category, funding_source)
            WHERE l.committed_vnd <> coalesce(s.c, 0) OR l.disbursed_vnd <> coalesce(s.d, 0)
            """
        )
        commitments = await conn.fetchval("SELECT count(*) FROM commitments")
    finally:
        await conn.close()
    async with httpx.AsyncClient(base_url=system.gateway, timeout=120) as client:
        tokens = await login(client)
        verify = await client.get(
            f"{API}/budget/ledger/verify", headers={"Authorization": f"Bearer {tokens['finance']}"}
        )
    return {"over": over, "drift": drift, "commitments": commitments, "verify": verify.json()}


def report(
    minutes: float,
    rate: float,
    tally: Tally,
    windows: list[Window],
    memory: dict[str, list[tuple[float, float]]],
    money: dict[str, Any],
) -> bool:
    duration = minutes * 60
    outside = [f for f in tally.failures if not any(w.start <= f[0] <= w.end for w in windows)]
    inside = len(tally.failures) - len(outside)
    total = sum(tally.by_kind.values())
    print(f"\nsoak: {minutes:g} min at {rate:g} req/s through the gateway: {total} requests")
    for (op, code), n in sorted(tally.by_kind.items()):
        print(f"  {op:<12} {code}: {n}")
    q = sorted(tally.latencies)
    print(
        f"  latency p50 {q[len(q) // 2] * 1000:.1f} ms, p99 {q[int(len(q) * 0.99)] * 1000:.1f} ms"
    )
    for w in windows:
        print(f"  restart window {w.service}: {w.start:.0f}–{w.end:.0f} s")
    print(f"  5xx inside restart windows: {inside}; outside: {len(outside)}")
    for at, op, what in outside[:10]:
        print(f"    {at:.1f} s {op}: {what}")
    flat = True
    print("  memory (RSS MiB, after warm-up → end):")
    for name, samples in sorted(memory.items()):
        if len(samples) < 4:
            continue
        first_t = samples[0][0]
        warm = first_t + max(60.0, 0.25 * (duration - first_t))
        settled = [m for t, m in samples if t >= warm] or [samples[-1][1]]
        change = (settled[-1] - settled[0]) / settled[0] * 100
        ok = abs(change) <= 10
        flat &= ok
        verdict = "ok" if ok else "NOT FLAT"
        print(f"    {name:<28} {settled[0]:7.1f} → {settled[-1]:7.1f} ({change:+.1f}%) {verdict}")
    verify = money["verify"]
    print(
        f"  money: {money['commitments']} commitments, lines over their allocation: "
        f"{money['over']}, lines whose totals differ from their commitments: {money['drift']}"
    )
    print(f"  ledger: ok={verify.get('ok')} entries={verify.get('entries')}")
    promises = {
        "no 5xx outside the restart windows": not outside,
        "no money drift": money["over"] == 0 and money["drift"] == 0,
        "the ledger verifies": verify.get("ok") is True,
        "memory flat (±10% after warm-up)": flat,
    }
    for promise, kept in promises.items():
        print(f"  {'kept' if kept else 'BROKEN'}: {promise}")
    return all(promises.values())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=20, help="requests per second")
    args = parser.parse_args()
    system = System()
    try:
        prefix = os.environ["KC_DATABASE_PREFIX"]
        print(f"[soak] preparing PostgreSQL databases ({prefix}_*) and the demo")
        system.prepare()
        for name in ("registry", "budget", "projects", "gateway"):
            system.start(name)
        from demo_data import load_demo_data

        load_demo_data(system.gateway, system.env, lambda m: print(f"[soak] {m}", flush=True))
        print(f"[soak] load for {args.minutes:g} min at {args.rate:g} req/s")
        tally, windows, memory = asyncio.run(drive(system, args.minutes, args.rate))
        money = asyncio.run(books(system))
        kept = report(args.minutes, args.rate, tally, windows, memory, money)
    finally:
        system.close()
        asyncio.run(_drop(system))
    sys.exit(0 if kept else 1)


async def _drop(system: System) -> None:
    admin = _pg_url().replace("postgresql+asyncpg", "postgresql")
    conn = await asyncpg.connect(admin)
    try:
        for url in system.urls.values():
            await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await conn.close()


if __name__ == "__main__":
    main()
