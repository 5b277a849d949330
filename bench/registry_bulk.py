"""Benchmark the registry's CSV import and export at national scale, before and after.

`make bench-registry` (second command) = `uv run python bench/registry_bulk.py`. Through the HTTP
API of a real uvicorn process (one worker), with the tree of an earlier commit beside this one
("old": `BENCH_BULK_BASELINE`, by default the commit before the streamed import) and runs
interleaved old/new:

PostgreSQL (a scratch database):
  (a) import 100,000 rows: old, new, old, new (the table emptied before each);
  (b) import 1,000,000 rows, new only (the old path holds the whole file as Python objects:
      gigabytes), then the same file again with one bad row in the middle (422, nothing written);
  (c) export those 1,000,000 rows as CSV: old, new, each in a fresh server process.
SQLite (a scratch file): import 100,000 rows old/new; a filtered list page and a search
(median of 20 requests); export 100,000 rows old/new.

Each figure: seconds, rows/s, the server's peak RSS (VmHWM of a process started for that
measurement, so it includes the ~100 MB a started registry holds). CPU seconds of the server
process are printed beside the wall time: the machine is shared and the load average (printed)
changes wall times, much less CPU times. `BENCH_BULK_ROWS` / `BENCH_BULK_SMALL` change the sizes;
`BENCH_BULK_SKIP_OLD=1` runs only the new tree; `BENCH_BULK_ROUNDS` (2) old/new pairs at 100k.
Nothing here asserts a time.
"""

from __future__ import annotations

import asyncio
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.lib import bench_signer, drop_database, recreate_database  # noqa: E402
from kc_common.testing import uvicorn_process  # noqa: E402

BIG = int(os.environ.get("BENCH_BULK_ROWS", "1000000"))
SMALL = int(os.environ.get("BENCH_BULK_SMALL", "100000"))
BASELINE = os.environ.get("BENCH_BULK_BASELINE", "fb23717")
SKIP_OLD = os.environ.get("BENCH_BULK_SKIP_OLD") == "1"
ROUNDS = int(os.environ.get("BENCH_BULK_ROUNDS", "2"))  # old/new pairs of the 100k import
DB_NAME = os.environ.get("BENCH_BULK_DB", "kc_bench_registry_bulk")
ALEMBIC_INI = ROOT / "services/enterprise-registry/alembic.ini"
TIMEOUT = 900.0  # seconds, per request: every run is bounded

HEADER = [
    "Mã số thuế", "Tên doanh nghiệp", "Loại hình", "Quy mô", "Mã ngành",
    "Mã đơn vị hành chính", "Địa chỉ", "Ngày thành lập", "Số lao động",
    "Công nghiệp nông thôn", "Giới tính chủ cơ sở", "Điện thoại", "Email",
]  # fmt: skip
KINDS = ["Doanh nghiệp", "Hợp tác xã", "Hộ kinh doanh", "Tổ hợp tác"]
SIZES = ["Siêu nhỏ", "Nhỏ", "Vừa", "Lớn"]
TRADES = [("Sơn mài", "32"), ("Gốm sứ", "23"), ("Chế biến gỗ", "16"), ("Cơ khí", "25"),
          ("Chế biến hạt điều", "10"), ("Dệt may", "13"), ("Mây tre đan", "16")]  # fmt: skip
PLACES = ["Tương Bình Hiệp", "Lái Thiêu", "Tân Phước Khánh", "Chánh Nghĩa", "Phú Thọ", "Dĩ An",
          "Bến Cát", "Đất Cuốc", "Hiếu Liêm", "Bàu Bàng", "Dầu Tiếng", "Định Hòa"]  # fmt: skip


def write_csv(path: Path, rows: int, *, units: list[str], first: int, bad_row: int = 0) -> None:
    """`rows` synthetic enterprises with valid, distinct tax codes from `first` on; `bad_row`
    (a spreadsheet row number, header = 1) gets a wrong check digit."""
    from registry.enterprises.tax_code import make_tax_code

    rnd = random.Random(first)
    base = first
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        written = 0
        while written < rows:
            base += 1
            code = make_tax_code(f"{base:09d}")
            if code is None:
                continue
            written += 1
            if written + 1 == bad_row:
                code = code[:9] + str((int(code[9]) + 1) % 10)
            trade, division = rnd.choice(TRADES)
            kind = rnd.choice(KINDS)
            writer.writerow([
                code,
                f"{'Công ty TNHH' if kind == 'Doanh nghiệp' else kind} {trade} "
                f"{rnd.choice(PLACES)} {written}",
                kind, rnd.choice(SIZES), division, rnd.choice(units),
                f"Số {rnd.randrange(1, 500)}, ấp {rnd.choice(PLACES)}",
                f"{rnd.randrange(1, 29):02d}/{rnd.randrange(1, 13):02d}/"
                f"{rnd.randrange(2001, 2025)}",
                str(rnd.randrange(0, 300)), rnd.choice(["Có", "Không"]),
                rnd.choice(["Nam", "Nữ"]), f"0912 {rnd.randrange(100000, 999999)}",
                f"lienhe{written}@example.vn",
            ])  # fmt: skip


# --- the two trees ------------------------------------------------------------------------
def baseline_tree(workdir: Path) -> Path | None:
    """The old commit's registry and shared library, extracted beside the working tree."""
    if SKIP_OLD:
        return None
    target = workdir / "old"
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE, "libs/kc-common/src",
         "services/enterprise-registry/src"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def pythonpath(tree: Path | None) -> str:
    base = tree or ROOT
    return os.pathsep.join(
        [str(base / "libs/kc-common/src"), str(base / "services/enterprise-registry/src")]
    )


@dataclass
class Run:
    name: str
    rows: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    status: int
    note: str = ""

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _proc_status(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(tree: Path | None, url: str, signer_env: dict[str, str]) -> Iterator[tuple[str, int]]:
    env = {
        **signer_env,
        "REGISTRY_DATABASE_URL": url,
        "REGISTRY_ENVIRONMENT": "test",
        "REGISTRY_LOG_LEVEL": os.environ.get("BENCH_BULK_LOG_LEVEL", "WARNING"),
        "REGISTRY_IMPORT_MAX_BYTES": str(400 * 1024 * 1024),
        "REGISTRY_IMPORT_MAX_ROWS": str(max(BIG, SMALL)),
        "PYTHONPATH": pythonpath(tree),
    }
    # a start on a busy machine can take more than uvicorn_process's default 30 s
    with uvicorn_process(
        "registry.app:create_app", env=env, ready_timeout=180, factory=True, access_log=False
    ) as server:
        yield f"{server.url}/api/v1/enterprises", server.proc.pid


def measured(
    name: str,
    rows: int,
    pid: int,
    call: Callable[[], tuple[int, str]],
) -> Run:
    cpu = _cpu_seconds(pid)
    started = time.monotonic()
    status, note = call()
    return Run(
        name,
        rows,
        time.monotonic() - started,
        _cpu_seconds(pid) - cpu,
        _proc_status(pid, "VmHWM"),
        status,
        note,
    )


def upload(api: str, headers: dict[str, str], path: Path) -> tuple[int, str]:
    with path.open("rb") as f:
        response = httpx.post(
            f"{api}/import",
            files={"file": (path.name, f, "text/csv")},
            headers=headers,
            timeout=TIMEOUT,
        )
    body = response.json()
    if response.status_code == 201:
        return 201, f"imported {body['imported']:,}"
    rows = body.get("rows") or []
    first = f"; row {rows[0]['row']} {rows[0]['field']}" if rows else ""
    return response.status_code, f"{body.get('code')}: {body.get('detail')}{first}"


def export(api: str, headers: dict[str, str]) -> tuple[int, str]:
    lines = size = 0
    with httpx.stream("GET", f"{api}/export", headers=headers, timeout=TIMEOUT) as response:
        for chunk in response.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")
        status = response.status_code
    return status, f"{lines - 1:,} rows, {size / 1e6:.0f} MB"


def timed_get(api: str, headers: dict[str, str], query: dict[str, str], times: int = 20) -> str:
    spent = []
    total = None
    for _ in range(times):
        started = time.monotonic()
        response = httpx.get(api, params=query, headers=headers, timeout=60)
        spent.append(time.monotonic() - started)
        total = response.json()["total"]
    spent.sort()
    median, most = spent[len(spent) // 2] * 1000, spent[-1] * 1000
    return f"median {median:.0f} ms, max {most:.0f} ms ({total:,} found)"


# --- databases ----------------------------------------------------------------------------
def postgres_database() -> str:
    return asyncio.run(recreate_database(DB_NAME))


def empty(url: str) -> None:
    """No enterprises (PostgreSQL: TRUNCATE, then VACUUM ANALYZE as after a restore)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def run() -> None:
        engine = create_async_engine(url)
        postgres = url.startswith("postgresql")
        async with engine.begin() as conn:
            await conn.execute(
                text("TRUNCATE enterprises CASCADE" if postgres else "DELETE FROM enterprises")
            )
        if postgres:
            async with engine.connect() as conn:
                autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("VACUUM ANALYZE enterprises"))
        await engine.dispose()

    asyncio.run(run())


def lists_caught_up(url: str) -> float:
    """When the import's rows were listed under their words: the backlog empty (polled, for at
    most TIMEOUT seconds: then the run stops, saying so)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    WAITING = text("SELECT count(*) FROM enterprise_word_backlog")

    async def run() -> float:
        engine = create_async_engine(url)
        deadline = time.monotonic() + TIMEOUT
        try:
            while time.monotonic() < deadline:
                async with engine.connect() as conn:
                    waiting = await conn.scalar(WAITING)
                if not waiting:
                    return time.monotonic()
                await asyncio.sleep(0.5)
            raise SystemExit(f"the word lists were not caught up within {TIMEOUT:.0f} s")
        finally:
            await engine.dispose()

    return asyncio.run(run())


def communes(url: str) -> list[str]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def run() -> list[str]:
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT DISTINCT code FROM admin_units WHERE level = 'commune' "
                     "AND valid_to IS NULL ORDER BY code")
            )  # fmt: skip
            codes = [r[0] for r in rows]
        await engine.dispose()
        return codes

    return asyncio.run(run())


def print_runs(title: str, runs: list[Run]) -> None:
    print(f"\n{title}")
    header = f"{'run':<44}{'s':>8}{'rows/s':>10}{'cpu s':>8}{'peak RSS MB':>13}{'status':>8}  note"
    print(header)
    print("-" * len(header))
    for r in runs:
        print(
            f"{r.name:<44}{r.seconds:>8.1f}{r.rate:>10,.0f}{r.cpu_seconds:>8.1f}"
            f"{r.peak_rss_mb:>13.0f}{r.status:>8}  {r.note}"
        )


def ratio(old: list[Run], new: list[Run]) -> str:
    if not old or not new:
        return ""
    o = sum(r.seconds for r in old) / len(old)
    n = sum(r.seconds for r in new) / len(new)
    return f"new/old wall time {n / o:.2f}x ({o:.1f} s → {n:.1f} s)"


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def main() -> None:
    from kc_common.testing import migrate

    began = time.monotonic()
    print(f"load average at start {loadavg()}, {os.cpu_count()} CPUs", flush=True)
    signer = bench_signer()
    token = signer.sign(subject="bench", role="admin", ttl_seconds=7200)
    headers = {"Authorization": f"Bearer {token}"}
    signer_env = {"REGISTRY_JWT_PUBLIC_KEY": signer.public_key_pem()}

    with tempfile.TemporaryDirectory(prefix="kc-bench-bulk-") as tmp:
        work = Path(tmp)
        old = baseline_tree(work)
        trees = [("old", old), ("new", None)] if old else [("new", None)]

        # --- PostgreSQL ------------------------------------------------------------------
        pg = postgres_database()
        try:
            migrate(ALEMBIC_INI, pg)
            units = communes(pg)
            small, big, big_bad = work / "small.csv", work / "big.csv", work / "big-bad.csv"
            write_csv(small, SMALL, units=units, first=400_000_000)
            write_csv(big, BIG, units=units, first=500_000_000)
            write_csv(big_bad, BIG, units=units, first=500_000_000, bad_row=BIG // 2)
            print(f"files: {SMALL:,} rows {small.stat().st_size / 1e6:.0f} MB, "
                  f"{BIG:,} rows {big.stat().st_size / 1e6:.0f} MB", flush=True)  # fmt: skip

            imports: dict[str, list[Run]] = {"old": [], "new": []}
            for _ in range(ROUNDS):
                for label, tree in trees:
                    empty(pg)
                    with server(tree, pg, signer_env) as (api, pid):
                        run = measured(
                            f"PG import {SMALL:,} ({label})", SMALL, pid,
                            partial(upload, api, headers, small),
                        )  # fmt: skip
                    imports[label].append(run)
                    print_runs("", [run])
            big_runs = []
            empty(pg)
            with server(None, pg, signer_env) as (api, pid):
                big_runs.append(
                    measured(f"PG import {BIG:,} with a bad row (new)", BIG, pid,
                             partial(upload, api, headers, big_bad))
                )  # fmt: skip
                print_runs("", big_runs[-1:])
            with server(None, pg, signer_env) as (api, pid):
                began_import = time.monotonic()
                big_runs.append(
                    measured(
                        f"PG import {BIG:,} (new)", BIG, pid, partial(upload, api, headers, big)
                    )
                )
                print_runs("", big_runs[-1:])
                # the search word lists follow the response, in the server (words.catch_up)
                listed = lists_caught_up(pg) - began_import
                catch_up = f"word lists caught up {listed:.1f} s after the import began"
                print(catch_up, flush=True)
            exports: dict[str, list[Run]] = {"old": [], "new": []}
            for label, tree in trees:
                with server(tree, pg, signer_env) as (api, pid):
                    run = measured(f"PG export {BIG:,} CSV ({label})", BIG, pid,
                                   partial(export, api, headers))  # fmt: skip
                exports[label].append(run)
                print_runs("", [run])
        finally:
            asyncio.run(drop_database(DB_NAME))

        # --- SQLite ----------------------------------------------------------------------
        lite = f"sqlite+aiosqlite:///{work / 'registry.db'}"
        migrate(ALEMBIC_INI, lite)
        lite_imports: dict[str, list[Run]] = {"old": [], "new": []}
        lite_exports: dict[str, list[Run]] = {"old": [], "new": []}
        reads: list[str] = []
        for label, tree in trees:
            empty(lite)
            with server(tree, lite, signer_env) as (api, pid):
                run = measured(f"SQLite import {SMALL:,} ({label})", SMALL, pid,
                               partial(upload, api, headers, small))  # fmt: skip
            lite_imports[label].append(run)
            print_runs("", [run])
            with server(tree, lite, signer_env) as (api, pid):
                run = measured(f"SQLite export {SMALL:,} CSV ({label})", SMALL, pid,
                               partial(export, api, headers))  # fmt: skip
                lite_exports[label].append(run)
                print_runs("", [run])
                if label == "new":
                    unit = units[len(units) // 2]
                    for what, query in (
                        (
                            f"list admin_unit_code={unit}&kind=enterprise",
                            {"admin_unit_code": unit, "kind": "enterprise"},
                        ),
                        ("list page 1 by name", {}),
                        ("search q=son mai tuong binh hiep", {"q": "son mai tuong binh hiep"}),
                    ):
                        query = {**query, "page_size": "50"}
                        reads.append(f"SQLite {what}, 50/page: {timed_get(api, headers, query)}")

    print(
        f"\n=== registry bulk: import/export at national scale (load average now {loadavg()}) ==="
    )
    print_runs(f"PostgreSQL import, {SMALL:,} rows, interleaved", imports["old"] + imports["new"])
    print(ratio(imports["old"], imports["new"]))
    print_runs(f"PostgreSQL, {BIG:,} rows (new only)", big_runs)
    print_runs(f"PostgreSQL export, {BIG:,} rows", exports["old"] + exports["new"])
    print(ratio(exports["old"], exports["new"]))
    print_runs(f"SQLite, {SMALL:,} rows", lite_imports["old"] + lite_imports["new"]
               + lite_exports["old"] + lite_exports["new"])  # fmt: skip
    print(ratio(lite_imports["old"], lite_imports["new"]))
    for line in reads:
        print(line)
    big_import = big_runs[-1]
    print(f"\ntarget: import {BIG:,} rows on PostgreSQL < 60 s: {big_import.seconds:.1f} s "
          f"({'met' if big_import.status == 201 and big_import.seconds < 60 else 'MISSED'}; "
          "wall time: see the load average)")  # fmt: skip
    print(f"  (the response; then the rows are committed and found; {catch_up})")
    peak = exports["new"][0].peak_rss_mb
    print(f"target: export {BIG:,} rows with the registry's RSS < 200 MB: {peak:.0f} MB "
          f"({'met' if peak < 200 else 'MISSED'})")  # fmt: skip
    print(f"total bench time {time.monotonic() - began:.0f}s")


if __name__ == "__main__":
    main()
