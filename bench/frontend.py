"""`make bench-frontend`: the web app's initial bundle and its time to dashboard data.

Starts the system the way `make run` does (SQLite and demo data in a temporary directory, ports
from 18500), then runs frontend/scripts/bench.mjs against it in headless Chromium: gzipped initial
JS and CSS, and the time from login (and from a reload) until the dashboard shows data.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = int(os.environ.get("BENCH_PORT_BASE", "18500"))


def main() -> None:
    npm = shutil.which("npm") or "npm"
    subprocess.run([npm, "run", "--silent", "build"], cwd=ROOT / "frontend", check=True)
    with tempfile.TemporaryDirectory(prefix="kc-bench-frontend-") as var:
        env = {**os.environ, "KC_VAR_DIR": var, "KC_PORT_BASE": str(BASE)}
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
            subprocess.run(
                [npm, "run", "--silent", "bench"],
                cwd=ROOT / "frontend",
                check=True,
                env={**os.environ, "BASE_URL": f"http://127.0.0.1:{BASE}"},
            )
        finally:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(60)


if __name__ == "__main__":
    main()
