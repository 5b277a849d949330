"""What every benchmark shares: start processes on free ports, drive them with wrk, print tables.

Load comes from wrk (Debian package) on loopback, so the load generator costs little CPU next to
the server under test. Results are figures and ratios against a baseline run side by side; nothing
here asserts a time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kc_common import testing
from kc_common.auth import TokenSigner, generate_ed25519_pem

ROOT = Path(__file__).resolve().parents[1]
# The PostgreSQL server whose scratch databases the benchmarks make (the tests' variable).
ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)

_REPORT_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("WRKJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, "
    .. "\\"non2xx\\": %d, \\"p50_us\\": %d, \\"p95_us\\": %d, \\"p99_us\\": %d}\\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class LoadResult:
    name: str
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non2xx: int

    @classmethod
    def of_latencies(cls, name: str, latencies: list[float], elapsed: float) -> LoadResult:
        """A run timed in this process: one latency (seconds) per request, all succeeded."""
        q = statistics.quantiles(latencies, n=100)
        return cls(
            name=name,
            requests=len(latencies),
            rps=len(latencies) / elapsed,
            p50_ms=q[49] * 1000,
            p95_ms=q[94] * 1000,
            p99_ms=q[98] * 1000,
            errors=0,
            non2xx=0,
        )


def ensure_tool(binary: str, package: str) -> str:
    path = shutil.which(binary)
    if path:
        return path
    print(f"installing {package} (Debian) for the benchmark", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", package],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which(binary) or binary


@contextmanager
def uvicorn_process(
    app: str,
    port: int,
    env: Mapping[str, str] | None = None,
    *,
    factory: bool = True,
    workers: int = 1,
    ready_timeout: float = 30.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """The server under load (uvloop + httptools, no access log) until the block ends; see
    `kc_common.testing.uvicorn_process`."""
    with testing.uvicorn_process(
        app,
        port=port,
        env=env,
        factory=factory,
        workers=workers,
        access_log=False,
        ready_timeout=ready_timeout,
    ) as server:
        yield server.proc


def wrk(
    name: str,
    url: str,
    *,
    seconds: int = 10,
    connections: int = 50,
    threads: int = 1,
    headers: Mapping[str, str] | None = None,
    lua: str = "",
) -> LoadResult:
    """Drive `url` with wrk; `lua` may define request()/response() (e.g. POST bodies)."""
    binary = ensure_tool("wrk", "wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + "\n" + _REPORT_LUA)
    cmd = [
        binary,
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    seconds_taken = data["duration_us"] / 1e6
    return LoadResult(
        name=name,
        requests=data["requests"],
        rps=data["requests"] / seconds_taken,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
        non2xx=data["non2xx"],
    )


def print_table(title: str, results: list[LoadResult], baseline: LoadResult) -> None:
    print(f"\n{title}")
    header = (
        f"{'run':<34}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'non2xx':>8}{'rps vs ' + baseline.name[:12]:>22}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = r.rps / baseline.rps if baseline.rps else 0.0
        print(
            f"{r.name:<34}{r.rps:>10.0f}{r.p50_ms:>9.2f}{r.p95_ms:>9.2f}{r.p99_ms:>9.2f}"
            f"{r.non2xx + r.errors:>8}{ratio:>21.2f}x"
        )


def driver_dsn(url: str) -> str:
    """An SQLAlchemy asyncpg URL as asyncpg itself takes it."""
    return url.replace("postgresql+asyncpg", "postgresql")


def database_url(name: str) -> str:
    """The URL of database `name` on the benchmarks' server (ADMIN_URL)."""
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


async def admin_sql(*statements: str) -> None:
    """Statements on the server's maintenance database, one after the other (CREATE DATABASE
    cannot run in a transaction)."""
    import asyncpg

    conn = await asyncpg.connect(driver_dsn(ADMIN_URL), timeout=10)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def recreate_database(name: str) -> str:
    """An empty database `name` (an earlier one dropped, its connections and all); its URL."""
    await admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return database_url(name)


async def drop_database(name: str) -> None:
    await admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_signer() -> TokenSigner:
    """A fresh signing key that the services under test are told to trust (their
    `*_JWT_PUBLIC_KEY`), with the audience and issuer they check."""
    return TokenSigner(
        generate_ed25519_pem(), kid="bench", audience="khuyencong", issuer="khuyencong-gateway"
    )


@contextmanager
def demo_system(var: str, port_base: int, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The system as `make run` starts it (scripts/run.py: SQLite and the demo data in `var`,
    ports from `port_base`) until the block ends; yields the gateway's URL. Its output is in
    `var`/run.log, the last of it shown if it does not start within 10 minutes."""
    env = {**os.environ, "KC_VAR_DIR": var, "KC_PORT_BASE": str(port_base), **(env or {})}
    log = Path(var) / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "scripts/run.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 600
        while "is running" not in log.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the system did not start:\n{log.read_text()[-3000:]}")
            time.sleep(1)
        yield f"http://127.0.0.1:{port_base}"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(60)
