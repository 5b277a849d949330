"""Benchmark the gateway's proxy path against nginx in front of the same registry.

`make bench-gateway` (= `uv run python bench/gateway.py`): a scratch PostgreSQL database for the
registry (migrated, a few hundred enterprises created through its API), the registry under
uvicorn as a real process, the gateway (uvicorn) in front of it, and nginx (Debian nginx-light,
proxy_pass to an upstream with keepalive, access log off) in front of it too. wrk drives the same
list request (a) directly, (b) through the gateway, (c) through nginx, with the same bearer token.
Prints req/s, p50, p95, p99 and ratios. Targets: gateway ≥ 70% of nginx's throughput, ≤ 2 ms
added at p50. Nothing here asserts a time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.lib import LoadResult, ensure_tool, print_table, uvicorn_process, wrk  # noqa: E402
from kc_common.testing import free_port, wait_ready  # noqa: E402

ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", "300"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
GATEWAY_WORKERS = int(os.environ.get("BENCH_GATEWAY_WORKERS", "1"))
NGINX_WORKERS = int(os.environ.get("BENCH_NGINX_WORKERS", "1"))
DB_NAME = "kc_bench_gateway"
PATH = "/api/v1/enterprises?page_size=20&sort=name"

NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream registry {{
        server 127.0.0.1:{upstream_port};
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://registry;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Request-ID $request_id;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_buffering on;
        }}
    }}
}}
"""


@contextmanager
def nginx(upstream_port: int, port: int) -> Iterator[None]:
    binary = ensure_tool("nginx", "nginx-light")
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                workers=NGINX_WORKERS, tmp=tmp, upstream_port=upstream_port, port=port
            )
        )
        proc = subprocess.Popen(
            [binary, "-c", str(conf), "-p", tmp, "-e", f"{tmp}/error.log"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_ready(f"http://127.0.0.1:{port}/readyz")
            yield
        finally:
            proc.terminate()
            proc.wait(10)


def seed(base: str, headers: dict[str, str]) -> None:
    """Create enterprises through the registry's own API."""
    from registry.enterprises.tax_code import make_tax_code

    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        units = client.get("/api/v1/admin-units").json()
        items = units["items"] if isinstance(units, dict) else units
        codes = [u["code"] for u in items if u.get("level") == "commune"] or [
            u["code"] for u in items
        ]
        made, n = 0, 370_000_000
        while made < ENTERPRISES:
            n += 1
            tax_code = make_tax_code(f"{n:09d}")
            if tax_code is None:
                continue
            r = client.post(
                "/api/v1/enterprises",
                json={
                    "tax_code": tax_code,
                    "name": f"Công ty TNHH Sơn mài Tương Bình Hiệp {made + 1}",
                    "kind": "enterprise",
                    "size": "small",
                    "admin_unit_code": codes[made % len(codes)],
                    "employees": 10 + made % 90,
                    "established_on": "2015-01-01",
                },
            )
            if r.status_code != 201:
                raise RuntimeError(f"seeding failed: {r.status_code} {r.text[:300]}")
            made += 1


def main() -> None:
    from gateway.keys import key_id
    from kc_common.auth import TokenSigner, generate_ed25519_pem
    from kc_common.testing import migrate

    started = time.monotonic()
    pgdb = [sys.executable, str(ROOT / "scripts/pgdb.py")]
    url = subprocess.run(
        [*pgdb, "create", DB_NAME], capture_output=True, text=True, check=True
    ).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    try:
        migrate(ROOT / "services/enterprise-registry/alembic.ini", url)
        gateway_db = f"sqlite+aiosqlite:///{work / 'gateway.db'}"
        migrate(ROOT / "gateway/alembic.ini", gateway_db)
        private = generate_ed25519_pem()
        signer = TokenSigner(
            private, kid=key_id(private), audience="khuyencong", issuer="khuyencong-gateway"
        )
        token = signer.sign(subject="bench", role="program_officer", ttl_seconds=3600)
        headers = {"Authorization": f"Bearer {token}"}
        common = {"PYTHONPATH": str(ROOT)}
        registry_env = {
            **common,
            "REGISTRY_DATABASE_URL": url,
            "REGISTRY_JWT_PUBLIC_KEY": signer.public_key_pem(),
            "REGISTRY_ENVIRONMENT": "test",
            "REGISTRY_LOG_LEVEL": "WARNING",
        }
        gateway_env = {
            **common,
            "GATEWAY_DATABASE_URL": gateway_db,
            "GATEWAY_JWT_PRIVATE_KEY": private,
            "GATEWAY_ENVIRONMENT": "test",
            "GATEWAY_LOG_LEVEL": "WARNING",
        }
        reg_port, gw_port, ngx_port = free_port(), free_port(), free_port()
        registry = f"http://127.0.0.1:{reg_port}"
        gateway_env["GATEWAY_REGISTRY_URL"] = registry
        results: list[LoadResult] = []
        with uvicorn_process("registry.app:create_app", reg_port, registry_env):
            seed(registry, headers)
            print(f"seeded {ENTERPRISES} enterprises in {time.monotonic() - started:.1f}s")
            with (
                uvicorn_process(
                    "gateway.app:create_app", gw_port, gateway_env, workers=GATEWAY_WORKERS
                ),
                nginx(reg_port, ngx_port),
            ):
                targets = {
                    "(a) registry direct": f"{registry}{PATH}",
                    f"(b) via gateway ({GATEWAY_WORKERS} worker)": (
                        f"http://127.0.0.1:{gw_port}{PATH}"
                    ),
                    f"(c) via nginx ({NGINX_WORKERS} worker)": f"http://127.0.0.1:{ngx_port}{PATH}",
                }
                for name, target in targets.items():
                    r = httpx.get(target, headers=headers, timeout=30)
                    assert r.status_code == 200, (name, r.status_code, r.text[:300])
                    assert len(r.json()["items"]) == 20, name
                for name, target in targets.items():
                    wrk("warm-up", target, seconds=2, connections=CONNECTIONS, headers=headers)
                    results.append(
                        wrk(name, target, seconds=SECONDS, connections=CONNECTIONS, headers=headers)
                    )
                # Added latency is read at one connection, where queueing does not hide it.
                serial = [
                    wrk(name + ", 1 conn", target, seconds=SECONDS // 2 or 1, connections=1,
                        headers=headers)
                    for name, target in targets.items()
                ]  # fmt: skip
        _direct, via_gateway, via_nginx = results
        print_table(
            f"GET {PATH} ({ENTERPRISES} enterprises, PostgreSQL), wrk {CONNECTIONS} connections"
            f" × {SECONDS}s, registry 1 uvicorn worker, {os.cpu_count()} CPUs",
            results,
            via_nginx,
        )
        print_table("the same request, one connection (latency)", serial, serial[2])
        ratio = via_gateway.rps / via_nginx.rps if via_nginx.rps else 0.0
        added = serial[1].p50_ms - serial[0].p50_ms
        added_nginx = serial[2].p50_ms - serial[0].p50_ms
        print(
            f"gateway throughput = {ratio:.0%} of nginx's (target ≥ 70%): "
            f"{'met' if ratio >= 0.7 else 'MISSED'}"
        )
        print(
            f"added p50 at one connection: gateway {added:+.2f} ms (target ≤ 2 ms: "
            f"{'met' if added <= 2.0 else 'MISSED'}), nginx {added_nginx:+.2f} ms"
        )
        print(f"total bench time {time.monotonic() - started:.0f}s")
    finally:
        subprocess.run([*pgdb, "drop", DB_NAME], check=False, capture_output=True)


if __name__ == "__main__":
    main()
