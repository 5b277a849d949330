"""Benchmark the gateway's proxy path against nginx, and its upstream transports side by side.

`make bench-gateway` (= `uv run python bench/gateway.py`), three parts (`BENCH_PARTS`, default
all):

ceiling: the gateway's own limit, in front of a trivial upstream (nginx serving a fixed 20-item
JSON page, so no service is the limit): (a) the upstream direct, (b) through the gateway (edge
auth with the same bearer token, every middleware), (c) through nginx as a reverse proxy
(keepalive upstream, access log off), each proxy with 1 and 2 workers (`BENCH_CEILING_WORKERS`,
like for like), and a bare ASGI app under the same uvicorn (bench/bare_asgi.py: the floor of
any Python server here). The edge option beside them (`BENCH_CEILING_EDGE`, on by default): one
nginx worker forwarding and asking a Python verifier by `auth_request` (bench/edge_auth.py: the
gateway's token verifier alone under uvicorn), without and with its answer kept a second per
token. `BENCH_BASELINE_TREE=<checkout>` adds that tree's gateway to the same
rounds (before/after). Interleaved rounds (the order rotating), medians of req/s at 16
connections, p50 at one connection, added p50 against direct, ratios against nginx with the same
worker count, and each process tree's CPU µs per request. Targets: ≥ 0.5× nginx's req/s, ≤ 1 ms
added at p50.

proxy: a scratch PostgreSQL database for the registry (migrated, a few hundred enterprises created
through its API), the registry under uvicorn as a real process, the gateway (uvicorn) in front of
it, and nginx (Debian nginx-light, proxy_pass to an upstream with keepalive, access log off) in
front of it too. wrk drives the same list request (a) directly, (b) through the gateway, (c)
through nginx, with the same bearer token. Prints req/s, p50, p95, p99 and ratios. Targets:
gateway ≥ 70% of nginx's throughput, ≤ 2 ms added at p50.

transports: one gateway process per upstream transport (`GATEWAY_UPSTREAM_TRANSPORT` = streams,
the gateway's own; httpcore, httpx's with tuned limits; aiohttp), all in front of the same
upstream: nginx answering every path with a fixed 20-item JSON page, so the gateway, not the
upstream, is the limit. Rounds interleave the three (the order rotates each round) so a machine
that speeds up or slows down touches all of them; the table gives each one's median req/s, p50
and p99 over the rounds and its median per-round ratio against "streams", at 16 connections and
at one connection. A library within 10% of the gateway's own transport would replace it.

Nothing here asserts a time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.lib import LoadResult, ensure_tool, print_table, uvicorn_process, wrk  # noqa: E402
from bench.pages import static_page  # noqa: E402
from kc_common.testing import free_port, uvicorn_command, wait_ready  # noqa: E402

ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", "300"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
GATEWAY_WORKERS = int(os.environ.get("BENCH_GATEWAY_WORKERS", "1"))
NGINX_WORKERS = int(os.environ.get("BENCH_NGINX_WORKERS", "1"))
PARTS = os.environ.get("BENCH_PARTS", "proxy,transports,ceiling").split(",")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
ROUND_SECONDS = int(os.environ.get("BENCH_ROUND_SECONDS", "5"))
# How long the gateways may take to start together (a loaded machine is slow to import).
START_SECONDS = int(os.environ.get("BENCH_START_SECONDS", "600"))
TRANSPORTS = ("streams", "httpcore", "aiohttp")
# The ceiling part's edge option rows (nginx asking a Python verifier): 1 = on.
EDGE = os.environ.get("BENCH_CEILING_EDGE", "1") == "1"
# The ceiling part: gateway and nginx proxy with each of these worker counts, like for like.
CEILING_WORKERS = [int(w) for w in os.environ.get("BENCH_CEILING_WORKERS", "1,2").split(",")]
# Another checkout's gateway beside this one (its `gateway/src` and `libs/kc-common/src` come
# first on PYTHONPATH), e.g. the commit before a change: before/after in the same rounds.
BASELINE_TREE = os.environ.get("BENCH_BASELINE_TREE", "")
DB_NAME = "kc_bench_gateway"
PATH = "/api/v1/enterprises?page_size=20&sort=name"

# Every configuration's start: a foreground nginx keeping its files in `tmp`, no access log.
NGINX_HEAD = """
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
"""

# How a proxy forwards to the upstream (a `location`'s body): keepalive, the usual headers.
FORWARD = """            proxy_pass http://registry;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Request-ID $request_id;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_buffering on;
"""

NGINX_CONF = (
    NGINX_HEAD
    + """    upstream registry {{
        server 127.0.0.1:{upstream_port};
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
"""
    + FORWARD
    + """        }}
    }}
}}
"""
)


# The edge option: nginx forwards, asking a Python verifier (bench/edge_auth.py) through
# `auth_request` whether the token may pass; `{cache}` optionally keeps that answer per token.
EDGE_CONF = (
    NGINX_HEAD
    + """    proxy_cache_path {tmp}/auth-cache keys_zone=auth:10m;
    upstream registry {{
        server 127.0.0.1:{upstream_port};
        keepalive 64;
    }}
    upstream edge_auth {{
        server 127.0.0.1:{auth_port};
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            auth_request /_auth;
"""
    + FORWARD
    + """        }}
        location = /readyz {{
            proxy_pass http://registry;
        }}
        location = /_auth {{
            internal;
            proxy_pass http://edge_auth;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-URI $request_uri;
            {cache}
        }}
    }}
}}
"""
)
# a token's "yes" kept for a second: inside the 5 s in which a revoked token must stop working
EDGE_CACHE = (
    "proxy_cache auth; proxy_cache_key $http_authorization; proxy_cache_valid 204 1s;"
    " proxy_ignore_headers Cache-Control Expires Set-Cookie;"
)


# The transports' upstream: every path answers the same JSON page from a file.
STATIC_CONF = (
    NGINX_HEAD.replace("{workers}", "1")
    + """    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        root {tmp};
        default_type application/json;
        location / {{ try_files /page.json =404; }}
    }}
}}
"""
)


@contextmanager
def nginx(
    upstream_port: int,
    port: int,
    *,
    static_body: bytes | None = None,
    workers: int | None = None,
    auth_port: int | None = None,
    auth_cache: bool = False,
) -> Iterator[int]:
    """nginx until the block ends: a reverse proxy to `upstream_port`, or (`static_body`) the
    trivial upstream answering every path with that page, or (`auth_port`) the edge option, a
    reverse proxy asking that verifier first (`auth_cache`: its answer kept a second per
    token). Yields the master's pid."""
    binary = ensure_tool("nginx", "nginx-light")
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        if auth_port is not None:
            template = EDGE_CONF
            os.chmod(tmp, 0o755)  # noqa: S103 - nginx's workers drop root: they keep the cache
        elif static_body is None:
            template = NGINX_CONF
        else:
            template = STATIC_CONF
            (Path(tmp) / "page.json").write_bytes(static_body)
            os.chmod(tmp, 0o755)  # noqa: S103 - nginx's workers drop root: they read the page
            os.chmod(Path(tmp) / "page.json", 0o644)
        conf.write_text(
            template.format(
                workers=workers or NGINX_WORKERS,
                tmp=tmp,
                upstream_port=upstream_port,
                port=port,
                auth_port=auth_port,
                cache=EDGE_CACHE if auth_cache else "",
            )
        )
        proc = subprocess.Popen(
            [binary, "-c", str(conf), "-p", tmp, "-e", f"{tmp}/error.log"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_ready(f"http://127.0.0.1:{port}/readyz")
            yield proc.pid
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


def median_result(name: str, runs: list[LoadResult]) -> LoadResult:
    med = statistics.median
    return LoadResult(
        name=name,
        requests=sum(r.requests for r in runs),
        rps=med(r.rps for r in runs),
        p50_ms=med(r.p50_ms for r in runs),
        p95_ms=med(r.p95_ms for r in runs),
        p99_ms=med(r.p99_ms for r in runs),
        errors=sum(r.errors for r in runs),
        non2xx=sum(r.non2xx for r in runs),
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants (uvicorn's and nginx's workers)."""
    total = cpu_seconds(pid)
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        total += sum(tree_cpu_seconds(int(child)) for child in children)
    return total


def print_interleaved(
    title: str, rounds: list[dict[str, LoadResult]], cpu: list[dict[str, float]]
) -> None:
    """Medians over the rounds, and each transport's median per-round ratio to "streams".
    CPU µs/req is the gateway process's own CPU time per request: the figure least moved by
    other work on a shared machine."""
    print(f"\n{title}")
    header = (
        f"{'transport':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'CPU µs/req':>12}{'rps ratio':>11}{'p50 ratio':>11}{'p99 ratio':>11}{'CPU ratio':>11}"
        f"   req/s per round"
    )
    print(header)
    print("-" * len(header))
    for name in TRANSPORTS:
        m = median_result(name, [r[name] for r in rounds])
        ratio = {
            f: statistics.median(getattr(r[name], f) / getattr(r["streams"], f) for r in rounds)
            for f in ("rps", "p50_ms", "p99_ms")
        }
        cpu_us = statistics.median(c[name] for c in cpu) * 1e6
        cpu_ratio = statistics.median(c[name] / c["streams"] for c in cpu)
        per_round = " ".join(f"{r[name].rps:.0f}" for r in rounds)
        print(
            f"{name:<12}{m.rps:>9.0f}{m.p50_ms:>9.2f}{m.p99_ms:>9.2f}{m.errors + m.non2xx:>8}"
            f"{cpu_us:>12.0f}{ratio['rps']:>10.2f}x{ratio['p50_ms']:>10.2f}x"
            f"{ratio['p99_ms']:>10.2f}x{cpu_ratio:>10.2f}x   {per_round}"
        )


@contextmanager
def gateways(
    envs: dict[int, dict[str, str]], workers: dict[int, int] | None = None
) -> Iterator[list[int]]:
    """Gateway processes started together (port → environment) and waited for with a generous
    bound: on a loaded machine one start can take half a minute."""
    logs = tempfile.TemporaryDirectory(prefix="bench-gateways-")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for port, env in envs.items():
            log = open(Path(logs.name) / f"{port}.log", "wb")  # noqa: SIM115
            cmd = uvicorn_command(
                "gateway.app:create_app",
                port,
                factory=True,
                access_log=False,
                workers=(workers or {}).get(port, 1),
            )
            procs.append(subprocess.Popen(cmd, env={**os.environ, **env}, stdout=log, stderr=log))
        for port, proc in zip(envs, procs, strict=True):
            try:
                wait_ready(f"http://127.0.0.1:{port}/readyz", timeout=START_SECONDS, proc=proc)
            except RuntimeError as exc:
                log_text = (Path(logs.name) / f"{port}.log").read_text()[-3000:]
                raise RuntimeError(f"{exc}\n{log_text}") from exc
        yield [proc.pid for proc in procs]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        logs.cleanup()


def transports_part(gateway_env: dict[str, str], headers: dict[str, str], work: Path) -> None:
    from kc_common.testing import migrate

    up_port = free_port()
    ports = {name: free_port() for name in TRANSPORTS}
    with ExitStack() as stack:
        stack.enter_context(nginx(0, up_port, static_body=static_page()))
        envs = {}
        for name, port in ports.items():
            db = f"sqlite+aiosqlite:///{work / f'gateway-{name}.db'}"
            migrate(ROOT / "gateway/alembic.ini", db)
            envs[port] = {
                **gateway_env,
                "GATEWAY_DATABASE_URL": db,
                "GATEWAY_REGISTRY_URL": f"http://127.0.0.1:{up_port}",
                "GATEWAY_UPSTREAM_TRANSPORT": name,
            }
        pids = dict(zip(TRANSPORTS, stack.enter_context(gateways(envs)), strict=True))
        targets = {name: f"http://127.0.0.1:{port}{PATH}" for name, port in ports.items()}
        for name, target in targets.items():
            r = httpx.get(target, headers=headers, timeout=30)
            assert r.status_code == 200, (name, r.status_code, r.text[:300])
            assert len(r.json()["items"]) == 20, name
            wrk("warm-up", target, seconds=2, connections=CONNECTIONS, headers=headers)
        loaded: list[dict[str, LoadResult]] = []
        serial: list[dict[str, LoadResult]] = []
        loaded_cpu: list[dict[str, float]] = []
        serial_cpu: list[dict[str, float]] = []

        def run(
            into: list[dict[str, LoadResult]],
            cpu: list[dict[str, float]],
            order: Any,
            seconds: int,
            connections: int,
        ) -> None:
            into.append({})
            cpu.append({})
            for name in order:
                before = cpu_seconds(pids[name])
                into[-1][name] = wrk(
                    name, targets[name], seconds=seconds, connections=connections, headers=headers
                )
                cpu[-1][name] = (cpu_seconds(pids[name]) - before) / max(1, into[-1][name].requests)

        for i in range(ROUNDS):
            order = TRANSPORTS[i % 3 :] + TRANSPORTS[: i % 3]
            run(loaded, loaded_cpu, order, ROUND_SECONDS, CONNECTIONS)
            run(serial, serial_cpu, order, max(1, ROUND_SECONDS // 2), 1)
            print(
                f"round {i + 1}/{ROUNDS}: "
                + ", ".join(
                    f"{n} {loaded[-1][n].rps:.0f}/s {loaded_cpu[-1][n] * 1e6:.0f} µs"
                    for n in TRANSPORTS
                )
            )
    print_interleaved(
        f"transports: GET {PATH} through the gateway (1 worker) to nginx serving a fixed page,"
        f" wrk {CONNECTIONS} connections, {ROUNDS} interleaved rounds × {ROUND_SECONDS}s,"
        f" {os.cpu_count()} CPUs; medians",
        loaded,
        loaded_cpu,
    )
    print_interleaved("the same, one connection (latency)", serial, serial_cpu)


def proxy_part(
    url: str, gateway_env: dict[str, str], registry_env: dict[str, str],
    headers: dict[str, str], started: float,
) -> None:  # fmt: skip
    reg_port, gw_port, ngx_port = free_port(), free_port(), free_port()
    registry = f"http://127.0.0.1:{reg_port}"
    gateway_env = {**gateway_env, "GATEWAY_REGISTRY_URL": registry}
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
                f"(b) via gateway ({GATEWAY_WORKERS} worker)": f"http://127.0.0.1:{gw_port}{PATH}",
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


def ceiling_part(
    gateway_env: dict[str, str], headers: dict[str, str], work: Path, public_key: str
) -> None:
    """The gateway's own ceiling: a trivial upstream (nginx serving a fixed page), reached
    (a) directly, (b) through the gateway (edge auth with the same bearer token, every
    middleware), (c) through nginx as a reverse proxy, with each of CEILING_WORKERS workers for
    both proxies (like for like); and the edge option, one nginx worker asking a one-worker
    Python verifier (`public_key`'s tokens) by `auth_request`, without and with its answer kept
    a second. Interleaved rounds, the order rotating; medians."""
    from kc_common.testing import migrate

    up_port = free_port()
    gw_ports = {w: free_port() for w in CEILING_WORKERS}
    base_ports = {w: free_port() for w in CEILING_WORKERS} if BASELINE_TREE else {}
    ngx_ports = {w: free_port() for w in CEILING_WORKERS}
    names: dict[str, str] = {"direct": f"http://127.0.0.1:{up_port}{PATH}"}
    with ExitStack() as stack:
        # each run's processes, whose CPU time is its cost
        pids: dict[str, tuple[int, ...]] = {
            "direct": (stack.enter_context(nginx(0, up_port, static_body=static_page())),)
        }
        envs: dict[int, dict[str, str]] = {}
        workers: dict[int, int] = {}
        labels: dict[int, str] = {}
        for kind, ports in (("gateway", gw_ports), ("baseline", base_ports)):
            for w, port in ports.items():
                db = f"sqlite+aiosqlite:///{work / f'ceiling-{kind}-{w}.db'}"
                env = {
                    **gateway_env,
                    "GATEWAY_DATABASE_URL": db,
                    "GATEWAY_REGISTRY_URL": f"http://127.0.0.1:{up_port}",
                }
                if kind == "baseline":
                    tree = Path(BASELINE_TREE).resolve()
                    env["PYTHONPATH"] = os.pathsep.join(
                        [str(tree / "gateway/src"), str(tree / "libs/kc-common/src"), str(ROOT)]
                    )
                migrate(ROOT / "gateway/alembic.ini", db)
                envs[port], workers[port], labels[port] = env, w, f"{kind} {w}w"
        for port, pid in zip(envs, stack.enter_context(gateways(envs, workers)), strict=True):
            pids[labels[port]] = (pid,)
            names[labels[port]] = f"http://127.0.0.1:{port}{PATH}"
        for w, port in ngx_ports.items():
            pids[f"nginx {w}w"] = (stack.enter_context(nginx(up_port, port, workers=w)),)
            names[f"nginx {w}w"] = f"http://127.0.0.1:{port}{PATH}"
        if EDGE:
            auth_port = free_port()
            verifier = stack.enter_context(
                uvicorn_process("bench.edge_auth:app", auth_port,
                                {"PYTHONPATH": str(ROOT), "BENCH_EDGE_PUBLIC_KEY": public_key},
                                factory=False)
            )  # fmt: skip
            for name, cached in (("edge 1w", False), ("edge cached 1w", True)):
                port = free_port()
                edge = nginx(up_port, port, workers=1, auth_port=auth_port, auth_cache=cached)
                pids[name] = (stack.enter_context(edge), verifier.pid)
                names[name] = f"http://127.0.0.1:{port}{PATH}"
        # The floor: uvicorn answering the same page itself from a bare ASGI app (no proxying).
        floor_port = free_port()
        floor = stack.enter_context(
            uvicorn_process("bench.bare_asgi:app", floor_port, {"PYTHONPATH": str(ROOT)},
                            factory=False)
        )  # fmt: skip
        pids["uvicorn floor"] = (floor.pid,)
        names["uvicorn floor"] = f"http://127.0.0.1:{floor_port}{PATH}"
        for name, target in names.items():
            r = httpx.get(target, headers=headers, timeout=30)
            assert r.status_code == 200, (name, r.status_code, r.text[:300])
            assert len(r.json()["items"]) == 20, name
            if name.startswith(("gateway", "baseline", "edge")):
                refused = httpx.get(target, timeout=30)  # no token: refused at the edge
                assert refused.status_code == 401, (name, refused.status_code)
            wrk("warm-up", target, seconds=2, connections=CONNECTIONS, headers=headers)
        order = list(names)
        loaded: list[dict[str, LoadResult]] = []
        serial: list[dict[str, LoadResult]] = []
        loaded_cpu: list[dict[str, float]] = []
        serial_cpu: list[dict[str, float]] = []
        for i in range(ROUNDS):
            rotated = order[i % len(order) :] + order[: i % len(order)]
            for into, cpu, seconds, connections in (
                (loaded, loaded_cpu, ROUND_SECONDS, CONNECTIONS),
                (serial, serial_cpu, max(1, ROUND_SECONDS // 2), 1),
            ):
                into.append({})
                cpu.append({})
                for name in rotated:
                    before = sum(map(tree_cpu_seconds, pids[name]))
                    into[-1][name] = wrk(
                        name, names[name], seconds=seconds, connections=connections,
                        headers=headers,
                    )  # fmt: skip
                    used = sum(map(tree_cpu_seconds, pids[name])) - before
                    cpu[-1][name] = used / max(1, into[-1][name].requests)
            print(
                f"round {i + 1}/{ROUNDS} (load {os.getloadavg()[0]:.1f}): "
                + ", ".join(
                    f"{n} {loaded[-1][n].rps:.0f}/s {loaded_cpu[-1][n] * 1e6:.0f} µs" for n in order
                ),
                flush=True,
            )
    print_ceiling(order, loaded, loaded_cpu, serial, serial_cpu)


def print_ceiling(
    order: list[str],
    loaded: list[dict[str, LoadResult]],
    loaded_cpu: list[dict[str, float]],
    serial: list[dict[str, LoadResult]],
    serial_cpu: list[dict[str, float]],
) -> None:
    med = statistics.median
    print(
        f"\nceiling: GET {PATH} to a trivial upstream (nginx, 1 worker, a fixed"
        f" {len(static_page())}-byte page), wrk {CONNECTIONS} connections × {ROUND_SECONDS}s"
        f" and 1 connection × {max(1, ROUND_SECONDS // 2)}s, {ROUNDS} interleaved rounds,"
        f" {os.cpu_count()} CPUs,"
        f" load average now {os.getloadavg()[0]:.1f}; medians over the rounds. CPU µs/req: the"
        f" process tree's (master + workers) CPU time per request (for direct: the upstream's)."
    )
    header = (
        f"{'run':<15}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'CPU µs/req':>11}"
        f"{'1-conn p50':>11}{'added p50':>10}{'1c CPU µs':>10}{'rps vs nginx':>13}"
        f"{'CPU vs nginx':>13}{'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for name in order:
        m = median_result(name, [r[name] for r in loaded])
        s = median_result(name, [r[name] for r in serial])
        added = med(r[name].p50_ms - r["direct"].p50_ms for r in serial)
        workers = name.rsplit(" ", 1)[-1] if name != "uvicorn floor" else "1w"
        peer = f"nginx {workers}" if f"nginx {workers}" in loaded[0] else None
        if peer is not None and name != "direct":
            rps_ratio = f"{med(r[name].rps / r[peer].rps for r in loaded):.2f}x"
            cpu_ratio = f"{med(c[name] / c[peer] for c in loaded_cpu):.1f}x"
        else:
            rps_ratio = cpu_ratio = "-"
        errors = m.errors + m.non2xx + s.errors + s.non2xx
        print(
            f"{name:<15}{m.rps:>8.0f}{m.p50_ms:>8.2f}{m.p99_ms:>8.2f}"
            f"{med(c[name] for c in loaded_cpu) * 1e6:>11.0f}{s.p50_ms:>11.3f}"
            f"{'' if name == 'direct' else f'{added:+.3f}':>10}"
            f"{med(c[name] for c in serial_cpu) * 1e6:>10.0f}{rps_ratio:>13}{cpu_ratio:>13}"
            f"{errors:>7}"
        )
    for w in CEILING_WORKERS:
        for kind in ("gateway", "baseline"):
            name = f"{kind} {w}w"
            if name not in loaded[0]:
                continue
            ratio = med(r[name].rps / r[f"nginx {w}w"].rps for r in loaded)
            added = med(r[name].p50_ms - r["direct"].p50_ms for r in serial)
            print(
                f"{name} ({w} worker{'s' if w > 1 else ''}) vs nginx ({w} worker"
                f"{'s' if w > 1 else ''}): {ratio:.2f}x the req/s (target ≥ 0.5x:"
                f" {'met' if ratio >= 0.5 else 'MISSED'}), {added:+.2f} ms added at p50, one"
                f" connection (target ≤ 1 ms: {'met' if added <= 1.0 else 'MISSED'})"
            )
    for name in ("edge 1w", "edge cached 1w"):
        if name in loaded[0]:
            ratio = med(r[name].rps / r["nginx 1w"].rps for r in loaded)
            added = med(r[name].p50_ms - r["direct"].p50_ms for r in serial)
            print(
                f"the edge option, {name} (nginx and the verifier, 1 worker each) vs nginx (1"
                f" worker): {ratio:.2f}x the req/s, {added:+.2f} ms added at p50 (a lower bound:"
                " the gateway's middleware is not in it)"
            )
    if any(n.startswith("baseline") for n in order):
        for w in CEILING_WORKERS:
            a, b = f"gateway {w}w", f"baseline {w}w"
            print(
                f"{a} vs {b}: CPU/req {med(c[a] / c[b] for c in loaded_cpu):.2f}x"
                f" (1 conn {med(c[a] / c[b] for c in serial_cpu):.2f}x), req/s"
                f" {med(r[a].rps / r[b].rps for r in loaded):.2f}x"
            )


def main() -> None:
    from gateway.keys import key_id
    from kc_common.auth import TokenSigner, generate_ed25519_pem
    from kc_common.testing import migrate

    started = time.monotonic()
    pgdb = [sys.executable, str(ROOT / "scripts/pgdb.py")]
    work = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    private = generate_ed25519_pem()
    signer = TokenSigner(
        private, kid=key_id(private), audience="khuyencong", issuer="khuyencong-gateway"
    )
    token = signer.sign(subject="bench", role="program_officer", ttl_seconds=3600)
    headers = {"Authorization": f"Bearer {token}"}
    common = {"PYTHONPATH": str(ROOT)}
    gateway_db = f"sqlite+aiosqlite:///{work / 'gateway.db'}"
    gateway_env = {
        **common,
        "GATEWAY_DATABASE_URL": gateway_db,
        "GATEWAY_JWT_PRIVATE_KEY": private,
        "GATEWAY_ENVIRONMENT": "test",
        "GATEWAY_LOG_LEVEL": "WARNING",
    }
    if "ceiling" in PARTS:
        ceiling_part(gateway_env, headers, work, signer.public_key_pem())
    if "transports" in PARTS:
        transports_part(gateway_env, headers, work)
    if "proxy" in PARTS:
        url = subprocess.run(
            [*pgdb, "create", DB_NAME], capture_output=True, text=True, check=True
        ).stdout.strip()
        try:
            migrate(ROOT / "services/enterprise-registry/alembic.ini", url)
            migrate(ROOT / "gateway/alembic.ini", gateway_db)
            registry_env = {
                **common,
                "REGISTRY_DATABASE_URL": url,
                "REGISTRY_JWT_PUBLIC_KEY": signer.public_key_pem(),
                "REGISTRY_ENVIRONMENT": "test",
                "REGISTRY_LOG_LEVEL": "WARNING",
            }
            proxy_part(url, gateway_env, registry_env, headers, started)
        finally:
            subprocess.run([*pgdb, "drop", DB_NAME], check=False, capture_output=True)
    print(f"total bench time {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
