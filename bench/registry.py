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
import itertools
import logging
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

from bench.lib import (  # noqa: E402
    ADMIN_URL,
    LoadResult,
    bench_signer,
    database_url,
    driver_dsn,
    drop_database,
    print_table,
    recreate_database,
    uvicorn_process,
    wrk,
)
from kc_common.testing import free_port  # noqa: E402

# REGISTRY_BENCH_ROWS: the sizes to run, e.g. "100000" for a quick run; the national run is
# 1,000,000 companies + 5,000,000 household businesses. A loaded database is kept and reused.
SIZES_ROWS = [
    int(n) for n in os.environ.get("REGISTRY_BENCH_ROWS", "100000,6000000").split(",") if n
]
WORKERS = int(os.environ.get("REGISTRY_BENCH_WORKERS", "2"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# Two load levels: one connection (latency of a request on its own) and several (throughput,
# with queueing on a small machine: 8 connections on 2 CPUs shared by wrk, uvicorn, PostgreSQL).
LEVELS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,8").split(",")]

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
# One in six rows is a company, cooperative or cooperative group named by its trade, its place
# and a brand; five in six are household businesses named by trade and owner, with Vietnamese
# family names at their real frequencies (Nguyễn about 38%), so "nguyen" is a broad search.
COMPANY_PREFIXES = [
    ("Công ty TNHH", "enterprise"),
    ("Công ty Cổ phần", "enterprise"),
    ("Doanh nghiệp tư nhân", "enterprise"),
    ("Hợp tác xã", "cooperative"),
    ("Tổ hợp tác", "cooperative_group"),
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
    "Tương Bình Hiệp", "Lái Thiêu", "Tân Phước Khánh", "Chánh Nghĩa", "Phú Thọ", "An Thạnh",
    "Phú Cường", "Thuận Giao", "Dĩ An", "Bến Cát", "Đất Cuốc", "Hiếu Liêm", "Bàu Bàng",
    "Dầu Tiếng", "Phước Hòa", "Thạnh Phước", "Bình Mỹ", "Hội Nghĩa", "Khánh Bình", "Định Hòa",
]  # fmt: skip
BRAND = [
    "An", "Bảo", "Bình", "Cường", "Đại", "Đông", "Đức", "Gia", "Hải", "Hòa", "Hoàng", "Hưng",
    "Khang", "Kim", "Lộc", "Long", "Minh", "Nam", "Ngọc", "Nhật", "Phát", "Phúc", "Phong",
    "Quang", "Sơn", "Tài", "Tân", "Thái", "Thành", "Thịnh", "Tiến", "Toàn", "Trung", "Trường",
    "Việt", "Vinh", "Vượng", "Xuân", "Yến", "Thuận",
]  # fmt: skip
SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 3), ("Huỳnh", 2),
    ("Phan", 4.5), ("Vũ", 2), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Trương", 1), ("Đinh", 1), ("Lâm", 0.8),
    ("Mai", 0.7), ("Tạ", 0.5), ("Lương", 0.6), ("Châu", 0.4), ("Hà", 0.7), ("Kiều", 0.3),
]  # fmt: skip
MIDDLES = [
    ("Văn", 25), ("Thị", 30), ("Hữu", 5), ("Đức", 5), ("Minh", 6), ("Thanh", 6), ("Ngọc", 6),
    ("Quang", 4), ("Thu", 3), ("Hoàng", 3), ("Xuân", 3), ("Kim", 4),
]  # fmt: skip
GIVEN = [
    "An", "Anh", "Bình", "Chi", "Cúc", "Dũng", "Dung", "Đào", "Giang", "Hà", "Hải", "Hạnh",
    "Hiền", "Hoa", "Hòa", "Hùng", "Hương", "Huy", "Khánh", "Lan", "Liên", "Linh", "Loan",
    "Long", "Mai", "Minh", "Nam", "Nga", "Nhung", "Oanh", "Phúc", "Phượng", "Quân", "Sơn",
    "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Tuấn", "Vân", "Việt", "Yến", "Đông", "Lộc",
]  # fmt: skip
SIZES = ["micro", "small", "medium", "large"]
# Bump when the generator changes: a kept database of another version is loaded again.
GENERATOR_VERSION = 2
SEED = 2016


def selective_name(rows: int) -> str:
    """What a user types to find one company: trade, place and brand of the 1,234th company
    row ("gom su lai thieu hung phat"); matches a handful of rows at any size."""
    rnd = random.Random(SEED)
    for i, row in enumerate(_names(rnd, rows)):
        if i == 1234:
            return row[0].split(" ", 3)[-1] if row[1] != "household_business" else ""
    raise AssertionError("fewer than 1,235 rows")


def _names(rnd: random.Random, rows: int):  # type: ignore[no-untyped-def]
    """(name, kind, division) for every row, companies first."""
    surnames = [s for s, _ in SURNAMES]
    sw = list(itertools.accumulate(w for _, w in SURNAMES))
    middles = [m for m, _ in MIDDLES]
    mw = list(itertools.accumulate(w for _, w in MIDDLES))
    companies = rows // 6
    for i in range(rows):
        trade, division = TRADES[rnd.randrange(len(TRADES))]
        if i < companies:
            prefix, kind = COMPANY_PREFIXES[rnd.randrange(len(COMPANY_PREFIXES))]
            brand = f"{BRAND[rnd.randrange(len(BRAND))]} {BRAND[rnd.randrange(len(BRAND))]}"
            name = f"{prefix} {trade} {PLACES[rnd.randrange(len(PLACES))]} {brand}"
            yield name, kind, division
        else:
            owner = (
                f"{rnd.choices(surnames, cum_weights=sw)[0]} "
                f"{rnd.choices(middles, cum_weights=mw)[0]} "
                f"{GIVEN[rnd.randrange(len(GIVEN))]}"
            )
            yield f"Hộ kinh doanh {trade} {owner}", "household_business", division


def _csv_rows(rows: int, units: list[str]):  # type: ignore[no-untyped-def]
    """The rows as CSV lines for COPY, in batches of bytes."""
    from kc_common.text import fold, sort_key
    from registry.enterprises.tax_code import make_tax_code

    rnd = random.Random(SEED)
    names = _names(random.Random(SEED), rows)
    # Admin units of very different sizes (a few large wards, many small communes).
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(units))))
    now = datetime.now(UTC).replace(microsecond=0)
    base = 370_000_000
    personal = 79_000_000_000
    folded: dict[str, str] = {}  # name -> "key,folded" (the CSV cells; names repeat a lot)
    batch: list[str] = []
    for i, (name, kind, division) in enumerate(names):
        if kind == "household_business" and i % 2:
            personal += 1
            code = f"{personal:012d}"
        else:
            code = None
            while code is None:
                base += 1
                code = make_tax_code(f"{base:09d}")
        if name not in folded:
            if len(folded) > 200_000:
                folded.clear()
            folded[name] = f"{sort_key(name)},{fold(name)}"
        created = now - timedelta(seconds=rnd.randrange(0, 300_000_000))
        founded = date(2000, 1, 1) + timedelta(days=rnd.randrange(0, 9000))
        unit = rnd.choices(units, cum_weights=weights)[0]
        status = "active" if rnd.random() < 0.95 else "suspended"
        batch.append(
            f"{uuid.UUID(int=rnd.getrandbits(128), version=4)},{code},{name},{folded[name]},"
            f"{kind},{SIZES[rnd.randrange(4)]},{division},C,{unit},"
            f'"Số {rnd.randrange(1, 500)}, {PLACES[rnd.randrange(len(PLACES))]}",{founded},'
            f"{rnd.randrange(1, 500)},{'t' if rnd.random() < 0.6 else 'f'},,"
            f"{'female' if rnd.random() < 0.5 else 'male'},{'t' if rnd.random() < 0.05 else 'f'},"
            f",,{status},{created.isoformat()},{created.isoformat()}\n"
        )
        if len(batch) == 50_000:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


COLUMNS = [
    "id", "tax_code", "name", "name_key", "search_text", "kind", "size", "sector_code",
    "sector_section", "admin_unit_code", "address", "established_on", "employees",
    "is_rural_industrial", "craft_village_id", "owner_gender", "owner_ethnic_minority", "phone",
    "email", "status", "created_at", "updated_at",
]  # fmt: skip


def db_name(rows: int) -> str:
    prefix = os.environ.get("REGISTRY_BENCH_DB", "kc_bench_registry")
    return f"{prefix}_{rows}"


async def kept_database(rows: int, head: str) -> tuple[str, str] | None:
    """(URL, its migration revision) of a database loaded earlier with the same rows and
    generator and migrated as far as its `bench_dataset` says (an older revision is upgraded
    in place, as a national deployment would be)."""
    import asyncpg

    name = db_name(rows)
    url = database_url(name)
    admin = await asyncpg.connect(driver_dsn(ADMIN_URL))
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return None
    finally:
        await admin.close()
    conn = await asyncpg.connect(driver_dsn(url))
    try:
        found = await conn.fetchrow(
            "SELECT rows, generator, revision FROM bench_dataset "
            "WHERE revision = (SELECT version_num FROM alembic_version)"
        )
    except asyncpg.PostgresError:
        return None
    finally:
        await conn.close()
    if found and tuple(found)[:2] == (rows, GENERATOR_VERSION):
        return url, str(found["revision"])
    return None


async def upgraded_in_place(url: str, head: str) -> None:
    """After `alembic upgrade head` on a kept database: VACUUM what the migration built (a walk
    stays index-only only where the visibility map says so) and record the new revision."""
    import asyncpg

    conn = await asyncpg.connect(driver_dsn(url))
    try:
        if await conn.fetchval("SELECT to_regclass('enterprise_words') IS NOT NULL"):
            await conn.execute("VACUUM ANALYZE enterprise_words")
        await conn.execute("VACUUM ANALYZE enterprises")
        await conn.execute("UPDATE bench_dataset SET revision = $1", head)
    finally:
        await conn.close()


async def load(url: str, rows: int, head: str) -> None:
    """COPY the rows with the secondary indexes dropped, build them again, VACUUM ANALYZE, and
    record what was loaded (so that the next run reuses the database)."""
    import asyncpg

    conn = await asyncpg.connect(driver_dsn(url))
    try:
        units = [
            r["code"]
            for r in await conn.fetch(
                "SELECT DISTINCT code FROM admin_units WHERE level='commune' ORDER BY code"
            )
        ]
        indexes = await conn.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'enterprises' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        for index in indexes:
            await conn.execute(f'DROP INDEX "{index["indexname"]}"')
        started = time.monotonic()

        async def source():  # type: ignore[no-untyped-def]
            for chunk in _csv_rows(rows, units):
                yield chunk

        await conn.copy_to_table("enterprises", source=source(), columns=COLUMNS, format="csv")
        print(f"  COPY {rows:,} rows: {time.monotonic() - started:.0f}s", flush=True)
        await conn.execute("SET maintenance_work_mem = '512MB'")
        for index in indexes:
            started = time.monotonic()
            await conn.execute(index["indexdef"])
            print(f"  {index['indexname']}: {time.monotonic() - started:.0f}s", flush=True)
        if await conn.fetchval("SELECT to_regclass('enterprise_words') IS NOT NULL"):
            started = time.monotonic()
            await fill_word_lists(conn)
            print(f"  word lists: {time.monotonic() - started:.0f}s", flush=True)
        await conn.execute("VACUUM ANALYZE enterprises")
        await conn.execute(
            "CREATE TABLE bench_dataset (rows bigint, generator int, revision text);"
        )
        await conn.execute(
            "INSERT INTO bench_dataset VALUES ($1, $2, $3)", rows, GENERATOR_VERSION, head
        )
    finally:
        await conn.close()


async def fill_word_lists(conn) -> None:  # type: ignore[no-untyped-def]
    """The search word lists of the COPYed rows, as the registry lists them
    (`registry.enterprises.words`): filled without their primary key, which is then built in
    one sort."""
    from registry.enterprises import words

    await conn.execute("ALTER TABLE enterprise_words DROP CONSTRAINT pk_enterprise_words")
    await conn.execute(f"INSERT INTO enterprise_words {words.LIST_COLUMNS} {words.LISTED_ENTRIES}")
    await conn.execute(
        f"ALTER TABLE enterprise_words ADD CONSTRAINT pk_enterprise_words {words.PRIMARY_KEY}"
    )
    await conn.execute(
        "INSERT INTO enterprise_word_vocabulary (word, docs) "
        "SELECT word, count(*) FROM enterprise_words GROUP BY word"
    )
    await conn.execute("VACUUM ANALYZE enterprise_words")
    await conn.execute("ANALYZE enterprise_word_vocabulary")


async def units_by_size(url: str) -> list[tuple[str, int]]:
    import asyncpg

    conn = await asyncpg.connect(driver_dsn(url))
    try:
        # The deployment setting docs/architecture.md asks for (new connections pick it up).
        await conn.execute(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" SET jit = off')
        found = await conn.fetch(
            "SELECT admin_unit_code, count(*) AS n FROM enterprises "
            "WHERE kind = 'household_business' GROUP BY 1 ORDER BY 2 DESC"
        )
        return [(r["admin_unit_code"], r["n"]) for r in found]
    finally:
        await conn.close()


def alembic_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    ini = ROOT / "services/enterprise-registry/alembic.ini"
    config = Config(str(ini))
    config.set_main_option("script_location", str(ini.parent / "migrations"))
    return str(ScriptDirectory.from_config(config).get_current_head())


def prepared_database(rows: int) -> str:
    """A database holding `rows` synthetic enterprises: the one kept from an earlier run if it
    matches (rows, generator, migration head), else a fresh one (COPY)."""
    from kc_common.testing import migrate

    head = alembic_head()
    kept = asyncio.run(kept_database(rows, head))
    if kept:
        url, revision = kept
        if revision != head:
            print(f"upgrading {db_name(rows)} in place from {revision} to {head}", flush=True)
            logging.basicConfig(format="  %(message)s")  # the migration's own step timings
            logging.getLogger("alembic.runtime.migration").setLevel(logging.INFO)
            started = time.monotonic()
            migrate(ROOT / "services/enterprise-registry/alembic.ini", url)
            print(f"  alembic upgrade head: {time.monotonic() - started:.0f}s", flush=True)
            started = time.monotonic()
            asyncio.run(upgraded_in_place(url, head))
            print(f"  VACUUM ANALYZE: {time.monotonic() - started:.0f}s", flush=True)
        print(f"reusing {db_name(rows)} ({rows:,} rows, head {head})", flush=True)
        return url
    started = time.monotonic()
    url = asyncio.run(recreate_database(db_name(rows)))
    migrate(ROOT / "services/enterprise-registry/alembic.ini", url)
    asyncio.run(load(url, rows, head))
    print(f"loaded {rows:,} rows in {time.monotonic() - started:.0f}s", flush=True)
    return url


def bench_size(rows: int, token: str, public_key: str) -> list[tuple[int, LoadResult, float]]:
    """Drive the API over one database; returns (connections, result, target ms)."""
    import httpx

    url = prepared_database(rows)
    units = asyncio.run(units_by_size(url))
    typical = units[len(units) // 2][0]
    biggest = units[0][0]
    headers = {"Authorization": f"Bearer {token}"}
    env = {
        "REGISTRY_DATABASE_URL": url,
        "REGISTRY_JWT_PUBLIC_KEY": public_key,
        "REGISTRY_ENVIRONMENT": "test",
        "REGISTRY_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    selective = selective_name(rows)
    cases = [
        (f"list unit {typical} + kind", {"admin_unit_code": typical, "kind": "enterprise"}, 30),
        (
            f"list biggest unit {biggest} + households",
            {"admin_unit_code": biggest, "kind": "household_business"},
            30,
        ),
        (f"search selective q={selective}", {"q": selective}, 50),
        ("search broad q=nguyen", {"q": "nguyen"}, 50),
        ("search mid q=gom su", {"q": "gom su"}, 50),
        ("search late q=vu thi", {"q": "vu thi"}, 50),
        ("search tax code prefix q=3700001", {"q": "3700001"}, 50),
    ]
    results: list[tuple[int, LoadResult, float]] = []
    port = free_port()
    api = f"http://127.0.0.1:{port}/api/v1/enterprises"
    with uvicorn_process("registry.app:create_app", port, env, workers=WORKERS):
        for name, params, _ in cases:  # warm up and show what is measured
            query = urlencode({**params, "page_size": 50})
            started = time.monotonic()
            body = httpx.get(f"{api}?{query}", headers=headers, timeout=60).json()
            exact = "" if body.get("total_is_exact", True) else "+"
            print(
                f"  {name}: total {body['total']:,}{exact} (estimate "
                f"{body.get('total_estimate')}), {len(body['items'])} items, first "
                f"{(time.monotonic() - started) * 1000:.0f} ms",
                flush=True,
            )
        wrk("warm-up", f"{api}?{urlencode(cases[0][1])}", seconds=2, connections=4, headers=headers)
        for connections in LEVELS:
            for name, params, target in cases:
                query = urlencode({**params, "page_size": 50})
                result = wrk(
                    f"{rows:,}: {name} c={connections}",
                    f"{api}?{query}",
                    seconds=SECONDS,
                    connections=connections,
                    headers=headers,
                )
                results.append((connections, result, target))
    if os.environ.get("REGISTRY_BENCH_DROP") == "1":
        asyncio.run(drop_database(db_name(rows)))
    return results


def main() -> None:
    started = time.monotonic()
    print(f"load average {os.getloadavg()}", flush=True)
    signer = bench_signer()
    token = signer.sign(subject="bench", role="program_officer", ttl_seconds=3600)
    measured = {rows: bench_size(rows, token, signer.public_key_pem()) for rows in SIZES_ROWS}
    port = free_port()
    ceilings: dict[int, LoadResult] = {}
    with uvicorn_process("bench.registry:baseline", port, {"PYTHONPATH": str(ROOT)}, factory=False):
        wrk("warm-up", f"http://127.0.0.1:{port}/items", seconds=2, connections=4)
        for connections in LEVELS:
            ceilings[connections] = wrk(
                f"(c) bare FastAPI 50 items c={connections}",
                f"http://127.0.0.1:{port}/items",
                seconds=SECONDS,
                connections=connections,
            )
    for rows, results in measured.items():
        for connections in LEVELS:
            print_table(
                f"enterprise-registry on PostgreSQL, {rows:,} rows, wrk {connections} "
                f"connection(s) × {SECONDS}s, {WORKERS} uvicorn worker(s)",
                [r for c, r, _ in results if c == connections] + [ceilings[connections]],
                ceilings[connections],
            )
    for results in measured.values():
        for _, r, target in results:
            ok = r.p95_ms < target and not (r.errors or r.non2xx)
            verdict = "met" if ok else "MISSED"
            print(f"target {r.name}: p95 {r.p95_ms:.1f} ms < {target:.0f} ms: {verdict}")
    print(f"load average {os.getloadavg()}")
    print(f"total bench time {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
