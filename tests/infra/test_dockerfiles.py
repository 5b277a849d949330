"""The Dockerfile check of scripts/validate_infra.py: every image passes, and one that starts
uvicorn believing forwarded headers (its default from loopback) fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.infra.conftest import load_script

vi = load_script("validate_infra")


def errors(path: Path) -> list[str]:
    r = vi.Report()
    vi.check_dockerfile(r, path)
    return r.errors


@pytest.mark.parametrize("path", vi.dockerfiles(), ids=lambda p: p.name)
def test_every_image_passes(path: Path) -> None:
    assert errors(path) == []


def test_uvicorn_with_forwarded_headers_fails(tmp_path: Path) -> None:
    gateway = next(p for p in vi.dockerfiles() if p.name == "gateway.Dockerfile")
    believing = tmp_path / "gateway.Dockerfile"
    believing.write_text(gateway.read_text().replace(', "--no-proxy-headers"', ""))
    assert any("--no-proxy-headers" in e for e in errors(believing))
