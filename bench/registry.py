"""Benchmark the enterprise registry on PostgreSQL at 100,000 enterprises.

`make bench-registry` (= `uv run python bench/registry.py`): creates a scratch database, migrates
it, bulk-loads 100k synthetic enterprises (valid tax codes, Vietnamese names, spread over the
admin units), starts the registry under uvicorn as a real process, and drives with wrk:
(a) a filtered list (admin_unit_code + kind, page_size 50), (b) a diacritic-insensitive search
(`q=`), beside (c) a bare FastAPI endpoint returning a fixed 50-item list (the ceiling).
Prints req/s, p50, p95, p99 and ratios. Targets: list p95 < 30 ms, search p95 < 50 ms.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `registry` package; import the package and the shared helpers from the repository root.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

from fastapi import FastAPI  # noqa: E402

from bench.lib import LoadResult, print_table, uvicorn_process, wrk  # noqa: E402
from kc_common.testing import free_port  # noqa: E402

ROWS = 100_000
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# Two load levels: one connection (latency of a request on its own) and several (throughput,
# with queueing on a small machine: 8 connections on 2 CPUs shared by wrk, uvicorn, PostgreSQL).
LEVELS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,8").split(",")]
DB_NAME = "kc_bench_registry"
ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)

# --- (c) the ceiling: a bare FastAPI endpoint with a fixed 50-item list ---------------------
baseline = FastAPI()
_FIXED = {
    "items": [
        {
            "id": str(uuid.UUID(int=i)),
            "tax_code": "0100047516",
            "name": f"Công ty TNHH Sơn mài Tương Bình Hiệp {i}",
            "kind": "enterprise",
            "admin_unit_code": "25747",
            "status": "active",
        }
        for i in range(50)
    ],
    "total": 50,
    "page": 1,
    "page_size": 50,
}


@baseline.get("/readyz")
async def _ready() -> dict[str, str]:
    return {"status": "ok"}


@baseline.get("/items")
async def _items() -> dict[str, object]:
    return _FIXED


# --- synthetic data ----------------------------------------------------------------------
PREFIXES = [
    ("Công ty TNHH", "enterprise"),
    ("Công ty Cổ phần", "enterprise"),
    ("Doanh nghiệp tư nhân", "enterprise"),
    ("Hợp tác xã", "cooperative"),
    ("Tổ hợp tác", "cooperative_group"),
    ("Hộ kinh doanh", "household_business"),
]
TRADES = [
    ("Sơn mài", "32"),
    ("Gốm sứ", "23"),
    ("Chế biến gỗ", "16"),
    ("Điêu khắc gỗ", "16"),
    ("Cơ khí", "25"),
    ("Chế biến hạt điều", "10"),
    ("Dệt may", "13"),
    ("Bánh tráng", "10"),
    ("Mây tre đan", "16"),
    ("Gạch ngói", "23"),
    ("Nhựa", "22"),
    ("In ấn bao bì", "18"),
]
PLACES = [
    "Tương Bình Hiệp",
    "Lái Thiêu",
    "Tân Phước Khánh",
    "Chánh Nghĩa",
    "Phú Thọ",
    "An Thạnh",
    "Phú Cường",
    "Thuận Giao",
    "Dĩ An",
    "Bến Cát",
    "Đất Cuốc",
    "Hiếu Liêm",
    "Bàu Bàng",
    "Dầu Tiếng",
    "Phước Hòa",
    "Thạnh Phước",
    "Bình Mỹ",
    "Hội Nghĩa",
    "Khánh Bình",
    "Định Hòa",
]
SIZES = ["micro", "small", "medium", "large"]


async def create_database() -> str:
    import asyncpg

    conn = await asyncpg.connect(ADMIN_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    finally:
        await conn.close()
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"


async def drop_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(ADMIN_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    finally:
        await conn.close()


async def load(url: str) -> list[str]:
    """COPY 100k enterprises; returns the admin-unit codes they are spread over."""
    import asyncpg

    from kc_common.text import fold
    from registry.enterprises.tax_code import make_tax_code

    rnd = random.Random(2016)
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        units = [
            r["code"]
            for r in await conn.fetch("SELECT DISTINCT code FROM admin_units WHERE level='commune'")
        ]
        now = datetime.now(UTC)
        records = []
        base = 370_000_000
        while len(records) < ROWS:
            base += 1
            code = make_tax_code(f"{base:09d}")
            if code is None:
                continue
            prefix, kind = rnd.choice(PREFIXES)
            trade, division = rnd.choice(TRADES)
            name = f"{prefix} {trade} {rnd.choice(PLACES)} {len(records) + 1}"
            created = now - timedelta(seconds=rnd.randrange(0, 300_000_000))
            records.append(
                (
                    uuid.uuid4(),
                    code,
                    name,
                    f"{fold(name)} {code}",
                    kind,
                    rnd.choice(SIZES),
                    division,
                    "C",
                    rnd.choice(units),
                    f"Số {rnd.randrange(1, 500)}, {rnd.choice(PLACES)}",
                    date(2000, 1, 1) + timedelta(days=rnd.randrange(0, 9000)),
                    rnd.randrange(1, 500),
                    rnd.random() < 0.6,
                    None,
                    rnd.choice(["female", "male"]),
                    rnd.random() < 0.05,
                    None,
                    None,
                    "active" if rnd.random() < 0.95 else "suspended",
                    created,
                    created,
                )
            )
        await conn.copy_records_to_table(
            "enterprises",
            records=records,
            columns=[
                "id", "tax_code", "name", "search_text", "kind", "size", "sector_code",
                "sector_section", "admin_unit_code", "address", "established_on", "employees",
                "is_rural_industrial", "craft_village_id", "owner_gender",
                "owner_ethnic_minority", "phone", "email", "status", "created_at", "updated_at",
            ],
        )  # fmt: skip
        await conn.execute("VACUUM ANALYZE enterprises")
    finally:
        await conn.close()
    return units


def main() -> None:
    from kc_common.auth import TokenSigner, generate_ed25519_pem
    from kc_common.testing import migrate

    started = time.monotonic()
    url = asyncio.run(create_database())
    try:
        migrate(ROOT / "services/enterprise-registry/alembic.ini", url)
        units = asyncio.run(load(url))
        print(f"loaded {ROWS:,} enterprises in {time.monotonic() - started:.1f}s", flush=True)

        signer = TokenSigner(
            generate_ed25519_pem(),
            kid="bench",
            audience="khuyencong",
            issuer="khuyencong-gateway",
        )
        token = signer.sign(subject="bench", role="program_officer", ttl_seconds=3600)
        headers = {"Authorization": f"Bearer {token}"}
        env = {
            "REGISTRY_DATABASE_URL": url,
            "REGISTRY_JWT_PUBLIC_KEY": signer.public_key_pem(),
            "REGISTRY_ENVIRONMENT": "test",
            "REGISTRY_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        results: dict[int, list[LoadResult]] = {c: [] for c in LEVELS}
        port = free_port()
        api = f"http://127.0.0.1:{port}/api/v1/enterprises"
        list_query = urlencode({"admin_unit_code": units[0], "kind": "enterprise", "page_size": 50})
        search_query = urlencode({"q": "son mai tuong binh hiep", "page_size": 50})
        with uvicorn_process("registry.app:create_app", port, env):
            import httpx

            for query in (list_query, search_query):  # warm up and show what is measured
                body = httpx.get(f"{api}?{query}", headers=headers, timeout=30).json()
                print(
                    f"GET /enterprises?{query} → total {body['total']}, {len(body['items'])} items"
                )
            wrk("warm-up", f"{api}?{list_query}", seconds=2, connections=4, headers=headers)
            for connections in LEVELS:
                for name, query in (
                    ("(a) list admin_unit+kind, 50/page", list_query),
                    ("(b) search q=son mai tuong binh hiep", search_query),
                ):
                    results[connections].append(
                        wrk(
                            f"{name} c={connections}",
                            f"{api}?{query}",
                            seconds=SECONDS,
                            connections=connections,
                            headers=headers,
                        )
                    )
        port = free_port()
        ceilings: dict[int, LoadResult] = {}
        with uvicorn_process(
            "bench.registry:baseline", port, {"PYTHONPATH": str(ROOT)}, factory=False
        ):
            wrk("warm-up", f"http://127.0.0.1:{port}/items", seconds=2, connections=4)
            for connections in LEVELS:
                ceilings[connections] = wrk(
                    f"(c) bare FastAPI 50 items c={connections}",
                    f"http://127.0.0.1:{port}/items",
                    seconds=SECONDS,
                    connections=connections,
                )
        for connections in LEVELS:
            print_table(
                f"enterprise-registry on PostgreSQL, {ROWS:,} enterprises, wrk {connections} "
                f"connection(s) × {SECONDS}s, 1 uvicorn worker",
                [*results[connections], ceilings[connections]],
                ceilings[connections],
            )
        for connections in LEVELS:
            for r, target in zip(results[connections], (30.0, 50.0), strict=True):
                ok = r.p95_ms < target and not (r.errors or r.non2xx)
                verdict = "met" if ok else "MISSED"
                print(f"target {r.name}: p95 {r.p95_ms:.1f} ms < {target:.0f} ms: {verdict}")
        print(f"total bench time {time.monotonic() - started:.0f}s")
    finally:
        asyncio.run(drop_database())


if __name__ == "__main__":
    main()
