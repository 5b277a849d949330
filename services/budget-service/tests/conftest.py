from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from budget.app import create_app
from budget.models import Base
from budget.settings import BudgetSettings
from kc_common.auth import TokenSigner
from kc_common.testing import asgi_client, drop_postgres_database, empty_tables, provision_database

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    url = provision_database("budget", ALEMBIC_INI)
    yield url
    drop_postgres_database(url)


@pytest.fixture
async def app(database_url: str, signer: TokenSigner) -> AsyncIterator[FastAPI]:
    settings = BudgetSettings(
        environment="test",
        database_url=database_url,
        jwt_public_key=signer.public_key_pem(),
        log_json=False,
        log_level="WARNING",
        # 10 + 10 overflow connections on PostgreSQL: the 200-request races queue for them.
        db_pool_size=10,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app
        await empty_tables(app.state.db.engine, Base.metadata)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(app):
        yield c
