"""`make bench-public`: do the public (no login) routes slow the staff API down?

Starts the system the way `make run` does (SQLite and demo data in a temporary directory, ports
from 18600, on 127.0.0.1 only), then, with wrk on loopback:
  (a) the staff list `GET /api/v1/projects` alone (4 connections, a signed-in officer);
  (b) the same while 16 anonymous connections fetch the public pages' data (projects, budget
      years, support by commune, the OCDS package) as fast as they are answered, without ETags
      of their own (the gateway's public cache answers them: gateway.proxy.public_cache);
  (c) the public traffic alone;
  (d) the staff list while one address floods the public routes: the gateway's per-address limit
      (the default 120 per minute) answers it with 429 before any service is asked;
  (e) the staff list while the crowd asks at a steady STEADY_RATE requests a second (far above
      what a province's portal sees, but not a closed loop that takes every CPU cycle it can).
For (b), (c) and (e) each public request comes from another address (X-Forwarded-For, the
gateway trusting 127.0.0.1 as its proxy): a crowd, each member under the limit, is the worst
case. Bounded: 10 s per run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.lib import LoadResult, demo_system, print_table, wrk  # noqa: E402

BASE = int(os.environ.get("BENCH_PORT_BASE", "18600"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
STAFF = "/api/v1/projects?page_size=20"
PUBLIC = [
    "/api/v1/public/projects?page_size=20",
    "/api/v1/public/budget/years",
    "/api/v1/public/projects/by-commune",
    "/api/v1/public/ocds?year=2018",
]
# wrk asks for the public paths in turn, each request from another address (a crowd)
PATHS = "paths = {" + ", ".join(f'"{p}"' for p in PUBLIC) + "}\ni = 0\n"
CROWD = PATHS + (
    "request = function()\n"
    "  i = i + 1\n"
    "  local a, b = math.floor(i / 65536) % 256, math.floor(i / 256) % 256\n"
    '  local ip = "10." .. a .. "." .. b .. "." .. (i % 256)\n'
    '  return wrk.format("GET", paths[(i % #paths) + 1], {["X-Forwarded-For"] = ip})\n'
    "end\n"
)
STEADY_RATE = int(os.environ.get("BENCH_PUBLIC_RATE", "200"))
PUBLIC_CONNECTIONS = 16
# wrk waits this long before each connection's next request: 16 connections make STEADY_RATE
STEADY = CROWD + f"delay = function() return {PUBLIC_CONNECTIONS * 1000 // STEADY_RATE} end\n"
ONE_ADDRESS = PATHS + (
    "request = function()\n"
    "  i = i + 1\n"
    '  return wrk.format("GET", paths[(i % #paths) + 1], {["X-Forwarded-For"] = "10.9.9.9"})\n'
    "end\n"
)


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="kc-bench-public-") as var,
        demo_system(var, BASE, {"GATEWAY_TRUSTED_PROXIES": "127.0.0.1/32"}) as base,
    ):
        run(base)


def run(base: str) -> None:
    r = httpx.post(
        f"{base}/api/v1/auth/token",
        data={"username": "officer", "password": os.environ.get("BENCH_PASSWORD", "khuyencong")},
        timeout=30,
    )
    r.raise_for_status()
    staff_headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    for path in PUBLIC:
        assert httpx.get(base + path, timeout=30).status_code == 200, path
    assert httpx.get(base + STAFF, headers=staff_headers, timeout=30).status_code == 200

    def staff(name: str) -> LoadResult:
        return wrk(name, base + STAFF, seconds=SECONDS, connections=4, headers=staff_headers)

    def public(name: str, seconds: int = SECONDS, lua: str = CROWD) -> LoadResult:
        return wrk(name, base + PUBLIC[0], seconds=seconds, connections=PUBLIC_CONNECTIONS, lua=lua)

    alone = staff("(a) staff list alone")
    with ThreadPoolExecutor(1) as pool:
        background = pool.submit(public, "(b') public, beside (b)", SECONDS + 2)
        time.sleep(1)  # the public load is running before the staff run starts
        beside = staff("(b) staff list + public load")
        during = background.result()
    public_alone = public("(c) public alone")
    with ThreadPoolExecutor(1) as pool:
        background = pool.submit(public, "(d') one address, beside (d)", SECONDS + 2, ONE_ADDRESS)
        time.sleep(1)
        flooded = staff("(d) staff list + one-address flood")
        flood = background.result()
    with ThreadPoolExecutor(1) as pool:
        background = pool.submit(public, f"(e') {STEADY_RATE}/s, beside (e)", SECONDS + 2, STEADY)
        time.sleep(1)
        steady = staff(f"(e) staff list + public at {STEADY_RATE}/s")
        steady_public = background.result()
    print_table(
        "Staff API with and without public traffic (4 staff + 16 public connections)",
        [alone, beside, during, public_alone, flooded, flood, steady, steady_public],
        alone,
    )
    print("(d') counts 429 answers as non2xx: the limit, not a failure")
    for label, run_with in (("a closed-loop crowd", beside), (f"{STEADY_RATE}/s", steady)):
        ratio = run_with.p95_ms / alone.p95_ms if alone.p95_ms else 0.0
        print(f"staff p95 beside {label}: {ratio:.2f}x of alone")


if __name__ == "__main__":
    main()
