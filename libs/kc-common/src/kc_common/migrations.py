"""The body of every service's Alembic env.py (one environment per service, same mechanics)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import context
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine


def run_alembic_env(
    target_metadata: MetaData,
    default_url: Callable[[], str],
    *,
    unmodelled: frozenset[str] = frozenset(),
) -> None:
    """`unmodelled`: names of tables and indexes that migrations make outside the models (on
    one database only, say), which `alembic check` must not ask to drop."""
    config = context.config
    # The tests set sqlalchemy.url; `make alembic-check` sets ALEMBIC_DATABASE_URL; else settings.
    url = (
        config.get_main_option("sqlalchemy.url")
        or os.environ.get("ALEMBIC_DATABASE_URL")
        or default_url()
    )
    options: dict[str, Any] = {
        "target_metadata": target_metadata,
        "render_as_batch": True,
        "compare_type": True,
        "include_name": lambda name, _type, _parent: name not in unmodelled,
    }
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return

    def _run(connection: Connection) -> None:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()

    async def _online() -> None:
        ensure_sqlite_dir(url)
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as conn:
            await conn.run_sync(_run)
        await engine.dispose()

    asyncio.run(_online())


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
