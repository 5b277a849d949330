"""Every service through a real PgBouncer in transaction mode (the production topology).

PgBouncer hands each transaction whichever server connection is free, so a prepared statement
kept from one transaction is unknown to the next one's server. The services run with
`*_DB_TRANSACTION_POOLER=true` and only a few server connections behind many client ones; the
approval saga, a race of approvals for the last money and a full lifecycle must hold as they do
on direct connections. Migrations go to PostgreSQL directly, as the migration Jobs do.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kc_common.testing import free_port, postgres_admin_url
from tests.system import test_project_sagas as sagas
from tests.system.conftest import SystemHarness
from tests.system.test_project_sagas import API, Stack, approval, build_stack

PSQL = ("psql", "-h", "127.0.0.1", "-U", "postgres")
SERVER_CONNECTIONS = 3  # per database and user: far fewer than the clients' pools


class PgBouncer:
    def __init__(self) -> None:
        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not Path(binary).exists():
            pytest.fail(
                "pgbouncer is not installed (Debian package `pgbouncer`; .ci/run installs it)"
            )
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="kc-pgbouncer-"))
        upstream = postgres_admin_url().split("@", 1)[1].split("/", 1)[0]
        host, _, port = upstream.partition(":")
        (self.dir / "userlist.txt").write_text('"postgres" ""\n')
        (self.dir / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host={host} port={port or 5432}\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {self.dir / 'userlist.txt'}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {SERVER_CONNECTIONS}\n"
            "max_client_conn = 500\n"
            "admin_users = postgres\n"
            "log_connections = 0\n"
            "log_disconnections = 0\n"
            f"logfile = {self.dir / 'pgbouncer.log'}\n"
        )
        command = [binary, str(self.dir / "pgbouncer.ini")]
        if os.geteuid() == 0:
            # PgBouncer refuses to run as root: it switches to `postgres`, who writes the log.
            command[1:1] = ["-u", "postgres"]
            for path in (self.dir, *self.dir.iterdir()):
                shutil.chown(path, "postgres")
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while True:
            try:
                with httpx_socket(self.port):
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                    pytest.fail(f"pgbouncer did not start: {err}{self.log()}")
                time.sleep(0.1)

    def url(self, direct: str) -> str:
        """The same database, reached through PgBouncer."""
        scheme_user, rest = direct.split("@", 1)
        return f"{scheme_user}@127.0.0.1:{self.port}/{rest.split('/', 1)[1]}"

    def show(self, what: str) -> list[dict[str, str]]:
        """PgBouncer's admin console (`SHOW POOLS`, …), through psql's simple protocol."""
        out = subprocess.run(
            [*PSQL, "-p", str(self.port), "-d", "pgbouncer", "--csv", "-c", f"SHOW {what}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        header = out[0].split(",")
        return [dict(zip(header, line.split(","), strict=False)) for line in out[1:]]

    def log(self) -> str:
        path = self.dir / "pgbouncer.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def httpx_socket(port: int) -> object:
    import socket

    return socket.create_connection(("127.0.0.1", port), timeout=1)


@pytest.fixture(scope="module")
def pooled(harness: SystemHarness) -> Iterator[tuple[Stack, PgBouncer]]:
    bouncer = PgBouncer()
    try:
        stack = build_stack(harness, bouncer.url, DB_TRANSACTION_POOLER="true")
    except BaseException:
        bouncer.stop()
        raise
    yield stack, bouncer
    stack.http.close()
    for process in stack.procs.values():
        process.stop()
    bouncer.stop()


def test_full_lifecycle_through_pgbouncer(pooled: tuple[Stack, PgBouncer]) -> None:
    sagas.test_full_lifecycle_keeps_budget_and_project_in_step(pooled[0])


async def test_a_burst_of_approvals_through_pgbouncer_commits_exactly_the_money(
    pooled: tuple[Stack, PgBouncer],
) -> None:
    """Twelve approvals at once for money enough for four, through three server connections:
    four win, eight get 409, and the line holds exactly four commitments' worth."""
    stack, _ = pooled
    year, support = 2018, 100_000_000
    stack.fund(year, 4 * support)
    projects = [stack.appraised(year, support) for _ in range(12)]
    url = stack.procs["projects"].url
    headers = stack.h.headers("program_manager")
    async with httpx.AsyncClient(timeout=60) as client:
        answers = await asyncio.gather(
            *(
                client.post(
                    f"{url}{API}/projects/{p['id']}/approval",
                    json=approval(support),
                    headers=headers,
                )
                for p in projects
            )
        )
    codes = sorted(r.status_code for r in answers)
    assert codes == [200] * 4 + [409] * 8, [r.text for r in answers if r.status_code >= 500]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {
        "budget.insufficient_funds"
    }
    line = stack.line(year)
    assert (line["committed_vnd"], line["available_vnd"]) == (4 * support, 0)
    approved = [p for p in projects if stack.project(p["id"])["status"] == "approved"]
    assert len(approved) == 4
    assert all(len(stack.commitments(p["id"])) == 1 for p in approved)
    verify = stack.call("budget", "GET", "/budget/ledger/verify", "viewer").json()
    assert verify["ok"] is True


async def test_registry_lists_and_searches_through_pgbouncer(
    pooled: tuple[Stack, PgBouncer],
) -> None:
    """Lists and searches read in sessions of their own (kc_common.db.read_session): forty at
    once through three server connections all answer, and find what was written."""
    stack, _ = pooled
    made = {stack.enterprise() for _ in range(3)}
    url = f"{stack.procs['registry'].url}{API}/enterprises"
    headers = stack.h.headers("program_officer")
    queries = [{"q": "gom su lai thieu", "sort": "-created_at"}, {"kind": "household_business"}]
    async with httpx.AsyncClient(timeout=60) as client:
        answers = await asyncio.gather(
            *(client.get(url, params=q, headers=headers) for q in queries * 20)
        )
    assert [r.status_code for r in answers] == [200] * 40, [r.text for r in answers[:2]]
    found = {e["id"] for e in answers[0].json()["items"]}
    assert made <= found


def test_every_service_went_through_pgbouncer_in_transaction_mode(
    pooled: tuple[Stack, PgBouncer],
) -> None:
    """The four service databases are PgBouncer's pools, in transaction mode, and never held
    more server connections than it allows (so the tests above really shared them)."""
    stack, bouncer = pooled
    databases = {
        process.env[f"{process.spec.prefix}DATABASE_URL"].rsplit("/", 1)[1]
        for process in stack.procs.values()
    }
    pools = {row["database"]: row for row in bouncer.show("POOLS")}
    assert databases <= set(pools), (databases, set(pools))
    for name in databases:
        assert pools[name]["pool_mode"] == "transaction"
        assert int(pools[name]["sv_active"]) + int(pools[name]["sv_idle"]) <= SERVER_CONNECTIONS
