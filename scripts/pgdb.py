"""Create or drop a scratch PostgreSQL database: `pgdb.py create NAME` prints its async URL."""

import asyncio
import sys

from kc_common.testing import postgres_admin_execute, postgres_admin_url, recreate_postgres_database


def main(action: str, name: str) -> None:
    if action == "create":
        asyncio.run(recreate_postgres_database(name))
        print(postgres_admin_url().rsplit("/", 1)[0] + f"/{name}")
    else:
        asyncio.run(postgres_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
