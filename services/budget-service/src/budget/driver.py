"""The budget's hot path on PostgreSQL: statements compiled once for asyncpg and run on the
driver's own connection, outside the session (see `commitments.service.commit`).

Budget-only: no other service runs statements past SQLAlchemy's session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import ClauseElement
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler

from kc_common.db import runs_behind_transaction_pooler


def violated_constraint(error: IntegrityError) -> str | None:
    """The constraint an IntegrityError names (asyncpg reports it; SQLite does not: None)."""
    orig = error.orig
    name = getattr(orig, "constraint_name", None) or getattr(
        getattr(orig, "__cause__", None), "constraint_name", None
    )
    return str(name) if name else None


@asynccontextmanager
async def driver_connection(session: AsyncSession) -> AsyncIterator[Any]:
    """A pooled connection of the session's engine as the driver's own connection (asyncpg),
    outside the session and outside any transaction: each statement commits on its own. For
    `DriverStatement`s; the pool takes the connection back (and checks it) as usual."""
    engine = session.bind
    if not isinstance(engine, AsyncEngine):  # pragma: no cover - sessions are made on engines
        raise TypeError("the session is not bound to an engine")
    async with engine.connect() as conn:
        driver: Any = (await conn.get_raw_connection()).driver_connection
        if runs_behind_transaction_pooler(engine):
            # Through PgBouncer (transaction mode) the statement's prepare and execute must
            # reach the same server: one explicit transaction (BEGIN and COMMIT: two more round
            # trips, the price of the pooler).
            async with driver.transaction():
                yield driver
        else:
            yield driver


class DriverStatement:
    """A Core statement compiled once for asyncpg and run on a `driver_connection`: for the few
    hot statements where SQLAlchemy's per-execution work (session state, cache lookup, parameter
    and result processing) costs more than the database's. Bind parameters are passed by name as
    to `session.execute`; only types the driver takes as they are may be bound (checked here)."""

    def __init__(self, statement: ClauseElement) -> None:
        from sqlalchemy.dialects.postgresql.asyncpg import dialect

        compiled = statement.compile(dialect=dialect())
        assert isinstance(compiled, SQLCompiler)
        if getattr(compiled, "_bind_processors", None):  # e.g. JSON or Enum: not supported here
            raise TypeError("DriverStatement binds only values asyncpg encodes itself")
        self.sql = str(compiled)
        self._names = tuple(compiled.positiontup or ())
        # literals of the statement (rendered as bind parameters): their values are fixed
        self._fixed = {n: v for n, v in compiled.params.items() if v is not None}

    def _args(self, params: Mapping[str, Any]) -> list[Any]:
        return [params[n] if n in params else self._fixed[n] for n in self._names]

    async def fetchrow(self, conn: Any, params: Mapping[str, Any]) -> Any:
        """One row (an asyncpg Record) or None; integrity errors raise `IntegrityError`."""
        from asyncpg.exceptions import IntegrityConstraintViolationError

        try:
            return await conn.fetchrow(self.sql, *self._args(params))
        except IntegrityConstraintViolationError as exc:
            raise IntegrityError(self.sql, None, exc) from exc
