"""What the money steps (sagas) need: local transactions of their own, and the upstream clients.

A saga cannot live inside one request-owned transaction: its intent must be durable *before* the
call to budget-service, so that a crash in between leaves a trace the reconciliation can finish
or undo. Each step therefore runs in its own short transaction opened here (the one place outside
the request session that commits); the services inside a step still only flush().
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.db import Database
from projects.upstream import BudgetClient, RegistryClient


@dataclass
class SagaContext:
    db: Database
    budget: BudgetClient
    registry: RegistryClient

    @asynccontextmanager
    async def step(self) -> AsyncIterator[AsyncSession]:
        """One local transaction: committed when the block ends, rolled back on error."""
        async with self.db.sessionmaker() as session, session.begin():
            yield session
