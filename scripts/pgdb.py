"""Create or drop a scratch PostgreSQL database: `pgdb.py create NAME` prints its async URL."""

import asyncio
import os
import sys

import asyncpg

ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


async def main(action: str, name: str) -> None:
    conn = await asyncpg.connect(ADMIN_URL.replace("postgresql+asyncpg", "postgresql"), timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "create":
            await conn.execute(f'CREATE DATABASE "{name}"')
            print(ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
