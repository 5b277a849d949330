from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from budget.app import create_app
from budget.models import Base
from budget.settings import BudgetSettings
from kc_common.auth import TokenSigner
from kc_common.testing import asgi_client, migrated_database, running_app, settings_for_tests

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    yield from migrated_database("budget", ALEMBIC_INI)


@pytest.fixture
async def app(database_url: str, signer: TokenSigner) -> AsyncIterator[FastAPI]:
    # 10 + 10 overflow connections on PostgreSQL: the 200-request races queue for them.
    settings = BudgetSettings(
        **settings_for_tests(database_url, signer, db_pool_size=10, ledger_checkpoint_seconds=0)
    )
    async with running_app(create_app(settings), Base.metadata) as app:
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(app):
        yield c
