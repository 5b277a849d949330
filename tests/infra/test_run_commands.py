"""`make run` (scripts/run.py): every process listens on loopback; the services stay there even
when the gateway is moved, since a direct call to a service skips the gateway's audit."""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from pathlib import Path

import asyncpg

from kc_common.testing import postgres_admin_execute
from tests.infra.conftest import SCRIPTS, load_script

run = load_script("run")


def host_of(argv: list[str]) -> str:
    assert argv.count("--host") == 1, argv
    return argv[argv.index("--host") + 1]


def test_make_run_binds_every_process_to_loopback() -> None:
    default = run.arg_parser().parse_args([]).host
    argv = run.commands(default)
    assert set(argv) == {"gateway", "registry", "projects", "budget", "reports"}
    assert {name: host_of(a) for name, a in argv.items()} == dict.fromkeys(argv, "127.0.0.1")


def test_the_makefile_does_not_move_the_gateway() -> None:
    makefile = (SCRIPTS.parent / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe and "scripts/run.py" in recipe.group(1)
    assert "--host" not in recipe.group(1)


def test_host_moves_only_the_gateway() -> None:
    argv = run.commands("0.0.0.0")
    assert host_of(argv["gateway"]) == "0.0.0.0"
    for name in ("registry", "projects", "budget", "reports"):
        assert host_of(argv[name]) == "127.0.0.1", name


def test_each_process_gets_its_port() -> None:
    for name, argv in run.commands().items():
        assert argv[argv.index("--port") + 1] == str(run.SERVICES[name][1])


def sqlite_urls(var: Path) -> dict[str, str]:
    return {name: f"sqlite+aiosqlite:///{var / 'data' / f'{name}.db'}" for name in run.SERVICES}


def test_a_demo_load_that_stopped_midway_starts_the_databases_afresh(tmp_path: Path) -> None:
    urls = sqlite_urls(tmp_path)
    (tmp_path / "data").mkdir()
    left = [
        tmp_path / "data" / f"{name}{end}" for name in run.SERVICES for end in (".db", ".db-wal")
    ]
    for path in left:
        path.write_bytes(b"half a demo")
    (tmp_path / "documents" / "p1").mkdir(parents=True)
    (tmp_path / "documents" / "p1" / "minutes.pdf").write_bytes(b"%PDF")
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "gateway-signing-key.pem").write_text("key")
    (tmp_path / "demo-loading-sqlite").write_text("2026-12-07T15:00:00")

    assert run.demo_unfinished(tmp_path, "sqlite")
    run.forget_unfinished_demo(tmp_path, "sqlite", urls)

    assert [p for p in left if p.exists()] == []
    assert not (tmp_path / "documents").exists()
    assert not run.demo_unfinished(tmp_path, "sqlite")
    assert (tmp_path / "keys" / "gateway-signing-key.pem").read_text() == "key"


def test_only_a_load_that_began_and_did_not_finish_is_unfinished(tmp_path: Path) -> None:
    assert not run.demo_unfinished(tmp_path, "sqlite")  # never began: the user's own data
    (tmp_path / "demo-loading-sqlite").write_text("began")
    assert run.demo_unfinished(tmp_path, "sqlite")
    assert not run.demo_unfinished(tmp_path, "postgres")
    (tmp_path / "demo-loaded-sqlite").write_text("finished")
    assert not run.demo_unfinished(tmp_path, "sqlite")


def test_on_postgresql_the_demo_databases_are_made_again(tmp_path: Path) -> None:
    prefix = f"kc_run_test_{uuid.uuid4().hex[:8]}"
    os.environ["KC_DATABASE_PREFIX"] = prefix
    try:
        urls = run.database_urls("postgres", run.arg_parser().parse_args([]).postgres_url)
    finally:
        del os.environ["KC_DATABASE_PREFIX"]
    plain = {name: url.replace("postgresql+asyncpg", "postgresql") for name, url in urls.items()}

    async def tables(url: str) -> list[str]:
        conn = await asyncpg.connect(url)
        try:
            rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return [r["tablename"] for r in rows]
        finally:
            await conn.close()

    async def half_a_demo() -> None:
        await run.ensure_pg_databases(urls, fresh=True)
        conn = await asyncpg.connect(plain["registry"])
        try:
            await conn.execute("CREATE TABLE enterprises (id int)")
        finally:
            await conn.close()

    asyncio.run(half_a_demo())
    (tmp_path / "demo-loading-postgres").write_text("began")
    try:
        run.forget_unfinished_demo(tmp_path, "postgres", urls)
        assert asyncio.run(tables(plain["registry"])) == []
        assert not (tmp_path / "demo-loading-postgres").exists()
    finally:
        drops = [f'DROP DATABASE IF EXISTS "{u.rsplit("/", 1)[1]}"' for u in urls.values()]
        asyncio.run(postgres_admin_execute(*drops))


def test_a_refusal_from_the_api_is_shortened_for_the_terminal() -> None:
    demo = load_script("demo_data")
    refusal = '{"errors": [' + ", ".join(['{"field": "row 2: tax_code"}'] * 3000) + "]}"
    shown = demo._shortened(refusal)
    assert shown.startswith(refusal[:2000]) and len(shown) < 2100
    assert f"{len(refusal):,} characters in all" in shown
    assert demo._shortened("short") == "short"


def test_the_demo_forms_are_headed_for_binh_duong(tmp_path: Path) -> None:
    env = run.process_env(sqlite_urls(tmp_path), tmp_path / "keys", "s1", "s2")["projects"]
    assert env["PROJECTS_FORMS_AUTHORITY"] == "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG"
    assert env["PROJECTS_FORMS_PLACE"] == "Bình Dương"


def test_uvicorn_does_not_believe_forwarded_headers() -> None:
    """uvicorn trusts X-Forwarded-For from loopback by default, before the gateway's own rule
    (GATEWAY_TRUSTED_PROXIES) is asked: any local client could write its address."""
    for name, argv in run.commands().items():
        assert "--no-proxy-headers" in argv, name
