"""Every make target works on a fresh clone: a target that runs uv or npm installs them first
(`install-py`, `install-frontend`), as `make run` and `make test` do, instead of failing with
"No such file or directory" for .tools/uv-<version>/bin/uv."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text()
PHONY = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", MAKEFILE, re.M)
assert PHONY
TARGETS = sorted(set(PHONY.group(1).replace("\\\n", " ").split()) - {"help", "clean"})
ABSENT = "0.0.0-absent"  # a uv version never installed: make must plan to install it


def dry_run(target: str) -> list[str]:
    """What `make <target>` would run on a clone with neither uv nor node_modules installed."""
    out = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-n",
            "-W",
            "frontend/package-lock.json",
            target,
            f"UV_VERSION={ABSENT}",
            "FROM=var/backups/x",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.splitlines()


def first(lines: list[str], needle: str) -> int | None:
    return next((i for i, line in enumerate(lines) if needle in line), None)


@pytest.mark.parametrize("target", TARGETS)
def test_target_installs_its_tools_first(target: str) -> None:
    lines = dry_run(target)
    uv = f"uv-{ABSENT}/bin/uv "
    uses_uv = first(lines, uv)
    if uses_uv is not None:
        installs_uv = first(lines, f"uv=={ABSENT}")
        assert installs_uv is not None and installs_uv < uses_uv, (target, lines)
    uses_npm = next(
        (i for i, line in enumerate(lines) if re.search(r"\bnpm (run|test)\b", line)), None
    )
    if uses_npm is not None:
        installs_npm = first(lines, "npm ci")
        assert installs_npm is not None and installs_npm < uses_npm, (target, lines)
