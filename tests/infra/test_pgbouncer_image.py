"""infra/pgbouncer/entrypoint.sh, the compose PgBouncer's configuration, run for real: the
services' roles log in with their own passwords (SCRAM), anyone else is refused, and the pool
is in transaction mode."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from kc_common.testing import free_port, postgres_admin_url

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "infra" / "pgbouncer" / "entrypoint.sh"
PASSWORD = "a-long-random-password"


@pytest.fixture
def bouncer() -> Iterator[tuple[int, Path]]:
    if not shutil.which("pgbouncer") and not Path("/usr/sbin/pgbouncer").exists():
        pytest.fail("pgbouncer is not installed (Debian package `pgbouncer`; .ci/run installs it)")
    upstream = postgres_admin_url().split("@", 1)[1].split("/", 1)[0]
    host, _, port = upstream.partition(":")
    listen = free_port()
    # its own folder under /tmp, which the `postgres` user (see below) can write
    conf = Path(tempfile.mkdtemp(prefix="kc-pgbouncer-image-")) / "conf"
    env = {
        "PATH": f"{os.environ['PATH']}:/usr/sbin",
        "PGBOUNCER_CONF_DIR": str(conf),
        "PGBOUNCER_UPSTREAM_HOST": host,
        "PGBOUNCER_UPSTREAM_PORT": port or "5432",
        "PGBOUNCER_PORT": str(listen),
        "PGBOUNCER_ROLES": "postgres:KC_TEST_DB_PASSWORD",
        "KC_TEST_DB_PASSWORD": PASSWORD,
    }
    command = [str(ENTRYPOINT)]
    if (
        os.geteuid() == 0
    ):  # PgBouncer refuses root: run the entrypoint as `postgres`, as in the image
        shutil.chown(conf.parent, "postgres")
        command = ["runuser", "-u", "postgres", "--", *command]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", listen), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"pgbouncer did not start: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
            time.sleep(0.1)
    try:
        yield listen, conf
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(conf.parent, ignore_errors=True)


def test_roles_log_in_with_their_passwords_and_others_are_refused(
    bouncer: tuple[int, Path],
) -> None:
    port = bouncer[0]

    async def run() -> None:
        conn = await asyncpg.connect(
            host="127.0.0.1",
            port=port,
            user="postgres",
            password=PASSWORD,
            database="postgres",
            statement_cache_size=0,
        )
        try:
            assert await conn.fetchval("SELECT 41 + 1") == 42
        finally:
            await conn.close()
        # PgBouncer ends a failed SCRAM exchange as a protocol error (08P01)
        with pytest.raises(asyncpg.PostgresError, match="authentication failed"):
            await asyncpg.connect(
                host="127.0.0.1",
                port=port,
                user="postgres",
                password="wrong",
                database="postgres",
            )
        with pytest.raises(asyncpg.PostgresError):  # a role that is not in the list
            await asyncpg.connect(
                host="127.0.0.1",
                port=port,
                user="nobody",
                password=PASSWORD,
                database="postgres",
            )

    asyncio.run(run())


def test_the_pool_is_in_transaction_mode(bouncer: tuple[int, Path]) -> None:
    port, conf = bouncer
    ini = (conf / "pgbouncer.ini").read_text()
    assert "pool_mode = transaction" in ini
    assert f"listen_port = {port}" in ini
    assert oct((conf / "userlist.txt").stat().st_mode & 0o777) == "0o600"
