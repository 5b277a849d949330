"""`make bench-frontend`: the web app's initial bundle and its time to dashboard data.

Starts the system the way `make run` does (SQLite and demo data in a temporary directory, ports
from 18500), then runs frontend/scripts/bench.mjs against it in headless Chromium: gzipped initial
JS and CSS, and the time from login (and from a reload) until the dashboard shows data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lib import demo_system  # noqa: E402

BASE = int(os.environ.get("BENCH_PORT_BASE", "18500"))


def main() -> None:
    npm = shutil.which("npm") or "npm"
    subprocess.run([npm, "run", "--silent", "build"], cwd=ROOT / "frontend", check=True)
    with (
        tempfile.TemporaryDirectory(prefix="kc-bench-frontend-") as var,
        demo_system(var, BASE) as base,
    ):
        subprocess.run(
            [npm, "run", "--silent", "bench"],
            cwd=ROOT / "frontend",
            check=True,
            env={**os.environ, "BASE_URL": base},
        )


if __name__ == "__main__":
    main()
