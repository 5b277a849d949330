from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway.app import create_app
from gateway.models import Base
from gateway.passwords import Passwords
from gateway.settings import GatewaySettings
from gateway.users.models import User
from kc_common.auth import generate_ed25519_pem
from kc_common.testing import (
    asgi_client,
    empty_tables,
    free_port,
    migrated_database,
    uvicorn_process,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ALEMBIC_INI = HERE.parent / "alembic.ini"
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    yield from migrated_database("gateway", ALEMBIC_INI)


@pytest.fixture(scope="session")
def private_key() -> str:
    return generate_ed25519_pem()


@pytest.fixture(scope="session")
def dead_url() -> str:
    """An address where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def echo_url() -> Iterator[str]:
    with uvicorn_process("upstream_echo:app", app_dir=HERE, ready_path="/healthz") as server:
        yield server.url


@pytest.fixture
def make_settings(
    database_url: str, private_key: str, dead_url: str, tmp_path: Path
) -> Callable[..., GatewaySettings]:
    def build(**overrides: Any) -> GatewaySettings:
        values: dict[str, Any] = {
            "environment": "test",
            "database_url": database_url,
            "jwt_private_key": private_key,
            "log_json": False,
            "registry_url": dead_url,
            "projects_url": dead_url,
            "budget_url": dead_url,
            "reports_url": dead_url,
            # cheaper argon2id for the suite (the type is what the tests check)
            "argon2_time_cost": 1,
            "argon2_memory_kib": 8192,
            "argon2_parallelism": 1,
            "spa_dir": tmp_path / "no-dist",
            "notifications_interval_seconds": 0,  # the tests run a round by hand
            "keys_dir": tmp_path / "keys",
        }
        values.update(overrides)
        return GatewaySettings(**values)

    return build


@pytest.fixture
def settings(make_settings: Callable[..., GatewaySettings]) -> GatewaySettings:
    return make_settings()


@pytest.fixture
async def app(settings: GatewaySettings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app
        await app.state.audit.flush()
        await empty_tables(app.state.db.engine, Base.metadata)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(app):
        yield c


async def create_user(
    app: FastAPI,
    username: str,
    role: str,
    *,
    password: str = PASSWORD,
    enterprise_id: Any = None,
    is_active: bool = True,
    email: str | None = None,
) -> User:
    passwords: Passwords = app.state.passwords
    async with app.state.db.sessionmaker() as session:
        user = User(
            username=username,
            full_name=username.title(),
            role=role,
            enterprise_id=enterprise_id,
            is_active=is_active,
            email=email,
            password_hash=passwords.hash_sync(password),
            failed_login_count=0,
        )
        session.add(user)
        await session.commit()
        return user


async def login(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": username, "password": password},
    )


@pytest.fixture
def user_token(app: FastAPI, client: httpx.AsyncClient) -> Callable[..., Any]:
    """`await user_token("admin")`: a real user of that role, logged in; returns headers."""

    async def make(role: str, username: str | None = None, **kw: Any) -> dict[str, str]:
        name = username or f"{role.replace('_', '-')}-user"
        if role == "enterprise" and "enterprise_id" not in kw:
            import uuid

            kw["enterprise_id"] = uuid.uuid4()
        await create_user(app, name, role, **kw)
        r = await login(client, name)
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    return make
