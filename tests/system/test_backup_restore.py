"""`make backup` / `make restore` on a whole system: the demo loaded on PostgreSQL, backed up,
every database dropped, restored, started again: the ledger verifies and every dashboard figure
is the one it was."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kc_common.testing import free_port_block, postgres_admin_execute, postgres_admin_url
from tests.system.conftest import ROOT, run_outside_loop


def _make_run_services() -> tuple[str, ...]:
    """The databases `make run` keeps (scripts/run.py's SERVICES): whatever services it starts."""
    spec = importlib.util.spec_from_file_location("kc_make_run", ROOT / "scripts" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.SERVICES)


SERVICES = _make_run_services()
DEMO_YEARS = range(2016, 2021)
RUN_ARGS = ("--database", "postgres", "--skip-spa")
STARTUP_TIMEOUT = 300  # migrations, demo data and four processes on a shared 2-core machine


class System:
    """scripts/run.py (what `make run DATABASE=postgres` starts) on its own databases and ports."""

    def __init__(self, var: Path, prefix: str) -> None:
        self.var, self.prefix = var, prefix
        self.base = free_port_block(5)
        self.url = f"http://127.0.0.1:{self.base}"
        self.env = {
            **os.environ,
            "KC_VAR_DIR": str(var),
            "KC_PORT_BASE": str(self.base),
            "KC_DATABASE_PREFIX": prefix,
            "KC_POSTGRES_URL": postgres_admin_url(),
            # The demo's story (every year, every status), not its size: 4 projects a year.
            "KC_DEMO_PROJECTS_PER_YEAR": "4",
        }
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        log = self.var / "run.log"
        with log.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "scripts" / "run.py"), *RUN_ARGS],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while "is running" not in log.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the system did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def script(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "backup.py"), *args, "--database", "postgres"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def figures(self) -> dict[str, Any]:
        """What an official sees: each demo year's dashboard, and the ledger's own check."""
        with httpx.Client(base_url=self.url, timeout=30) as client:
            token = client.post(
                "/api/v1/auth/token",
                data={"grant_type": "password", "username": "manager", "password": "khuyencong"},
            )
            token.raise_for_status()
            client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
            figures: dict[str, Any] = {}
            for year in DEMO_YEARS:
                response = client.get("/api/v1/dashboard", params={"year": year})
                response.raise_for_status()
                figures[f"dashboard {year}"] = response.json()
            verify = client.get("/api/v1/budget/ledger/verify")
            verify.raise_for_status()
            figures["ledger"] = verify.json()
        return figures

    def drop_databases(self) -> None:
        """Every database of this system, whichever services `make run` starts."""
        query = f"SELECT datname FROM pg_database WHERE datname LIKE '{self.prefix}\\_%'"
        admin = postgres_admin_url().replace("+asyncpg", "", 1)
        listed = subprocess.run(
            ["psql", "-At", "-d", admin, "-c", query],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        if listed:
            run_outside_loop(
                lambda: postgres_admin_execute(
                    *(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in listed)
                )
            )


@pytest.fixture
def system(tmp_path: Path) -> Iterator[System]:
    running = System(tmp_path / "var", f"kc_backup_{uuid.uuid4().hex[:8]}")
    running.var.mkdir()
    try:
        yield running
    finally:
        running.stop()
        running.drop_databases()


def test_backup_wipe_restore_keeps_every_figure_and_the_ledger(
    system: System, tmp_path: Path
) -> None:
    system.start()
    before = system.figures()
    system.stop()
    assert before["ledger"]["ok"] is True
    assert before["ledger"]["entries"] > 0
    assert any(
        before[f"dashboard {year}"]["budget"]["totals"]["committed_vnd"] > 0 for year in DEMO_YEARS
    ), "the demo data commits money in its years"

    folder = tmp_path / "backup"
    system.script("backup", "--out", str(folder))
    saved = {p.name for p in folder.iterdir()}
    assert {f"{name}.dump" for name in SERVICES} | {"manifest.json"} <= saved

    system.drop_databases()
    system.script("restore", str(folder))
    system.start()
    after = system.figures()

    assert after == before


def test_restore_refuses_a_backup_whose_files_changed(system: System, tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    folder.mkdir()
    for name in SERVICES:
        (folder / f"{name}.dump").write_bytes(b"not a dump")
    (folder / "manifest.json").write_text(
        '{"database": "postgres", "databases": {'
        + ", ".join(f'"{n}": {{"file": "{n}.dump", "sha256": "{"0" * 64}"}}' for n in SERVICES)
        + "}}"
    )
    backup_py = str(ROOT / "scripts" / "backup.py")
    done = subprocess.run(
        [sys.executable, backup_py, "restore", str(folder), "--database", "postgres"],
        env=system.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "sha256 differs from the manifest" in done.stderr


def test_sqlite_backup_is_consistent_and_restores_whole(tmp_path: Path) -> None:
    """`make run`'s embedded databases: copied with SQLite's online backup, put back whole."""
    import sqlite3

    var = tmp_path / "var"
    (var / "data").mkdir(parents=True)
    env = {**os.environ, "KC_VAR_DIR": str(var)}
    for name in SERVICES:
        with sqlite3.connect(var / "data" / f"{name}.db") as db:
            db.execute("CREATE TABLE t (v TEXT)")
            db.execute("INSERT INTO t VALUES (?)", (f"Sổ cái {name}",))

    def backup_py(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "backup.py"), *args],
            env=env,
            capture_output=True,
            text=True,
        )

    made = backup_py("backup", "--out", str(tmp_path / "b"))
    assert made.returncode == 0, made.stderr
    for name in SERVICES:
        with sqlite3.connect(var / "data" / f"{name}.db") as db:
            db.execute("DELETE FROM t")
            db.execute("INSERT INTO t VALUES ('later')")
    restored = backup_py("restore", str(tmp_path / "b"))
    assert restored.returncode == 0, restored.stderr
    for name in SERVICES:
        with sqlite3.connect(var / "data" / f"{name}.db") as db:
            assert db.execute("SELECT v FROM t").fetchall() == [(f"Sổ cái {name}",)]
