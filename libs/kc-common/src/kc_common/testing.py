"""pytest plugin shared by the services' test suites (loaded through the `pytest11` entry point).

The same suite runs against SQLite and PostgreSQL: `TEST_DATABASE=sqlite|postgresql`. A fresh
database is migrated once per session with the service's own Alembic environment; every test
gets a new app (its own engine on the test's event loop) and leaves empty tables behind.
If PostgreSQL is asked for and cannot be reached, the run fails; it never skips.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from kc_common.auth import TokenSigner, generate_ed25519_pem
from kc_common.upstream import tls_context

TEST_AUDIENCE = "khuyencong"
TEST_ISSUER = "khuyencong-gateway"


def database_kind() -> str:
    kind = os.environ.get("TEST_DATABASE", "sqlite")
    if kind not in {"sqlite", "postgresql"}:
        raise pytest.UsageError("TEST_DATABASE must be sqlite or postgresql")
    return kind


def postgres_admin_url() -> str:
    return os.environ.get(
        "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )


def scratch_database_name(name: str) -> str:
    """A PostgreSQL database name unique to this process: `kc_test_<name>_<pid>`, with the
    TEST_DATABASE_PREFIX (e.g. a worktree's name) in front when set, so that parallel runs (make
    test-py runs suites side by side) and other checkouts on the same server never share one."""
    prefix = os.environ.get("TEST_DATABASE_PREFIX", "")
    return f"{prefix}kc_test_{name}_{os.getpid()}"


def provision_database(name: str, alembic_ini: Path) -> str:
    """Create an empty database for this run, migrate it to head, return its async URL."""
    if database_kind() == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix=f"kc-test-{name}-"))
        url = f"sqlite+aiosqlite:///{folder / 'test.db'}"
    else:
        db_name = scratch_database_name(name)
        asyncio.run(recreate_postgres_database(db_name))
        url = postgres_admin_url().rsplit("/", 1)[0] + f"/{db_name}"
    migrate(alembic_ini, url)
    return url


def migrate(alembic_ini: Path, url: str, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(alembic_ini))
    cfg.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, revision)


async def postgres_admin_execute(*statements: str) -> None:
    """Run statements (CREATE/DROP DATABASE) on the admin connection; fail loudly if unreachable."""
    import asyncpg

    dsn = postgres_admin_url().replace("postgresql+asyncpg", "postgresql")
    try:
        conn = await asyncpg.connect(dsn, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise RuntimeError(f"PostgreSQL is unreachable at {dsn}: {exc}") from exc
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def recreate_postgres_database(db_name: str) -> None:
    await postgres_admin_execute(
        f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)', f'CREATE DATABASE "{db_name}"'
    )


def drop_postgres_database(url: str) -> None:
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1]
        asyncio.run(postgres_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def empty_tables(engine: AsyncEngine, metadata: MetaData) -> None:
    """Delete every row a test wrote; tables marked `info={"reference": True}` keep theirs."""
    async with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if not table.info.get("reference"):
                await conn.execute(table.delete())


@pytest.fixture(scope="session")
def signer() -> TokenSigner:
    return TokenSigner(
        generate_ed25519_pem(), kid="test", audience=TEST_AUDIENCE, issuer=TEST_ISSUER
    )


@pytest.fixture(scope="session")
def token_for(signer: TokenSigner) -> Callable[..., str]:
    """`token_for("program_officer")`, `token_for("enterprise", enterprise_id=...)`."""

    def mint(role: str, *, subject: str | None = None, **kw: Any) -> str:
        return signer.sign(subject=subject or f"test-{role}", role=role, username=role, **kw)

    return mint


@pytest.fixture(scope="session")
def auth(token_for: Callable[..., str]) -> Callable[..., dict[str, str]]:
    """`auth("admin")` → headers with a bearer token for that role."""

    def headers(role: str, **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(role, **kw)}"}

    return headers


def migrated_database(name: str, alembic_ini: Path) -> Iterator[str]:
    """A session fixture's body: `yield from migrated_database("budget", ALEMBIC_INI)`."""
    url = provision_database(name, alembic_ini)
    yield url
    drop_postgres_database(url)


def settings_for_tests(database_url: str, signer: TokenSigner, **overrides: Any) -> dict[str, Any]:
    """The settings every service's test app shares: its database, the test key, quiet logs."""
    return {
        "environment": "test",
        "database_url": database_url,
        "jwt_public_key": signer.public_key_pem(),
        "log_json": False,
        "log_level": "WARNING",
        "gc_freeze": False,  # ~50 ms of full collection per app start, three apps a test
        **overrides,
    }


@asynccontextmanager
async def running_app(app: Any, metadata: MetaData) -> AsyncIterator[Any]:
    """Run the app's lifespan around one test, then empty the tables the test wrote."""
    async with app.router.lifespan_context(app):
        yield app
        await empty_tables(app.state.db.engine, metadata)


async def asgi_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


# Real server processes on loopback, for the system tests, the gateway's proxy tests and the
# benchmarks.


class SignerTokens:
    """A ServiceTokenProvider for tests: a `service` token minted by the test issuer (deployed, the
    gateway issues it by the client-credentials grant). `issued` counts the tokens asked for."""

    def __init__(self, signer: TokenSigner, subject: str, scopes: Sequence[str]) -> None:
        self.signer = signer
        self.subject = subject
        self.scopes = tuple(scopes)
        self.issued = 0

    async def token(self) -> str:
        self.issued += 1
        return self.signer.sign(subject=self.subject, role="service", scopes=self.scopes)

    def invalidate(self) -> None:
        return None


class HostRouter(httpx.AsyncBaseTransport):
    """Sends the named hosts to in-process apps (a host name → an ASGITransport of the app),
    anything else over the network: a service's tests run the real services it calls."""

    def __init__(self, routes: dict[str, httpx.AsyncBaseTransport]) -> None:
        self.routes = routes
        self.network = httpx.AsyncHTTPTransport(verify=tls_context())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.routes.get(request.url.host, self.network)
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self.network.aclose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_port_block(count: int, start: int = 18000) -> int:
    """The first of `count` consecutive free loopback ports (for `make run`'s KC_PORT_BASE: the
    gateway on the first, each service on the next ones)."""
    for base in range(start, 60000, count + 1):
        if all(port_free(port) for port in range(base, base + count)):
            return base
    raise RuntimeError(f"no {count} free ports in a row")


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def uvicorn_command(
    app: str,
    port: int,
    *,
    factory: bool = False,
    workers: int = 1,
    app_dir: Path | None = None,
    access_log: bool = True,
) -> list[str]:
    """`python -m uvicorn app` on 127.0.0.1:`port`, logging warnings and worse; as deployed,
    without uvicorn's proxy headers (it would believe X-Forwarded-For from loopback)."""
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--log-level", "warning", "--workers", str(workers), "--no-proxy-headers"]
    if factory:
        cmd.append("--factory")
    if app_dir is not None:
        cmd += ["--app-dir", str(app_dir)]
    if not access_log:
        cmd.append("--no-access-log")
    return cmd


def wait_ready(
    url: str, *, timeout: float = 30.0, proc: subprocess.Popen[bytes] | None = None
) -> None:
    """Poll `url` until it answers 200; fail early if `proc` exits meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready in {timeout}s")


@dataclass(frozen=True)
class ServerProcess:
    url: str
    port: int
    proc: subprocess.Popen[bytes]


@contextmanager
def uvicorn_process(
    app: str,
    *,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    ready_path: str = "/readyz",
    ready_timeout: float = 30.0,
    **command: Any,
) -> Iterator[ServerProcess]:
    """`uvicorn_command` as a process (on a free port unless `port` is given) until the block
    ends; its output goes to a temporary log, printed if it fails to start."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="uvicorn-", suffix=".log", delete=False)  # noqa: SIM115
    cmd = uvicorn_command(app, port, **command)
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=log, stderr=log)  # noqa: S603 - our own command
    try:
        try:
            wait_ready(url + ready_path, timeout=ready_timeout, proc=proc)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{Path(log.name).read_text()[-3000:]}") from exc
        yield ServerProcess(url, port, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()
