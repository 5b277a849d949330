"""The system as a new user meets it: `make run` in a fresh directory, demo data, the SPA.

One `make run` (SQLite under a temporary KC_VAR_DIR, ports from a free base) serves every test
here: the demo figures must agree with the ledger, the Playwright suite drives the web app through
a real Chromium, and Ctrl-C must stop every process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kc_common.testing import free_port_block, port_free

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 600  # installs, migrations, the SPA build and ~120 demo projects


def _path_without_uv() -> str:
    """PATH minus every folder that holds a `uv` (and the project's virtualenv)."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    kept = [f for f in folders if f and not (Path(f) / "uv").exists() and ".venv" not in f]
    path = os.pathsep.join(kept)
    assert shutil.which("uv", path=path) is None
    return path


class RunningSystem:
    def __init__(self, proc: subprocess.Popen[str], base: int, log: Path) -> None:
        self.proc, self.base, self.log = proc, base, log
        self.url = f"http://127.0.0.1:{base}"

    def token(self, username: str) -> str:
        response = httpx.post(
            f"{self.url}/api/v1/auth/token",
            data={"grant_type": "password", "username": username, "password": "khuyencong"},
        )
        response.raise_for_status()
        return str(response.json()["access_token"])


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    var = tmp_path_factory.mktemp("var")
    # KC_TEST_PORT_START: where to look for five free ports (parallel checkouts keep apart).
    base = free_port_block(5, start=int(os.environ.get("KC_TEST_PORT_START", "18000")))
    log = var / "make-run.log"
    # A new user's machine has no uv: `make run` must install its own (pinned, into .tools/).
    env = {
        **os.environ,
        "KC_VAR_DIR": str(var),
        "KC_PORT_BASE": str(base),
        "PATH": _path_without_uv(),
        # The Playwright suite signs in as the same few demo users dozens of times a minute from
        # one address; the login rate limit itself is tested in gateway/tests/test_auth.py.
        "GATEWAY_LOGIN_RATE_LIMIT": "500",
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    system = RunningSystem(proc, base, log)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while "is running" not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
            pytest.fail(f"make run did not come up:\n{log.read_text()[-4000:]}")
        time.sleep(1)
    try:
        yield system
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_every_process_is_ready(system: RunningSystem) -> None:
    for port in range(system.base, system.base + 4):
        assert httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200


def test_dashboard_2018_agrees_with_the_demo_projects(system: RunningSystem) -> None:
    headers = {"Authorization": f"Bearer {system.token('manager')}"}
    dashboard = httpx.get(
        f"{system.url}/api/v1/dashboard", params={"year": 2018}, headers=headers, timeout=30
    ).json()
    assert dashboard["warnings"] == []
    projects = []
    page = 1
    while True:
        batch = httpx.get(
            f"{system.url}/api/v1/projects",
            headers=headers,
            params={"fiscal_year": 2018, "page": page, "page_size": 200},
        ).json()
        projects += batch["items"]
        if len(projects) >= batch["total"]:
            break
        page += 1
    assert len(projects) >= 20
    # What a project still holds of its commitment: approved, less what was released.
    committed = sum(
        (p["approved_support_vnd"] or 0) - p["released_vnd"] for p in projects if p["commitment_id"]
    )
    disbursed = sum(p["disbursed_vnd"] for p in projects)
    totals = dashboard["budget"]["totals"]
    assert committed > 0
    assert totals["committed_vnd"] == committed
    assert totals["disbursed_vnd"] == disbursed
    assert totals["appropriated_vnd"] == 5_500_000_000
    assert totals["available_vnd"] == totals["allocated_vnd"] - committed


def test_the_web_app_end_to_end(system: RunningSystem) -> None:
    """Playwright in Debian's Chromium against the running system (frontend/e2e)."""
    npx = shutil.which("npx")
    assert npx, "Node.js is required"
    result = subprocess.run(
        [npx, "playwright", "test", "--reporter=line"],
        cwd=ROOT / "frontend",
        env={**os.environ, "BASE_URL": system.url, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


def test_ctrl_c_stops_every_process(system: RunningSystem) -> None:
    os.killpg(system.proc.pid, signal.SIGINT)
    system.proc.wait(timeout=60)
    time.sleep(1)
    for port in range(system.base, system.base + 4):
        assert port_free(port), f"port {port} still answers after Ctrl-C"
