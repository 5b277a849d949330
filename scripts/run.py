"""`make run`: migrate, load demo data once, build the SPA, start every process, stop on Ctrl-C.

Everything lives under ./var/ (SQLite databases, the gateway's signing key, logs), so a second
run keeps the data. `--database postgres` uses PostgreSQL instead (see --postgres-url).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("KC_VAR_DIR") or ROOT / "var").resolve()
PORT_BASE = int(os.environ.get("KC_PORT_BASE", "8000"))
SERVICES = {
    # name: (python package, port, env prefix, project dir)
    "registry": ("registry", PORT_BASE + 1, "REGISTRY_", "services/enterprise-registry"),
    "projects": ("projects", PORT_BASE + 2, "PROJECTS_", "services/project-service"),
    "budget": ("budget", PORT_BASE + 3, "BUDGET_", "services/budget-service"),
    "reports": ("reports", PORT_BASE + 4, "REPORTS_", "services/report-service"),
    "gateway": ("gateway", PORT_BASE, "GATEWAY_", "gateway"),
}
PROJECTS_CLIENT_ID = "project-service"
REPORTS_CLIENT_ID = "report-service"
LOOPBACK = "127.0.0.1"


def log(msg: str) -> None:
    print(f"[make run] {msg}", flush=True)


def database_urls(kind: str, pg_url: str) -> dict[str, str]:
    if kind == "sqlite":
        return {name: f"sqlite+aiosqlite:///{VAR / 'data' / f'{name}.db'}" for name in SERVICES}
    base = pg_url.rsplit("/", 1)[0]
    # KC_DATABASE_PREFIX lets a test run its own system beside a developer's `make run`.
    prefix = os.environ.get("KC_DATABASE_PREFIX", "khuyencong")
    return {name: f"{base}/{prefix}_{name}" for name in SERVICES}


async def ensure_pg_databases(urls: dict[str, str], *, fresh: bool) -> None:
    """Create the `khuyencong_*` databases; `fresh` drops them first. `var/` records that they
    were made (see main), so deleting `var/` starts over on PostgreSQL as it does on SQLite,
    instead of loading the demo data again on top of the old."""
    import asyncpg

    first = next(iter(urls.values()))
    admin = first.rsplit("/", 1)[0].replace("postgresql+asyncpg", "postgresql") + "/postgres"
    conn = await asyncpg.connect(admin)
    try:
        for url in urls.values():
            name = url.rsplit("/", 1)[1]
            if fresh:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def demo_unfinished(var: Path, database: str) -> bool:
    """Whether a demo load began on `database` and never finished (Ctrl-C or a crash midway)."""
    return (var / f"demo-loading-{database}").exists() and not (
        var / f"demo-loaded-{database}"
    ).exists()


def forget_unfinished_demo(var: Path, database: str, urls: dict[str, str]) -> None:
    """Start the databases afresh after a demo load that stopped midway: loading the demo again
    on top of its first half would stop at the first enterprise already registered. Only the
    demo's own leftovers go (its `demo-loading` marker says a load began on empty databases);
    the gateway's keys and the clients' secrets stay."""
    if database == "sqlite":
        for url in urls.values():
            path = Path(url.split("///", 1)[1])
            for suffix in ("", "-wal", "-shm", "-journal"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
    else:
        asyncio.run(ensure_pg_databases(urls, fresh=True))
    shutil.rmtree(var / "documents", ignore_errors=True)
    (var / f"demo-loading-{database}").unlink()


def ensure_keys() -> Path:
    """The gateway's key directory: it generates its signing key there on first start, and
    `make rotate-keys` rotates it while everything runs (the services follow the JWKS)."""
    keys = VAR / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    older = keys / "gateway-ed25519.pem"  # where earlier versions kept the key
    current = keys / "gateway-signing-key.pem"
    if older.exists() and not current.exists():
        older.rename(current)
    return keys


def ensure_client_secret(client_id: str = PROJECTS_CLIENT_ID) -> str:
    path = VAR / "keys" / f"{client_id}.secret"
    if not path.exists():
        path.write_text(os.urandom(24).hex())
        path.chmod(0o600)
    return path.read_text().strip()


def process_env(
    urls: dict[str, str], keys: Path, secret: str, reports_secret: str
) -> dict[str, dict[str, str]]:
    # Services verify with the gateway's JWKS (so a key rotation needs no restart) and read
    # its revocation list next to it.
    jwks = f"http://127.0.0.1:{PORT_BASE}/.well-known/jwks.json"
    common = {"ENVIRONMENT": "demo", "JWKS_URL": jwks, "LOG_JSON": "true"}
    env: dict[str, dict[str, str]] = {}
    for name, (_pkg, _port, prefix, _dir) in SERVICES.items():
        env[name] = {f"{prefix}{k}": v for k, v in common.items()}
        env[name][f"{prefix}DATABASE_URL"] = urls[name]
    env["gateway"].update(
        {
            "GATEWAY_KEYS_DIR": str(keys),
            "GATEWAY_REGISTRY_URL": f"http://127.0.0.1:{PORT_BASE + 1}",
            "GATEWAY_PROJECTS_URL": f"http://127.0.0.1:{PORT_BASE + 2}",
            "GATEWAY_BUDGET_URL": f"http://127.0.0.1:{PORT_BASE + 3}",
            "GATEWAY_REPORTS_URL": f"http://127.0.0.1:{PORT_BASE + 4}",
            "GATEWAY_SPA_DIR": str(ROOT / "frontend" / "dist"),
            # The demo's story runs 2016–2020: its work lists are measured on a day inside it
            # (late 2020: acceptance and progress reports overdue, settlements still ahead).
            "GATEWAY_TASKS_TODAY": os.environ.get("KC_DEMO_TODAY", "2020-12-15"),
            "GATEWAY_BOOTSTRAP_CLIENTS": json.dumps(
                [
                    {
                        "client_id": PROJECTS_CLIENT_ID,
                        "client_secret": secret,
                        "role": "service",
                        "scopes": ["registry:read", "budget:read", "budget:write"],
                    },
                    {
                        "client_id": REPORTS_CLIENT_ID,
                        "client_secret": reports_secret,
                        "role": "service",
                        "scopes": ["registry:read", "projects:read", "budget:read"],
                    },
                ]
            ),
        }
    )
    del env["gateway"]["GATEWAY_JWKS_URL"]  # the gateway verifies with its own key ring
    # budget-service generates its ledger checkpoint key there on first start, beside the gateway's
    env["budget"]["BUDGET_KEYS_DIR"] = str(keys)
    # the demo's ledger gets its first signed checkpoint within a minute of its load (the ledger
    # tab shows it to copy), not after the production interval of five minutes
    env["budget"]["BUDGET_LEDGER_CHECKPOINT_SECONDS"] = "60"
    env["projects"].update(
        {
            "PROJECTS_BUDGET_URL": f"http://127.0.0.1:{PORT_BASE + 3}",
            "PROJECTS_REGISTRY_URL": f"http://127.0.0.1:{PORT_BASE + 1}",
            "PROJECTS_TOKEN_URL": f"http://127.0.0.1:{PORT_BASE}/api/v1/auth/token",
            "PROJECTS_CLIENT_ID": PROJECTS_CLIENT_ID,
            "PROJECTS_CLIENT_SECRET": secret,
            # the demo's official forms are Binh Duong's (its 2016–2020 program, before the
            # province joined Ho Chi Minh City in 2025)
            "PROJECTS_FORMS_AUTHORITY": "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG",
            "PROJECTS_FORMS_PLACE": "Bình Dương",
            # documents on the local disk beside the databases (production: MinIO, S3 API)
            "PROJECTS_STORAGE_BACKEND": "local",
            "PROJECTS_STORAGE_DIR": str(VAR / "documents"),
        }
    )
    env["reports"].update(
        {
            "REPORTS_BUDGET_URL": f"http://127.0.0.1:{PORT_BASE + 3}",
            "REPORTS_PROJECTS_URL": f"http://127.0.0.1:{PORT_BASE + 2}",
            "REPORTS_REGISTRY_URL": f"http://127.0.0.1:{PORT_BASE + 1}",
            "REPORTS_TOKEN_URL": f"http://127.0.0.1:{PORT_BASE}/api/v1/auth/token",
            "REPORTS_CLIENT_ID": REPORTS_CLIENT_ID,
            "REPORTS_CLIENT_SECRET": reports_secret,
        }
    )
    return env


def migrate(env: dict[str, dict[str, str]]) -> None:
    for name, (_pkg, _port, prefix, project) in SERVICES.items():
        ini = ROOT / project / "alembic.ini"
        if not ini.exists():
            continue
        url = env[name][f"{prefix}DATABASE_URL"]
        log(f"migrating {name}")
        subprocess.run(
            [sys.executable, "-m", "alembic", "-c", str(ini), "upgrade", "head"],
            check=True,
            env={**os.environ, "ALEMBIC_DATABASE_URL": url},
            stdout=subprocess.DEVNULL,
        )


def build_spa(force: bool) -> None:
    frontend = ROOT / "frontend"
    if not (frontend / "package.json").exists():
        log("no frontend/ yet: the gateway will say the SPA is not built")
        return
    dist = frontend / "dist" / "index.html"
    sources = [p for p in (frontend / "src").rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in sources), default=0)
    if dist.exists() and not force and dist.stat().st_mtime >= newest:
        return
    npm = shutil.which("npm")
    if not npm:
        log("npm not found: install Node.js 20+ to build the web app")
        return
    if not (frontend / "node_modules").exists():
        log("installing the web app's packages (npm ci)")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=frontend, check=True
        )
    log("building the web app (npm run build)")
    subprocess.run([npm, "run", "--silent", "build"], cwd=frontend, check=True)


def commands(host: str = LOOPBACK) -> dict[str, list[str]]:
    """Each process's command line. The services always listen on loopback: a direct call would
    skip the gateway's authentication and audit. `host` moves the gateway only."""
    argv = {}
    for name, (pkg, port, _prefix, _dir) in SERVICES.items():
        bind = host if name == "gateway" else LOOPBACK
        argv[name] = [
            sys.executable,
            "-m",
            "uvicorn",
            f"{pkg}.app:create_app",
            "--factory",
            "--host",
            bind,
            "--port",
            str(port),
            "--no-access-log",
            # the client address is the peer's: X-Forwarded-For is the gateway's to weigh
            # (GATEWAY_TRUSTED_PROXIES), never uvicorn's, which believes it from loopback
            "--no-proxy-headers",
        ]
    return argv


def start(env: dict[str, dict[str, str]], host: str) -> dict[str, subprocess.Popen[bytes]]:
    (VAR / "logs").mkdir(parents=True, exist_ok=True)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    for name, argv in commands(host).items():
        out = (VAR / "logs" / f"{name}.log").open("ab")
        procs[name] = subprocess.Popen(
            argv,
            env={**os.environ, **env[name]},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return procs


def wait_ready(procs: dict[str, subprocess.Popen[bytes]], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    pending = dict(procs)
    while pending and time.monotonic() < deadline:
        for name in list(pending):
            if pending[name].poll() is not None:
                raise SystemExit(f"{name} exited; see var/logs/{name}.log")
            try:
                port = SERVICES[name][1]
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    log(f"{name} ready on :{port}")
                    del pending[name]
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    if pending:
        raise SystemExit(f"not ready after {timeout}s: {', '.join(pending)}")


def stop(procs: dict[str, subprocess.Popen[bytes]]) -> None:
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for proc in procs.values():
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()


def arg_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "KC_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--host", default=LOOPBACK, help="address the gateway listens on (services: loopback)"
    )
    parser.add_argument("--skip-spa", action="store_true", help="do not build the web app")
    parser.add_argument("--no-demo", action="store_true", help="do not load demo data")
    parser.add_argument(
        "--exit-after-ready", action="store_true", help="for tests: start, load, stop"
    )
    return parser


def main() -> None:
    args = arg_parser().parse_args()

    VAR.mkdir(exist_ok=True)
    urls = database_urls("sqlite" if args.database == "sqlite" else "postgres", args.postgres_url)
    afresh = not args.no_demo and demo_unfinished(VAR, args.database)
    if afresh:
        log("the last demo load stopped midway: starting the demo databases afresh")
        forget_unfinished_demo(VAR, args.database, urls)
    if args.database == "postgres":
        made = VAR / "postgres-databases"
        empty = afresh or not made.exists()
        asyncio.run(ensure_pg_databases(urls, fresh=not made.exists()))
        made.write_text(" ".join(urls.values()))
    else:
        empty = not any(Path(url.split("///", 1)[1]).exists() for url in urls.values())
    keys = ensure_keys()
    env = process_env(urls, keys, ensure_client_secret(), ensure_client_secret(REPORTS_CLIENT_ID))
    migrate(env)
    if not args.skip_spa:
        build_spa(force=False)

    procs = start(env, args.host)
    stopping = False

    def _on_signal(_sig: int, _frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            log("stopping…")
            stop(procs)
            sys.exit(0)

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        wait_ready(procs)
        marker = VAR / f"demo-loaded-{args.database}"
        if not args.no_demo and not marker.exists():
            from demo_data import load_demo_data

            # On databases this start made: if the load stops midway, the next `make run`
            # starts them afresh (never on databases that held something before).
            loading = VAR / f"demo-loading-{args.database}"
            if empty:
                loading.write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
            load_demo_data(f"http://127.0.0.1:{PORT_BASE}", env, log)
            marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
            loading.unlink(missing_ok=True)
        print(
            f"\n  Khuyến công is running: http://127.0.0.1:{PORT_BASE}\n"
            "  Demo accounts (password 'khuyencong'): admin, manager, officer, finance, viewer,"
            f" enterprise\n  API docs: http://127.0.0.1:{PORT_BASE}/docs   Logs: {VAR}/logs/"
            "   Ctrl-C stops.\n",
            flush=True,
        )
        if args.exit_after_ready:
            stop(procs)
            return
        while True:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    log(f"{name} stopped (exit {proc.returncode}); see var/logs/{name}.log")
                    stop(procs)
                    sys.exit(1)
            time.sleep(1)
    except BaseException:
        stop(procs)
        raise


if __name__ == "__main__":
    main()
