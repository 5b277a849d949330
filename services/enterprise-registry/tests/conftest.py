from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from kc_common.auth import TokenSigner
from kc_common.testing import asgi_client, migrated_database, running_app, settings_for_tests
from registry.app import create_app
from registry.enterprises import repository
from registry.models import Base
from registry.settings import RegistrySettings

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    yield from migrated_database("registry", ALEMBIC_INI)


@pytest.fixture
async def app(database_url: str, signer: TokenSigner) -> AsyncIterator[FastAPI]:
    settings = RegistrySettings(**settings_for_tests(database_url, signer))
    # The process's remembered planner estimates belong to another test's rows.
    repository.ESTIMATES.clear()
    repository.BIG_LISTS.clear()
    repository.COUNTS.clear()
    async with running_app(create_app(settings), Base.metadata) as app:
        yield app
        if app.state.db.engine.dialect.name == "postgresql":
            # PostgreSQL's search word lists (not in the ORM metadata) follow the emptied rows.
            async with app.state.db.engine.begin() as conn:
                await conn.execute(text("DELETE FROM enterprise_words"))
                await conn.execute(text("DELETE FROM enterprise_word_vocabulary"))
                await conn.execute(text("DELETE FROM enterprise_word_backlog"))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(app):
        yield c


# --- factories: plain helpers over the API -------------------------------------------------

_serial = iter(range(10_000_000, 99_999_999))


def tax_code() -> str:
    """A fresh valid 10-digit tax code."""
    from registry.enterprises.tax_code import make_tax_code

    while True:
        code = make_tax_code(f"3{next(_serial):08d}")
        if code:
            return code


OLD_COMMUNE = "25897"  # Xã Bình Mỹ, Bắc Tân Uyên (to 2025-06-30)
NEW_COMMUNE = "25915"  # its successor from 2025-07-01


async def make_enterprise(client: httpx.AsyncClient, headers: dict[str, str], **fields: object):
    body = {
        "tax_code": tax_code(),
        "name": "Công ty TNHH Sơn mài Tương Bình Hiệp",
        "kind": "enterprise",
        "size": "small",
        "sector_code": "16",
        "admin_unit_code": OLD_COMMUNE,
        "established_on": "2012-03-15",  # OLD_COMMUNE is read as of this day
        **fields,
    }
    response = await client.post("/api/v1/enterprises", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def make_village(client: httpx.AsyncClient, headers: dict[str, str], **fields: object):
    body = {
        "name": "Làng sơn mài Tương Bình Hiệp",
        "craft": "Sơn mài",
        "admin_unit_code": "25747",
        "is_traditional": True,
        "recognized_on": "2010-06-01",
        "households": 200,
        "craft_households": 60,
        "workers": 300,
        "founded_year": 1900,
        **fields,
    }
    response = await client.post("/api/v1/craft-villages", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def raw_update(app: FastAPI, model: type, id: str, **values: object) -> None:
    """Write straight to the database, past the API's input rules (as old records were)."""
    import uuid

    from sqlalchemy import update

    async with app.state.db.engine.begin() as conn:
        await conn.execute(update(model).where(model.id == uuid.UUID(id)).values(**values))  # type: ignore[attr-defined]
