"""The shared harness for system tests: the services as real uvicorn processes.

Each service runs in its own process on a free port, on its own fresh PostgreSQL database migrated
with its own alembic.ini (TEST_POSTGRES_URL, default postgres@127.0.0.1:5432). Tokens are signed
with one test key: the gateway (when started) issues them with it, and the tests mint user tokens
with the same key (`harness.headers("program_manager")`), the services verify them with its public
half. Processes can be stopped and restarted on the same port and database.

    def test_x(harness):
        registry = harness.service("registry")
        budget = harness.service("budget")
        harness.start(registry, budget)          # in parallel, waits for /readyz
        httpx.get(f"{budget.url}/api/v1/budget/years", headers=harness.headers("viewer"))
        budget.stop(); budget.start()

Service logs go to files under the session's temp dir; a start that fails shows their tail.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kc_common.auth import TokenSigner, generate_ed25519_pem
from kc_common.testing import (
    TEST_AUDIENCE,
    TEST_ISSUER,
    free_port,
    migrate,
    postgres_admin_execute,
    postgres_admin_url,
    recreate_postgres_database,
    scratch_database_name,
    uvicorn_command,
    wait_ready,
)

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    app: str  # uvicorn factory "package.module:create_app"
    prefix: str  # settings env prefix
    alembic_ini: Path | None


SPECS = {
    "registry": ServiceSpec(
        "registry",
        "registry.app:create_app",
        "REGISTRY_",
        ROOT / "services/enterprise-registry/alembic.ini",
    ),
    "projects": ServiceSpec(
        "projects",
        "projects.app:create_app",
        "PROJECTS_",
        ROOT / "services/project-service/alembic.ini",
    ),
    "budget": ServiceSpec(
        "budget", "budget.app:create_app", "BUDGET_", ROOT / "services/budget-service/alembic.ini"
    ),
    "reports": ServiceSpec(
        "reports",
        "reports.app:create_app",
        "REPORTS_",
        ROOT / "services/report-service/alembic.ini",
    ),
    "gateway": ServiceSpec(
        "gateway", "gateway.app:create_app", "GATEWAY_", ROOT / "gateway/alembic.ini"
    ),
}


def run_outside_loop(factory: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run a coroutine to completion from sync code, even inside an async test (own thread)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(factory())
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


class ServiceProcess:
    """One service as a uvicorn process; `start`, `stop`, `restart` keep its port and database."""

    def __init__(self, spec: ServiceSpec, env: dict[str, str], log_dir: Path) -> None:
        self.spec = spec
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_dir / f"{spec.name}-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def launch(self) -> None:
        if self.running:
            return
        cmd = uvicorn_command(self.spec.app, self.port, factory=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            cmd, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        log.close()

    def wait_ready(self, timeout: float = 180.0) -> None:  # a loaded CI machine starts slowly
        try:
            wait_ready(f"{self.url}/readyz", timeout=timeout, proc=self.proc)
        except RuntimeError as exc:
            raise RuntimeError(f"{self.spec.name}: {exc}\n{self.log_tail()}") from exc

    def start(self) -> ServiceProcess:
        self.launch()
        self.wait_ready()
        return self

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None

    def restart(self) -> ServiceProcess:
        self.stop()
        return self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class SystemHarness:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.private_key_pem = generate_ed25519_pem()
        from gateway.keys import key_id

        self.signer = TokenSigner(
            self.private_key_pem,
            kid=key_id(self.private_key_pem),
            audience=TEST_AUDIENCE,
            issuer=TEST_ISSUER,
        )
        self.public_key_pem = self.signer.public_key_pem()
        self._processes: list[ServiceProcess] = []
        self._databases: list[str] = []
        self._serial = itertools.count(1)

    # --- databases ---
    def database(self, spec: ServiceSpec) -> str:
        """A fresh PostgreSQL database for one process, migrated to head with its alembic.ini."""
        name = scratch_database_name(f"sys_{spec.name}_{next(self._serial)}")
        run_outside_loop(lambda: recreate_postgres_database(name))
        self._databases.append(name)
        url = postgres_admin_url().rsplit("/", 1)[0] + f"/{name}"
        if spec.alembic_ini is not None:
            run_outside_loop(lambda: asyncio.to_thread(migrate, spec.alembic_ini, url))
        return url

    # --- processes ---
    def service(self, name: str, env: dict[str, str] | None = None) -> ServiceProcess:
        """A process for service `name` (not started) on a fresh database; `env` adds settings
        by their name without the prefix (e.g. {"BUDGET_URL": ...} for projects)."""
        spec = SPECS[name]
        p = spec.prefix
        base = {
            f"{p}DATABASE_URL": self.database(spec),
            f"{p}ENVIRONMENT": "test",
            f"{p}JWT_PUBLIC_KEY": self.public_key_pem,
            f"{p}LOG_LEVEL": "WARNING",
            f"{p}LOG_JSON": "true",
            # make test runs two stacks at once on one PostgreSQL (100 connections): a stack's
            # five services may hold 5 + 5 overflow each
            f"{p}DB_POOL_SIZE": "5",
        }
        if name == "gateway":
            base.update(
                {
                    "GATEWAY_JWT_PRIVATE_KEY": self.private_key_pem,
                    "GATEWAY_KEYS_DIR": str(self.workdir / "keys"),
                    "GATEWAY_ARGON2_TIME_COST": "1",
                    "GATEWAY_ARGON2_MEMORY_KIB": "8192",
                    "GATEWAY_ARGON2_PARALLELISM": "1",
                    "GATEWAY_SPA_DIR": str(self.workdir / "no-spa"),
                }
            )
        if name == "projects":
            base["PROJECTS_STORAGE_DIR"] = str(self.workdir / "documents")
        base.update({f"{p}{k}": v for k, v in (env or {}).items()})
        process = ServiceProcess(spec, base, self.workdir)
        self._processes.append(process)
        return process

    def start(self, *processes: ServiceProcess) -> None:
        """Start several processes at once and wait until each is ready."""
        for process in processes:
            process.launch()
        for process in processes:
            process.wait_ready()

    def close(self) -> None:
        for process in reversed(self._processes):
            process.stop()
        for name in self._databases:
            run_outside_loop(
                lambda name=name: postgres_admin_execute(
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
                )
            )

    # --- tokens ---
    def token(self, role: str, *, subject: str | None = None, **kw: Any) -> str:
        return self.signer.sign(subject=subject or f"system-{role}", role=role, username=role, **kw)

    def headers(self, role: str, **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role, **kw)}"}


def tax_code() -> str:
    """A valid, random 10-digit Vietnamese tax code (check digit: docs/domain.md §Registry
    rules)."""
    import random

    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    while True:
        digits = [random.randint(0, 9) for _ in range(9)]
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 0:
            return "".join(map(str, digits)) + str(10 - remainder)


def bootstrap_clients_env(*clients: dict[str, Any]) -> str:
    return json.dumps(list(clients))


@pytest.fixture(scope="session")
def harness() -> Iterator[SystemHarness]:
    workdir = Path(tempfile.mkdtemp(prefix="kc-system-"))
    h = SystemHarness(workdir)
    try:
        yield h
    finally:
        h.close()
